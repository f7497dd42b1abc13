"""Generated camera pictures for the demo and the tests: a road, a river gauge, a plaza (no people).

Each camera gets a pre-rendered background; a frame only copies it and draws the moving parts and
the overlay (DEMO badge, camera name, WIB clock, big frame counter), about 1 ms at 640x360.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import cv2
import numpy as np
import numpy.typing as npt

from common.demo.camera_places import CAMERA_PLACES, SCENE_OF_GROUP

Image = npt.NDArray[np.uint8]
WIB = timezone(timedelta(hours=7), "WIB")  # Indonesia has no DST: a fixed offset is exact
# The demo cameras' own names and pictures, so a stream's burnt-in name is the name the wall shows over it.
_SCENES: tuple[tuple[str, str], ...] = tuple(
    (name, SCENE_OF_GROUP[group]) for name, *_, group in CAMERA_PLACES
)
_FONT = cv2.FONT_HERSHEY_SIMPLEX


@dataclass(frozen=True, slots=True)
class DemoCamera:
    """Name and scene kind of demo camera ``index``."""

    index: int
    name: str
    kind: str

    @classmethod
    def of(cls, index: int) -> DemoCamera:
        """The demo camera for ``index`` (names repeat with a suffix after the list runs out)."""
        name, kind = _SCENES[index % len(_SCENES)]
        if index >= len(_SCENES):
            name = f"{name} #{index // len(_SCENES) + 1}"
        return cls(index, f"CAM-{index + 1:02d} {name}", kind)


@dataclass(frozen=True, slots=True)
class _Vehicle:
    lane_y: int
    speed: float  # pixels per second, sign = direction
    offset: float
    length: int
    colour: tuple[int, int, int]


class SceneRenderer:
    """Draws frames of one demo camera; ``render`` is deterministic in ``tick``."""

    def __init__(self, camera: DemoCamera, size: tuple[int, int] = (640, 360), fps: float = 15.0) -> None:
        self.camera = camera
        self.width, self.height = size
        self.fps = fps
        self._rng = random.Random(camera.index)
        self._background = self._draw_background()
        self._vehicles = self._make_vehicles() if camera.kind == "road" else ()

    def render(self, tick: int, wall: datetime) -> Image:
        """Frame number ``tick`` (time ``tick / fps``) with ``wall`` (aware) shown as WIB."""
        image = self._background.copy()
        seconds = tick / self.fps
        if self.camera.kind == "road":
            self._draw_traffic(image, seconds)
        elif self.camera.kind == "river":
            self._draw_river(image, seconds)
        else:
            self._draw_plaza(image, seconds)
        self._draw_overlay(image, tick, wall)
        return image

    # -- backgrounds (once per camera) -----------------------------------------------------
    def _draw_background(self) -> Image:
        w, h = self.width, self.height
        image = np.zeros((h, w, 3), np.uint8)
        sky = np.linspace(235, 170, int(h * 0.4), dtype=np.float32)
        image[: len(sky)] = np.stack([sky, sky * 0.85, sky * 0.6], axis=1)[:, None, :].astype(np.uint8)
        self._draw_skyline(image, int(h * 0.4))
        painter = {"road": self._paint_road, "river": self._paint_river_banks}.get(
            self.camera.kind, self._paint_plaza
        )
        painter(image)
        image[: int(h * 0.11)] //= 3  # dark band behind the title text, baked in once
        return image

    def _draw_skyline(self, image: Image, horizon: int) -> None:
        x = 0
        while x < self.width:
            bw, bh = self._rng.randint(25, 70), self._rng.randint(15, int(self.height * 0.22))
            shade = self._rng.randint(95, 140)
            cv2.rectangle(image, (x, horizon - bh), (x + bw, horizon), (shade + 20, shade + 10, shade), -1)
            x += bw + self._rng.randint(0, 12)

    def _paint_road(self, image: Image) -> None:
        w, h = self.width, self.height
        image[int(h * 0.4) : int(h * 0.48)] = (70, 140, 80)
        image[int(h * 0.48) :] = (72, 72, 72)
        image[int(h * 0.48) : int(h * 0.5)] = (200, 200, 200)
        image[h - int(h * 0.04) :] = (60, 130, 75)
        for lane in range(1, 4):
            y = self._lane_top(lane)
            style = (0, 200, 230) if lane == 2 else (235, 235, 235)
            for x in range(0, w, 48):
                cv2.line(image, (x, y), (x + 26, y), style, 2)
        cv2.rectangle(image, (w - 60, int(h * 0.2)), (w - 44, int(h * 0.44)), (40, 40, 40), -1)

    def _lane_top(self, lane: int) -> int:
        top, bottom = int(self.height * 0.5), int(self.height * 0.96)
        return top + (bottom - top) * lane // 4

    def _paint_river_banks(self, image: Image) -> None:
        w, h = self.width, self.height
        image[int(h * 0.4) :] = (60, 110, 70)
        cv2.rectangle(image, (int(w * 0.08), int(h * 0.42)), (int(w * 0.92), h), (120, 125, 128), -1)
        x0 = int(w * 0.6)
        cv2.rectangle(image, (x0, int(h * 0.2)), (x0 + 34, h - 4), (245, 245, 245), -1)
        for i, y in enumerate(range(h - 8, int(h * 0.2), -8)):
            colour = (30, 30, 200) if (i // 5) % 2 else (20, 20, 20)
            cv2.line(image, (x0, y), (x0 + (22 if i % 5 == 0 else 12), y), colour, 2)
            if i % 10 == 0:
                cv2.putText(image, str(i * 10), (x0 + 38, y + 5), _FONT, 0.4, (250, 250, 250), 1, cv2.LINE_AA)

    def _paint_plaza(self, image: Image) -> None:
        w, h = self.width, self.height
        image[int(h * 0.4) :] = (170, 180, 190)
        for y in range(int(h * 0.4), h, 18):
            cv2.line(image, (0, y), (w, y), (150, 160, 170), 1)
        for x in range(-h, w + h, 36):
            cv2.line(image, (w // 2 + (x - w // 2) // 4, int(h * 0.4)), (x, h), (150, 160, 170), 1)
        for tx in (int(w * 0.12), int(w * 0.88)):
            cv2.rectangle(image, (tx - 4, int(h * 0.45)), (tx + 4, int(h * 0.6)), (40, 70, 100), -1)
            cv2.circle(image, (tx, int(h * 0.42)), int(h * 0.09), (50, 120, 40), -1)
        cv2.ellipse(
            image, (w // 2, int(h * 0.72)), (int(w * 0.16), int(h * 0.08)), 0, 0, 360, (110, 110, 110), -1
        )
        cv2.rectangle(
            image, (int(w * 0.3), int(h * 0.18)), (int(w * 0.3) + 3, int(h * 0.45)), (200, 200, 200), -1
        )

    def _make_vehicles(self) -> tuple[_Vehicle, ...]:
        colours = [
            (40, 40, 200),
            (200, 200, 200),
            (30, 30, 30),
            (180, 120, 30),
            (40, 160, 220),
            (90, 90, 160),
        ]
        vehicles = []
        for lane in range(4):
            direction = 1 if lane < 2 else -1
            for _ in range(self._rng.randint(1, 3)):
                speed = direction * self._rng.uniform(40, 110)
                length = self._rng.choice((44, 52, 60, 96))
                y = self._lane_top(lane) + 8
                vehicles.append(
                    _Vehicle(y, speed, self._rng.uniform(0, 1000), length, self._rng.choice(colours))
                )
        return tuple(vehicles)

    # -- moving parts (every frame) ----------------------------------------------------------
    def _draw_traffic(self, image: Image, seconds: float) -> None:
        span = self.width + 200
        lane_h = max(10, self._lane_top(1) - self._lane_top(0) - 16)
        for v in self._vehicles:
            x = int((v.offset + v.speed * seconds) % span) - 100
            cv2.rectangle(image, (x, v.lane_y), (x + v.length, v.lane_y + lane_h), v.colour, -1)
            wx = x + (v.length - 16 if v.speed > 0 else 4)
            cv2.rectangle(image, (wx, v.lane_y + 3), (wx + 12, v.lane_y + lane_h - 3), (60, 40, 20), -1)
        green = int(seconds) % 20 < 12
        lx, ly = self.width - 52, int(self.height * 0.24)
        cv2.circle(image, (lx, ly), 5, (0, 0, 230) if not green else (0, 0, 60), -1)
        cv2.circle(image, (lx, ly + 26), 5, (0, 210, 0) if green else (0, 60, 0), -1)

    def _draw_river(self, image: Image, seconds: float) -> None:
        w, h = self.width, self.height
        phase = self.camera.index * 1.3  # gauges of different rivers do not move in step
        level_cm = 120 + 60 * math.sin(2 * math.pi * seconds / 90 + phase) + 6 * math.sin(seconds * 1.7)
        surface = int(h - 8 - level_cm * 0.8)
        xs = np.arange(int(w * 0.08), int(w * 0.92), 8)
        ys = surface + 3 * np.sin(xs / 23.0 + seconds * 3)
        points = np.concatenate([np.stack([xs, ys], 1), [[xs[-1], h], [xs[0], h]]]).astype(np.int32)
        cv2.fillPoly(image, [points], (120, 90, 40))
        for row in range(surface + 12, h, 14):
            phase = seconds * 40 + row
            for x in range(int(w * 0.1) + int(phase) % 60, int(w * 0.9), 60):
                cv2.line(image, (x, row), (x + 18, row), (150, 120, 70), 1)
        x0 = int(w * 0.6)
        cv2.rectangle(image, (x0, surface), (x0 + 34, h - 4), (200, 170, 120), 2)
        status, colour = ("SIAGA", (0, 0, 255)) if level_cm > 170 else ("NORMAL", (0, 200, 0))
        cv2.rectangle(image, (6, h - 36), (250, h - 6), (20, 20, 20), -1)
        cv2.putText(
            image, f"TMA {level_cm:5.1f} cm  {status}", (12, h - 14), _FONT, 0.6, colour, 2, cv2.LINE_AA
        )

    def _draw_plaza(self, image: Image, seconds: float) -> None:
        w, h = self.width, self.height
        centre = (w // 2, int(h * 0.72))
        for k in range(3):
            phase = (seconds * 0.8 + k / 3) % 1.0
            axes = (int(w * 0.15 * phase), int(h * 0.075 * phase))
            cv2.ellipse(image, centre, axes, 0, 0, 360, (230, 200, 150), 1, cv2.LINE_AA)
        jet = int(h * (0.08 + 0.03 * math.sin(seconds * 5)))
        cv2.line(image, centre, (centre[0], centre[1] - jet), (240, 220, 190), 3)
        pole_x, top = int(w * 0.3) + 3, int(h * 0.18)
        wave = [(pole_x + i * 12, top + int(4 * math.sin(seconds * 4 + i))) for i in range(6)]
        upper = np.array(wave, np.int32)
        middle, lower = upper + np.array([0, 12], np.int32), upper + np.array([0, 24], np.int32)
        cv2.fillPoly(image, [np.concatenate([upper, middle[::-1]])], (0, 0, 220))  # Merah Putih
        cv2.fillPoly(image, [np.concatenate([middle, lower[::-1]])], (245, 245, 245))

    def _draw_overlay(self, image: Image, tick: int, wall: datetime) -> None:
        w, h = self.width, self.height
        bar = int(h * 0.11)
        cv2.rectangle(image, (6, 6), (70, bar - 6), (0, 0, 200), -1)
        cv2.putText(image, "DEMO", (12, bar - 12), _FONT, 0.6, (255, 255, 255), 2, cv2.LINE_AA)
        cv2.putText(image, self.camera.name, (80, bar - 12), _FONT, 0.55, (255, 255, 255), 1, cv2.LINE_AA)
        clock = wall.astimezone(WIB).strftime("%d-%m-%Y %H:%M:%S WIB")
        (tw, _), _ = cv2.getTextSize(clock, _FONT, 0.5, 1)
        cv2.putText(image, clock, (w - tw - 10, bar - 12), _FONT, 0.5, (255, 255, 255), 1, cv2.LINE_AA)
        counter = f"{tick:06d}"
        (cw, _), _ = cv2.getTextSize(counter, cv2.FONT_HERSHEY_DUPLEX, 1.4, 2)
        origin = (w - cw - 12, h - 14)
        cv2.putText(
            image, counter, (origin[0] + 2, origin[1] + 2), cv2.FONT_HERSHEY_DUPLEX, 1.4, (0, 0, 0), 4
        )
        cv2.putText(image, counter, origin, cv2.FONT_HERSHEY_DUPLEX, 1.4, (255, 255, 255), 2, cv2.LINE_AA)
