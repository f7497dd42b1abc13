"""The idle rule: after a quiet spell, warn with a countdown, then wipe everything and return to the attract loop.

Qt-free state machine driven by a clock; the window feeds it touches and ticks it once a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from common.clock import Clock


class IdlePhase(Enum):
    """Where the idle rule is."""

    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class IdleState:
    """The phase and, while warning, the whole seconds left before the wipe."""

    phase: IdlePhase
    seconds_left: int = 0


class IdleController:
    """Counts the seconds since the last touch; text entry gets a longer allowance."""

    def __init__(self, clock: Clock, *, idle_seconds: float = 60, text_idle_seconds: float = 120,
                 warning_seconds: float = 20) -> None:
        """Start armed=False (the attract loop needs no idle watch) with the clock's now as last touch."""
        self._clock = clock
        self._idle_s = idle_seconds
        self._text_idle_s = text_idle_seconds
        self._warning_s = warning_seconds
        self._last_touch: datetime = clock()
        self._text_entry = False
        self._armed = False

    @property
    def armed(self) -> bool:
        """True while a citizen is somewhere past the attract loop."""
        return self._armed

    def arm(self) -> None:
        """Start watching (a citizen started using the kiosk)."""
        self._armed = True
        self.touch()

    def disarm(self) -> None:
        """Stop watching (back on the attract loop)."""
        self._armed = False
        self._text_entry = False

    def touch(self) -> None:
        """The citizen did something: restart the quiet spell (also dismisses a warning)."""
        self._last_touch = self._clock()

    def set_text_entry(self, active: bool) -> None:
        """A text field is being filled in: allow the longer quiet spell."""
        self._text_entry = active

    @property
    def allowance(self) -> float:
        """Seconds of quiet before the warning appears."""
        return self._text_idle_s if self._text_entry else self._idle_s

    def state(self) -> IdleState:
        """The phase now."""
        if not self._armed:
            return IdleState(IdlePhase.ACTIVE)
        quiet = (self._clock() - self._last_touch).total_seconds()
        if quiet < self.allowance:
            return IdleState(IdlePhase.ACTIVE)
        left = self.allowance + self._warning_s - quiet
        if left > 0:
            return IdleState(IdlePhase.WARNING, math.ceil(left))
        return IdleState(IdlePhase.EXPIRED)
