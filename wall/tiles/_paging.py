"""Paging through rows that do not fit: a steady page change every N seconds (nothing flashes)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


class TilePager(QObject):
    """Which page of ``count`` items is shown, ``per_page`` at a time; advances on a timer while running."""

    page_changed = Signal()

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.page = 0
        self.pages = 1
        self._timer = QTimer(self)
        self._timer.setInterval(max(1000, int(seconds * 1000)))
        self._timer.timeout.connect(self._on_timer_timeout)

    def update_counts(self, count: int, per_page: int) -> None:
        """Recompute the number of pages (the current page is kept when it still exists)."""
        self.pages = max(1, -(-count // max(1, per_page)))
        if self.page >= self.pages:
            self.page = 0

    def slice(self, per_page: int) -> slice:
        """The items of the current page."""
        return slice(self.page * per_page, (self.page + 1) * per_page)

    def label(self) -> str:
        """``1/3``, or empty with a single page."""
        return f"{self.page + 1}/{self.pages}" if self.pages > 1 else ""

    def set_running(self, running: bool) -> None:
        """Start or stop turning pages."""
        if running:
            self._timer.start()
        else:
            self._timer.stop()

    def _on_timer_timeout(self) -> None:
        if self.pages > 1:
            self.page = (self.page + 1) % self.pages
            self.page_changed.emit()
