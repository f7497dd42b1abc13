"""The OPD website watcher against a local web server: status, timing, content changes, sites that are down."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from sqlalchemy import select

from common.domain.models import Opd, OpdSiteCheck
from common.services.sitewatch import SiteWatcher, content_fingerprint, run_site_checks
from tests.common.services.conftest import World
from tests.support.procs import free_port

INITIAL = b"<html><script>var t=1;</script><p>Berita   hari ini</p></html>"


class _Site:
    body = INITIAL
    status = 200


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(_Site.status)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(_Site.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    _Site.body = INITIAL
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_fingerprint_ignores_markup_and_scripts() -> None:
    assert content_fingerprint(b"<p>Berita hari ini</p><script>x=2</script>") == content_fingerprint(
        b"<div>Berita\n hari ini</div>")


def _checks(world: World, slug: str) -> list[OpdSiteCheck]:
    with world.sessions() as session:
        return list(session.scalars(select(OpdSiteCheck).where(OpdSiteCheck.opd_slug == slug)
                                    .order_by(OpdSiteCheck.id)))


def test_checks_record_status_and_content_changes(world: World, site: str) -> None:
    with world.sessions() as session:
        session.get(Opd, "dlh").website_url = site  # type: ignore[union-attr]
        session.get(Opd, "dinkes").website_url = f"http://127.0.0.1:{free_port()}/"  # type: ignore[union-attr]
        session.commit()
    with requests.Session() as http:
        assert run_site_checks(world.sessions, world.clock, http, timeout_s=2) == 2
        first_time = world.clock()
        world.clock.advance(hours=1)
        run_site_checks(world.sessions, world.clock, http, timeout_s=2)  # unchanged
        _Site.body = b"<p>Berita baru</p>"
        world.clock.advance(hours=1)
        run_site_checks(world.sessions, world.clock, http, timeout_s=2)
    checks = _checks(world, "dlh")
    assert [c.ok for c in checks] == [True, True, True] and checks[0].http_status == 200
    assert [c.last_changed_at for c in checks] == [first_time, first_time, world.clock()]
    assert checks[0].response_ms is not None
    down = _checks(world, "dinkes")
    assert not down[0].ok and down[0].http_status is None and down[0].error


def test_watcher_thread_starts_and_stops(world: World, site: str) -> None:
    with world.sessions() as session:
        session.get(Opd, "dlh").website_url = site  # type: ignore[union-attr]
        session.commit()
    watcher = SiteWatcher(world.sessions, world.clock, interval_s=3600, timeout_s=2)
    watcher.start()
    for _ in range(100):
        if _checks(world, "dlh"):
            break
        threading.Event().wait(0.05)
    watcher.stop()
    assert len(_checks(world, "dlh")) == 1
