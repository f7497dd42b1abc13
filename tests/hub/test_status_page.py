"""The HTML status page behind the receipt's QR code: escaped, no personal data, clear errors."""

from __future__ import annotations

import httpx

from common.rules.tracking import format_code
from tests.hub.conftest import Hub
from tests.hub.helpers import create


def test_page_shows_status_and_escapes_staff_notes(hub: Hub, client: httpx.Client) -> None:
    code = create(client, hub.keys.client.plaintext, first_name="Siti", last_name="Zulaikha",
                  phone="081298765432", email="siti.zulaikha@example.org")
    # Staff notes with markup are refused at the API; a note with "<" and "&" must still be escaped here.
    refused = client.post(f"/api/v1/staff/reports/{code}/actions",
                          json={"action": "verify", "note": "<script>alert(1)</script>"},
                          headers={"X-API-Key": hub.keys.admin.plaintext})
    assert refused.status_code == 400
    note = "Jarak lubang < 5 m dari sekolah & dijadwalkan"
    answer = client.post(f"/api/v1/staff/reports/{code}/actions", json={"action": "verify", "note": note},
                         headers={"X-API-Key": hub.keys.admin.plaintext})
    assert answer.status_code == 200, answer.text
    page = client.get(f"/status/{code}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert code in html and "Terverifikasi" in html and "Dinas Pekerjaan Umum" in html
    assert "<script" not in html
    assert "Jarak lubang &lt; 5 m dari sekolah &amp; dijadwalkan" in html
    for personal in ("Siti", "Zulaikha", "81298765432", "siti.zulaikha"):
        assert personal not in html


def test_mistyped_and_unknown_codes_are_plain_pages(client: httpx.Client) -> None:
    typo = client.get("/status/KS7-22222-2")
    assert typo.status_code == 400 and "salah ketik" in typo.text.lower()
    missing = client.get(f"/status/{format_code('GR', 4242)}")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.text.lower()
    hostile = client.get("/status/%3Cimg%20src=x%20onerror=alert(1)%3E")
    assert hostile.status_code == 400 and "<img" not in hostile.text
