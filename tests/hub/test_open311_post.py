"""POST requests as Open311 clients send it: form-encoded, keys, replays, kiosk codes, a generic client flow."""

from __future__ import annotations

import json
import threading
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import httpx
from sqlalchemy import func, select

from common.domain.enums import Channel, ReportKind
from common.domain.models import Report, ReporterContact
from common.rules.tracking import format_code, parse_code
from common.services.keys import identify, revoke_key
from tests.hub.conftest import Hub
from tests.hub.helpers import check_error, form, post, xml_root

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _count(hub: Hub) -> int:
    with hub.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Report)) or 0)


def test_generic_open311_client_flow(hub: Hub) -> None:
    """discovery -> services -> POST (form-encoded, urllib) -> GET requests/{id}, as any Open311 client does."""
    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=10) as response:
            return bytes(response.read())

    discovery = ET.fromstring(fetch(f"{hub.url}/open311/v2/discovery.xml"))
    endpoint = discovery.findtext("endpoints/endpoint/url")
    assert endpoint == f"{hub.url}/open311/v2"
    services = ET.fromstring(fetch(f"{endpoint}/services.xml"))
    code = next(s.findtext("service_code") for s in services if s.findtext("metadata") == "false")
    body = urlencode({"api_key": hub.keys.client.plaintext, "jurisdiction_id": "serangkota.go.id",
                      "service_code": code, "lat": "-6.125469", "long": "106.162736",
                      "address_string": "Jl. Mawar 1 RT 02", "email": "warga@example.com", "device_id": "tt222111",
                      "account_id": "123456", "first_name": "John", "last_name": "Smith", "phone": "081234567890",
                      "description": "A large sinkhole is destroying the street",
                      "media_url": "http://example.com/photo.jpg", "attribute[kind]": "laporan"}).encode()
    request = urllib.request.Request(f"{endpoint}/requests.xml", data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200 and response.headers["Content-Type"] == "text/xml; charset=utf-8"
        created = ET.fromstring(response.read())
    assert created.tag == "service_requests"
    (item,) = created
    assert [c.tag for c in item] == ["service_request_id", "service_notice", "account_id"]
    assert item.findtext("account_id") in (None, "")
    request_id = item.findtext("service_request_id") or ""
    (found,) = ET.fromstring(fetch(f"{endpoint}/requests/{request_id}.xml"))
    assert found.findtext("service_request_id") == request_id and found.findtext("status") == "open"
    with hub.sessions() as session:
        report = session.scalars(select(Report).where(Report.tracking_code == request_id)).one()
        assert report.kind is ReportKind.LAPORAN and report.channel is Channel.OPEN311
        contact = session.scalars(select(ReporterContact)).one()
        assert (contact.name, contact.email, contact.address, contact.device_id, contact.account_id) == (
            "John Smith", "warga@example.com", "Jl. Mawar 1 RT 02", "tt222111", "123456")


def test_post_answer_json_and_channel_prefix(hub: Hub, client: httpx.Client) -> None:
    answer = post(client, hub.keys.rabeg.plaintext)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json; charset=utf-8"
    (item,) = answer.json()
    assert tuple(item) == ("service_request_id", "service_notice", "account_id") and item["account_id"] is None
    assert parse_code(item["service_request_id"]).prefix == "RB"  # the Rabeg channel's own prefix
    assert item["service_request_id"] in item["service_notice"]


def test_multipart_with_media_is_accepted(hub: Hub, client: httpx.Client) -> None:
    response = client.post("/open311/v2/requests.json", data=form(hub.keys.client.plaintext),
                           files={"media": ("foto.png", PNG, "image/png")})
    assert response.status_code == 200, response.text
    with hub.sessions() as session:
        photo = session.scalars(select(Report.photo_path)).one()
    assert photo is not None and photo.endswith(".png")
    bad = client.post("/open311/v2/requests.json", data=form(hub.keys.client.plaintext),
                      files={"media": ("x.exe", b"MZ\x90\x00", "application/octet-stream")})
    check_error(bad, 400, "json", "media")


def test_uploads_no_report_keeps_are_deleted(hub: Hub, client: httpx.Client) -> None:
    from pathlib import Path

    def files() -> set[str]:
        folder = Path(hub.config.data_dir) / "media"
        return {str(p) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()

    fields = {**form(hub.keys.client.plaintext), "client_request_id": "foto-1"}
    first = client.post("/open311/v2/requests.json", data=fields, files={"media": ("foto.png", PNG, "image/png")})
    assert first.status_code == 200, first.text
    kept = files()
    assert len(kept) == 1
    replay = client.post("/open311/v2/requests.json", data=fields, files={"media": ("foto.png", PNG, "image/png")})
    assert replay.content == first.content and files() == kept, "a replay stores no second photo"
    with hub.sessions() as session:
        kiosk = identify(session, hub.keys.kiosk.plaintext)
    assert kiosk is not None and kiosk.kiosk_prefix
    code = format_code(kiosk.kiosk_prefix, 77)
    assert post(client, hub.keys.kiosk.plaintext, tracking_code=code, lat=None, long=None).status_code == 200
    clash = client.post("/open311/v2/requests.json", data={**form(hub.keys.kiosk.plaintext), "tracking_code": code,
                                                            "lat": "", "long": ""},
                        files={"media": ("foto.png", PNG, "image/png")})
    check_error(clash, 409, "json", "tracking_code")
    assert files() == kept, "the photo of a refused report is not kept"


def test_missing_unknown_forged_and_revoked_keys_are_403(hub: Hub, client: httpx.Client) -> None:
    good = hub.keys.client.plaintext
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    for fmt in ("json", "xml"):
        for key in (None, "", "bsm_channel_deadbeef_" + "x" * 32, forged, hub.keys.revoked.plaintext, "junk"):
            check_error(post(client, key, fmt) if key is not None else client.post(
                f"/open311/v2/requests.{fmt}", data=form("", api_key=None)), 403, fmt, "api_key")
    assert _count(hub) == 0


def test_revocation_takes_effect_after_the_cache_period(start_hub: object) -> None:
    hub = start_hub(key_cache_ttl_s=0.2)  # type: ignore[operator]
    with hub.client() as client:
        assert post(client, hub.keys.client.plaintext).status_code == 200
        with hub.sessions() as session:
            revoke_key(session, hub.clock, hub.keys.client.prefix)
            session.commit()
        threading.Event().wait(0.3)
        check_error(post(client, hub.keys.client.plaintext), 403, "json", "api_key")


def test_replay_returns_the_first_answer_byte_for_byte(hub: Hub, client: httpx.Client) -> None:
    key = hub.keys.client.plaintext
    first = post(client, key, client_request_id="kiosk-42")
    again = post(client, key, client_request_id="kiosk-42", description="changed text")
    by_header = post(client, key, headers={"Idempotency-Key": "kiosk-42"})
    other_format = post(client, key, "xml", client_request_id="kiosk-42")
    assert first.status_code == again.status_code == by_header.status_code == 200
    assert first.content == again.content == by_header.content == other_format.content
    assert _count(hub) == 1
    assert post(client, hub.keys.rabeg.plaintext, client_request_id="kiosk-42").content != first.content
    assert _count(hub) == 2  # ids are per key


def test_concurrent_identical_requests_create_one_report(hub: Hub) -> None:
    answers: list[bytes] = []
    lock = threading.Lock()
    barrier = threading.Barrier(6)

    def worker() -> None:
        with hub.client() as client:
            barrier.wait()
            response = post(client, hub.keys.client.plaintext, client_request_id="double-tap")
        with lock:
            answers.append(response.content if response.status_code == 200 else response.text.encode())

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(answers)) == 1 and json.loads(answers[0])[0]["service_request_id"]
    assert _count(hub) == 1


def test_kiosk_codes_only_with_the_kiosks_own_prefix(hub: Hub, client: httpx.Client) -> None:
    with hub.sessions() as session:
        kiosk = identify(session, hub.keys.kiosk.plaintext)
        other = identify(session, hub.keys.kiosk2.plaintext)
    assert kiosk and other and kiosk.kiosk_prefix and other.kiosk_prefix
    own = format_code(kiosk.kiosk_prefix, 5)
    answer = post(client, hub.keys.kiosk.plaintext, tracking_code=own, lat=None, long=None)
    assert answer.json()[0]["service_request_id"] == own
    with hub.sessions() as session:
        report = session.scalars(select(Report)).one()
        assert report.kelurahan_kode == kiosk.kiosk_kelurahan and report.channel is Channel.KIOSK
    check_error(post(client, hub.keys.kiosk.plaintext, tracking_code=format_code(other.kiosk_prefix, 5)), 400,
                "json", "tracking_code")
    check_error(post(client, hub.keys.client.plaintext, tracking_code=format_code(kiosk.kiosk_prefix, 6)), 400,
                "json", "tracking_code")
    check_error(post(client, hub.keys.kiosk.plaintext, tracking_code=own[:-1] + ("2" if own[-1] != "2" else "3")),
                400, "json", "tracking_code")
    check_error(post(client, hub.keys.kiosk.plaintext, tracking_code=own, client_request_id="other"), 409, "json")
    without = post(client, hub.keys.kiosk.plaintext)
    assert parse_code(without.json()[0]["service_request_id"]).prefix == "KH"


def test_xml_post_answer(hub: Hub, client: httpx.Client) -> None:
    root = xml_root(post(client, hub.keys.client.plaintext, "xml"))
    assert root.tag == "service_requests" and [c.tag for c in root[0]] == [
        "service_request_id", "service_notice", "account_id"]
    assert root[0].find("account_id") is not None and not root[0].findtext("account_id")
