"""The extension API over HTTP: PPID, SKM/IKM, Siaga 112 batches, kiosks, the public status page, OpenAPI."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import event, func, select

from common.domain.models import BlockedCaller, Report
from common.rules.tracking import format_code
from common.rules.working_days import WorkingCalendar
from common.services.keys import identify
from tests.common.services.seeding import CIPARE
from tests.hub.conftest import Hub
from tests.hub.helpers import api_error, create

PPID = {"applicant": {"full_name": "Siti Aminah", "nik": "3673014507900001", "address": "Jl. Mawar 1",
                      "phone": "081234567891"},
        "information": "Data APBD 2025", "purpose": "Penelitian", "obtain_method": "softcopy",
        "delivery_method": "email", "opd": "bappeda"}


def _h(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def test_ppid_request_deadlines_extension_and_decision(hub: Hub, client: httpx.Client,
                                                       calendar: WorkingCalendar) -> None:
    receipt = client.post("/api/v1/ppid/requests", json={**PPID, "client_request_id": "p1"},
                          headers=_h(hub.keys.client.plaintext))
    assert receipt.status_code == 200, receipt.text
    body = receipt.json()
    assert body["nomor_pendaftaran"] == "PPID-2026-000001" and body["tracking_code"].startswith("PW-")
    due = datetime.fromisoformat(body["due_at"])
    assert due == calendar.add_working_days(hub.clock(), 10).replace(microsecond=0)  # seconds on the wire
    replay = client.post("/api/v1/ppid/requests", json={**PPID, "client_request_id": "p1"},
                         headers=_h(hub.keys.client.plaintext))
    assert replay.content == receipt.content
    nomor, admin = body["nomor_pendaftaran"], _h(hub.keys.admin.plaintext)
    api_error(client.post(f"/api/v1/staff/ppid/{nomor}/extend", json={"reason": "x"},
                          headers=_h(hub.keys.op_dpupr.plaintext)), 403)
    extended = client.post(f"/api/v1/staff/ppid/{nomor}/extend", json={"reason": "Arsip di gudang"}, headers=admin)
    assert extended.status_code == 200, extended.text
    assert datetime.fromisoformat(extended.json()["due_at"]) == calendar.add_working_days(due, 7).replace(microsecond=0)
    api_error(client.post(f"/api/v1/staff/ppid/{nomor}/extend", json={"reason": "lagi"}, headers=admin), 409)
    api_error(client.post(f"/api/v1/staff/ppid/{nomor}/decision", json={"decision": "ditolak"}, headers=admin), 400,
              "exemption_ground")
    decided = client.post(f"/api/v1/staff/ppid/{nomor}/decision", headers=admin, json={
        "decision": "ditolak", "exemption_ground": "Pasal 17 UU 14/2008"})
    assert decided.json()["decision"] == "ditolak" and decided.json()["status"] == "selesai"
    assert client.post(f"/api/v1/staff/ppid/{nomor}/keberatan", json={"reason": "Keberatan"},
                       headers=admin).status_code == 200
    assert client.post(f"/api/v1/staff/ppid/{nomor}/keberatan-decision", json={"note": "Dikuatkan"},
                       headers=admin).status_code == 200
    status = client.get(f"/api/v1/status/{body['tracking_code']}").json()
    assert status["kind"] == "ppid" and [h["status"] for h in status["history"]] == [
        "diterima", "diproses", "diperpanjang", "selesai"]
    api_error(client.post("/api/v1/ppid/requests", json=PPID, headers=_h(hub.keys.admin.plaintext)), 403)


def test_skm_and_ikm(hub: Hub, client: httpx.Client) -> None:
    answers = [[4, 3, 3, 4, 3, 3, 4, 3, 3], [3, 3, 3, 3, 3, 3, 3, 3, 3]]
    ids = [client.post("/api/v1/skm", json={"opd": "dpupr", "answers": a, "client_request_id": f"s{i}"},
                       headers=_h(hub.keys.kiosk.plaintext)).json()["id"] for i, a in enumerate(answers)]
    again = client.post("/api/v1/skm", json={"opd": "dpupr", "answers": answers[0], "client_request_id": "s0"},
                        headers=_h(hub.keys.kiosk.plaintext)).json()["id"]
    assert again == ids[0] and len(set(ids)) == 2
    api_error(client.post("/api/v1/skm", json={"opd": "dpupr", "answers": [5] * 9},
                          headers=_h(hub.keys.kiosk.plaintext)), 400, "answers[0]")
    ikm = client.get("/api/v1/skm/ikm", params={"opd": "dpupr"}).json()
    assert ikm["responses"] == 2 and [e["nrr"] for e in ikm["elements"]][:2] == [3.5, 3.0]
    assert ikm["ikm_rounded"] == 79.17 and ikm["grade"] == "B" and ikm["label_id"] == "Baik"
    empty = client.get("/api/v1/skm/ikm", params={"opd": "dlh", "start": hub.clock().isoformat()}).json()
    assert empty["responses"] == 0 and empty["ikm"] is None
    api_error(client.get("/api/v1/skm/ikm", params={"start": "2026-01-01T00:00:00"}), 400, "start")


def _calls(hub: Hub, n: int, cls: str = "prank", start: int = 0) -> list[dict[str, Any]]:
    return [{"external_id": f"c{i}", "received_at": (hub.clock() + timedelta(minutes=i)).isoformat(), "class": cls,
             "category": "kebakaran", "kelurahan": CIPARE, "caller_number": "0812 7777 6666"}
            for i in range(start, start + n)]


def test_112_batches_are_idempotent_and_block_repeat_callers(hub: Hub, client: httpx.Client) -> None:
    key = _h(hub.keys.rabeg.plaintext)
    first = client.post("/api/v1/calls112/batch", json={"calls": _calls(hub, 4)}, headers=key).json()
    assert first == {"received": 4, "imported": 4, "duplicates": 0, "blocked_calls": 0, "reports_created": 0}
    second = client.post("/api/v1/calls112/batch", json={"calls": _calls(hub, 4) + _calls(hub, 3, "real", 4)},
                         headers=key).json()
    assert second == {"received": 7, "imported": 3, "duplicates": 4, "blocked_calls": 2, "reports_created": 3}
    with hub.sessions() as session:
        assert session.scalar(select(func.count()).select_from(BlockedCaller)) == 1
        assert session.scalar(select(func.count()).select_from(Report)) == 3
    api_error(client.post("/api/v1/calls112/batch", json={"calls": _calls(hub, 1)},
                          headers=_h(hub.keys.kiosk.plaintext)), 403)
    bad = [{**_calls(hub, 1)[0], "received_at": "2026-03-02T10:00:00"}]
    api_error(client.post("/api/v1/calls112/batch", json={"calls": bad}, headers=key), 400, "calls.0.received_at")


def test_kiosk_heartbeat_and_whoami(hub: Hub, client: httpx.Client) -> None:
    kiosk = _h(hub.keys.kiosk.plaintext)
    who = client.get("/api/v1/kiosk/whoami", headers=kiosk).json()
    with hub.sessions() as session:
        ident = identify(session, hub.keys.kiosk.plaintext)
    assert ident is not None
    assert who == {"kelurahan": CIPARE, "kelurahan_name": "Cipare", "tracking_prefix": ident.kiosk_prefix,
                   "name": "Kiosk Cipare", "next_counter": 0}
    beat = client.post("/api/v1/kiosk/heartbeat", json={"queue_length": 3, "version": "1.2.0",
                                                       "oldest_pending_at": hub.clock().isoformat()}, headers=kiosk)
    assert datetime.fromisoformat(beat.json()["server_time"]) == hub.clock()
    assert (beat.json()["tracking_prefix"], beat.json()["next_counter"]) == (ident.kiosk_prefix, 0)
    # Codes on both sides of the digit/letter boundary of the alphabet ("22229" < "2222A"): max() is numeric.
    prefix = ident.kiosk_prefix or ""
    for counter in (8, 7):
        create(client, hub.keys.kiosk.plaintext, tracking_code=format_code(prefix, counter), lat=None, long=None)
    create(client, hub.keys.kiosk2.plaintext)  # another kiosk's codes never count
    beat = client.post("/api/v1/kiosk/heartbeat", json={"queue_length": 0, "version": "1.2.0"}, headers=kiosk)
    assert beat.json()["next_counter"] == 9
    assert client.get("/api/v1/kiosk/whoami", headers=kiosk).json()["next_counter"] == 9
    api_error(client.post("/api/v1/kiosk/heartbeat", json={"queue_length": -1}, headers=kiosk), 400, "queue_length")
    api_error(client.get("/api/v1/kiosk/whoami", headers=_h(hub.keys.client.plaintext)), 403)


def test_status_page(hub: Hub, client: httpx.Client) -> None:
    code = create(client, hub.keys.client.plaintext)
    status = client.get(f"/api/v1/status/{code.lower().replace('-', ' ')}").json()
    assert (status["kind"], status["tracking_code"], status["status"], status["label_en"]) == (
        "report", code, "diterima", "Received")
    assert status["opd"] == "Dinas Pekerjaan Umum dan Penataan Ruang" and status["due_at"]
    statements: list[str] = []
    listener = lambda *args: statements.append(str(args[2]))  # noqa: E731
    event.listen(hub.engine, "before_cursor_execute", listener)
    try:
        typo = code[:-1] + ("2" if code[-1] != "2" else "3")
        error = api_error(client.get(f"/api/v1/status/{typo}"), 400, "tracking_code")
        assert "salah ketik" in error["message_id"].lower()
        assert statements == []  # refused without touching the database
    finally:
        event.remove(hub.engine, "before_cursor_execute", listener)
    api_error(client.get(f"/api/v1/status/{format_code('GR', 999)}"), 404)


def test_openapi_documents_every_route_and_the_privacy_rules(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in ("/open311/v2/requests.{fmt}", "/open311/v2/requests/{service_request_id}.{fmt}",
                 "/open311/v2/discovery.{fmt}", "/open311/v2/services/{service_code}.{fmt}",
                 "/open311/v2/tokens/{token}.{fmt}", "/api/v1/ppid/requests", "/api/v1/skm", "/api/v1/skm/ikm",
                 "/api/v1/calls112/batch", "/api/v1/kiosk/heartbeat", "/api/v1/kiosk/whoami",
                 "/api/v1/status/{tracking_code}", "/api/v1/staff/reports/{tracking_code}/actions",
                 "/api/v1/staff/ppid/{nomor}/decision", "/api/v1/staff/ppid/{nomor}/extend",
                 "/api/v1/staff/ppid/{nomor}/keberatan", "/api/v1/staff/ppid/{nomor}/keberatan-decision",
                 "/healthz"):
        assert path in paths, path
    text = spec["paths"]["/open311/v2/requests.{fmt}"]["get"]["description"]
    assert "moderator" in text and "rahasia" in text
    assert "application/x-www-form-urlencoded" in spec["paths"]["/open311/v2/requests.{fmt}"]["post"][
        "requestBody"]["content"]
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
