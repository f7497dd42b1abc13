"""Staff actions over HTTP: roles, OPD scoping, the status machine, history and audit, replays."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from common.domain.models import AuditEntry, StatusChange
from tests.hub.conftest import Hub
from tests.hub.helpers import api_error, check_request_json, create


def _act(client: httpx.Client, key: str, code: str, **body: object) -> httpx.Response:
    return client.post(f"/api/v1/staff/reports/{code}/actions", json=body, headers={"X-API-Key": key})


def test_full_life_cycle_shows_in_open311(hub: Hub, client: httpx.Client) -> None:
    code = create(client, hub.keys.client.plaintext)
    admin = hub.keys.admin.plaintext
    for action, extra in (("verify", {}), ("assign", {"opd": "dpupr"}), ("follow_up", {})):
        assert _act(client, admin, code, action=action, note=f"catatan {action}", **extra).status_code == 200
    item = client.get(f"/open311/v2/requests/{code}.json").json()[0]
    check_request_json(item)
    assert (item["status"], item["status_notes"]) == ("open", "catatan follow_up")
    hub.clock.advance(hours=3)
    done = _act(client, hub.keys.op_dpupr.plaintext, code, action="resolve", note="Sudah ditambal")
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["label_id"], body["label_en"], body["open"]) == ("selesai", "Selesai", "Resolved",
                                                                                   False)
    assert [h["status"] for h in body["history"]] == ["diterima", "terverifikasi", "didisposisi", "ditindaklanjuti",
                                                      "selesai"]
    item = client.get(f"/open311/v2/requests/{code}.json").json()[0]
    check_request_json(item)
    assert (item["status"], item["status_notes"], item["expected_datetime"]) == ("closed", "Sudah ditambal", None)
    assert item["updated_datetime"] > item["requested_datetime"]
    with hub.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "report.transition")) == 4


def test_illegal_transitions_are_refused_clearly(hub: Hub, client: httpx.Client) -> None:
    code = create(client, hub.keys.client.plaintext)
    error = api_error(_act(client, hub.keys.admin.plaintext, code, action="resolve"), 409)
    assert "'diterima'" in error["message"] and "'selesai'" in error["message"]
    assert "tidak dapat diubah" in error["message_id"]
    assert _act(client, hub.keys.admin.plaintext, code, action="verify").status_code == 200
    api_error(_act(client, hub.keys.admin.plaintext, code, action="assign"), 400, "opd")
    api_error(_act(client, hub.keys.admin.plaintext, code, action="assign", opd="tidak-ada"), 400, "opd")
    api_error(_act(client, hub.keys.admin.plaintext, code, action="terbang"), 400, "action")
    api_error(_act(client, hub.keys.admin.plaintext, "GR-22222-2", action="verify"), 404)


def test_roles_and_opd_scoping(hub: Hub, client: httpx.Client) -> None:
    code = create(client, hub.keys.client.plaintext)  # jalan-rusak: dpupr
    for key in (hub.keys.op_dlh.plaintext, hub.keys.client.plaintext, hub.keys.kiosk.plaintext, "", "bsm_x"):
        api_error(_act(client, key, code, action="verify"), 403)
    assert _act(client, hub.keys.op_dpupr.plaintext, code, action="verify").status_code == 200
    assert _act(client, hub.keys.admin.plaintext, code, action="assign", opd="dlh").status_code == 200
    api_error(_act(client, hub.keys.op_dpupr.plaintext, code, action="follow_up"), 403)
    assert _act(client, hub.keys.op_dlh.plaintext, code, action="follow_up").status_code == 200
    with hub.sessions() as session:
        assert session.scalar(select(func.count()).select_from(StatusChange)) == 4


def test_staff_action_replay_is_idempotent(hub: Hub, client: httpx.Client) -> None:
    code = create(client, hub.keys.client.plaintext)
    first = _act(client, hub.keys.admin.plaintext, code, action="verify", note="ok", client_request_id="a-1")
    hub.clock.advance(minutes=5)
    again = _act(client, hub.keys.admin.plaintext, code, action="verify", note="ok", client_request_id="a-1")
    assert first.status_code == again.status_code == 200 and first.content == again.content
    api_error(_act(client, hub.keys.admin.plaintext, create(client, hub.keys.client.plaintext), action="verify",
                   client_request_id="a-1"), 409)  # same id, other report
    with hub.sessions() as session:
        assert session.scalar(select(func.count()).select_from(StatusChange)) == 3
