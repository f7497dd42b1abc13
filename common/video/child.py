"""Entry point of a ``CaptureProcess`` child: runs a ``CaptureLoop`` that publishes into shared memory."""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection

import cv2
import numpy as np

from common.video.base import SourceStatus
from common.video.loop import CaptureLoop, Image, LoopSettings
from common.video.shm import SharedFrameBuffer
from common.video.source import CaptureEnvironment, StreamSpec


@dataclass(frozen=True, slots=True)
class ChildArgs:
    """Everything a child needs, pickled by the spawn context."""

    source_id: str
    spec: StreamSpec
    shm_name: str
    capacity: int
    stall_timeout_s: float
    active: bool
    first_seq: int


class _Sink:
    """Child side of the exchange: frames into shared memory, states and wake-ups into the pipe."""

    def __init__(self, buffer: SharedFrameBuffer, conn: Connection, first_seq: int) -> None:
        self._buffer = buffer
        self._conn = conn
        self._seq = first_seq
        self._send_lock = threading.Lock()

    def publish(self, image: Image, monotonic: float, wall: datetime) -> None:
        self._seq += 1
        self._buffer.write(_fit(image, self._buffer.capacity), self._seq, monotonic, wall.timestamp())
        if self._buffer.claim_doorbell():  # at most one wake-up in flight: the pipe never fills
            self._send(("frame",))

    def report(self, status: SourceStatus) -> None:
        self._send(("state", status))

    def beat(self) -> None:
        self._buffer.beat(time.monotonic())

    def _send(self, message: tuple[object, ...]) -> None:
        # A vanished parent raises here; the loop then ends and so does this process.
        with self._send_lock:
            self._conn.send(message)


def _fit(image: Image, capacity: int) -> Image:
    """Scale a frame down (keeping its aspect) if it does not fit a shared slot."""
    if image.nbytes <= capacity:
        return image
    scale = (capacity / image.nbytes) ** 0.5 * 0.99
    size = (max(1, int(image.shape[1] * scale)), max(1, int(image.shape[0] * scale)))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def _listen(conn: Connection, loop: CaptureLoop) -> None:
    """Apply the parent's commands; the parent's death (EOF) stops the loop too."""
    try:
        while True:
            message = conn.recv()
            if message[0] == "active":
                loop.set_active(bool(message[1]))
            elif message[0] == "spec":
                loop.switch_stream(message[1])
            else:
                break
    except (EOFError, OSError):
        pass
    finally:
        loop.request_stop()


def child_main(args: ChildArgs, conn: Connection) -> None:
    """Run one camera's capture loop until the parent says stop or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business; it stops us
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    buffer = SharedFrameBuffer.attach(args.shm_name, args.capacity)
    sink = _Sink(buffer, conn, args.first_seq)
    sink.beat()
    settings = LoopSettings(stall_timeout_s=args.stall_timeout_s, environment=CaptureEnvironment())
    loop = CaptureLoop(args.source_id, args.spec, sink.publish, sink.report, settings, args.active, sink.beat)
    threading.Thread(target=_listen, args=(conn, loop), name="capture-commands", daemon=True).start()
    try:
        loop.run()
    finally:
        buffer.close()
