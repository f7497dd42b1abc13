"""Output edits are commands: the domain command and its inverse, undo/redo in the outputs tab, revert as a step,
the draft file recovered after a crash, and the question before unsaved output edits are left."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from common.config import Config, DatabaseSection
from common.layouts.commands import CommandError
from common.layouts.model import OutputSpec
from common.layouts.output_commands import EditOutput, diff_output
from tests.wall.editor.conftest import EditorFactory, fake_grab, fixed_clock, prompter_of
from wall.data.fake import FakeDashboardService
from wall.editor.app import build
from wall.editor.output_session import DRAFT_SUBDIR, read_output_draft
from wall.editor.panels.outputs import OutputEditorPanel
from wall.editor.prompter import ScriptedPrompter, UnsavedChoice
from wall.editor.window import EditorWindow

TV = OutputSpec("tv-9", "pc-1", "HDMI-1", None, (1920, 1080), "internal")


def _outputs_tab(make_editor: EditorFactory, output: str,
                 answers: tuple[object, ...] = ()) -> tuple[EditorWindow, OutputEditorPanel]:
    """An editor on the outputs tab with ``output`` open."""
    w = make_editor("siti", answers)
    w.tabs.setCurrentIndex(1)
    w.outputs_panel.select_output(output)
    return w, w.outputs_panel


def test_edit_output_returns_what_changed_and_its_inverse_restores_exactly() -> None:
    edited, change = EditOutput({"node": "pc-2", "resolution": (1280, 720), "privacy": "internal"}).apply(TV)
    assert (edited.node, edited.resolution) == ("pc-2", (1280, 720))
    assert change.fields == {"node", "resolution"}  # a field given its own value is not a change
    back, undo_change = change.inverse().apply(edited)
    assert back == TV and undo_change.fields == change.fields
    assert diff_output(TV, edited) == EditOutput({"node": "pc-2", "resolution": (1280, 720)})
    assert diff_output(TV, TV) is None


@pytest.mark.parametrize("values", [{"schema": 9}, {"no_such_field": 1}, {"name": "x", "__class__": int}])
def test_edit_output_refuses_fields_that_are_not_editable(values: dict[str, object]) -> None:
    with pytest.raises(CommandError, match="no editable field"):
        EditOutput(values).apply(TV)


def test_undo_and_redo_in_the_outputs_tab_walk_through_the_edits(make_editor: EditorFactory) -> None:
    w, panel = _outputs_tab(make_editor, "videotron")
    saved = panel.current
    assert saved is not None and not w.actions_by_name["act.undo"].isEnabled()
    panel.rect_spins[0].setValue(300)
    panel.rect_spins[0].setValue(320)  # the same field again: one step
    panel.privacy.setCurrentIndex(panel.privacy.findData("internal"))
    assert panel.current is not None and panel.current.rect == (320, 0, 1152, 576)
    assert panel.current.privacy == "internal" and panel.form_dirty
    assert w.actions_by_name["act.undo"].isEnabled()
    w.actions_by_name["act.undo"].trigger()  # the privacy change
    assert panel.current.privacy == "public" and panel.privacy.currentData() == "public"
    w.actions_by_name["act.undo"].trigger()  # both rectangle edits at once
    assert panel.current == saved and panel.rect_spins[0].value() == 0 and not panel.form_dirty
    w.actions_by_name["act.redo"].trigger()
    assert panel.current.rect == (320, 0, 1152, 576) and panel.rect_spins[0].value() == 320
    shown = next(o for o in panel.arrangement.outputs if o.name == "videotron")
    assert shown.rect == (320, 0, 1152, 576)  # the picture follows undo and redo too
    layout_session = w.controller.session
    assert layout_session is None or layout_session.undo_stack.count() == 0  # the layouts' history: untouched


def test_the_undo_shortcut_follows_the_tab(make_editor: EditorFactory, qtbot: QtBot) -> None:
    w = make_editor("siti")
    c = w.controller
    assert c.open_layout("tv-peta") and c.session is not None
    c.session.set_tile_settings("opd", {"title": "OPD kota"})
    w.tabs.setCurrentIndex(1)
    panel = w.outputs_panel
    panel.select_output("tv-2")
    panel.node_edit.setText("pc-cadangan")
    panel.node_edit.textEdited.emit("pc-cadangan")
    assert panel.current is not None and panel.current.node == "pc-cadangan"
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    QTest.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window's shortcut
    assert panel.current.node != "pc-cadangan" and panel.node_edit.text() == panel.current.node
    assert c.session.layout.tile("opd").settings == {"title": "OPD kota"}  # the layout edit is still there
    w.tabs.setCurrentIndex(0)
    w.actions_by_name["act.undo"].trigger()
    assert c.session.layout.tile("opd").settings != {"title": "OPD kota"}


def test_revert_is_one_undoable_step(make_editor: EditorFactory) -> None:
    w, panel = _outputs_tab(make_editor, "videotron")
    saved = panel.current
    panel.rect_spins[1].setValue(40)
    panel.presets.alarm_minutes.setValue(25)
    edited = panel.current
    panel.revert_button.click()
    assert panel.current == saved and panel.rect_spins[1].value() == 0
    w.actions_by_name["act.undo"].trigger()
    assert panel.current == edited and panel.rect_spins[1].value() == 40


def test_leaving_an_output_with_unsaved_edits_asks_first(make_editor: EditorFactory) -> None:
    w, panel = _outputs_tab(make_editor, "videotron", (UnsavedChoice.CANCEL, UnsavedChoice.DISCARD))
    panel.rect_spins[0].setValue(200)
    panel.select_output("tv-2")  # cancel: stay, edits kept
    assert panel.current is not None and panel.current.name == "videotron" and panel.current.rect[0] == 200  # type: ignore[index]
    rows = panel.table.selectionModel().selectedRows()
    assert [panel.model.rows[r.row()][0].name for r in rows] == ["videotron"]
    assert prompter_of(w).last("unsaved").startswith("Keluaran 'videotron' punya perubahan")
    panel.select_output("tv-2")  # discard
    assert panel.current is not None and panel.current.name == "tv-2" and not panel.form_dirty
    panel.select_output("videotron")
    assert panel.current is not None and panel.current.rect == (0, 0, 1152, 576)


def test_saving_from_the_question_keeps_the_edit(make_editor: EditorFactory) -> None:
    w = make_editor("siti", (UnsavedChoice.SAVE,))
    panel = w.outputs_panel
    panel.select_output("videotron")
    panel.rect_spins[0].setValue(64)
    panel.select_output("tv-2")
    assert next(o for o, _ in w.controller.outputs if o.name == "videotron").rect == (64, 0, 1152, 576)
    assert panel.current is not None and panel.current.name == "tv-2"


def test_saving_keeps_the_history_and_the_clean_state(make_editor: EditorFactory) -> None:
    w, panel = _outputs_tab(make_editor, "videotron")
    panel.rect_spins[0].setValue(128)
    panel.save_button.click()
    assert panel.base_version == 2 and not panel.form_dirty
    w.actions_by_name["act.undo"].trigger()  # back to version 1's rectangle, now an unsaved edit
    assert panel.current is not None and panel.current.rect == (0, 0, 1152, 576) and panel.form_dirty


def test_closing_with_unsaved_output_edits_asks(make_editor: EditorFactory) -> None:
    w = make_editor("siti", (UnsavedChoice.CANCEL,))
    w.outputs_panel.select_output("videotron")
    w.outputs_panel.rect_spins[0].setValue(16)
    assert not w.close() and not w.closed  # cancelled: the window stays with its edits
    assert w.outputs_panel.current is not None and w.outputs_panel.current.rect[0] == 16  # type: ignore[index]


def _editor(qtbot: QtBot, engine: Engine, drafts: Path, answers: tuple[object, ...]) -> EditorWindow:
    config = Config(database=DatabaseSection(url=engine.url.render_as_string(hide_password=False)))
    w = build(config, engine=engine, clock=fixed_clock, author="siti", prompter=ScriptedPrompter(answers),
              grab=fake_grab, dashboard=FakeDashboardService(), draft_dir=drafts)
    qtbot.addWidget(w)
    return w


def test_a_draft_of_output_edits_is_offered_back_after_a_crash(qtbot: QtBot, seeded_engine: Engine,
                                                               tmp_path: Path) -> None:
    first = _editor(qtbot, seeded_engine, tmp_path, ())
    first.outputs_panel.select_output("tv-2")
    first.outputs_panel.presets.alarm_minutes.setValue(33)
    edited = first.outputs_panel.current
    assert (tmp_path / DRAFT_SUBDIR / "tv-2.json").is_file()
    assert not (tmp_path / "tv-2.json").exists()  # never mixed with a layout's draft of the same name
    first.shutdown()  # closed without saving (a crash leaves the same file)
    second = _editor(qtbot, seeded_engine, tmp_path, (True,))
    panel = second.outputs_panel
    panel.select_output("tv-2")
    assert panel.current == edited and panel.form_dirty and panel.presets.alarm_minutes.value() == 33
    assert prompter_of(second).last("confirm").startswith("Ada perubahan belum tersimpan pada 'tv-2'")
    second.tabs.setCurrentIndex(1)
    second.actions_by_name["act.undo"].trigger()  # the recovered edits are one step
    assert panel.current is not None and panel.current.alarm_minutes != 33 and not panel.form_dirty
    assert read_output_draft(tmp_path, "tv-2") is None  # back at the saved state: nothing left to recover
    second.shutdown()


def test_a_declined_or_stale_output_draft_is_dropped(qtbot: QtBot, seeded_engine: Engine, tmp_path: Path) -> None:
    first = _editor(qtbot, seeded_engine, tmp_path, ())
    first.outputs_panel.select_output("tv-2")
    first.outputs_panel.presets.alarm_minutes.setValue(44)
    first.shutdown()
    second = _editor(qtbot, seeded_engine, tmp_path, (False,))
    second.outputs_panel.select_output("tv-2")  # declined
    assert second.outputs_panel.current is not None and second.outputs_panel.current.alarm_minutes != 44
    assert read_output_draft(tmp_path, "tv-2") is None
    second.outputs_panel.presets.alarm_minutes.setValue(45)
    second.outputs_panel.save_button.click()  # version 2 now
    second.outputs_panel.presets.alarm_minutes.setValue(46)
    draft = read_output_draft(tmp_path, "tv-2")
    assert draft is not None and draft[0] == 2
    path = tmp_path / DRAFT_SUBDIR / "tv-2.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"base_version": 2', '"base_version": 1'),
                    encoding="utf-8")
    second.shutdown()
    third = _editor(qtbot, seeded_engine, tmp_path, ())
    third.outputs_panel.select_output("tv-2")  # made on an older version: dropped without a question
    assert third.outputs_panel.current is not None and third.outputs_panel.current.alarm_minutes == 45
    assert not prompter_of(third).asked and not path.exists()
    third.shutdown()


@pytest.mark.parametrize("body", ["", "{", '{"base_version": 1}', '{"base_version": "x", "output": {}}',
                                  '{"base_version": 1, "output": {"name": 5}}', "[]"])
def test_a_broken_output_draft_is_ignored(tmp_path: Path, body: str) -> None:
    (tmp_path / DRAFT_SUBDIR).mkdir()
    (tmp_path / DRAFT_SUBDIR / "tv-2.json").write_text(body, encoding="utf-8")
    assert read_output_draft(tmp_path, "tv-2") is None
    assert read_output_draft(None, "tv-2") is None


def test_a_new_output_once_saved_keeps_its_name_and_its_history(make_editor: EditorFactory) -> None:
    w = make_editor("siti", ("layar-baru",))
    w.tabs.setCurrentIndex(1)
    panel = w.outputs_panel
    panel.new_button.click()
    assert panel.current is not None and panel.base_version == 0 and not panel.name_edit.isReadOnly()
    panel.node_edit.setText("pc-2")
    panel.node_edit.textEdited.emit("pc-2")
    panel.save_button.click()
    assert panel.base_version == 1 and not panel.form_dirty and panel.name_edit.isReadOnly()
    rows = panel.table.selectionModel().selectedRows()
    assert [panel.model.rows[r.row()][0].name for r in rows] == ["layar-baru"]
    w.actions_by_name["act.undo"].trigger()
    assert panel.current is not None and panel.current.node != "pc-2" and panel.form_dirty


def test_switching_language_keeps_the_open_outputs_unsaved_edits(qtbot: QtBot, seeded_engine: Engine,
                                                                 tmp_path: Path) -> None:
    first = _editor(qtbot, seeded_engine, tmp_path, ())
    first.show()
    first.tabs.setCurrentIndex(1)
    first.outputs_panel.select_output("videotron")
    first.outputs_panel.rect_spins[0].setValue(512)
    edited = first.outputs_panel.current
    with qtbot.waitSignal(first.language_requested) as asked:
        first.actions_by_name["act.language"].trigger()
    state = asked.args[0]
    assert state.output == "videotron" and state.tab == 1
    first.shutdown()
    second = _editor(qtbot, seeded_engine, tmp_path, ())
    second.restore_state(state)
    panel = second.outputs_panel
    assert panel.current == edited and panel.form_dirty and panel.rect_spins[0].value() == 512
    assert not prompter_of(second).asked, "taken over without a question"
    second.actions_by_name["act.undo"].trigger()
    assert panel.current is not None and panel.current.rect == (0, 0, 1152, 576)
    second.shutdown()
