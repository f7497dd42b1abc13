"""Short background jobs (status lookups, printing) with their results delivered on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class BackgroundRunner(QObject):
    """Runs callables on a small thread pool; ``on_done(result)`` is called on the GUI thread.

    A job that raises hands its exception object to ``on_done`` (the screens show a plain message).
    """

    _finished = Signal(object, object)

    def __init__(self, workers: int = 2) -> None:
        """Create the pool."""
        super().__init__()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kiosk-job")
        self._finished.connect(self._on_finished)
        self._pending = 0

    @property
    def pending(self) -> int:
        """Jobs submitted whose callback has not run yet."""
        return self._pending

    def run(self, job: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """Start ``job`` in the pool."""
        self._pending += 1
        future = self._pool.submit(job)
        future.add_done_callback(lambda f: self._finished.emit(on_done, _outcome(f)))

    def _on_finished(self, on_done: Callable[[Any], None], result: Any) -> None:
        self._pending -= 1
        on_done(result)

    def shutdown(self) -> None:
        """Wait for running jobs and stop the pool."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _outcome(future: Future[Any]) -> Any:
    error = future.exception()
    if error is not None:
        log.warning("background job failed: %r", error)
        return error
    return future.result()
