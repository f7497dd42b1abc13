"""The background sender: delivers the outbox to the hub and sends the heartbeat.

* One item at a time, oldest due first. An item is marked ``sent`` only AFTER the hub answered with success; a
  crash between the hub's commit and the local mark means the item is sent again, and the hub answers the
  replayed ``client_request_id`` with its first answer (nothing is created twice).
* Failures: connection errors, timeouts, 5xx, 408, 409 and 429 are transient: the item is retried with
  exponential backoff and jitter (capped at 5 minutes), and the whole sender pauses for the same delay so that a
  dead network is not hammered with every queued item. 401/403 mean the kiosk key is wrong or revoked: transient
  too (a technician fixes the key; nothing may be thrown away), flagged in :class:`SenderStatus`. Any other 4xx
  is permanent: the item is kept as ``failed_permanent`` with the hub's answer and logged for a technician.
* A new submission wakes the sender at once (and ends a pause early).
* While the hub is unreachable (no connection, timeouts) the sender probes its health check every second
  (``PROBE_EVERY_S``): when it answers, the pause ends and every pending item is due at once, so a queue is
  delivered within about 2 s of the network's return however long the backoff had grown. A hub that answers
  with errors (5xx, 429) is not probed: it gets the full backoff.
* A 409 naming ``tracking_code`` means the hub already holds a report with this kiosk-issued code (the outbox
  was lost and the counter restarted below old codes): the item gets the next code and is sent again at once;
  a heartbeat answer first raises the counter above every code the hub holds for this prefix.

Qt-free. The thread opens its own outbox connection and HTTP session (neither is shared between threads).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from common.clock import Clock
from common.rules.tracking import parse_code
from kiosk.hub_client import HubBadAnswer, HubClient, HubError, HubHttpError, HubUnreachable
from kiosk.outbox import Outbox, OutboxItem, iso

log = logging.getLogger(__name__)

Verdict = Literal["sent", "retry", "auth", "permanent"]
_RETRY_STATUSES = frozenset({408, 409, 429})
_AUTH_STATUSES = frozenset({401, 403})
_IDLE_POLL_S = 5.0
PROBE_EVERY_S = 1.0


@dataclass(frozen=True, slots=True)
class BackoffPolicy:
    """Exponential backoff with "equal jitter": half the delay is fixed, half is random."""

    base_s: float = 1.0
    factor: float = 2.0
    cap_s: float = 300.0

    def delay(self, failures: int, rng: random.Random) -> float:
        """Seconds to wait after the ``failures``-th consecutive failure (1, 2, ...)."""
        raw = min(self.cap_s, self.base_s * self.factor ** max(0, failures - 1))
        return raw / 2 + rng.uniform(0.0, raw / 2)


def classify(error: HubError) -> Verdict:
    """Decide what a failed delivery means (see module doc)."""
    if isinstance(error, HubUnreachable | HubBadAnswer):
        return "retry"
    if isinstance(error, HubHttpError):
        if error.status >= 500 or error.status in _RETRY_STATUSES:
            return "retry"
        if error.status in _AUTH_STATUSES:
            return "auth"
        return "permanent"
    return "retry"


def is_code_clash(error: HubError) -> bool:
    """True for the hub's 409 that says the tracking code is already taken."""
    return isinstance(error, HubHttpError) and error.status == 409 and "tracking_code" in str(error.body)


def _raise_counter_from(outbox: Outbox, answer: object) -> None:
    """Apply a heartbeat answer's ``tracking_prefix`` / ``next_counter`` (absent on older hubs)."""
    if not isinstance(answer, dict):
        return
    prefix, floor = answer.get("tracking_prefix"), answer.get("next_counter")
    if not isinstance(prefix, str) or not prefix or not isinstance(floor, int) or isinstance(floor, bool):
        return
    try:
        if outbox.raise_counter(prefix, floor):
            log.warning("tracking counter of %s raised to %d (the hub holds codes this outbox had not issued)",
                        prefix, floor)
    except ValueError as exc:
        log.error("hub sent an unusable counter: %s", exc)


@dataclass(frozen=True, slots=True)
class SenderStatus:
    """A snapshot of the sender's health for the technician screen and tests."""

    running: bool = False
    consecutive_failures: int = 0
    last_error: str | None = None
    last_success_at: datetime | None = None
    auth_failed: bool = False
    heartbeat_ok_at: datetime | None = None
    sent_count: int = 0

    @property
    def offline(self) -> bool:
        """True while the hub is not known to be reachable (last attempt failed, or nothing succeeded yet)."""
        never = self.last_success_at is None and self.heartbeat_ok_at is None
        return self.consecutive_failures > 0 or never

class OutboxSender:
    """Delivers the outbox in a daemon thread; also usable step by step (:meth:`deliver_due`) in tests."""

    def __init__(
        self,
        outbox_factory: Callable[[], Outbox],
        client_factory: Callable[[], HubClient],
        *,
        clock: Clock,
        version: str,
        heartbeat_seconds: float = 60.0,
        backoff: BackoffPolicy | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """Prepare; nothing runs before :meth:`start`."""
        self._outbox_factory = outbox_factory
        self._client_factory = client_factory
        self._clock = clock
        self._version = version
        self._heartbeat_s = heartbeat_seconds
        self._backoff = backoff or BackoffPolicy()
        self._rng = rng or random.Random()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._status = SenderStatus()
        self._paused_until = 0.0  # time.monotonic() value
        self._unreachable = False  # the last failure was no connection (probe), not an error answer (backoff)
        self._next_probe = 0.0
        self._next_heartbeat = 0.0
        self._thread: threading.Thread | None = None

    # --- control -------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the daemon thread (idempotent)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="kiosk-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish its current request and stop."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """A new item was committed: try now, even during a pause."""
        self._paused_until = 0.0
        self._wake.set()

    def status(self) -> SenderStatus:
        """The latest health snapshot."""
        with self._lock:
            return self._status

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]

    # --- the loop ------------------------------------------------------------------------------------------

    def _run(self) -> None:
        outbox = self._outbox_factory()
        client = self._client_factory()
        self._update(running=True)
        try:
            while not self._stop.is_set():
                self._maybe_heartbeat(outbox, client)
                wait = self._cycle(outbox, client)
                if wait > 0 and not self._stop.is_set():
                    self._wake.wait(wait)
                    self._wake.clear()
        except Exception:  # a bug must not silently end delivery: log it loudly, then stop
            log.exception("kiosk sender crashed")
            raise
        finally:
            self._update(running=False)
            outbox.close()
            client.close()

    def _cycle(self, outbox: Outbox, client: HubClient) -> float:
        """Deliver one due item; return how long to sleep (0: go on at once)."""
        now_mono = time.monotonic()
        if now_mono < self._paused_until:
            if self._unreachable:
                return self._probe(outbox, client, now_mono)
            return min(self._paused_until - now_mono, self._until_heartbeat())
        if self.deliver_due(outbox, client, self._clock()) is not None:
            return 0.0
        earliest = outbox.earliest_attempt()
        wait = _IDLE_POLL_S
        if earliest is not None:
            wait = min(wait, max(0.05, (earliest - self._clock()).total_seconds()))
        return min(wait, self._until_heartbeat())

    def _probe(self, outbox: Outbox, client: HubClient, now_mono: float) -> float:
        """During a pause for an unreachable hub: probe every second; when it answers, deliver everything now."""
        if now_mono >= self._next_probe:
            self._next_probe = now_mono + PROBE_EVERY_S
            if client.probe():
                log.info("hub reachable again: delivering %d pending items now", outbox.make_due(self._clock()))
                self._paused_until, self._unreachable = 0.0, False
                self._update(consecutive_failures=0, last_error=None)  # the kiosk stops saying "offline"
                return 0.0
        return min(self._paused_until - now_mono, max(0.05, self._next_probe - time.monotonic()),
                   self._until_heartbeat())

    def _until_heartbeat(self) -> float:
        return max(0.05, self._next_heartbeat - time.monotonic())

    def deliver_due(self, outbox: Outbox, client: HubClient, now: datetime) -> Verdict | None:
        """Deliver the oldest due item, if any, and record the outcome; returns the verdict or None."""
        item = outbox.next_due(now)
        if item is None:
            return None
        try:
            answer = client.submit(item.kind, item.payload, item.photo)
        except HubError as exc:
            return self._failed(outbox, client, item, exc)
        outbox.mark_sent(item.id, answer, self._clock())
        with self._lock:
            self._status = replace(self._status, consecutive_failures=0, last_error=None, auth_failed=False,
                                   last_success_at=self._clock(), sent_count=self._status.sent_count + 1)
        return "sent"

    def _failed(self, outbox: Outbox, client: HubClient, item: OutboxItem, exc: HubError) -> Verdict:
        if is_code_clash(exc) and item.tracking_code:
            self._recode(outbox, client, item)  # then retried like any transient failure, with the new code
        verdict = classify(exc)
        message = f"{type(exc).__name__}: {exc}"
        if verdict == "permanent":
            body = exc.body if isinstance(exc, HubHttpError) else None
            log.error("hub refused %s %s (%s) for good: %s", item.kind, item.client_request_id,
                      item.tracking_code, message)
            outbox.mark_failed(item.id, message, body)
            return verdict
        with self._lock:
            failures = self._status.consecutive_failures + 1
            self._status = replace(self._status, consecutive_failures=failures, last_error=message,
                                   auth_failed=verdict == "auth")
        delay = self._backoff.delay(max(failures, item.attempts + 1), self._rng)
        outbox.mark_retry(item.id, self._clock() + timedelta(seconds=delay), message)
        self._paused_until = time.monotonic() + delay
        self._unreachable = isinstance(exc, HubUnreachable)
        # One warning when the hub goes away, then quiet (a long outage must not flood the technician log).
        level = logging.WARNING if failures == 1 else logging.DEBUG
        log.log(level, "delivery of %s failed (%s); retry in %.1f s", item.client_request_id,
                message.splitlines()[0][:200], delay)
        return verdict

    def _recode(self, outbox: Outbox, client: HubClient, item: OutboxItem) -> None:
        """Re-issue the item's code above everything the hub holds, then let the loop send it again."""
        assert item.tracking_code is not None  # only coded items can clash
        self.send_heartbeat(outbox, client)
        old, new = outbox.recode(item.id, parse_code(item.tracking_code).prefix, self._clock())
        log.error("tracking code %s of %s was already used at the hub; the item now carries %s "
                  "(the citizen's receipt shows the old code)", old, item.client_request_id, new)

    def _maybe_heartbeat(self, outbox: Outbox, client: HubClient) -> None:
        now_mono = time.monotonic()
        if now_mono < self._next_heartbeat:
            return
        self._next_heartbeat = now_mono + self._heartbeat_s
        self.send_heartbeat(outbox, client)

    def send_heartbeat(self, outbox: Outbox, client: HubClient) -> bool:
        """Send one heartbeat with the queue length and oldest pending item; True when the hub took it."""
        stats = outbox.stats()
        oldest = iso(stats.oldest_pending_at) if stats.oldest_pending_at else None
        try:
            answer = client.heartbeat(stats.pending, oldest, self._version)
        except HubError as exc:
            log.info("heartbeat failed: %s", exc)
            return False
        self._update(heartbeat_ok_at=self._clock())
        _raise_counter_from(outbox, answer)
        return True

    def drain(self, outbox: Outbox, client: HubClient, *, limit: int | None = None) -> int:
        """Deliver due items synchronously until none is due or one fails transiently; returns how many were sent.

        Permanently refused items are recorded and skipped.
        """
        sent = 0
        while limit is None or sent < limit:
            verdict = self.deliver_due(outbox, client, self._clock())
            if verdict == "sent":
                sent += 1
            elif verdict != "permanent":
                break
        return sent
