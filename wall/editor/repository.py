"""The editor's gateway to the database: one short transaction per operation over :mod:`common.layouts.store`.

Qt-free. Every write names its author, goes through the store (new version + audit entry) and passes the
version the technician edited, so a concurrent change is refused (:class:`~common.layouts.store.VersionConflict`)
instead of overwritten. Multi-document operations (rename: new layout, outputs re-pointed, old one deleted)
run in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from common.domain.models import Camera, Kelurahan
from common.layouts import store
from common.layouts.cameras import CameraInfo, load_cameras
from common.layouts.jsonio import document_kind, layout_from_json, loads_document, output_from_json
from common.layouts.model import Layout, LayoutFormatError, OutputSpec
from common.layouts.store import KIND_LAYOUT, KIND_OUTPUT, DocumentInfo, LayoutError
from common.layouts.validate import format_problems

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class CameraRow:
    """A camera as the picker lists it: name, where it is (kelurahan), public-safe flag and stream URLs."""

    name: str
    kelurahan_kode: str
    kelurahan: str
    public_safe: bool
    active: bool
    main_url: str
    sub_url: str

    @property
    def thumbnail_url(self) -> str:
        """The URL of one snapshot: the sub stream when there is one."""
        return self.sub_url or self.main_url


class EditorRepository:
    """Reads and writes layouts and outputs for one technician (``author``)."""

    def __init__(self, session_factory: sessionmaker[Session], *, author: str, clock: Clock) -> None:
        self._factory = session_factory
        self.author = author
        self._clock = clock

    # -- reads ----------------------------------------------------------------------------------------------

    def layouts(self) -> list[DocumentInfo]:
        """The current version of every layout, by name."""
        with self._factory() as s:
            return store.current_documents(s, KIND_LAYOUT)

    def outputs(self) -> list[tuple[OutputSpec, DocumentInfo]]:
        """Every well-formed current output with its document info, by name."""
        result = []
        with self._factory() as s:
            for doc in store.current_documents(s, KIND_OUTPUT):
                try:
                    result.append((output_from_json(doc.body), doc))
                except LayoutFormatError:
                    continue
        return result

    def current(self, kind: str, name: str) -> DocumentInfo | None:
        """The current version of a document (None when absent or deleted)."""
        with self._factory() as s:
            return store.current(s, kind, name)

    def latest(self, kind: str, name: str) -> DocumentInfo | None:
        """The newest version, deleted or not (who changed it last, even by deleting it)."""
        rows = self.history(kind, name)
        return rows[0] if rows else None

    def base_version(self, kind: str, name: str) -> int:
        """The version a new save of ``name`` must name (0 when the name was never used)."""
        latest = self.latest(kind, name)
        return latest.version if latest else 0

    def load_layout(self, name: str) -> tuple[Layout, int]:
        """The current layout ``name`` and its version; :class:`LayoutError` when it does not exist."""
        doc = self.current(KIND_LAYOUT, name)
        if doc is None:
            raise LayoutError(f"layout '{name}' does not exist")
        return layout_from_json(doc.body), doc.version

    def history(self, kind: str, name: str) -> list[DocumentInfo]:
        """Every version of a document, newest first."""
        with self._factory() as s:
            return store.history(s, kind, name)

    def cameras(self) -> dict[str, CameraInfo]:
        """Every camera by name (for validation)."""
        with self._factory() as s:
            return load_cameras(s)

    def camera_rows(self) -> list[CameraRow]:
        """Every camera with its kelurahan's name (for the picker's search), by name."""
        stmt = (select(Camera, Kelurahan.nama).outerjoin(Kelurahan, Camera.kelurahan_kode == Kelurahan.kode)
                .order_by(Camera.name))
        with self._factory() as s:
            return [CameraRow(c.name, c.kelurahan_kode or "", nama or "", bool(c.public_safe), bool(c.active),
                              c.main_url, c.sub_url or "") for c, nama in s.execute(stmt)]

    def kelurahan(self) -> list[tuple[str, str]]:
        """(kode, "nama (kecamatan)") of every kelurahan, by name: the map tile's highlight choice."""
        stmt = select(Kelurahan.kode, Kelurahan.nama).order_by(Kelurahan.nama, Kelurahan.kode)
        with self._factory() as s:
            return [(kode, f"{nama} ({kode})") for kode, nama in s.execute(stmt)]

    # -- writes ---------------------------------------------------------------------------------------------

    def save_layout(self, layout: Layout, base_version: int, comment: str = "") -> DocumentInfo:
        """Validate and save a new version; :class:`VersionConflict` when ``base_version`` is not current."""
        with self._factory.begin() as s:
            return store.save_layout(s, layout, author=self.author, base_version=base_version,
                                     clock=self._clock, comment=comment)

    def save_output(self, output: OutputSpec, base_version: int, comment: str = "") -> DocumentInfo:
        """Validate and save a new version of an output."""
        with self._factory.begin() as s:
            return store.save_output(s, output, author=self.author, base_version=base_version,
                                     clock=self._clock, comment=comment)

    def delete(self, kind: str, name: str, base_version: int) -> DocumentInfo:
        """Mark a document deleted (history stays); refused when it is still used as a preset."""
        with self._factory.begin() as s:
            if kind == KIND_LAYOUT:
                users = [o.name for o in store.load_outputs(s) if any(p.layout == name for p in o.presets)]
                if users:
                    raise LayoutError(f"layout '{name}' is a preset of {', '.join(users)}; unassign it first")
            return store.delete(s, kind, name, author=self.author, base_version=base_version, clock=self._clock)

    def restore_layout(self, name: str, version: int, base_version: int) -> DocumentInfo:
        """Save old version ``version`` as the new current version (validated, with the conflict check)."""
        old = next((d for d in self.history(KIND_LAYOUT, name) if d.version == version and not d.deleted), None)
        if old is None:
            raise LayoutError(f"layout '{name}' has no version {version}")
        return self.save_layout(layout_from_json(old.body), base_version, comment=f"pulihkan versi {version}")

    def rename_layout(self, old: str, new: str, base_version: int) -> DocumentInfo:
        """Save the layout under ``new``, re-point every preset using it, delete ``old``: one transaction."""
        with self._factory.begin() as s:
            doc = store.current(s, KIND_LAYOUT, old)
            if doc is None or doc.version != base_version:
                latest = store.history(s, KIND_LAYOUT, old)
                raise store.VersionConflict(KIND_LAYOUT, old, base_version, latest[0].version if latest else 0)
            layout = layout_from_json({**doc.body, "name": new})
            taken = store.history(s, KIND_LAYOUT, new)
            info = store.save_layout(s, layout, author=self.author, base_version=taken[0].version if taken else 0,
                                     clock=self._clock, comment=f"ganti nama dari '{old}'")
            for output in store.load_outputs(s):
                if any(p.layout == old for p in output.presets):
                    self._repoint(s, output, old, new)
            store.delete(s, KIND_LAYOUT, old, author=self.author, base_version=base_version, clock=self._clock)
            return info

    def _repoint(self, s: Session, output: OutputSpec, old: str, new: str) -> None:
        body = output.to_json()
        body["presets"] = [{**p, "layout": new if p["layout"] == old else p["layout"]} for p in body["presets"]]
        doc = store.current(s, KIND_OUTPUT, output.name)
        store.save_document(s, KIND_OUTPUT, output.name, body, author=self.author,
                            base_version=doc.version if doc else None, clock=self._clock,
                            comment=f"tata letak '{old}' berganti nama menjadi '{new}'")

    # -- JSON -----------------------------------------------------------------------------------------------

    def export_json(self, kind: str, name: str) -> str:
        """The current JSON of a document as pretty text."""
        doc = self.current(kind, name)
        if doc is None:
            raise LayoutError(f"{kind} '{name}' does not exist")
        return store.dumps(doc.body)

    def parse_document(self, text: str) -> Layout | OutputSpec:
        """A layout or output from JSON text; :class:`LayoutError` naming every malformed field."""
        try:
            data: Any = loads_document(text)
            return output_from_json(data) if document_kind(data) == KIND_OUTPUT else layout_from_json(data)
        except LayoutFormatError as exc:
            raise LayoutError("malformed JSON document", format_problems(exc)) from exc

    def import_json(self, text: str) -> DocumentInfo:
        """Validate and save a layout or output from JSON text as a new version of its name."""
        doc = self.parse_document(text)
        kind = KIND_OUTPUT if isinstance(doc, OutputSpec) else KIND_LAYOUT
        base = self.base_version(kind, doc.name)
        if isinstance(doc, OutputSpec):
            return self.save_output(doc, base, comment="impor JSON")
        return self.save_layout(doc, base, comment="impor JSON")
