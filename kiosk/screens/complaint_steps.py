"""The two special pages of the complaint flow: the place (map, RT/RW, landmark) and the optional photo."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from common.rules.errors import FieldError
from kiosk.camera import CameraFeed, Frame, encode_jpeg
from kiosk.catalog import KioskCatalog
from kiosk.forms import LANDMARK_MAX_LENGTH, ComplaintDraft, check_rt_rw, check_text
from kiosk.screens.base import StepPage
from kiosk.theme import MIN_GAP_PX
from kiosk.ui import UiContext, relayout
from kiosk.widgets.big_button import BigButtonWidget
from kiosk.widgets.fields import FieldLabelWidget, LabeledFieldWidget, TouchLineEditWidget
from kiosk.widgets.map_picker import KelurahanMapPickerWidget

CameraFactory = Callable[[bool], CameraFeed]
"""Makes a camera feed; the argument asks for QR decoding."""


class LocationStepPage(StepPage):
    """This kelurahan by default; a tap on the map, RT/RW and a landmark refine it (all optional)."""

    def __init__(self, ctx: UiContext, catalog: KioskCatalog, home: str, draft: Callable[[], ComplaintDraft]) -> None:
        """``home`` is the kiosk's kelurahan code."""
        super().__init__(ctx, "complaint.location.q", "location.map")
        self._catalog, self._home, self._draft = catalog, home, draft
        self.map = KelurahanMapPickerWidget(ctx, catalog.kelurahan, home)
        self.map.location_picked.connect(self._on_map_location_picked)
        self._place = FieldLabelWidget(ctx, lambda: ctx.t("location.kelurahan", name=self._name()), role="big")
        self.reset_button = BigButtonWidget(ctx, "location.reset", icon="home", min_height=80)
        self.zoom_button = BigButtonWidget(ctx, "location.zoom_city", icon="search", min_height=80)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.zoom_button.clicked.connect(self._on_zoom_button_clicked)
        self.rt = TouchLineEditWidget(ctx, "location.rt", keyboard="numeric", max_length=3, pattern="[0-9]{0,3}")
        self.rw = TouchLineEditWidget(ctx, "location.rw", keyboard="numeric", max_length=3, pattern="[0-9]{0,3}")
        self.landmark = TouchLineEditWidget(ctx, "location.landmark", max_length=LANDMARK_MAX_LENGTH)
        self._rows = {"rt": LabeledFieldWidget(ctx, "location.rt", self.rt),
                      "rw": LabeledFieldWidget(ctx, "location.rw", self.rw),
                      "landmark": LabeledFieldWidget(ctx, "location.landmark", self.landmark)}
        self._box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(MIN_GAP_PX * 3)
        self._box.addWidget(self._map_panel(), 3)
        self._box.addWidget(self._fields_panel(), 2)
        ctx.orientation_changed.connect(self._on_ctx_orientation_changed)
        self._on_ctx_orientation_changed()

    def _map_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(MIN_GAP_PX * 2)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 2)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.zoom_button)
        layout.addWidget(self._place)
        layout.addWidget(self.map, 1)
        layout.addLayout(buttons)
        return panel

    def _fields_panel(self) -> QWidget:
        panel = QWidget()
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(MIN_GAP_PX * 2)
        grid.addWidget(self._rows["rt"], 0, 0)
        grid.addWidget(self._rows["rw"], 0, 1)
        grid.addWidget(self._rows["landmark"], 1, 0, 1, 2)
        grid.setRowStretch(2, 1)
        return panel

    def _on_ctx_orientation_changed(self, *_args: object) -> None:
        portrait = self.ctx.orientation == "portrait"
        self._box.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.map.setMinimumHeight(240 if portrait else 120)
        relayout(self)

    def _name(self) -> str:
        record = self._catalog.kelurahan_by_code(self.map.selected)
        return record.nama if record else self.map.selected

    def _on_map_location_picked(self, code: str, lat: float, lng: float) -> None:
        self._place.set_spec(lambda: self.ctx.t("location.kelurahan", name=self._name()))

    def _on_reset_button_clicked(self) -> None:
        self.map.reset()
        self.zoom_button.set_texts("location.zoom_city")
        self._on_map_location_picked(self._home, 0.0, 0.0)

    def _on_zoom_button_clicked(self) -> None:
        city = self.map.zoom == "near"
        self.map.set_zoom("city" if city else "near")
        self.zoom_button.set_texts("location.zoom_near" if city else "location.zoom_city")

    def validate(self) -> bool:
        """RT/RW are numbers; the landmark is plain text."""
        ok = True
        checks: list[tuple[str, Callable[[], str]]] = [
            ("rt", partial(check_rt_rw, self.rt.text(), "rt")),
            ("rw", partial(check_rt_rw, self.rw.text(), "rw")),
            ("landmark", partial(check_text, self.landmark.text(), "landmark", LANDMARK_MAX_LENGTH)),
        ]
        for name, check in checks:
            try:
                check()
                self._rows[name].show_error(None)
            except FieldError as exc:
                self._rows[name].show_error(exc)
                ok = False
        return ok

    def commit(self) -> None:
        """Write kelurahan, point, RT/RW and landmark into the draft."""
        draft = self._draft()
        draft.kelurahan = self.map.selected
        pin = self.map.pin
        draft.lat, draft.lng = pin if pin else (None, None)
        draft.rt = check_rt_rw(self.rt.text(), "rt")
        draft.rw = check_rt_rw(self.rw.text(), "rw")
        draft.landmark = check_text(self.landmark.text(), "landmark", LANDMARK_MAX_LENGTH)

    def reset(self) -> None:
        """Back to this kelurahan, empty fields."""
        self._on_reset_button_clicked()
        for widget in (self.rt, self.rw, self.landmark):
            widget.clear()
        for row in self._rows.values():
            row.show_error(None)

    def text_entry(self) -> bool:
        """RT/RW/landmark are typed."""
        return True


def frame_to_pixmap(frame: Frame, width: int, height: int) -> QPixmap:
    """A BGR frame scaled to fit ``width`` x ``height``."""
    rgb = np.ascontiguousarray(frame[:, :, ::-1])  # BGR -> RGB
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaled(max(1, width), max(1, height), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)


class PhotoStepPage(StepPage):
    """Live preview, "Ambil foto", preview of the still, "Ulangi foto" / "Tanpa foto". Only with a camera."""

    def __init__(self, ctx: UiContext, camera: CameraFactory | None, draft: Callable[[], ComplaintDraft]) -> None:
        """``camera`` makes a feed; None means no camera (the page is skipped)."""
        super().__init__(ctx, "complaint.photo.q", "photo.hint")
        self._camera_factory, self._draft = camera, draft
        self._feed: CameraFeed | None = None
        self._frame: Frame | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(200)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setProperty("role", "panel")
        self.message = FieldLabelWidget(ctx, lambda: "", role="big")
        self.take_button = BigButtonWidget(ctx, "photo.take", icon="camera", variant="primary")
        self.retake_button = BigButtonWidget(ctx, "photo.retake", icon="camera")
        self.remove_button = BigButtonWidget(ctx, "photo.remove", icon="cross")
        self.take_button.clicked.connect(self._on_take_button_clicked)
        self.retake_button.clicked.connect(self._on_retake_button_clicked)
        self.remove_button.clicked.connect(self._on_retake_button_clicked)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 3)
        for button in (self.take_button, self.retake_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(MIN_GAP_PX * 2)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def applicable(self) -> bool:
        """Only when a camera is configured."""
        return self._camera_factory is not None

    def load(self) -> None:
        """Show the photo taken, or start the live preview."""
        photo = self._draft().photo
        if photo:
            self._show_still(photo)
        else:
            self._start_live()

    def _start_live(self) -> None:
        self._frame = None
        self.preview.clear()
        self.message.set_spec(lambda: "")
        self.take_button.show()
        self.take_button.setEnabled(False)
        self.retake_button.hide()
        self.remove_button.hide()
        if self._feed is None and self._camera_factory is not None:
            self._feed = self._camera_factory(False)
            self._feed.start()
        self._timer.start()

    def _show_still(self, photo: bytes) -> None:
        self._stop_feed()
        pixmap = QPixmap()
        pixmap.loadFromData(photo, "JPG")
        self.preview.setPixmap(pixmap.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))
        self.message.set_spec("photo.taken")
        self.take_button.hide()
        self.retake_button.show()
        self.remove_button.show()

    def _on_timer_timeout(self) -> None:
        feed = self._feed
        if feed is None:
            return
        if feed.failed:
            self._stop_feed()
            self.message.set_spec("photo.unavailable")
            self.take_button.setEnabled(False)
            return
        _seq, frame = feed.latest()
        if frame is not None:
            self._frame = frame
            self.take_button.setEnabled(True)
            self.preview.setPixmap(frame_to_pixmap(frame, self.preview.width() - 8, self.preview.height() - 8))

    def _on_take_button_clicked(self) -> None:
        if self._frame is None:
            return
        photo = encode_jpeg(self._frame)
        self._draft().photo = photo
        self._show_still(photo)

    def _on_retake_button_clicked(self) -> None:
        self._draft().photo = None
        self._start_live()

    def _stop_feed(self) -> None:
        self._timer.stop()
        if self._feed is not None:
            self._feed.stop()
            self._feed = None
        self._frame = None

    def deactivate(self) -> None:
        """Leaving the page: release the camera."""
        self._stop_feed()

    def reset(self) -> None:
        """Forget the photo and release the camera."""
        self._stop_feed()
        self.preview.clear()
