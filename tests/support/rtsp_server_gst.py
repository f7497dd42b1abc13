"""GStreamer RTSP test server, run by Debian's ``/usr/bin/python3`` (python3-gi + gir1.2-gst-rtsp-server-1.0).

It is deliberately a standalone script (not imported by the venv): the venv has no ``gi``.
Usage::

    /usr/bin/python3 rtsp_server_gst.py --port 0 --mounts 4 --mode clip --clip /path/clip.h264 --fps 15

Mounts are ``/cam0`` .. ``/cam{N-1}``; every mount is *shared* (one pipeline for all clients).
In ``clip`` mode a pre-encoded H.264 Annex-B elementary stream is looped by ``multifilesrc``
without re-encoding (``h264parse`` re-times it from the caps' framerate); in ``live`` mode a
``videotestsrc is-live=true ! x264enc tune=zerolatency`` pipeline runs per mount.

Once listening it prints ``READY <port>`` on stdout. Control lines on stdin (answered ``OK ...``):
``freeze <i>`` / ``unfreeze <i>`` (a ``valve`` before the payloader drops all buffers, the RTSP/TCP
session stays open), ``quit``. End of stdin (the parent died) also quits.
"""

from __future__ import annotations

import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def _clip_launch(clip: str, fps: int) -> str:
    # The clip has no container, so the caps give h264parse the framerate it needs to
    # interpolate timestamps; looping bytes keeps them monotonic across loops. h264parse only
    # interpolates DTS, so a probe on "parse" copies it to PTS (the clip has no B-frames).
    return (
        f'( multifilesrc location="{clip}" loop=true '
        f"caps=video/x-h264,stream-format=byte-stream,framerate={fps}/1 "
        "! h264parse name=parse ! clocksync ! valve name=freeze drop=false drop-mode=forward-sticky-events "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )


def _live_launch(width: int, height: int, fps: int, index: int) -> str:
    return (
        f"( videotestsrc is-live=true pattern=ball "
        f"! video/x-raw,width={width},height={height},framerate={fps}/1 "
        f'! timeoverlay text="cam{index}" shaded-background=true '
        f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=800 "
        "! video/x-h264,profile=constrained-baseline ! h264parse "
        "! valve name=freeze drop=false drop-mode=forward-sticky-events "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )


def _pts_from_dts(_pad: Gst.Pad, info: Gst.PadProbeInfo) -> Gst.PadProbeReturn:
    buffer = info.get_buffer()
    if buffer.pts == Gst.CLOCK_TIME_NONE:
        # Plain field write: the buffer goes straight on to the payloader, nobody else holds it.
        buffer.pts = buffer.dts
    return Gst.PadProbeReturn.OK


class TestRtspServer:
    """Owns the RTSP server, its mounts and the per-mount freeze state."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.loop = GLib.MainLoop()
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address("127.0.0.1")
        self.server.set_service(str(args.port))
        # The default listen backlog (5) drops SYNs when a wall connects 16+ cameras at once,
        # and each dropped SYN costs the client a 1 s retransmit: not the capture's fault.
        self.server.set_backlog(128)
        self.frozen: dict[int, bool] = {}
        self.valves: dict[int, list[Gst.Element]] = {}
        mounts = self.server.get_mount_points()
        for index in range(args.mounts):
            factory = GstRtspServer.RTSPMediaFactory()
            if args.mode == "clip":
                factory.set_launch(_clip_launch(args.clip, args.fps))
            else:
                factory.set_launch(_live_launch(args.width, args.height, args.fps, index))
            factory.set_shared(True)
            factory.connect("media-configure", self._on_media_configure, index)
            mounts.add_factory(f"/cam{index}", factory)

    def _on_media_configure(self, _factory: object, media: GstRtspServer.RTSPMedia, index: int) -> None:
        element = media.get_element()
        parse = element.get_by_name("parse")
        if parse is not None:
            parse.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, _pts_from_dts)
        valve = element.get_by_name("freeze")
        valve.set_property("drop", self.frozen.get(index, False))
        self.valves.setdefault(index, []).append(valve)
        media.connect("unprepared", self._on_media_unprepared, index, valve)

    def _on_media_unprepared(self, _media: object, index: int, valve: Gst.Element) -> None:
        if valve in self.valves.get(index, []):
            self.valves[index].remove(valve)

    def set_frozen(self, index: int, frozen: bool) -> None:
        """Drop (or pass again) every buffer of mount ``index``; the client sessions stay up."""
        self.frozen[index] = frozen
        for valve in self.valves.get(index, []):
            valve.set_property("drop", frozen)

    def _on_stdin(self, channel: GLib.IOChannel, condition: GLib.IOCondition) -> bool:
        if condition & (GLib.IOCondition.HUP | GLib.IOCondition.ERR):
            self.loop.quit()
            return False
        line = channel.readline()
        if not line:
            self.loop.quit()
            return False
        self._command(line.split())
        return True

    def _command(self, words: list[str]) -> None:
        if not words:
            return
        if words[0] in ("freeze", "unfreeze") and len(words) == 2:
            self.set_frozen(int(words[1]), words[0] == "freeze")
        elif words[0] == "quit":
            self.loop.quit()
        else:
            print(f"ERR {' '.join(words)}", flush=True)
            return
        print(f"OK {' '.join(words)}", flush=True)

    def run(self) -> None:
        """Listen, announce the bound port and serve until ``quit`` or end of stdin."""
        self.server.attach(None)
        channel = GLib.IOChannel.unix_new(sys.stdin.fileno())
        GLib.io_add_watch(
            channel,
            GLib.PRIORITY_DEFAULT,
            GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR,
            self._on_stdin,
        )
        print(f"READY {self.server.get_bound_port()}", flush=True)
        self.loop.run()


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--mounts", type=int, default=1)
    parser.add_argument("--mode", choices=("clip", "live"), default="clip")
    parser.add_argument("--clip", help="H.264 Annex-B elementary stream (clip mode)")
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    args = parser.parse_args(argv)
    if args.mode == "clip" and not args.clip:
        parser.error("--clip is required in clip mode")
    return args


def main(argv: list[str]) -> int:
    """Entry point of the script."""
    args = _parse(argv)
    Gst.init(None)
    TestRtspServer(args).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
