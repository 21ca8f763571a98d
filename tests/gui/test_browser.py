"""The workspace screen, driven like a steward: sidebar, search box, header clicks, row clicks."""

from __future__ import annotations

from gui_support import LOAD_TIMEOUT_MS
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from steward.core.fields import OBJECTS
from steward.core.normalize import fold
from steward.gui.browser import BrowserView
from steward.gui.main_window import MainWindow
from steward.gui.record_model import RecordModel
from steward.gui.sidebar import OBJECT_ROLE
from steward.store import browse


def _model(window: MainWindow) -> RecordModel:
    model = window.browser.current_model()
    assert model is not None
    return model


def _wait_list(qtbot: QtBot, browser: BrowserView, object_name: str) -> RecordModel:
    def shown() -> bool:
        model = browser.current_model()
        return (
            model is not None
            and model.object_name == object_name
            and model.has_loaded
            and not model.loading
        )

    qtbot.waitUntil(shown, timeout=LOAD_TIMEOUT_MS)
    model = browser.current_model()
    assert model is not None
    return model


def _row_texts(model: RecordModel, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def _nocase(text: str) -> bytes:
    """SQLite's NOCASE: ASCII letters folded, everything else compared as bytes."""
    return bytes(c + 32 if 65 <= c <= 90 else c for c in text.encode("utf-8"))


def _click_header(qtbot: QtBot, browser: BrowserView, column: int) -> None:
    header = browser.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def _click_row(qtbot: QtBot, browser: BrowserView, row: int) -> None:
    model = browser.current_model()
    assert model is not None
    rect = browser.table.visualRect(model.index(row, 1))
    qtbot.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_opening_shows_leads_and_counts(
    open_window: MainWindow, demo_counts: dict[str, int]
) -> None:
    browser = open_window.browser
    assert open_window.stack.currentWidget() is browser
    model = _model(open_window)
    assert model.object_name == "Lead"
    assert model.rowCount() == demo_counts["Lead"] > 0
    for name, spec in OBJECTS.items():
        assert browser.sidebar.count_text(name) == f"{demo_counts[name]:,}", spec.plural
    assert browser.count_label.text() == f"{demo_counts['Lead']:,} leads"
    assert open_window.windowTitle() == "demo.steward — Steward"
    assert "demo.steward" in open_window.location.text()
    assert "from export files" in open_window.location.text()
    # The first row is selected and its fields are shown.
    assert browser.table.selectionModel().currentIndex().row() == 0
    assert browser.detail.fields()
    # Sized to the first page: every column is readable but none is absurdly wide.
    widths = [browser.table.columnWidth(c) for c in range(model.columnCount() - 1)]
    assert all(60 <= w <= 320 for w in widths), widths


def test_sidebar_switches_objects(
    qtbot: QtBot, open_window: MainWindow, demo_counts: dict[str, int]
) -> None:
    browser = open_window.browser
    sidebar = browser.sidebar
    for name in ("Account", "Contact", "Opportunity", "User", "Lead"):
        row = list(OBJECTS).index(name) + 1  # the lead queue comes first
        assert sidebar.model().index(row, 0).data(OBJECT_ROLE) == name
        rect = sidebar.visualRect(sidebar.model().index(row, 0))
        qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        model = _wait_list(qtbot, browser, name)
        assert model.rowCount() == demo_counts[name]
        assert sidebar.current_object() == name
        plural = OBJECTS[name].plural.lower()
        assert browser.search.placeholderText() == f"Search {plural}"
        assert browser.count_label.text() == f"{demo_counts[name]:,} {plural}"
        first = OBJECTS[name].browse_columns[0]
        assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == first


def test_typing_a_search_filters_the_rows(
    qtbot: QtBot, open_window: MainWindow, demo_counts: dict[str, int]
) -> None:
    browser = open_window.browser
    model = _model(open_window)
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClicks(browser.search, "smith")
    assert model.search == "smith"
    assert 0 < model.rowCount() < demo_counts["Lead"]
    for row in range(model.rowCount()):
        assert "smith" in fold(" ".join(_row_texts(model, row))), _row_texts(model, row)
    assert browser.count_label.text() == (f"{model.rowCount():,} of {demo_counts['Lead']:,} leads")
    # The detail pane follows the new first row.
    assert browser.detail.fields()
    assert "smith" in fold(" ".join(value for _, value in browser.detail.fields()))

    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        browser.search.clear()
    assert model.rowCount() == demo_counts["Lead"]


def test_search_is_debounced_while_typing(qtbot: QtBot, open_window: MainWindow) -> None:
    browser = open_window.browser
    model = _model(open_window)
    lists: list[str] = []
    model.loaded.connect(lambda: lists.append(model.search))
    qtbot.keyClicks(browser.search, "gar")
    qtbot.keyClicks(browser.search, "cia")
    qtbot.waitUntil(lambda: lists == ["garcia"], timeout=LOAD_TIMEOUT_MS)
    qtbot.wait(300)
    assert lists == ["garcia"]  # one query for the whole word


def test_search_stays_when_switching_objects(qtbot: QtBot, open_window: MainWindow) -> None:
    browser = open_window.browser
    model = _model(open_window)
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClicks(browser.search, "inc")
        qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    browser.sidebar.set_current_object("Account")
    accounts = _wait_list(qtbot, browser, "Account")
    assert accounts.search == "inc"
    for row in range(accounts.rowCount()):
        assert "inc" in fold(" ".join(_row_texts(accounts, row)))


def test_clicking_a_header_sorts(qtbot: QtBot, open_window: MainWindow) -> None:
    browser = open_window.browser
    model = _model(open_window)
    column = model.columns.index("LastName")
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        _click_header(qtbot, browser, column)
    header = browser.table.horizontalHeader()
    assert header.sortIndicatorSection() == column
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    names = [model.index(row, column).data() for row in range(200)]
    filled = [n for n in names if n]
    assert filled == sorted(filled, key=_nocase)
    assert names[: len(filled)] == filled  # empty names only after all the others

    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        _click_header(qtbot, browser, column)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    names = [model.index(row, column).data() for row in range(200)]
    filled = [n for n in names if n]
    assert filled == sorted(filled, key=_nocase, reverse=True)
    assert names[: len(filled)] == filled  # empty names last this way too

    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        _click_header(qtbot, browser, column)  # a third click: back to the import order
    assert header.sortIndicatorSection() == -1
    workspace = open_window.workspace
    assert workspace is not None
    assert [model.pk(r) for r in range(50)] == list(browse.ids(workspace, "Lead")[:50])


def test_sorting_keeps_the_selected_record(qtbot: QtBot, open_window: MainWindow) -> None:
    browser = open_window.browser
    model = _model(open_window)
    _click_row(qtbot, browser, 5)
    pk = model.pk(5)
    with qtbot.waitSignal(model.loaded, timeout=LOAD_TIMEOUT_MS):
        _click_header(qtbot, browser, model.columns.index("Email"))
    current = browser.table.selectionModel().currentIndex()
    assert model.pk(current.row()) == pk


def test_selecting_a_row_shows_all_its_fields(qtbot: QtBot, open_window: MainWindow) -> None:
    browser = open_window.browser
    model = _model(open_window)
    workspace = open_window.workspace
    assert workspace is not None
    _click_row(qtbot, browser, 3)
    pk = model.pk(3)
    expected = browse.record(workspace, "Lead", pk)
    assert expected is not None
    assert browser.detail.fields() == expected
    shown = dict(browser.detail.fields())
    assert shown["LastName"] == model.index(3, model.columns.index("LastName")).data()
    assert browser.detail.heading.text() == browse.title(OBJECTS["Lead"], expected)
    # Every column of the export is there, custom ones included.
    custom = [name for name in shown if name.endswith("__c")]
    assert "Lead_Score__c" in custom
    tree = browser.detail.tree
    labels = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "Lead_Score__c" in labels
    assert "Last name" in labels
    assert len(labels) == len(expected)

    qtbot.keyClick(browser.table, Qt.Key.Key_Down)
    assert browser.detail.fields() == browse.record(workspace, "Lead", model.pk(4))
