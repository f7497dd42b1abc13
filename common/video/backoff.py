"""Reconnect delays: exponential backoff with jitter, reset after a healthy period."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delay before the next reconnect attempt.

    Attempt ``n`` waits ``min(cap_s, base_s * 2**n)`` scaled by a random factor in
    ``[1 - jitter, 1]`` ("equal jitter": cameras that dropped together do not reconnect in
    lock-step). ``healthy()`` resets the sequence once a stream has been live for ``reset_after_s``.
    The first delay is short so a brief network blip costs well under a second. The cap is 2.5 s because the
    wall promises that a tile recovers within 3 s of its stream's return whatever the outage's length; a refused
    reconnect every 2.5 s costs nothing measurable, and an unreachable host is already paced by the open timeout.
    """

    base_s: float = 0.25
    cap_s: float = 2.5
    jitter: float = 0.5
    reset_after_s: float = 10.0
    rng: random.Random = field(default_factory=random.Random)
    attempts: int = 0

    def next_delay(self) -> float:
        """Return the delay for the next attempt and count it."""
        raw = min(self.cap_s, self.base_s * (2.0 ** min(self.attempts, 30)))
        self.attempts += 1
        return raw * (1.0 - self.jitter * self.rng.random())

    def healthy(self, live_for_s: float) -> None:
        """Report how long the current connection has been delivering; resets after a healthy period."""
        if live_for_s >= self.reset_after_s:
            self.attempts = 0

    def reset(self) -> None:
        """Start over (new stream, re-activation)."""
        self.attempts = 0
