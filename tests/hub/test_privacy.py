"""No personal value ever leaves through a read; rahasia reports stay hidden; sensitive places are generalised."""

from __future__ import annotations

import httpx

from common.domain.models import Kelurahan
from tests.common.services.seeding import CIPARE, CIPARE_POINT
from tests.hub.conftest import Hub
from tests.hub.helpers import check_error, create, post

PERSONAL = {
    "first_name": "Zulkarnaen", "last_name": "Pratamawijaya", "phone": "081299887766",
    "email": "zulkarnaen.rahasia@example.com", "nik": "3673014507900002",
    "address_string": "Jl. Kenari Nomor 77 RT 03 RW 05", "device_id": "device-XYZ-998877", "account_id": "acct-556677",
}
NEEDLES = [*PERSONAL.values(), "6281299887766", "99887766", "Kenari", "Kumis", "Saya melapor"]


def _public_bodies(client: httpx.Client, codes: list[str]) -> dict[str, str]:
    paths = ["/open311/v2/discovery.xml", "/open311/v2/services.json", "/open311/v2/services/kesehatan.xml",
             "/open311/v2/requests.json", "/open311/v2/requests.xml", "/api/v1/skm/ikm", "/healthz",
             "/openapi.json"]
    for code in codes:
        paths += [f"/open311/v2/requests/{code}.json", f"/open311/v2/requests/{code}.xml",
                  f"/open311/v2/tokens/{code}.json", f"/api/v1/status/{code}"]
    return {path: client.get(path).text for path in paths}


def test_no_personal_value_in_any_public_read(hub: Hub, client: httpx.Client) -> None:
    report = create(client, hub.keys.client.plaintext, description="Saya melapor jalan rusak",
                    location_text="Depan rumah Pak Kumis", **PERSONAL)
    ppid = client.post("/api/v1/ppid/requests", headers={"X-API-Key": hub.keys.client.plaintext}, json={
        "applicant": {"full_name": "Zulkarnaen Pratamawijaya", "nik": PERSONAL["nik"],
                      "address": PERSONAL["address_string"], "phone": PERSONAL["phone"], "email": PERSONAL["email"]},
        "information": "Data anggaran", "purpose": "Penelitian", "obtain_method": "softcopy",
        "delivery_method": "email"}).json()
    calls = client.post("/api/v1/calls112/batch", headers={"X-API-Key": hub.keys.rabeg.plaintext}, json={"calls": [
        {"external_id": "x1", "received_at": hub.clock().isoformat(), "class": "real", "category": "kebakaran",
         "kelurahan": CIPARE, "caller_number": PERSONAL["phone"]}]})
    assert calls.status_code == 200
    codes = [report, ppid["tracking_code"]]
    for path, body in _public_bodies(client, codes).items():
        for needle in NEEDLES:
            assert needle not in body, f"{needle!r} leaked through {path}"


def test_rahasia_reports_never_appear_in_public_reads(hub: Hub, client: httpx.Client) -> None:
    secret = create(client, hub.keys.client.plaintext, confidentiality="rahasia")
    public = create(client, hub.keys.client.plaintext, **{"attribute[confidentiality]": "publik"})
    listed = [r["service_request_id"] for r in client.get("/open311/v2/requests.json").json()]
    assert listed == [public]
    assert client.get("/open311/v2/requests.json", params={"service_request_id": secret}).json() == []
    for fmt in ("json", "xml"):
        check_error(client.get(f"/open311/v2/requests/{secret}.{fmt}"), 404, fmt)
        check_error(client.get(f"/open311/v2/tokens/{secret}.{fmt}"), 404, fmt)
    status = client.get(f"/api/v1/status/{secret}").json()  # the citizen holding the receipt sees progress only
    assert status["service"] == "" and all(h["note"] == "" for h in status["history"])


def test_sensitive_services_show_the_kelurahan_centroid(hub: Hub, client: httpx.Client) -> None:
    exact = (-6.1262, 106.1631)
    health = create(client, hub.keys.client.plaintext, service_code="kesehatan", lat=str(exact[0]),
                    long=str(exact[1]))
    road = create(client, hub.keys.client.plaintext, lat=str(exact[0]), long=str(exact[1]))
    with hub.sessions() as session:
        kel = session.get(Kelurahan, CIPARE)
        assert kel is not None
        centroid = (kel.lat, kel.lng)
    items = {r["service_request_id"]: r for r in client.get("/open311/v2/requests.json").json()}
    assert (items[health]["lat"], items[health]["long"]) == centroid != exact
    assert (items[road]["lat"], items[road]["long"]) == exact
    xml = client.get(f"/open311/v2/requests/{health}.xml").text
    assert str(exact[0]) not in xml and str(exact[1]) not in xml
    assert CIPARE_POINT  # the seeding point is the Cipare centroid itself


def test_description_only_after_moderation(hub: Hub, client: httpx.Client) -> None:
    code = create(client, hub.keys.client.plaintext, description="Saya melapor, rumah saya di Jl. Kenari")
    assert client.get(f"/open311/v2/requests/{code}.json").json()[0]["description"] == ""
    response = client.post(f"/api/v1/staff/reports/{code}/actions", headers={"X-API-Key": hub.keys.admin.plaintext},
                           json={"action": "moderate", "moderated_description": "Jalan rusak dekat pasar"})
    assert response.status_code == 200, response.text
    assert client.get(f"/open311/v2/requests/{code}.json").json()[0]["description"] == "Jalan rusak dekat pasar"
    assert "Jalan rusak dekat pasar" in client.get(f"/open311/v2/requests/{code}.xml").text


def test_personal_fields_are_validated(hub: Hub, client: httpx.Client) -> None:
    for field, value in (("nik", "1234"), ("phone", "nomor saya"), ("email", "a@b"), ("first_name", "<b>x</b>")):
        check_error(post(client, hub.keys.client.plaintext, **{field: value}), 400, "json", field)
