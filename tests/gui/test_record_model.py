"""The record model: an id list with lazily fetched pages, lists queried off the GUI thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import LOAD_TIMEOUT_MS
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from steward.core.normalize import fold
from steward.gui.record_model import PAGE_SIZE, RecordModel
from steward.gui.services import Services
from steward.store import browse
from steward.store.workspace import Workspace


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    with Workspace.open(workspace_path) as opened:
        yield opened


def _model(qtbot: QtBot, services: Services, workspace: Workspace, name: str) -> RecordModel:
    model = RecordModel(services.runner, workspace, name)
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        model.load()
    return model


def _wait_loaded(qtbot: QtBot, model: RecordModel) -> None:
    qtbot.waitUntil(lambda: not model.loading, timeout=LOAD_TIMEOUT_MS)


def _texts(model: RecordModel, column: int, rows: int) -> list[str]:
    return [model.index(row, column).data() for row in range(min(rows, model.rowCount()))]


def test_qtmodeltester_on_a_loaded_model(
    qtbot: QtBot, qtmodeltester: ModelTester, services: Services, workspace: Workspace
) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    assert model.rowCount() == browse.count(workspace, "Lead")
    qtmodeltester.check(model)


def test_qtmodeltester_on_an_empty_and_a_searched_model(
    qtbot: QtBot, qtmodeltester: ModelTester, services: Services, tmp_path: Path
) -> None:
    with Workspace.open(tmp_path / "empty.steward", create=True) as empty:
        model = _model(qtbot, services, empty, "Account")
        assert model.rowCount() == 0
        qtmodeltester.check(model)
        model.set_search("anything")
        _wait_loaded(qtbot, model)
        qtmodeltester.check(model)


def test_headers_are_friendly_labels_with_api_names_as_tooltips(
    qtbot: QtBot, services: Services, workspace: Workspace
) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header[:3] == ["First name", "Last name", "Company"]
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "FirstName"
    )
    assert "Created date" in header


def test_only_the_first_page_is_read_with_the_list(
    qtbot: QtBot, services: Services, workspace: Workspace
) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    assert model.cached_row(0) is not None
    assert model.cached_row(PAGE_SIZE - 1) is not None
    assert model.cached_row(PAGE_SIZE) is None
    last = model.rowCount() - 1
    assert model.cached_row(last) is None
    value = model.index(last, 1).data()  # the view scrolled to the end
    assert model.cached_row(last) is not None
    assert model.cached_row(PAGE_SIZE) is None  # only that page was fetched
    expected = browse.rows(workspace, "Lead", [model.pk(last)], ["LastName"])
    assert value == expected[model.pk(last)][0]


def test_search_keeps_old_rows_until_the_new_list_arrives(
    qtbot: QtBot, services: Services, workspace: Workspace
) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    total = model.rowCount()
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        model.set_search("smith")
        assert model.loading
        assert model.rowCount() == total  # still the old list
    assert 0 < model.rowCount() < total
    assert model.rowCount() == browse.count(workspace, "Lead", "smith")
    for row in range(model.rowCount()):
        values = [model.index(row, c).data() for c in range(model.columnCount())]
        assert "smith" in fold(" ".join(values))


def test_a_list_that_was_overtaken_is_dropped(
    qtbot: QtBot, services: Services, workspace: Workspace
) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    total = model.rowCount()
    lists: list[int] = []
    model.loaded.connect(lambda: lists.append(model.rowCount()))
    model.set_search("smith")
    model.set_search("")
    _wait_loaded(qtbot, model)
    services.runner.wait_idle(5000)
    qtbot.wait(50)
    assert lists == [total]
    assert model.search == ""


def test_sort_orders_by_the_column_with_empty_values_last(
    qtbot: QtBot, services: Services, workspace: Workspace
) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    column = model.columns.index("Title")
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        model.sort(column, Qt.SortOrder.AscendingOrder)
    assert model.sort_column == column
    assert model.sort_order == Qt.SortOrder.AscendingOrder
    titles = [model.index(r, column).data() for r in range(model.rowCount())]
    filled = [t for t in titles if t]
    assert titles == filled + [""] * (len(titles) - len(filled))
    assert [t.lower() for t in filled] == sorted(t.lower() for t in filled)
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        model.sort(column, Qt.SortOrder.DescendingOrder)
    titles = [model.index(r, column).data() for r in range(model.rowCount())]
    assert [t.lower() for t in titles[: len(filled)]] == sorted(
        (t.lower() for t in filled), reverse=True
    )
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        model.sort(-1)  # back to the import order
    assert [model.pk(r) for r in range(5)] == list(browse.ids(workspace, "Lead")[:5])


def test_the_same_sort_twice_asks_once(
    qtbot: QtBot, services: Services, workspace: Workspace
) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    model.sort(1)
    model.sort(1)
    assert services.runner.active == 1
    _wait_loaded(qtbot, model)
    model.sort(1)
    assert not model.loading


def test_refresh_reads_changed_rows(qtbot: QtBot, services: Services, workspace: Workspace) -> None:
    model = _model(qtbot, services, workspace, "Lead")
    pk = model.pk(0)
    assert model.index(0, 1).data()
    with workspace.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE lead SET LastName = 'Renamed' WHERE pk = ?", (pk,))
    assert model.index(0, 1).data() != "Renamed"  # cached until told
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        model.refresh()
    assert model.index(0, 1).data() == "Renamed"
    assert model.row_of(pk) == 0
    assert model.row_of(-1) is None


def test_numbers_align_right(qtbot: QtBot, services: Services, workspace: Workspace) -> None:
    model = _model(qtbot, services, workspace, "Account")
    employees = model.columns.index("NumberOfEmployees")
    alignment = model.index(0, employees).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight
    name = model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole)
    assert name & Qt.AlignmentFlag.AlignLeft
