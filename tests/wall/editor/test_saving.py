"""Saving through the editor on SQLite and PostgreSQL: versions with author and audit, the two-technician
conflict (refused with who/when; reload and save-as-copy both work), invalid layouts refused with the right
message, history preview and restore, delete with confirmation, rename, duplicate."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from common.config import Config, DatabaseSection
from common.db.engine import make_session_factory
from common.domain.models import AuditEntry
from common.layouts import store
from common.layouts.model import Layout, TileSpec
from tests.wall.editor.conftest import PRIVATE_CAMERAS, EditorFactory, fake_grab, fixed_clock, prompter_of
from wall.data.fake import FakeDashboardService
from wall.editor.app import build
from wall.editor.controller import SaveOutcome
from wall.editor.i18n import Lang, Texts, refusal_text
from wall.editor.prompter import ConflictChoice, ScriptedPrompter
from wall.editor.window import EditorWindow

pytestmark = pytest.mark.timeout(90)


def _saved(engine: Engine, name: str) -> store.DocumentInfo | None:
    with make_session_factory(engine)() as s:
        return store.current(s, "layout", name)


def test_save_creates_a_new_version_with_author_and_audit(make_editor: EditorFactory,
                                                          seeded_engine: Engine) -> None:
    w = make_editor("siti")
    c = w.controller
    assert c.open_layout("tv-peta") and c.session is not None
    assert not w.layout_tab.save_button.isEnabled()  # nothing changed yet
    c.session.set_tile_settings("jaringan", {"font_px": 30})
    assert w.layout_tab.save_button.isEnabled() and "*" in w.windowTitle()
    w.layout_tab.comment.setText("huruf lebih besar")
    assert w.layout_tab.save() is SaveOutcome.SAVED
    doc = _saved(seeded_engine, "tv-peta")
    assert doc is not None and (doc.version, doc.author, doc.comment) == (2, "siti", "huruf lebih besar")
    assert c.session.base_version == 2 and not c.session.dirty and "*" not in w.windowTitle()
    with make_session_factory(seeded_engine)() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == "tv-peta")).all()
    assert [(a.actor, a.action, a.detail["version"]) for a in audit][-1] == ("siti", "layout.save", 2)


def _edit_both(make_editor: EditorFactory, answers: tuple[object, ...]) -> tuple[object, object]:
    a, b = make_editor("teknisi-a"), make_editor("teknisi-b", answers)
    for w in (a, b):
        assert w.controller.open_layout("tv-peta")
    assert a.controller.session is not None and b.controller.session is not None
    a.controller.session.set_tile_settings("opd", {"max_rows": 8})
    assert a.controller.save() is SaveOutcome.SAVED
    b.controller.session.set_tile_settings("jaringan", {"font_px": 40})
    return a, b


def test_a_concurrent_save_is_refused_with_who_and_when_then_reload(make_editor: EditorFactory,
                                                                    seeded_engine: Engine) -> None:
    _a, b = _edit_both(make_editor, (ConflictChoice.CANCEL, ConflictChoice.RELOAD))
    c = b.controller  # type: ignore[attr-defined]
    assert c.save() is SaveOutcome.CANCELLED
    text = prompter_of(b).last("conflict")  # type: ignore[arg-type]
    assert text.startswith("Tata letak ini telah diubah oleh teknisi-a pada 25-11-2026 10:00 WIB")
    assert "Muat ulang / Simpan sebagai salinan / Batal" in text
    doc = _saved(seeded_engine, "tv-peta")
    assert doc is not None and doc.version == 2 and doc.author == "teknisi-a"  # nothing overwritten
    assert c.session.dirty  # B's edit is still there after "Batal"
    assert c.save() is SaveOutcome.CONFLICT_RELOADED
    assert c.session.base_version == 2 and not c.session.dirty
    assert c.session.layout.tile("opd").settings["max_rows"] == 8  # A's change, B's edit gone
    assert "font_px" not in c.session.layout.tile("jaringan").settings


def test_a_concurrent_save_can_be_kept_as_a_copy(make_editor: EditorFactory, seeded_engine: Engine) -> None:
    _a, b = _edit_both(make_editor, (ConflictChoice.SAVE_COPY, "tv-peta-budi"))
    c = b.controller  # type: ignore[attr-defined]
    assert c.save() is SaveOutcome.CONFLICT_COPIED
    copy = _saved(seeded_engine, "tv-peta-budi")
    original = _saved(seeded_engine, "tv-peta")
    assert copy is not None and copy.author == "teknisi-b" and copy.version == 1
    assert {t["id"]: t["settings"] for t in copy.body["tiles"]}["jaringan"] == {"font_px": 40}
    assert original is not None and original.version == 2 and original.author == "teknisi-a"
    assert c.session.name == "tv-peta-budi" and not c.session.dirty
    assert "tv-peta-budi" in c.layout_names()


def test_invalid_layouts_are_refused_with_the_right_message(make_editor: EditorFactory,
                                                            seeded_engine: Engine) -> None:
    w = make_editor()
    c, prompter = w.controller, prompter_of(w)
    assert c.open_layout("videotron-umum") and c.session is not None
    assert c.target is not None and c.target.name == "videotron"  # shown on the public videotron
    seq = c.session.layout.tile("kamera")
    c.session.set_tile_settings("kamera", {**seq.settings, "cameras": [PRIVATE_CAMERAS[0]], "dwell_s": 2})
    assert not w.layout_tab.save_button.isEnabled()
    assert w.layout_tab.save_reason.text().startswith("Tidak dapat disimpan: 2 masalah")
    assert c.save() is SaveOutcome.INVALID
    text = prompter.last("error")
    assert f"kamera '{PRIVATE_CAMERAS[0]}' tidak ditandai aman-publik; dilarang di keluaran publik" in text
    assert "waktu tayang 2 dtk; minimal 3 dtk" in text
    overlapping = Layout("videotron-umum", 2, 2, (TileSpec("a", 0, 0, 2, 2, "clock"), TileSpec("b", 1, 1, 1, 1,
                                                                                                 "clock")))
    c.session.replace_layout(overlapping, c.session.base_version)
    c.session.is_new = True  # pretend it was edited
    assert c.save() is SaveOutcome.INVALID
    assert "ubin 'b' menumpuk ubin 'a'" in prompter.last("error")
    doc = _saved(seeded_engine, "videotron-umum")
    assert doc is not None and doc.version == 1  # nothing saved
    before = len(prompter.asked)
    assert c.import_text('{"schema": 1, "kind": "layout", "name": "impor", "rows": 1, "cols": 1, "tiles": ['
                         '{"id": "a", "row": 0, "col": 0, "kind": "clock"}, '
                         '{"id": "b", "row": 0, "col": 0, "kind": "clock"}]}') is None
    assert "ubin 'b' menumpuk ubin 'a'" in prompter.asked[before][2]
    assert _saved(seeded_engine, "impor") is None


def test_history_preview_and_restore(make_editor: EditorFactory, seeded_engine: Engine, qtbot: QtBot) -> None:
    w = make_editor("siti", (True,))
    c, tab = w.controller, w.layout_tab
    assert c.open_layout("tv-peta") and c.session is not None
    v1 = c.session.layout
    c.session.set_tile_settings("opd", {"max_rows": 3})
    assert c.save("v2") is SaveOutcome.SAVED
    assert [d.version for d in tab.history.model.rows] == [2, 1]
    tab.history.select_version(1)
    assert tab.history.mini.layout_shown == v1  # previewed read-only
    tab.history.preview_button.click()
    assert tab.preview.shown_layout == v1
    tab.history.restore_button.click()
    doc = _saved(seeded_engine, "tv-peta")
    assert doc is not None and (doc.version, doc.author, doc.comment) == (3, "siti", "pulihkan versi 1")
    assert c.session.layout == v1 and c.session.base_version == 3 and not c.session.dirty
    assert prompter_of(w).last("confirm") == "Pulihkan versi 1 dari 'tv-peta' sebagai versi baru?"


def test_delete_asks_first_and_refuses_a_layout_still_used(make_editor: EditorFactory,
                                                           seeded_engine: Engine) -> None:
    w = make_editor("siti", (False, True, True))
    c, prompter = w.controller, prompter_of(w)
    assert c.new_layout("coba", 2, 2) and c.save() is SaveOutcome.SAVED
    assert not c.delete_layout("coba")  # "Tidak"
    assert _saved(seeded_engine, "coba") is not None
    assert c.delete_layout("coba")
    assert _saved(seeded_engine, "coba") is None and c.session is None
    assert "coba" not in c.layout_names()
    assert not c.delete_layout("tv-peta")
    assert "preset of tv-1, tv-2" in prompter.last("error")
    assert c.new_layout("coba") and c.save() is SaveOutcome.SAVED  # the name can be used again
    doc = _saved(seeded_engine, "coba")
    assert doc is not None and doc.version == 3


def test_new_duplicate_and_rename(make_editor: EditorFactory, seeded_engine: Engine) -> None:
    w = make_editor("siti", ("bad/name",))
    c = w.controller
    assert not c.new_layout()  # an invalid name is refused
    assert "tidak sah" in prompter_of(w).last("error")
    assert not c.new_layout("tv-peta")  # taken
    assert c.duplicate_layout("tv-peta", "tv-peta-2")
    copy = _saved(seeded_engine, "tv-peta-2")
    assert copy is not None and copy.comment == "salinan dari 'tv-peta' v1"
    assert c.rename_layout("tv-peta-baru", "tv-peta")
    assert _saved(seeded_engine, "tv-peta") is None and c.session is not None
    assert c.session.name == "tv-peta-baru"
    with make_session_factory(seeded_engine)() as s:
        tv1 = next(o for o in store.load_outputs(s) if o.name == "tv-1")
    assert tv1.preset("Peta") is not None and tv1.preset("Peta").layout == "tv-peta-baru"  # type: ignore[union-attr]


def test_unsaved_edits_are_not_lost_by_opening_another_layout(make_editor: EditorFactory) -> None:
    from wall.editor.prompter import UnsavedChoice

    w = make_editor("siti", (UnsavedChoice.CANCEL, UnsavedChoice.DISCARD))
    c = w.controller
    assert c.open_layout("tv-peta") and c.session is not None
    c.session.set_tile_settings("opd", {"max_rows": 2})
    assert not c.open_layout("tv-umum")  # cancelled: still on tv-peta with the edit
    assert c.session.name == "tv-peta" and c.session.dirty
    assert c.open_layout("tv-umum") and c.session.name == "tv-umum"
    assert prompter_of(w).last("unsaved").startswith("Tata letak 'tv-peta' punya perubahan")


def test_a_draft_left_by_an_unsaved_session_is_offered_back(qtbot: QtBot, seeded_engine: Engine,
                                                            tmp_path: Path) -> None:
    config = Config(database=DatabaseSection(url=seeded_engine.url.render_as_string(hide_password=False)))

    def editor(answers: tuple[object, ...]) -> EditorWindow:
        w = build(config, engine=seeded_engine, clock=fixed_clock, author="siti", prompter=ScriptedPrompter(answers),
                  grab=fake_grab, dashboard=FakeDashboardService(), draft_dir=tmp_path)
        qtbot.addWidget(w)
        return w

    first = editor(())
    assert first.controller.open_layout("tv-peta") and first.controller.session is not None
    first.controller.session.set_tile_settings("opd", {"max_rows": 5})
    edited = first.controller.session.layout
    first.shutdown()  # closed without saving (a crash would leave the same file)
    second = editor((True,))
    assert second.controller.open_layout("tv-peta") and second.controller.session is not None
    s = second.controller.session
    assert s.layout == edited and s.dirty and s.base_version == 1  # recovered, to be saved or undone
    assert prompter_of(second).last("confirm").startswith("Ada perubahan belum tersimpan pada 'tv-peta'")
    s.undo_stack.undo()
    assert s.layout == second.controller.repo.load_layout("tv-peta")[0] and not s.dirty
    second.shutdown()


def test_refusals_are_explained_in_indonesian() -> None:
    t = Texts()
    assert refusal_text(t, "tile 'b' would overlap tile 'a'") == \
        "Tidak dapat: ubin akan menumpuk ubin lain (tile 'b' would overlap tile 'a')"
    assert "sebagian terpilih" in refusal_text(t, "tile 'a' lies partly outside the selected cells")
    assert refusal_text(t, "something new") == "Tidak dapat: something new"


def test_two_technicians_editing_one_output(make_editor: EditorFactory, seeded_engine: Engine) -> None:
    a, b = make_editor("teknisi-a"), make_editor("teknisi-b")
    for w in (a, b):
        w.outputs_panel.select_output("tv-2")
    a.outputs_panel.presets.alarm_minutes.setValue(20)
    a.outputs_panel.save_button.click()
    b.outputs_panel.presets.alarm_minutes.setValue(30)
    b.outputs_panel.save_button.click()
    text = prompter_of(b).last("error")
    assert text.startswith("Keluaran ini telah diubah oleh teknisi-a pada 25-11-2026 10:00 WIB (versi 2")
    with make_session_factory(seeded_engine)() as s:
        doc = store.current(s, "output", "tv-2")
    assert doc is not None and doc.version == 2 and doc.body["alarm_minutes"] == 20
    assert b.outputs_panel.presets.alarm_minutes.value() == 20  # reloaded: B sees A's change


def test_switching_language_rebuilds_the_window_and_keeps_unsaved_edits(qtbot: QtBot, seeded_engine: Engine,
                                                                        tmp_path: Path) -> None:
    from wall.editor.window import EditorState

    config = Config(database=DatabaseSection(url=seeded_engine.url.render_as_string(hide_password=False)))

    def editor(lang: Lang) -> EditorWindow:
        w = build(config, engine=seeded_engine, clock=fixed_clock, author="siti", prompter=ScriptedPrompter(()),
                  grab=fake_grab, dashboard=FakeDashboardService(), draft_dir=tmp_path, lang=lang)
        qtbot.addWidget(w)
        w.show()
        return w

    first = editor("id")
    assert first.actions_by_name["act.language"].text() == "English"
    assert first.controller.open_layout("tv-peta") and first.controller.session is not None
    first.controller.session.set_tile_settings("opd", {"max_rows": 5})
    edited = first.controller.session.layout
    first.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(first.language_requested) as asked:
        first.actions_by_name["act.language"].trigger()
    state = asked.args[0]
    assert isinstance(state, EditorState) and (state.lang, state.layout, state.tab) == ("en", "tv-peta", 1)
    first.shutdown()
    second = editor(state.lang)
    second.restore_state(state)
    s = second.controller.session
    assert s is not None and s.layout == edited and s.dirty, "the unsaved edit came along, without a question"
    assert prompter_of(second).last("confirm") == ""
    assert second.tabs.currentIndex() == 1 and second.tabs.tabText(0) == "Layouts"
    assert second.actions_by_name["act.language"].text() == "Bahasa Indonesia"
    second.shutdown()
