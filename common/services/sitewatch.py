"""Watching the OPD websites: reachable or not, how fast, and when their content last changed.

Many OPD sites go unchanged for months or are down; the wall shows both. A check fetches the page (bounded in
time and size), hashes its visible text (markup, scripts and whitespace removed, so rotating tokens in the HTML
do not count as a change) and stores one ``opd_site_check`` row. :class:`SiteWatcher` repeats this in a
background thread of the hub.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.clock import Clock
from common.domain.models import Opd, OpdSiteCheck

log = logging.getLogger(__name__)

MAX_BYTES = 2_000_000
_SCRIPTS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SiteCheckResult:
    """The outcome of fetching one URL."""

    ok: bool
    http_status: int | None
    response_ms: int | None
    content_hash: str
    error: str


def content_fingerprint(body: bytes) -> str:
    """SHA-256 of the page's visible text (scripts, styles, tags and whitespace runs removed)."""
    text = body.decode("utf-8", errors="replace")
    text = _SPACES.sub(" ", _TAGS.sub(" ", _SCRIPTS.sub(" ", text))).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_url(http: requests.Session, url: str, timeout_s: float = 10.0) -> SiteCheckResult:
    """Fetch ``url`` once; never raises for network trouble (that is the finding)."""
    started = time.monotonic()
    try:
        with http.get(url, timeout=timeout_s, stream=True, allow_redirects=True) as response:
            body = response.raw.read(MAX_BYTES, decode_content=True)
            elapsed = int((time.monotonic() - started) * 1000)
            ok = 200 <= response.status_code < 400
            return SiteCheckResult(ok, response.status_code, elapsed, content_fingerprint(body) if ok else "",
                                   "" if ok else f"HTTP {response.status_code}")
    except (requests.RequestException, OSError) as exc:
        return SiteCheckResult(False, None, None, "", f"{type(exc).__name__}: {exc}"[:300])


def _previous(session: Session, slug: str) -> OpdSiteCheck | None:
    return session.scalars(
        select(OpdSiteCheck).where(OpdSiteCheck.opd_slug == slug).order_by(OpdSiteCheck.id.desc()).limit(1)
    ).first()


def store_check(session: Session, now: datetime, slug: str, url: str, result: SiteCheckResult) -> OpdSiteCheck:
    """Store a check; ``last_changed_at`` moves only when a successful fetch shows different content."""
    before = _previous(session, slug)
    changed_at = before.last_changed_at if before else None
    if result.ok and (before is None or (before.content_hash and before.content_hash != result.content_hash)):
        changed_at = now
    content_hash = result.content_hash or (before.content_hash if before else "")
    row = OpdSiteCheck(opd_slug=slug, url=url, checked_at=now, ok=result.ok, http_status=result.http_status,
                       response_ms=result.response_ms, content_hash=content_hash, last_changed_at=changed_at,
                       error=result.error)
    session.add(row)
    return row


def run_site_checks(sessions: sessionmaker[Session], clock: Clock, http: requests.Session,
                    timeout_s: float = 10.0, stop: threading.Event | None = None) -> int:
    """Check every active OPD that has a website; return how many were checked."""
    with sessions() as session:
        targets = list(session.execute(
            select(Opd.slug, Opd.website_url).where(Opd.active, Opd.website_url.is_not(None)).order_by(Opd.slug)
        ))
    done = 0
    for slug, url in targets:
        if stop is not None and stop.is_set():
            break
        if not url:
            continue
        result = check_url(http, url, timeout_s)
        with sessions() as session:
            store_check(session, clock(), slug, url, result)
            session.commit()
        done += 1
    return done


class SiteWatcher:
    """Runs :func:`run_site_checks` every ``interval_s`` seconds in a background thread until stopped."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, interval_s: float,
                 timeout_s: float = 10.0) -> None:
        """Nothing starts until :meth:`start`."""
        self._sessions = sessions
        self._clock = clock
        self._interval = interval_s
        self._timeout = timeout_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (first round right away)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="bsm-site-watch", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 15.0) -> None:
        """Ask the thread to finish its current fetch and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _loop(self) -> None:
        with requests.Session() as http:
            http.headers["User-Agent"] = "BaleSandiMaya-SiteWatch/1.0 (Diskominfo Kota Serang)"
            while not self._stop.is_set():
                try:
                    run_site_checks(self._sessions, self._clock, http, self._timeout, self._stop)
                except Exception:  # a broken round must not kill the watcher; the next one may succeed
                    log.exception("site watch round failed")
                self._stop.wait(self._interval)
