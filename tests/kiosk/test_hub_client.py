"""The HTTP contract with the hub, exercised against the fake hub on loopback."""

from __future__ import annotations

import pytest

from kiosk.hub_client import HubClient, HubHttpError, HubUnreachable
from tests.kiosk.conftest import KEY, closed_port
from tests.kiosk.support.fake_hub import FakeHub

COMPLAINT = {"service_code": "sampah", "description": "Sampah menumpuk tiga hari", "kelurahan": "36.73.01.1002",
             "location_text": "Kel. Cipare", "kind": "aduan", "confidentiality": "publik",
             "client_request_id": "c-1", "tracking_code": "KS7-22222-W", "lat": None, "email": ""}


def test_complaint_without_photo_is_form_encoded_and_replay_answers_the_same(fake_hub: FakeHub) -> None:
    client = HubClient(fake_hub.url, KEY)
    first = client.submit("complaint", COMPLAINT)
    again = client.submit("complaint", COMPLAINT)
    assert first == again == [{"service_request_id": "KS7-22222-W", "service_notice": "diterima", "account_id": None}]
    rows = fake_hub.rows()
    assert len(rows) == 1 and rows[0]["media_bytes"] == 0
    assert "lat" not in rows[0]["payload"] and "email" not in rows[0]["payload"], "empty fields are not sent"


def test_complaint_with_photo_is_multipart(fake_hub: FakeHub) -> None:
    client = HubClient(fake_hub.url, KEY)
    client.submit_complaint(COMPLAINT, b"\xff\xd8" + b"x" * 5000 + b"\xff\xd9")
    assert fake_hub.rows()[0]["media_bytes"] == 5004


def test_ppid_skm_heartbeat_whoami(fake_hub: FakeHub) -> None:
    client = HubClient(fake_hub.url, KEY)
    answer = client.submit("ppid", {"client_request_id": "p-1", "tracking_code": "KS7-22223-S", "kelurahan": "x",
                                    "opd": None, "applicant": {"full_name": "A"}, "information": "data",
                                    "purpose": "tugas", "obtain_method": "softcopy", "delivery_method": "email"})
    assert answer["tracking_code"] == "KS7-22223-S" and answer["nomor_pendaftaran"].startswith("PPID/")
    assert "id" in client.submit("skm", {"client_request_id": "s-1", "opd": None, "kelurahan": "x",
                                        "answers": [4] * 9})
    client.heartbeat(3, None, "1.0")
    assert fake_hub.heartbeats() == [{"queue_length": 3, "oldest_pending_at": None, "version": "1.0"}]
    assert client.whoami() == {"kelurahan": "36.73.01.1002", "tracking_prefix": "KS7"}


def test_status_found_unknown_mistyped(fake_hub: FakeHub) -> None:
    client = HubClient(fake_hub.url, KEY)
    client.submit("complaint", COMPLAINT)
    assert client.status("KS7-22222-W")["status"] == "diterima"
    with pytest.raises(HubHttpError) as unknown:
        client.status("KS7-22223-S")
    assert unknown.value.status == 404
    with pytest.raises(HubHttpError) as mistyped:
        client.status("KS7-22223-X")
    assert mistyped.value.status == 400


def test_errors_map_to_the_right_exceptions(fake_hub: FakeHub) -> None:
    with pytest.raises(HubUnreachable):
        HubClient(f"http://127.0.0.1:{closed_port()}", KEY).whoami()
    with pytest.raises(HubHttpError) as bad_key:
        HubClient(fake_hub.url, "nope").whoami()
    assert bad_key.value.status == 401
    fake_hub.behaviour.fail_500 = 1
    with pytest.raises(HubHttpError) as boom:
        HubClient(fake_hub.url, KEY).submit("complaint", COMPLAINT)
    assert boom.value.status == 500
    fake_hub.behaviour.drop_before = 1
    with pytest.raises(HubUnreachable):
        HubClient(fake_hub.url, KEY).submit("complaint", COMPLAINT)
