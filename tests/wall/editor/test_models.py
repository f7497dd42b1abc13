"""Every item model of the editor passes pytest-qt's ``qtmodeltester``; searches and edits behave."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from common.layouts.model import OutputSpec, PresetRef, ScheduleEntry
from common.layouts.store import DocumentInfo
from common.layouts.validate import Problem
from wall.editor.i18n import Texts
from wall.editor.models import (
    ROW_ROLE,
    CameraFilterProxyModel,
    CameraTableModel,
    LayoutRow,
    LayoutTableModel,
    OutputTableModel,
    ProblemTableModel,
    VersionTableModel,
    wib,
)
from wall.editor.models_edit import PresetTableModel, ScheduleTableModel
from wall.editor.repository import CameraRow

pytestmark = pytest.mark.timeout(30)
T = Texts()
AT = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)


def doc(name: str, version: int = 1, kind: str = "layout", deleted: bool = False) -> DocumentInfo:
    return DocumentInfo(kind, name, version, "teknisi-a", AT, deleted, "catatan", {})


CAMS = [
    CameraRow("Alun-alun Serang", "36.73.01.1001", "Cimuncang", True, True, "rtsp://x/1", "rtsp://x/1s"),
    CameraRow("Pasar Rau", "36.73.02.1002", "Sumurpecung", False, True, "rtsp://x/2", ""),
    CameraRow("Stadion Maulana Yusuf", "36.73.01.1001", "Cimuncang", True, False, "rtsp://x/3", ""),
]
OUTPUTS = [
    (OutputSpec("tv-1", "wall-1", "HDMI-1", None, (1920, 1080), "internal", language="en"),
     doc("tv-1", kind="output")),
    (OutputSpec("videotron", "wall-1", "HDMI-3", (0, 0, 1152, 576), (1152, 576), "public"),
     doc("videotron", 3, "output")),
]


def test_wib_is_jakarta_time() -> None:
    assert wib(AT) == "25-11-2026 08:30 WIB"


def test_read_only_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    layouts = LayoutTableModel(T)
    layouts.set_rows([LayoutRow(doc("tv-umum", 3), ("tv-1 (1)",)), LayoutRow(doc("videotron-umum"), ())])
    outputs = OutputTableModel(T)
    outputs.set_rows(OUTPUTS)
    versions = VersionTableModel(T)
    versions.set_rows([doc("x", 3, deleted=True), doc("x", 2), doc("x", 1)])
    problems = ProblemTableModel(T)
    problems.set_rows([Problem("a", "overlap", "ubin 'a' menumpuk ubin 'b'", "tile 'a' overlaps tile 'b'"),
                       Problem(None, "malformed", "rows: wajib diisi", "rows: is required")])
    cameras = CameraTableModel(T)
    cameras.set_rows(CAMS)
    for model in (layouts, outputs, versions, problems, cameras):
        qtmodeltester.check(model, force_py=True)
        model.set_rows([])
        qtmodeltester.check(model, force_py=True)
    assert layouts.headerData(2, Qt.Orientation.Horizontal) == "Dipakai"


def test_table_contents() -> None:
    versions = VersionTableModel(T)
    versions.set_rows([doc("x", 3, deleted=True), doc("x", 2)])
    row = [versions.data(versions.index(0, c)) for c in range(4)]
    assert row == ["v3 (dihapus)", "teknisi-a", "25-11-2026 08:30 WIB", "catatan"]
    outputs = OutputTableModel(T)
    outputs.set_rows(OUTPUTS)
    assert outputs.data(outputs.index(1, 1)) == "wall-1 / HDMI-3 [0,0 1152×576]"
    assert outputs.data(outputs.index(1, 2)) == "publik"
    assert [outputs.data(outputs.index(r, 3)) for r in range(2)] == ["EN", "—"]  # "—": the node's language
    assert outputs.headerData(3, Qt.Orientation.Horizontal) == "Bahasa"
    assert outputs.data(outputs.index(1, 0), ROW_ROLE) == OUTPUTS[1]


def test_camera_search_by_name_or_kelurahan(qtmodeltester: ModelTester) -> None:
    source = CameraTableModel(T)
    source.set_rows(CAMS)
    proxy = CameraFilterProxyModel()
    proxy.setSourceModel(source)
    qtmodeltester.check(proxy, force_py=True)

    def names() -> list[str]:
        return [proxy.data(proxy.index(r, 0), ROW_ROLE).name for r in range(proxy.rowCount())]

    proxy.set_search("pasar")
    assert names() == ["Pasar Rau"]
    proxy.set_search("cimuncang")  # kelurahan name
    assert names() == ["Alun-alun Serang", "Stadion Maulana Yusuf"]
    proxy.set_search("36.73.02")  # kelurahan code
    assert names() == ["Pasar Rau"]
    proxy.set_search("  STADION  cimun ")  # every word, any case
    assert names() == ["Stadion Maulana Yusuf"]
    proxy.set_search("")
    proxy.set_public_only(True)
    assert names() == ["Alun-alun Serang", "Stadion Maulana Yusuf"]
    qtmodeltester.check(proxy, force_py=True)
    assert source.data(source.index(2, 0)) == "Stadion Maulana Yusuf (nonaktif)"


def test_editable_models_pass_the_model_tester_and_refuse_bad_input(qtmodeltester: ModelTester) -> None:
    schedule = ScheduleTableModel(T)
    schedule.set_rows([ScheduleEntry("06:00", "22:00", "Umum")])
    qtmodeltester.check(schedule, force_py=True)  # one tester follows one model at a time: schedule first
    assert schedule.setData(schedule.index(0, 0), "6:30")
    assert not schedule.setData(schedule.index(0, 1), "25:00")
    assert schedule.rows == [ScheduleEntry("06:30", "22:00", "Umum")]
    presets = PresetTableModel(T)
    presets.set_rows([PresetRef(1, "Umum", "tv-umum"), PresetRef(2, "Kamera", "tv-kamera")])
    qtmodeltester.check(presets, force_py=True)
    assert presets.setData(presets.index(0, 0), "9")
    assert not presets.setData(presets.index(0, 0), 10)
    assert not presets.setData(presets.index(0, 1), "bad/name")
    assert presets.setData(presets.index(1, 2), "tv-peta")
    assert presets.rows == [PresetRef(9, "Umum", "tv-umum"), PresetRef(2, "Kamera", "tv-peta")]
    presets.append(PresetRef(3, "Peta", "tv-peta"))
    presets.remove(0)
    qtmodeltester.check(presets, force_py=True)
    assert [p.key for p in presets.rows] == [2, 3]
    assert presets.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
