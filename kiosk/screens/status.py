"""Check a ticket: type the code (or show the receipt's QR to the webcam); status, history and deadline.

A code still waiting in this kiosk's outbox is answered locally. When the hub cannot be reached, the screen
says so in plain words; a slow hub shows "Sedang memeriksa…" until the lookup times out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.background import BackgroundRunner
from kiosk.camera import CameraFeed
from kiosk.catalog import KioskCatalog
from kiosk.outbox import Outbox
from kiosk.receipt import code_from_scan
from kiosk.screens.complaint_steps import CameraFactory, frame_to_pixmap
from kiosk.status_lookup import StatusResult, check_typed_code, parse_when, status_label
from kiosk.theme import MIN_GAP_PX
from kiosk.ui import UiContext
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget, TouchLineEditWidget

StatusJob = Callable[[str], StatusResult]


class StatusScreen(QWidget):
    """Code field, "Cek", optional QR scan, and the answer."""

    back_requested = Signal()
    result_shown = Signal(object)

    def __init__(self, ctx: UiContext, catalog: KioskCatalog, outbox: Outbox, lookup: StatusJob,
                 runner: BackgroundRunner, camera: CameraFactory | None) -> None:
        """``lookup`` runs in the background; ``camera`` enables the QR scan."""
        super().__init__()
        self._ctx, self._catalog, self._outbox = ctx, catalog, outbox
        self._lookup, self._runner, self._camera_factory = lookup, runner, camera
        self._feed: CameraFeed | None = None
        self._generation = 0
        self.result: StatusResult | None = None
        self.setProperty("kioskPage", True)
        self.code = TouchLineEditWidget(ctx, "status.field", keyboard="code", max_length=20)
        self.code.returnPressed.connect(self.check)
        self.check_button = BigButtonWidget(ctx, "status.check", icon="search", variant="primary")
        self.check_button.clicked.connect(self.check)
        self.scan_button = BigButtonWidget(ctx, "status.scan", icon="qr")
        self.scan_button.clicked.connect(self._on_scan_button_clicked)
        self.scan_button.setVisible(camera is not None)
        self.back_button = BigButtonWidget(ctx, "common.back", icon="arrow_left")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.preview = QLabel()
        self.preview.setMinimumHeight(200)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.hide()
        self.message = FieldLabelWidget(ctx, lambda: "", role="big")
        self.panel = QWidget()
        self.panel.setProperty("role", "overlaybox")
        self._panel_layout = QVBoxLayout(self.panel)
        self._panel_layout.setContentsMargins(24, 16, 24, 16)
        self._panel_layout.setSpacing(6)
        self.panel.hide()
        self._scan_timer = QTimer(self)
        self._scan_timer.setInterval(150)
        self._scan_timer.timeout.connect(self._on_scan_timer_timeout)
        self._build_layout()
        ctx.language_changed.connect(self._on_ctx_language_changed)

    def _build_layout(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(MIN_GAP_PX * 2)
        row.addWidget(self.code, 3)
        row.addWidget(self.check_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(MIN_GAP_PX * 2)
        layout.addWidget(FieldLabelWidget(self._ctx, "status.title", role="flow"))
        layout.addWidget(FieldLabelWidget(self._ctx, "status.q", role="title"))
        layout.addWidget(FieldLabelWidget(self._ctx, "status.hint", role="muted"))
        layout.addLayout(row)
        layout.addWidget(self.scan_button)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addWidget(self.panel, 1)
        layout.addStretch(0)
        layout.addWidget(self.back_button)

    # --- checking ---------------------------------------------------------------------------------------------

    def check(self) -> None:
        """Validate the typed code, answer locally when it is still queued here, else ask the hub."""
        self._stop_scan()
        typed = check_typed_code(self.code.text())
        if isinstance(typed, StatusResult):
            self.show_result(typed)
            return
        old = ""
        replaced = self._outbox.get_meta(f"recoded:{typed}")
        if replaced:  # this kiosk re-issued the code: the typed one now belongs to someone else's report
            old, typed = typed, replaced
        self.code.setText(typed)
        local = self._outbox.find_by_tracking_code(typed)
        if local is not None and local.state == "pending":
            self.show_result(StatusResult("queued", typed, replaced_from=old))
            return
        self._generation += 1
        generation = self._generation
        self.panel.hide()
        self.message.set_spec("status.checking")
        self.check_button.setEnabled(False)
        self._runner.run(lambda: self._lookup(typed), lambda r: self._on_lookup_done(generation, r, old))

    def _on_lookup_done(self, generation: int, result: object, replaced_from: str = "") -> None:
        if generation != self._generation:
            return  # the screen was wiped or a newer lookup started
        self.check_button.setEnabled(True)
        if not isinstance(result, StatusResult):
            result = StatusResult("server_error", self.code.text())
        self.show_result(dataclasses.replace(result, replaced_from=replaced_from))

    def show_result(self, result: StatusResult) -> None:
        """Show an outcome."""
        self.result = result
        self.check_button.setEnabled(True)
        if result.outcome != "mistyped":
            self.code.clearFocus()  # the keyboard gives its room to the answer
        self._render()
        self.result_shown.emit(result)

    def _on_ctx_language_changed(self, *_args: object) -> None:
        if self.result is not None:
            self._render()

    def _render(self) -> None:
        result = self.result
        self._clear_panel()
        if result is None:
            self.message.set_spec(lambda: "")
            return
        pick = self._ctx.i18n.pick
        if result.outcome == "found":
            self.message.set_spec(lambda: "")
            if result.replaced_from:
                self._add_line(self._ctx.t("status.replaced", old=result.replaced_from, new=result.code), "fieldlabel")
            self._fill_panel(result.data)
            return
        if result.outcome == "mistyped" and result.message_id:
            self.message.set_spec(lambda: pick(result.message_id, result.message_en))
            return
        key = {"queued": "status.queued", "not_found": "status.not_found", "mistyped": "status.mistyped",
               "unreachable": "status.unreachable", "server_error": "status.server_error"}[result.outcome]
        if result.replaced_from:
            t = self._ctx.t
            self.message.set_spec(lambda: f"{t('status.replaced', old=result.replaced_from, new=result.code)} {t(key)}")
            return
        self.message.set_spec(key)

    def _clear_panel(self) -> None:
        while self._panel_layout.count():
            item = self._panel_layout.takeAt(0)  # labels are deleted, spacers dropped
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.panel.hide()

    def _add_line(self, text: str, role: str = "") -> None:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAccessibleName(text)
        if role:
            label.setProperty("role", role)
        self._panel_layout.addWidget(label)

    def _fill_panel(self, data: dict[str, object]) -> None:
        t, pick, i18n = self._ctx.t, self._ctx.i18n.pick, self._ctx.i18n
        # The contract names the labels status_label_id/_en and the kind "type"; the hub also answers
        # label_id/_en and "kind": accept both.
        label = pick(str(data.get("status_label_id") or data.get("label_id") or data.get("status") or "-"),
                     str(data.get("status_label_en") or data.get("label_en") or data.get("status") or "-"))
        self._add_line(f"{data.get('tracking_code', '')}", "fieldlabel")
        self._add_line(f"{t('status.result.status')}: {label}", "big")
        kind = str(data.get("type") or data.get("kind") or "")
        if kind:
            self._add_line(t("status.type.ppid") if "ppid" in kind or "info" in kind else t("status.type.report"))
        due = parse_when(data.get("due_at"))
        if due is not None:
            self._add_line(f"{t('status.result.due')}: {i18n.date(due)}")
        opd = self._catalog.opd_by_slug(str(data.get("opd") or ""))
        if opd is not None or data.get("opd"):
            self._add_line(f"{t('status.result.opd')}: {opd.nama if opd else data.get('opd')}")
        history = data.get("history")
        if isinstance(history, list) and history:
            self._add_line(t("status.history"), "fieldlabel")
            for entry in history[-5:]:
                if isinstance(entry, dict):
                    self._add_line(self._history_line(entry))
        self._panel_layout.addStretch(1)
        self.panel.show()

    def _history_line(self, entry: dict[str, object]) -> str:
        when = parse_when(entry.get("at"))
        words = status_label(str(entry.get("status", "")))
        label = self._ctx.i18n.pick(str(entry.get("label_id") or words.id), str(entry.get("label_en") or words.en))
        line = f"{self._ctx.i18n.datetime(when) if when else '-'} — {label}"
        note = entry.get("note")
        return f"{line}: {str(note)[:300]}" if note else line

    # --- QR scan ----------------------------------------------------------------------------------------------

    def _on_scan_button_clicked(self) -> None:
        if self._feed is not None:
            self._stop_scan()
            return
        if self._camera_factory is None:
            return
        self._feed = self._camera_factory(True)
        self._feed.start()
        self.preview.show()
        self.scan_button.set_texts("status.scan.stop")
        self.message.set_spec("status.scan.hint")
        self._scan_timer.start()

    def _on_scan_timer_timeout(self) -> None:
        feed = self._feed
        if feed is None:
            return
        if feed.failed:
            self._stop_scan()
            self.message.set_spec("photo.unavailable")
            return
        _seq, frame = feed.latest()
        if frame is not None:
            self.preview.setPixmap(frame_to_pixmap(frame, self.preview.width() - 8, self.preview.height() - 8))
        text = feed.qr_text
        if text:
            self._stop_scan()
            self.code.setText(code_from_scan(text))
            self.check()

    def _stop_scan(self) -> None:
        self._scan_timer.stop()
        if self._feed is not None:
            self._feed.stop()
            self._feed = None
        self.preview.clear()
        self.preview.hide()
        self.scan_button.set_texts("status.scan")

    def reset(self) -> None:
        """Forget the code and the answer (idle wipe, new visit)."""
        self._generation += 1
        self._stop_scan()
        self.code.clear()
        self.result = None
        self.check_button.setEnabled(True)
        self._render()

    def focus_code(self) -> None:
        """Put the cursor in the code field (the keyboard appears)."""
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)
