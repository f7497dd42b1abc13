"""Open311 GeoReport v2 reads over real HTTP, in JSON and XML, checked field by field against the spec."""

from __future__ import annotations

from datetime import timedelta

import httpx

from tests.hub.conftest import Hub
from tests.hub.helpers import (
    SERVICE_FIELDS,
    check_error,
    check_request_json,
    check_request_xml,
    create,
    xml_root,
)


def test_discovery_json_and_xml(hub: Hub, client: httpx.Client) -> None:
    body = client.get("/open311/v2/discovery.json").json()
    assert tuple(body) == ("changeset", "contact", "key_service", "endpoints")
    (endpoint,) = body["endpoints"]
    assert tuple(endpoint) == ("specification", "url", "changeset", "type", "formats")
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == f"{hub.url}/open311/v2" and endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml_root(client.get("/open311/v2/discovery.xml"))
    assert root.tag == "discovery" and [c.tag for c in root] == list(body)
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == endpoint["formats"]  # type: ignore[union-attr]


def test_service_list_json_and_xml(client: httpx.Client) -> None:
    services = client.get("/open311/v2/services.json").json()
    assert len(services) >= 20 and all(tuple(s) == SERVICE_FIELDS for s in services)
    road = next(s for s in services if s["service_code"] == "jalan-rusak")
    assert road["metadata"] is False and road["type"] == "realtime" and road["group"] == "infrastruktur"
    assert road["keywords"] == "jalan, lubang, aspal, rusak"
    root = xml_root(client.get("/open311/v2/services.xml"))
    assert root.tag == "services" and len(root) == len(services)
    first = root[0]
    assert first.tag == "service" and [c.tag for c in first] == list(SERVICE_FIELDS)
    assert first.findtext("metadata") == "false" and first.findtext("type") == "realtime"


def test_service_definition_json_and_xml(client: httpx.Client) -> None:
    body = client.get("/open311/v2/services/jalan-rusak.json").json()
    assert body["service_code"] == "jalan-rusak"
    kind, confidentiality = body["attributes"]
    assert tuple(kind) == ("variable", "code", "datatype", "required", "datatype_description", "order",
                           "description", "values")
    assert (kind["code"], kind["datatype"], kind["required"], kind["order"]) == ("kind", "singlevaluelist", False, 1)
    assert [v["key"] for v in kind["values"]] == ["aduan", "laporan", "saran", "pendapat"]
    assert [v["key"] for v in confidentiality["values"]] == ["anonim", "rahasia", "publik"]
    root = xml_root(client.get("/open311/v2/services/jalan-rusak.xml"))
    assert root.tag == "service_definition" and [c.tag for c in root] == ["service_code", "attributes"]
    attribute = root.find("attributes/attribute")
    assert attribute is not None and attribute.findtext("code") == "kind"
    assert [v.findtext("key") for v in attribute.findall("values/value")] == ["aduan", "laporan", "saran", "pendapat"]
    check_error(client.get("/open311/v2/services/tidak-ada.json"), 404, "json", "service_code")
    check_error(client.get("/open311/v2/services/tidak-ada.xml"), 404, "xml", "service_code")


def test_requests_list_and_single_in_both_formats(hub: Hub, client: httpx.Client) -> None:
    codes = [create(client, hub.keys.rabeg.plaintext) for _ in range(3)]
    listed = client.get("/open311/v2/requests.json").json()
    assert [item["service_request_id"] for item in listed] == list(reversed(codes))  # newest first
    for item in listed:
        check_request_json(item)
        assert item["status"] == "open" and item["agency_responsible"].startswith("Dinas Pekerjaan Umum")
        assert item["address"] == "Cipare, Kec. Serang, Kota Serang" and item["address_id"] == "36.73.01.1002"
    root = xml_root(client.get("/open311/v2/requests.xml"))
    assert root.tag == "service_requests" and len(root) == 3
    texts = [check_request_xml(r) for r in root]
    assert [t["service_request_id"] for t in texts] == list(reversed(codes))
    single = client.get(f"/open311/v2/requests/{codes[0]}.json").json()
    assert isinstance(single, list) and len(single) == 1 and single[0] == listed[-1]
    (one,) = xml_root(client.get(f"/open311/v2/requests/{codes[0].lower()}.xml"))  # codes are case-insensitive
    assert check_request_xml(one)["service_request_id"] == codes[0]
    token = client.get(f"/open311/v2/tokens/{codes[0]}.json").json()
    assert token == [{"service_request_id": codes[0], "token": codes[0]}]
    (tok,) = xml_root(client.get(f"/open311/v2/tokens/{codes[0]}.xml"))
    assert [c.tag for c in tok] == ["service_request_id", "token"]


def test_request_filters(hub: Hub, client: httpx.Client) -> None:
    first = create(client, hub.keys.rabeg.plaintext)
    hub.clock.advance(days=2)
    second = create(client, hub.keys.rabeg.plaintext, service_code="sampah")
    ids = lambda params: [r["service_request_id"] for r in client.get("/open311/v2/requests.json",  # noqa: E731
                                                                       params=params).json()]
    assert ids({"service_request_id": f"{first},{second},GR-22222-2"}) == [second, first]
    assert ids({"service_code": "sampah"}) == [second]
    assert ids({"status": "closed"}) == [] and ids({"status": "open"}) == [second, first]
    start = (hub.clock() - timedelta(days=1)).isoformat()
    assert ids({"start_date": start}) == [second]
    assert ids({"end_date": start.replace("+00:00", "Z")}) == [first]
    assert ids({"page_size": "1"}) == [second] and ids({"page_size": "1", "page": "2"}) == [first]
    hub.clock.advance(days=91)
    assert ids({}) == []  # default: the last 90 days


BAD_QUERIES: list[tuple[dict[str, str], str]] = [
    ({"start_date": "kemarin"}, "start_date"), ({"start_date": "2026-01-01T00:00:00"}, "start_date"),
    ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "90 days"),
    ({"start_date": "2026-01-02T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "end_date"),
    ({"status": "pending"}, "status"), ({"page_size": "5000"}, "page_size"), ({"page": "-1"}, "page"),
    ({"page": "9" * 10_000}, "page"), ({"jurisdiction_id": "jakarta.go.id"}, "jurisdiction_id"),
]


def test_bad_query_parameters_are_open311_errors(client: httpx.Client) -> None:
    for params, mention in BAD_QUERIES:
        for fmt in ("json", "xml"):
            status = 404 if "jurisdiction_id" in params else 400
            check_error(client.get(f"/open311/v2/requests.{fmt}", params=params), status, fmt, mention)


def test_unknown_ids_formats_and_routes(client: httpx.Client) -> None:
    check_error(client.get("/open311/v2/requests/GR-22222-2.json"), 404, "json", "service_request_id")
    check_error(client.get("/open311/v2/tokens/nope.xml"), 404, "xml", "token")
    check_error(client.get("/open311/v2/services.html"), 404, "xml", "format")
    check_error(client.get("/open311/v2/nothing.json"), 404, "json")
    assert client.get("/open311/v2/services.json", params={"jurisdiction_id": "serangkota.go.id"}).status_code == 200
