"""The human status page a receipt's QR code opens: ``/status/{tracking_code}``.

Same data as ``/api/v1/status/{code}`` (no key, no personal data), as a small HTML page that works on any phone
without JavaScript. Every value is HTML-escaped: staff notes are shown as plain text.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from common.rules.tracking import InvalidTrackingCode, format_code, parse_code
from common.rules.working_days import WIB
from common.services.status import StatusView, status_view
from hub.state import hub_state

router = APIRouter(tags=["Status"])

_STYLE = (
    "body{font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;color:#1b1b1b;background:#f4f1ea}"
    "h1{font-size:1.4rem}.code{font-size:2rem;font-weight:bold;letter-spacing:.1em}"
    ".status{font-size:1.3rem;font-weight:bold;color:#0b4a8b}table{border-collapse:collapse;width:100%}"
    "td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}"
)


def _when(value: datetime | None) -> str:
    return value.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB") if value else "-"


def _page(title: str, body: str, status_code: int) -> HTMLResponse:
    html = (f"<!doctype html><html lang='id'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width,initial-scale=1'><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}"
            f"<p><small>Bale Sandi Maya · Diskominfo Kota Serang</small></p></body></html>")
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def render_status(view: StatusView) -> str:
    """The body of the page for one report or request; every value escaped."""
    rows = "".join(
        f"<tr><td>{escape(_when(h.at))}</td><td>{escape(h.label_id)}<br><small>{escape(h.label_en)}</small></td>"
        f"<td>{escape(h.note)}</td></tr>"
        for h in view.history
    )
    return (
        f"<p class='code'>{escape(view.tracking_code)}</p>"
        f"<p class='status'>{escape(view.label_id)} <small>({escape(view.label_en)})</small></p>"
        f"<p>Ditangani oleh / handled by: {escape(view.opd or '-')}<br>"
        f"Layanan / service: {escape(view.service or '-')}<br>"
        f"Diterima / received: {escape(_when(view.received_at))}<br>"
        f"Batas waktu / due: {escape(_when(view.due_at))}</p>"
        f"<table><tr><th>Waktu</th><th>Status</th><th>Catatan</th></tr>{rows}</table>"
    )


@router.get("/status/{tracking_code}", response_class=HTMLResponse, summary="Status page for people (HTML)")
async def status_page(request: Request, tracking_code: str) -> HTMLResponse:
    """The page behind the receipt's QR code. A mistyped code is answered without a database lookup."""
    state = hub_state(request)
    state.limit_address(request)
    try:
        parsed = parse_code(tracking_code)
    except InvalidTrackingCode as exc:
        return _page("Kode salah ketik", f"<p>{escape(exc.message_id)}</p><p>{escape(exc.message_en)}</p>", 400)
    code = format_code(parsed.prefix, parsed.counter)

    def read() -> StatusView | None:
        with state.sessions() as session:
            return status_view(session, state.catalog, code)

    view = await state.call(read)
    if view is None:
        return _page("Kode tidak ditemukan",
                     f"<p>Kode {escape(code)} belum ada di server. Kiriman dari kios yang sedang tidak tersambung "
                     "akan muncul setelah terkirim.</p><p>Code not found (yet).</p>", 404)
    return _page("Status tiket", render_status(view), 200)
