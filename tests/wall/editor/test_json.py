"""JSON export and import through the editor: every tile kind survives the round trip; bad files are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from common.db.engine import make_session_factory
from common.layouts import store
from common.layouts.kinds import SettingField, default_kinds
from common.layouts.model import Layout, TileSpec
from tests.wall.editor.conftest import PUBLIC_CAMERAS, EditorFactory, prompter_of
from wall.editor.controller import SaveOutcome
from wall.editor.panels.fields import accepts, hint_for

pytestmark = pytest.mark.timeout(90)


def sample_value(field: SettingField) -> Any:
    """A valid, non-default value of a setting, read from the kind spec (so the test follows the spec)."""
    hint = hint_for(field)
    if field.name == "camera":
        return PUBLIC_CAMERAS[0]
    if field.name == "cameras":
        return list(PUBLIC_CAMERAS[:3])
    if hint.widget == "choice":
        return next((v for v, _ in reversed(hint.choices) if v != field.default), field.default)
    if hint.widget == "bool":
        return not field.default
    if hint.widget in ("int", "float"):
        return int(hint.hi) if hint.widget == "int" else hint.hi - 0.5
    if hint.widget == "kelurahan" or field.name == "center":
        return field.default
    return f"contoh {field.name} — Kota Serang"


def every_kind_layout(name: str = "semua-jenis") -> Layout:
    """One tile of every registered kind, each with its defaults plus some non-default values."""
    kinds = default_kinds()
    tiles = []
    for i, kind in enumerate(kinds.kinds()):
        spec = kinds.get(kind)
        assert spec is not None
        settings = {f.name: sample_value(f) for f in spec.fields if accepts(f, sample_value(f))}
        tiles.append(TileSpec(f"{kind}-1", i // 4, i % 4, 1, 1, kind, spec.with_defaults(settings)))
    return Layout(name, 3, 4, tuple(tiles))


def test_every_tile_kind_survives_export_and_import(make_editor: EditorFactory, seeded_engine: Engine,
                                                    tmp_path: Path) -> None:
    layout = every_kind_layout()
    assert {t.kind for t in layout.tiles} == set(default_kinds().kinds())
    w = make_editor("siti", (True,))
    c = w.controller
    assert c.new_layout(layout.name, 3, 4) and c.session is not None
    c.session.replace_layout(layout, c.session.base_version)
    c.session.is_new = True
    assert c.session.problems == []
    assert c.save() is SaveOutcome.SAVED
    path = c.export_file(layout.name, str(tmp_path / "semua.json"))
    assert path is not None
    exported = json.loads(Path(path).read_text(encoding="utf-8"))
    assert exported == layout.to_json()
    assert c.delete_layout(layout.name)
    info = c.import_file(path)
    assert info is not None and info.comment == "impor JSON" and info.author == "siti"
    with make_session_factory(seeded_engine)() as s:
        assert store.load_layout(s, layout.name) == layout
    assert c.export_text(layout.name) == store.dumps(layout.to_json())


def test_an_open_layout_exports_as_edited_and_follows_an_import(make_editor: EditorFactory,
                                                               tmp_path: Path) -> None:
    w = make_editor("siti")
    c = w.controller
    assert c.open_layout("tv-peta") and c.session is not None
    c.session.set_tile_settings("opd", {"max_rows": 4})
    edited = json.loads(c.export_text())
    assert {t["id"]: t for t in edited["tiles"]}["opd"]["settings"] == {"max_rows": 4}
    c.session.undo_stack.undo()
    assert not c.session.dirty
    info = c.import_text(json.dumps(edited))
    assert info is not None and info.version == 2
    assert c.session.base_version == 2 and c.session.layout.tile("opd").settings == {"max_rows": 4}


def test_malformed_files_are_refused_naming_the_field(make_editor: EditorFactory, tmp_path: Path) -> None:
    w = make_editor("siti", (str(tmp_path / "missing.json"),))
    c, prompter = w.controller, prompter_of(w)
    assert c.import_text('{"schema": 1, "kind": "layout", "name": "x", "rows": 40, "cols": 1, "tiles": []}') is None
    assert "rows: harus bilangan bulat 1..12 (didapat 40)" in prompter.last("error")
    assert c.import_text("{not json") is None
    assert "JSON tidak sah" in prompter.last("error")
    assert c.import_file() is None  # the asked path does not exist
    assert "missing.json" in prompter.last("error")


def test_huge_deep_and_binary_files_are_refused_with_a_short_message(make_editor: EditorFactory,
                                                                      tmp_path: Path) -> None:
    huge, deep, binary = tmp_path / "huge.json", tmp_path / "deep.json", tmp_path / "binary.json"
    huge.write_text('{"schema": 1, "name": "' + "x" * 2_000_000 + '"}', encoding="utf-8")
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    binary.write_bytes(b'{"name": "\xff\xfe"}')
    w = make_editor("siti")
    c, prompter = w.controller, prompter_of(w)
    for path, says in ((huge, "terlalu besar"), (binary, "bukan teks UTF-8")):
        assert c.import_file(str(path)) is None
        assert says in prompter.last("error") and len(prompter.last("error")) < 500
    assert c.import_file(str(deep)) is None
    assert "bersarang terlalu dalam" in prompter.last("error")
    long_name = '{"schema": 1, "kind": "layout", "name": "x", "rows": "' + "9" * 50_000 + '", "cols": 1, "tiles": []}'
    assert c.import_text(long_name) is None
    assert "rows: harus" in prompter.last("error") and len(prompter.last("error")) < 500
