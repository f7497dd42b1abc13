"""One privacy channel of dashboard snapshots: what a tile on a public (or internal) output may receive."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Literal

from PySide6.QtCore import QObject, Signal

Privacy = Literal["public", "internal"]
PRIVACIES: tuple[Privacy, Privacy] = ("public", "internal")

_log = logging.getLogger(__name__)


class DashboardChannel(QObject):
    """Snapshots of one privacy level; tiles subscribe to the kinds they draw and read the latest one.

    A snapshot computed for the other privacy level is refused here (``public`` flag mismatch), so a public
    tile can only ever receive public snapshots. Lives on the GUI thread; all methods are GUI-thread only.
    """

    snapshot_ready = Signal(str, object)
    """(kind, snapshot): a new snapshot of ``kind`` arrived."""
    subscriptions_changed = Signal()

    def __init__(self, privacy: Privacy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._privacy: Privacy = privacy
        self._subscriptions: Counter[str] = Counter()
        self._latest: dict[str, object] = {}

    @property
    def privacy(self) -> Privacy:
        """``public`` or ``internal``."""
        return self._privacy

    def subscribe(self, kind: str) -> None:
        """Ask for ``kind`` to be refreshed (reference counted: every subscribe needs one unsubscribe)."""
        self._subscriptions[kind] += 1
        if self._subscriptions[kind] == 1:
            self.subscriptions_changed.emit()

    def unsubscribe(self, kind: str) -> None:
        """Drop one subscription to ``kind``; the kind stops refreshing when nobody wants it."""
        if self._subscriptions[kind] > 0:
            self._subscriptions[kind] -= 1
        if self._subscriptions[kind] == 0:
            del self._subscriptions[kind]
            self.subscriptions_changed.emit()

    def subscribed_kinds(self) -> list[str]:
        """The kinds at least one tile wants."""
        return sorted(self._subscriptions)

    def latest(self, kind: str) -> object | None:
        """The newest snapshot of ``kind`` delivered on this channel, or None."""
        return self._latest.get(kind)

    def publish(self, kind: str, snapshot: object) -> bool:
        """Deliver a snapshot to the tiles; refused (False) when it was computed for the other privacy level."""
        if getattr(snapshot, "public", None) is not (self._privacy == "public"):
            _log.error("refused a %s snapshot on the %s channel (privacy mismatch)", kind, self._privacy)
            return False
        self._latest[kind] = snapshot
        self.snapshot_ready.emit(kind, snapshot)
        return True
