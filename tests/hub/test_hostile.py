"""Hostile and malformed input: every bad field is a clear 400 naming it; size, type and rate limits hold."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import func, select

from common.domain.models import Report
from tests.common.services.seeding import JAKARTA_POINT
from tests.hub.conftest import Hub
from tests.hub.helpers import api_error, check_error, form, post

FORM = "application/x-www-form-urlencoded"


MALFORMED: list[tuple[dict[str, str | None], str]] = [
    ({"lat": "abc"}, "lat"), ({"long": None}, "long"), ({"lat": "1" * 10_000}, "lat"),
    ({"lat": "NaN"}, "lat"), ({"long": "inf"}, "long"), ({"lat": "1e5"}, "lat"), ({"lat": "-91"}, "lat"),
    ({"lat": str(JAKARTA_POINT[0]), "long": str(JAKARTA_POINT[1])}, "outside Kota Serang"),
    ({"lat": None, "long": None}, "location"),
    ({"service_code": "tidak-ada"}, "service_code"), ({"service_code": None}, "service_code"),
    ({"description": "x" * 4001}, "4000"), ({"description": "<b>tebal</b>"}, "HTML"),
    ({"description": "a\x00b"}, "description"), ({"description": "bel\x07"}, "description"),
    ({"kelurahan": "36.73.99.9999", "lat": None, "long": None}, "kelurahan"),
    ({"kind": "keluhan"}, "kind"), ({"confidentiality": "terbuka"}, "confidentiality"),
    ({"severity": "parah"}, "severity"), ({"attribute[warna]": "merah"}, "attribute[warna]"),
    ({"client_request_id": "x" * 101}, "client_request_id"), ({"location_text": "<script>x</script>"}, "location_text"),
]


def test_malformed_fields_are_400_naming_the_field(hub: Hub, client: httpx.Client) -> None:
    for i, (fields, mention) in enumerate(MALFORMED):
        check_error(post(client, hub.keys.client.plaintext, "xml" if i % 2 else "json", **fields), 400,
                    "xml" if i % 2 else "json", mention)
    with hub.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0


def _raw(client: httpx.Client, body: bytes, content_type: str = FORM, fmt: str = "json") -> httpx.Response:
    return client.post(f"/open311/v2/requests.{fmt}", content=body, headers={"Content-Type": content_type})


def test_invalid_utf8_and_duplicates(hub: Hub, client: httpx.Client) -> None:
    key = hub.keys.client.plaintext.encode()
    base = b"api_key=" + key + b"&service_code=sampah&kelurahan=36.73.01.1002"
    check_error(_raw(client, base + b"&description=\xff\xfe"), 400, "json", "UTF-8")
    check_error(_raw(client, base + b"&description=%FF%FE", fmt="xml"), 400, "xml", "description")
    check_error(_raw(client, base + b"&description=a&description=b"), 400, "json", "more than once")
    check_error(_raw(client, base + b"&\xff=1"), 400, "json", "UTF-8")
    assert _raw(client, base + b"&description=" + "Lampu mati, ya 👍".encode()).status_code == 200


def test_wrong_content_types_are_415(hub: Hub, client: httpx.Client) -> None:
    key = hub.keys.client.plaintext
    check_error(client.post("/open311/v2/requests.json", json=form(key)), 415, "json", "Content-Type")
    check_error(_raw(client, b"api_key=x", "text/plain", "xml"), 415, "xml", "Content-Type")
    check_error(client.post("/open311/v2/requests.xml", content=b"x"), 415, "xml")
    api_error(client.post("/api/v1/skm", data={"answers": "1"}, headers={"X-API-Key": key}), 415)


def test_malformed_json_on_the_extension_api(hub: Hub, client: httpx.Client) -> None:
    headers = {"X-API-Key": hub.keys.kiosk.plaintext, "Content-Type": "application/json"}
    api_error(client.post("/api/v1/skm", content=b'{"answers": [1,', headers=headers), 400)
    api_error(client.post("/api/v1/skm", content=b'{"answers": ["\xff"]}', headers=headers), 400)
    api_error(client.post("/api/v1/skm", content=b'{"answers": [' + b"9" * 10_000 + b"]}", headers=headers), 400)
    api_error(client.post("/api/v1/skm", json={"answers": ["4"] * 9}, headers=headers), 400, "answers.0")
    api_error(client.post("/api/v1/skm", json={"answers": [4] * 9, "extra": 1}, headers=headers), 400, "extra")
    ppid = {"applicant": {"full_name": "Siti", "nik": "3673014507900001", "address": "Jl. A", "phone": "0812345678"},
            "information": "data\x00", "purpose": "x", "obtain_method": "softcopy", "delivery_method": "email"}
    api_error(client.post("/api/v1/ppid/requests", json=ppid, headers=headers), 400, "information")
    api_error(client.post("/api/v1/ppid/requests", json={**ppid, "obtain_method": "fax"}, headers=headers), 400,
              "obtain_method")


@pytest.fixture
def small_hub(start_hub: Callable[..., Hub]) -> Iterator[Hub]:
    yield start_hub(max_body_bytes=10_000, rate_limit_per_minute=5)


def test_body_limit_is_413(small_hub: Hub) -> None:
    with small_hub.client() as client:
        check_error(post(client, small_hub.keys.client.plaintext, description="x" * 20_000), 413, "json")

        def chunks() -> Iterator[bytes]:  # no Content-Length: cut off while streaming
            yield b"api_key=x&description="
            for _ in range(30):
                yield b"y" * 1000

        check_error(client.post("/open311/v2/requests.xml", content=chunks(), headers={"Content-Type": FORM}), 413,
                    "xml")
        api_error(client.post("/api/v1/skm", content=b"[" + b"1," * 20_000 + b"1]",
                              headers={"Content-Type": "application/json"}), 413)

        def json_chunks() -> Iterator[bytes]:
            yield b'{"answers": ['
            for _ in range(30):
                yield b"1," * 500
            yield b"1]}"

        api_error(client.post("/api/v1/skm", content=json_chunks(), headers={
            "Content-Type": "application/json", "X-API-Key": small_hub.keys.kiosk.plaintext}), 413)
    with small_hub.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0


def test_rate_limit_per_key_is_429_with_retry_after(small_hub: Hub) -> None:
    with small_hub.client() as client:
        statuses = [post(client, small_hub.keys.client.plaintext).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        limited = post(client, small_hub.keys.client.plaintext, "xml")
        check_error(limited, 429, "xml")
        assert int(limited.headers["Retry-After"]) >= 1
        assert post(client, small_hub.keys.rabeg.plaintext).status_code == 200  # other keys are not affected
