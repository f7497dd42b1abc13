"""Layouts and outputs as versioned documents (``config_document``): save, load, history, restore, delete.

A save inserts version N+1 with its author and an audit entry; it refuses a caller whose base version is not the
current one (:class:`VersionConflict`, optimistic concurrency). Running walls poll :func:`latest_change_marker`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.clock import utc_now
from common.domain.models import AuditEntry, Camera, ConfigDocument
from common.layouts.cameras import load_cameras
from common.layouts.jsonio import (
    document_kind,
    layout_from_json,
    loads_document,
    output_from_json,
    read_document_file,
)
from common.layouts.model import Layout, LayoutFormatError, OutputSpec
from common.layouts.validate import Problem, format_problems, validate_layout, validate_output

KIND_LAYOUT = "layout"
KIND_OUTPUT = "output"
Clock = Callable[[], datetime]


class LayoutError(ValueError):
    """A layout or output cannot be saved or found; ``problems`` lists why (message in English)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = problems or []
        details = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(message + details)


class VersionConflict(LayoutError):
    """Someone saved a newer version since the caller loaded ``base_version``."""

    def __init__(self, kind: str, name: str, base_version: int, current_version: int) -> None:
        self.base_version, self.current_version = base_version, current_version
        super().__init__(f"{kind} '{name}' was changed by someone else: you edited version {base_version}, "
                         f"the current version is {current_version}; reload and apply your change again")


@dataclass(frozen=True)
class DocumentInfo:
    """One stored version of a document."""

    kind: str
    name: str
    version: int
    author: str
    created_at: datetime
    deleted: bool
    comment: str
    body: dict[str, Any]


def _info(row: ConfigDocument) -> DocumentInfo:
    return DocumentInfo(row.kind, row.name, row.version, row.author, row.created_at, row.deleted, row.comment,
                        dict(row.body))


def _latest_row(session: Session, kind: str, name: str) -> ConfigDocument | None:
    stmt = (select(ConfigDocument).where(ConfigDocument.kind == kind, ConfigDocument.name == name)
            .order_by(ConfigDocument.version.desc()).limit(1))
    return session.scalars(stmt).first()


def latest_version(session: Session, kind: str, name: str) -> int:
    """The newest version number of a document, deleted or not (0 when it never existed).

    A save after a delete must name this version as its base: the deletion is itself a version.
    """
    row = _latest_row(session, kind, name)
    return row.version if row is not None else 0


def current(session: Session, kind: str, name: str) -> DocumentInfo | None:
    """The current version of a document, or None when it never existed or is deleted."""
    row = _latest_row(session, kind, name)
    return None if row is None or row.deleted else _info(row)


def save_document(
    session: Session, kind: str, name: str, body: dict[str, Any], *, author: str, base_version: int | None,
    clock: Clock = utc_now, comment: str = "", deleted: bool = False,
) -> DocumentInfo:
    """Insert version N+1. ``base_version``: the version the caller edited (0 = new); None skips the check."""
    row = _latest_row(session, kind, name)
    now_version = row.version if row is not None else 0
    if base_version is not None and base_version != now_version:
        raise VersionConflict(kind, name, base_version, now_version)
    new = ConfigDocument(kind=kind, name=name, version=now_version + 1, body=body, author=author,
                         comment=comment, created_at=clock(), deleted=deleted)
    session.add(new)
    action = f"{kind}.delete" if deleted else f"{kind}.save"
    session.add(AuditEntry(at=clock(), actor=author, action=action, entity=kind, entity_id=name,
                           detail={"version": new.version, "comment": comment[:200]}))
    session.flush()
    return _info(new)


def _layout_problems(session: Session, layout: Layout) -> list[Problem]:
    cameras = load_cameras(session)
    problems = validate_layout(layout, cameras, "internal")
    for output in load_outputs(session):
        if output.is_public and any(p.layout == layout.name for p in output.presets):
            problems += [p for p in validate_layout(layout, cameras, "public",
                                                    output_height_px=output.resolution[1])
                         if p.code == "camera_not_public"]
    return problems


def save_layout(session: Session, layout: Layout, *, author: str, base_version: int | None,
                clock: Clock = utc_now, comment: str = "") -> DocumentInfo:
    """Validate (also against every public output showing it) and save a layout; :class:`LayoutError` if invalid."""
    problems = _layout_problems(session, layout)
    if problems:
        raise LayoutError(f"layout '{layout.name}' is invalid, not saved", problems)
    return save_document(session, KIND_LAYOUT, layout.name, layout.to_json(), author=author,
                         base_version=base_version, clock=clock, comment=comment)


def save_output(session: Session, output: OutputSpec, *, author: str, base_version: int | None,
                clock: Clock = utc_now, comment: str = "") -> DocumentInfo:
    """Validate (presets exist; public outputs only with public-safe cameras) and save an output."""
    problems = validate_output(output, set(list_names(session, KIND_LAYOUT)))
    if output.is_public:
        cameras = load_cameras(session)
        for preset in output.presets:
            layout = load_layout(session, preset.layout)
            if layout is not None:
                problems += validate_layout(layout, cameras, "public", output_height_px=output.resolution[1])
    if problems:
        raise LayoutError(f"output '{output.name}' is invalid, not saved", problems)
    return save_document(session, KIND_OUTPUT, output.name, output.to_json(), author=author,
                         base_version=base_version, clock=clock, comment=comment)


def load_layout(session: Session, name: str) -> Layout | None:
    """The current layout ``name`` (parsed), or None. Raises :class:`LayoutFormatError` for a malformed body."""
    doc = current(session, KIND_LAYOUT, name)
    return layout_from_json(doc.body) if doc else None


def list_names(session: Session, kind: str) -> list[str]:
    """Names of the documents of ``kind`` that exist (not deleted), sorted."""
    names = session.scalars(select(ConfigDocument.name).where(ConfigDocument.kind == kind).distinct())
    return sorted(n for n in names if current(session, kind, n) is not None)


def current_documents(session: Session, kind: str) -> list[DocumentInfo]:
    """The current version of every live document of ``kind`` (one query)."""
    newest = (select(ConfigDocument.name, func.max(ConfigDocument.version).label("v"))
              .where(ConfigDocument.kind == kind).group_by(ConfigDocument.name).subquery())
    stmt = (select(ConfigDocument).join(newest, (ConfigDocument.name == newest.c.name)
                                        & (ConfigDocument.version == newest.c.v))
            .where(ConfigDocument.kind == kind).order_by(ConfigDocument.name))
    return [_info(r) for r in session.scalars(stmt) if not r.deleted]


def load_outputs(session: Session) -> list[OutputSpec]:
    """Every well-formed current output (malformed ones are skipped; the wall reports them)."""
    outputs = []
    for doc in current_documents(session, KIND_OUTPUT):
        try:
            outputs.append(output_from_json(doc.body))
        except LayoutFormatError:
            continue
    return outputs


def history(session: Session, kind: str, name: str) -> list[DocumentInfo]:
    """Every version of a document, newest first."""
    stmt = (select(ConfigDocument).where(ConfigDocument.kind == kind, ConfigDocument.name == name)
            .order_by(ConfigDocument.version.desc()))
    return [_info(r) for r in session.scalars(stmt)]


def restore(session: Session, kind: str, name: str, version: int, *, author: str,
            clock: Clock = utc_now) -> DocumentInfo:
    """Save the body of an old version as the new current version."""
    old = next((d for d in history(session, kind, name) if d.version == version and not d.deleted), None)
    if old is None:
        raise LayoutError(f"{kind} '{name}' has no version {version}")
    # An old version is checked like a new save: cameras or privacy classes may have changed since.
    base = latest_version(session, kind, name)
    comment = f"restore version {version}"
    if kind == KIND_LAYOUT:
        return save_layout(session, layout_from_json(old.body), author=author, base_version=base, clock=clock,
                           comment=comment)
    if kind == KIND_OUTPUT:
        return save_output(session, output_from_json(old.body), author=author, base_version=base, clock=clock,
                           comment=comment)
    return save_document(session, kind, name, old.body, author=author, base_version=base, clock=clock,
                         comment=comment)


def delete(session: Session, kind: str, name: str, *, author: str, base_version: int | None,
           clock: Clock = utc_now) -> DocumentInfo:
    """Mark a document deleted (a new version); history stays."""
    doc = current(session, kind, name)
    if doc is None:
        raise LayoutError(f"{kind} '{name}' does not exist")
    return save_document(session, kind, name, doc.body, author=author, base_version=base_version, clock=clock,
                         comment="deleted", deleted=True)


def latest_change_marker(session: Session) -> tuple[int, str]:
    """A cheap fingerprint that changes whenever a document is saved or any camera is added, removed or edited.

    Documents are append-only (the newest id says it all); camera rows are edited in place (a technician
    changes a URL or the public-safe flag), so their wall-relevant columns are hashed: a few hundred short
    rows, read once per poll.
    """
    doc_max = session.scalar(select(func.coalesce(func.max(ConfigDocument.id), 0))) or 0
    digest = hashlib.blake2b(digest_size=16)
    rows = session.execute(select(Camera.id, Camera.name, Camera.main_url, Camera.sub_url, Camera.public_safe,
                                  Camera.active, Camera.lat, Camera.lng, Camera.kelurahan_kode).order_by(Camera.id))
    for row in rows:
        digest.update(repr(tuple(row)).encode("utf-8"))
    return int(doc_max), digest.hexdigest()


def import_layout_file(session: Session, path: str | Path, author: str) -> str:
    """Validate a layout or output JSON file and save it as a new version; returns a one-line summary."""
    try:
        data = loads_document(read_document_file(Path(path)))
        if document_kind(data) == KIND_OUTPUT:
            output = output_from_json(data)
            info = save_output(session, output, author=author,
                               base_version=latest_version(session, KIND_OUTPUT, output.name))
        else:
            layout = layout_from_json(data)
            info = save_layout(session, layout, author=author,
                               base_version=latest_version(session, KIND_LAYOUT, layout.name))
    except LayoutFormatError as exc:
        raise LayoutError(f"{path}: malformed", format_problems(exc)) from exc
    except OSError as exc:
        raise LayoutError(f"cannot read {path}: {exc.strerror}") from exc
    return f"{info.kind} '{info.name}' saved as version {info.version}"


def export_layout(session: Session, name: str) -> dict[str, Any]:
    """The current JSON of layout ``name`` (or of output ``name`` when no layout has that name)."""
    for kind in (KIND_LAYOUT, KIND_OUTPUT):
        doc = current(session, kind, name)
        if doc is not None:
            return doc.body
    raise LayoutError(f"no layout or output called '{name}' (see 'bsm layout list')")


def list_layouts(session: Session) -> list[str]:
    """One line per current layout and output: kind, name, version, author, time (UTC)."""
    lines = []
    for kind in (KIND_OUTPUT, KIND_LAYOUT):
        for d in current_documents(session, kind):
            lines.append(f"{kind:<7} {d.name:<28} v{d.version:<4} {d.author:<16} {d.created_at:%Y-%m-%d %H:%M} UTC")
    return lines


def dumps(body: dict[str, Any]) -> str:
    """Pretty JSON for files (UTF-8, two-space indent)."""
    return json.dumps(body, indent=2, ensure_ascii=False)
