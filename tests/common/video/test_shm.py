"""SharedFrameBuffer: double-buffered newest frame with a seqlock."""

from __future__ import annotations

import os

import numpy as np
import pytest

from common.video.shm import SharedFrameBuffer


@pytest.mark.timeout(10)
def test_round_trip_newest_only_and_cleanup() -> None:
    buffer = SharedFrameBuffer.create(64 * 48 * 3)
    child = SharedFrameBuffer.attach(buffer.name, buffer.capacity)
    try:
        assert buffer.read(0) is None
        for seq in (1, 2, 3):
            child.write(np.full((48, 64, 3), seq, np.uint8), seq, 10.0 + seq, 1_700_000_000.0 + seq)
        shared = buffer.read(0)
        assert shared is not None and shared.seq == 3 and shared.monotonic == 13.0
        assert shared.image.shape == (48, 64, 3) and int(shared.image.max()) == 3
        assert buffer.read(3) is None
        shared.image[0, 0, 0] = 99  # a copy: the slot is untouched
        again = buffer.read(2)
        assert again is not None and int(again.image[0, 0, 0]) == 3
        with pytest.raises(ValueError):
            child.write(np.zeros((480, 640, 3), np.uint8), 4, 0.0, 0.0)
        assert child.claim_doorbell() and not child.claim_doorbell()
        buffer.answer_doorbell()
        assert child.claim_doorbell()
        child.beat(42.0)
        assert buffer.heartbeat() == 42.0
    finally:
        child.close()
        buffer.close()
    assert not os.path.exists(f"/dev/shm/{buffer.name.lstrip('/')}")


@pytest.mark.timeout(10)
def test_reader_rejects_a_slot_being_written() -> None:
    buffer = SharedFrameBuffer.create(16 * 16 * 3)
    try:
        buffer.write(np.ones((16, 16, 3), np.uint8), 1, 0.0, 0.0)
        buffer._slots()["gen"][1] += 1  # writer "in the middle" of frame 1's slot
        assert buffer.read(0) is None
        buffer._slots()["gen"][1] += 1
        assert buffer.read(0) is not None
    finally:
        buffer.close()
