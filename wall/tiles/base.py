"""The interface every wall tile implements, and the context a tile is given.

A tile is a QWidget adapter over domain data. It is created from a layout tile's ``settings`` (plain JSON
values) and a :class:`TileContext`. When a saved layout changes only some tiles, the runtime calls
:meth:`TileWidget.apply_settings` on the surviving tiles; a tile that can apply the change in place (a camera whose
settings did not change keeps playing) returns True, otherwise the runtime replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal

from PySide6.QtWidgets import QWidget

from wall.i18n import WallTexts

Privacy = Literal["public", "internal"]


@dataclass(frozen=True)
class TileContext:
    """What a tile may use. Services are passed in; tiles never create engines or global state.

    ``services`` maps a service name to an object: ``"dashboard"`` (the data service emitting snapshots),
    ``"cameras"`` (the camera pool), ``"session_factory"``... A tile that needs a service that is missing shows
    a clear "no data" state instead of failing (the editor's preview runs tiles with fake services).
    """

    privacy: Privacy
    output_height_px: int
    clock: Callable[[], datetime]
    services: Mapping[str, Any] = field(default_factory=dict)
    #: The output's width in pixels (0: unknown, assume 16:9); cameras pick sub/main stream by area share.
    output_width_px: int = 0
    #: The language of every text the tile draws (names and citizens' content stay as they are).
    texts: WallTexts = field(default_factory=WallTexts)

    @property
    def min_font_px(self) -> int:
        """Readable from 5 m: no text smaller than 1/40 of the output's height (27 px on 1080p)."""
        return max(12, round(self.output_height_px / 40))

    @property
    def is_public(self) -> bool:
        """True on a public output (the videotron): no personal data, no unmoderated citizen text."""
        return self.privacy == "public"


class TileWidget(QWidget):
    """Base class of all tiles. Subclasses set ``kind`` and implement the hooks below."""

    kind: ClassVar[str] = ""
    #: The key of the kind's human label in the wall's texts (``wall/i18n_texts.py``).
    label_key: ClassVar[str] = ""

    def __init__(self, settings: Mapping[str, Any], ctx: TileContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings: dict[str, Any] = dict(settings)
        self._ctx = ctx
        self.setAccessibleName(f"tile:{self.kind}")

    @property
    def settings(self) -> Mapping[str, Any]:
        """The settings the tile currently shows."""
        return self._settings

    @property
    def ctx(self) -> TileContext:
        """The context the tile was created with."""
        return self._ctx

    def apply_settings(self, settings: Mapping[str, Any]) -> bool:
        """Apply new settings in place; return False if the tile must be recreated. Default: equal -> True."""
        return dict(settings) == self._settings

    def set_active(self, active: bool) -> None:
        """Called when the tile becomes visible/hidden; inactive tiles must not decode or poll."""

    def set_enlarged(self, enlarged: bool) -> None:
        """Called when an operator enlarges the tile to the whole output (cameras switch to the main stream)."""

    def shutdown(self) -> None:
        """Release threads, captures and timers. Called once before the widget is deleted."""
