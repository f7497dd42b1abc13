"""Newest-frame exchange between a capture child process and its parent through shared memory.

Layout: a small header, then two frame slots (double buffer). The child writes frame ``seq`` into
slot ``seq % 2`` under a per-slot generation counter (odd while writing, a seqlock), then
publishes ``latest = seq``. The parent copies slot ``latest % 2`` out and re-checks the generation,
so it never hands out a torn image and never blocks the writer. The header also carries the
child's heartbeat and a "doorbell pending" flag that limits wake-up messages to one in flight.

Ordering relies on x86-64's total store order (the command-center PCs); the generation re-check
still rejects any torn copy the reader could notice.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from multiprocessing import shared_memory

import numpy as np
import numpy.typing as npt

_SLOT = np.dtype(
    [("gen", "<u8"), ("seq", "<u8"), ("width", "<u4"), ("height", "<u4"), ("channels", "<u4"), ("pad", "<u4"),
     ("monotonic", "<f8"), ("wall", "<f8")]
)  # fmt: skip
_HEADER = np.dtype([("latest", "<u8"), ("heartbeat", "<f8"), ("pending", "<u8"), ("slots", _SLOT, (2,))])
_HEADER_BYTES = 256
_ALIGN = 64


@dataclass(frozen=True, slots=True)
class SharedImage:
    """A frame copied out of shared memory (the array is the caller's own copy)."""

    image: npt.NDArray[np.uint8]
    seq: int
    monotonic: float
    wall_timestamp: float


class SharedFrameBuffer:
    """Double-buffered newest-frame slot in ``multiprocessing.shared_memory``.

    The parent ``create()``s it (and alone ``unlink()``s it); the child ``attach()``es by name.
    """

    def __init__(self, shm: shared_memory.SharedMemory, capacity: int, owner: bool) -> None:
        self._shm = shm
        self.capacity = capacity
        self._owner = owner
        self._header: np.ndarray | None = np.ndarray((), _HEADER, buffer=shm.buf)

    @classmethod
    def create(cls, capacity: int) -> SharedFrameBuffer:
        """New zeroed segment holding two frames of up to ``capacity`` bytes (pages are only used once written)."""
        capacity = -(-capacity // _ALIGN) * _ALIGN
        shm = shared_memory.SharedMemory(create=True, size=_HEADER_BYTES + 2 * capacity)
        np.ndarray((_HEADER_BYTES,), np.uint8, buffer=shm.buf)[:] = 0
        return cls(shm, capacity, owner=True)

    @classmethod
    def attach(cls, name: str, capacity: int) -> SharedFrameBuffer:
        """Map an existing segment (child side)."""
        return cls(shared_memory.SharedMemory(name=name), capacity, owner=False)

    @property
    def name(self) -> str:
        """Segment name, passed to the child."""
        return self._shm.name

    def _slots(self) -> np.ndarray:
        assert self._header is not None, "buffer is closed"
        return self._header["slots"]

    def _view(self, slot: int, shape: tuple[int, ...]) -> npt.NDArray[np.uint8]:
        offset = _HEADER_BYTES + slot * self.capacity
        return np.ndarray(shape, np.uint8, buffer=self._shm.buf, offset=offset)

    def write(self, image: npt.NDArray[np.uint8], seq: int, monotonic: float, wall_timestamp: float) -> None:
        """Publish ``image`` as frame ``seq`` (child side; ``image.nbytes`` must fit ``capacity``)."""
        if image.nbytes > self.capacity:
            raise ValueError(f"frame of {image.nbytes} bytes exceeds the slot capacity {self.capacity}")
        slot, slots = seq & 1, self._slots()
        shape = image.shape if image.ndim == 3 else (*image.shape, 1)
        slots["gen"][slot] += 1  # odd: being written
        np.copyto(self._view(slot, shape), image.reshape(shape))
        slots["seq"][slot], slots["width"][slot], slots["height"][slot] = seq, shape[1], shape[0]
        slots["channels"][slot], slots["monotonic"][slot], slots["wall"][slot] = (
            shape[2],
            monotonic,
            wall_timestamp,
        )
        slots["gen"][slot] += 1  # even: stable
        assert self._header is not None
        self._header["latest"] = seq

    def read(self, after_seq: int) -> SharedImage | None:
        """Copy out the newest frame if it is newer than ``after_seq`` (parent side); never blocks."""
        assert self._header is not None, "buffer is closed"
        for _attempt in range(4):
            latest = int(self._header["latest"])
            if latest <= after_seq:
                return None
            slot, slots = latest & 1, self._slots()
            generation = int(slots["gen"][slot])
            if generation & 1 or int(slots["seq"][slot]) != latest:
                continue  # the writer lapped us: read the newer frame
            shape = (int(slots["height"][slot]), int(slots["width"][slot]), int(slots["channels"][slot]))
            image = np.array(self._view(slot, shape), copy=True)
            monotonic, wall = float(slots["monotonic"][slot]), float(slots["wall"][slot])
            if int(slots["gen"][slot]) == generation:
                return SharedImage(image if shape[2] > 1 else image[:, :, 0], latest, monotonic, wall)
        return None

    def beat(self, monotonic: float) -> None:
        """Child: record that the capture loop is making progress."""
        assert self._header is not None
        self._header["heartbeat"] = monotonic

    def heartbeat(self) -> float:
        """Parent: last progress time of the child (``time.monotonic()``, system-wide)."""
        assert self._header is not None
        return float(self._header["heartbeat"])

    def claim_doorbell(self) -> bool:
        """Child: True if no wake-up is in flight (and marks one as in flight)."""
        assert self._header is not None
        if int(self._header["pending"]):
            return False
        self._header["pending"] = 1
        return True

    def answer_doorbell(self) -> None:
        """Parent: the wake-up was received; the next frame may ring again."""
        assert self._header is not None
        self._header["pending"] = 0

    def close(self) -> None:
        """Unmap (and, for the creator, remove) the segment; idempotent."""
        if self._header is None:
            return
        self._header = None  # views must go before the mapping can close
        self._shm.close()
        if self._owner:
            with contextlib.suppress(FileNotFoundError):  # already removed (e.g. by the resource tracker)
                self._shm.unlink()
