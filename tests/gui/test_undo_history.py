"""Edit › Undo and Redo through the QUndoStack that mirrors the journal, and View › History:
driven as a steward would, every step checked against the workspace file and the widgets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gui_support import LOAD_TIMEOUT_MS
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from steward.core.fields import Kind
from steward.gui.history_panel import (
    CURRENT_MARK,
    LABEL,
    MARKER,
    START_LABEL,
    STATE,
    WHEN,
    WHO,
    HistoryPanel,
)
from steward.gui.main_window import MainWindow
from steward.gui.services import Services
from steward.gui.undo_history import JournalCommand, UndoHistory
from steward.store.browse import display
from steward.store.journal import Entry, Step, edit_field


def _db(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


def _write(path: Path, sql: str, *params: object) -> None:
    """A change made by another program (the command line), behind the window's back."""
    with sqlite3.connect(path) as connection:
        connection.execute(sql, params)


def _leads(path: Path, count: int) -> list[str]:
    return [str(r[0]) for r in _db(path, 'SELECT "Id" FROM lead ORDER BY pk LIMIT ?', count)]


def _field(path: Path, lead: str, field: str) -> object:
    return _db(path, f'SELECT "{field}" FROM lead WHERE "Id" = ?', lead)[0][0]


def _label(path: Path, operation: int) -> str:
    return str(_db(path, "SELECT label FROM operation WHERE id = ?", operation)[0][0])


def _undone(path: Path) -> dict[int, bool]:
    """Each operation's undone flag, by id."""
    return {int(str(i)): bool(u) for i, u in _db(path, "SELECT id, undone FROM operation")}


def _edit(window: MainWindow, lead: str, field: str, value: str) -> int:
    """An edit made by a screen that has no undo of its own: it journals, then says so."""
    workspace = window.workspace
    assert workspace is not None
    with workspace.transaction() as session:
        operation = edit_field(session, "Lead", lead, field, value)
    window.undo_history.journal_changed()
    return operation


def _show_history(qtbot: QtBot, window: MainWindow) -> HistoryPanel:
    panel = window.history_panel
    assert not panel.isVisible()  # hidden until asked for
    window.history_action.trigger()
    qtbot.waitUntil(panel.isVisible)
    return panel


def _row(panel: HistoryPanel, operation: int) -> int:
    row = panel.model.row_of(operation)
    assert row is not None, f"operation {operation} is not in the history panel"
    return row


def _cell(
    panel: HistoryPanel, operation: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    return panel.model.index(_row(panel, operation), column).data(role)


def _marked(panel: HistoryPanel) -> list[str]:
    """The labels of the rows marked as the current position."""
    model = panel.model
    return [
        model.index(n, LABEL).data()
        for n in range(model.rowCount())
        if model.index(n, MARKER).data() == CURRENT_MARK
    ]


def _double_click(qtbot: QtBot, panel: HistoryPanel, row: int) -> None:
    table = panel.table
    index = panel.model.index(row, LABEL)
    table.scrollTo(index)
    centre = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_undo_names_the_newest_edit_and_the_history_follows(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    window = open_window
    first_lead, second_lead = _leads(workspace_path, 2)
    old_title = _field(workspace_path, first_lead, "Title")
    old_city = _field(workspace_path, second_lead, "City")
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"
    assert QKeySequence("Ctrl+Z") in window.undo_action.shortcuts()
    assert window.redo_action.shortcuts()
    assert not window.undo_action.icon().isNull() and not window.redo_action.icon().isNull()
    first = _edit(window, first_lead, "Title", "Head of Undo")
    second = _edit(window, second_lead, "City", "Undoville")
    newest = _label(workspace_path, second)
    assert newest == f"Edit Lead {second_lead}: City"
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == f"&Undo {newest}"
    assert not window.redo_action.isEnabled() and window.redo_action.text() == "&Redo"

    panel = _show_history(qtbot, window)
    assert [panel.model.index(n, LABEL).data() for n in range(2)] == [
        newest,
        _label(workspace_path, first),
    ]  # newest first
    query = "SELECT created, author FROM operation WHERE id = ?"
    created, author = _db(workspace_path, query, second)[0]
    assert _cell(panel, second, WHEN) == display(Kind.DATETIME, created)
    assert _cell(panel, second, WHO) == author
    assert _cell(panel, second, STATE) == _cell(panel, first, STATE) == "pending"
    assert _marked(panel) == [newest]

    window.undo_action.trigger()
    assert _field(workspace_path, second_lead, "City") == old_city
    assert _field(workspace_path, first_lead, "Title") == "Head of Undo"
    assert _undone(workspace_path) == {first: False, second: True}
    assert window.statusBar().currentMessage() == f"Undid: {newest}"
    assert window.undo_action.text() == f"&Undo {_label(workspace_path, first)}"
    assert window.redo_action.isEnabled() and window.redo_action.text() == f"&Redo {newest}"
    assert _cell(panel, second, STATE) == "undone"
    font = _cell(panel, second, LABEL, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert _cell(panel, second, LABEL, Qt.ItemDataRole.ForegroundRole) == (
        QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    )
    assert _marked(panel) == [_label(workspace_path, first)]
    assert panel.redo_button.isEnabled() and panel.undo_button.isEnabled()

    window.redo_action.trigger()
    assert _field(workspace_path, second_lead, "City") == "Undoville"
    assert _undone(workspace_path) == {first: False, second: False}
    assert window.statusBar().currentMessage() == f"Redid: {newest}"
    assert _cell(panel, second, STATE) == "pending"
    font = _cell(panel, second, LABEL, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and not font.italic() and font.bold()
    assert not window.redo_action.isEnabled()

    # Both the long way back through the panel's own buttons.
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert _field(workspace_path, first_lead, "Title") == old_title
    assert _undone(workspace_path) == {first: True, second: True}
    assert not panel.undo_button.isEnabled() and not window.undo_action.isEnabled()
    assert _marked(panel) == [START_LABEL]


def test_double_click_in_the_history_undoes_back_to_that_row_and_enter_redoes(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    window = open_window
    leads = _leads(workspace_path, 3)
    titles = [_field(workspace_path, lead, "Title") for lead in leads]
    operations = [_edit(window, lead, "Title", f"Title {n}") for n, lead in enumerate(leads)]
    panel = _show_history(qtbot, window)
    assert panel.model.rowCount() == 4  # three operations and the start
    oldest = operations[0]

    _double_click(qtbot, panel, _row(panel, oldest))
    assert _undone(workspace_path) == {
        operations[0]: False,
        operations[1]: True,
        operations[2]: True,
    }
    assert [_field(workspace_path, lead, "Title") for lead in leads] == [
        "Title 0",
        titles[1],
        titles[2],
    ]
    assert [_cell(panel, o, STATE) for o in operations] == ["pending", "undone", "undone"]
    assert _marked(panel) == [_label(workspace_path, oldest)]
    assert window.undo_action.text() == f"&Undo {_label(workspace_path, oldest)}"
    assert window.redo_action.text() == f"&Redo {_label(workspace_path, operations[1])}"
    # The status bar tells the last step the move made.
    assert window.statusBar().currentMessage() == f"Undid: {_label(workspace_path, operations[1])}"

    # Enter on the newest row redoes both.
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(_row(panel, operations[2]), LABEL))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert not any(_undone(workspace_path).values())
    assert [_field(workspace_path, lead, "Title") for lead in leads] == [
        "Title 0",
        "Title 1",
        "Title 2",
    ]
    assert _marked(panel) == [_label(workspace_path, operations[2])]

    # The start row undoes everything.
    start = panel.model.rowCount() - 1
    assert panel.model.index(start, LABEL).data() == START_LABEL
    _double_click(qtbot, panel, start)
    assert all(_undone(workspace_path).values())
    assert [_field(workspace_path, lead, "Title") for lead in leads] == titles
    assert not window.undo_action.isEnabled()
    assert window.redo_action.text() == f"&Redo {_label(workspace_path, oldest)}"


def test_a_pushed_operation_cannot_be_undone(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    window = open_window
    first_lead, second_lead = _leads(workspace_path, 2)
    first = _edit(window, first_lead, "Title", "Pushed title")
    second = _edit(window, second_lead, "Title", "Pushed too")
    panel = _show_history(qtbot, window)
    _write(workspace_path, "UPDATE operation SET state = 'pushed' WHERE id = ?", second)
    window.undo_history.journal_changed()

    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"
    assert not window.redo_action.isEnabled()
    assert not panel.undo_button.isEnabled()
    assert _cell(panel, second, STATE) == "pushed"
    assert _cell(panel, first, STATE) == "pending"
    assert _marked(panel) == [_label(workspace_path, second)]
    assert panel.model.rowCount() == 2  # no start row: undo cannot get there
    # The older, still pending operation is listed but out of reach.
    _double_click(qtbot, panel, _row(panel, first))
    assert _field(workspace_path, first_lead, "Title") == "Pushed title"
    assert _undone(workspace_path) == {first: False, second: False}
    assert "cannot reach" in window.statusBar().currentMessage()
    window.undo()  # the shortcut still reaches MainWindow.undo
    assert _field(workspace_path, second_lead, "Title") == "Pushed too"


def test_an_operation_pushed_behind_the_stacks_back_is_refused_and_the_stack_follows(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    window = open_window
    (lead,) = _leads(workspace_path, 1)
    operation = _edit(window, lead, "Title", "Pushed meanwhile")
    assert window.undo_action.isEnabled()
    panel = _show_history(qtbot, window)
    _write(workspace_path, "UPDATE operation SET state = 'pushed' WHERE id = ?", operation)

    window.undo_action.trigger()  # the stack still offers it; the journal refuses
    assert "pushed to the CRM" in window.statusBar().currentMessage()
    assert _field(workspace_path, lead, "Title") == "Pushed meanwhile"
    assert _undone(workspace_path) == {operation: False}
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_history.stack.count() == 0
    assert _cell(panel, operation, STATE) == "pushed"


def test_operations_written_by_another_program_appear_after_the_journal_is_read_again(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    window = open_window
    first_lead, second_lead = _leads(workspace_path, 2)
    old_city = _field(workspace_path, first_lead, "City")
    panel = _show_history(qtbot, window)
    mine = _edit(window, first_lead, "Title", "Mine")
    assert panel.model.rowCount() == 2

    outside = create_engine(f"sqlite:///{workspace_path}")
    try:
        with Session(outside) as session, session.begin():
            theirs = edit_field(session, "Lead", first_lead, "City", "Elsewhere")
    finally:
        outside.dispose()
    label = _label(workspace_path, theirs)
    assert window.undo_action.text() == f"&Undo {_label(workspace_path, mine)}"  # not read yet
    # Opening the Edit menu reads the journal again.
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert isinstance(edit_menu, QMenu)
    edit_menu.aboutToShow.emit()
    assert window.undo_action.text() == f"&Undo {label}"
    assert panel.model.index(0, LABEL).data() == label
    assert _marked(panel) == [label]

    window.undo_action.trigger()
    assert _field(workspace_path, first_lead, "City") == old_city
    assert _undone(workspace_path) == {mine: False, theirs: True}

    # A stack out of date undoes what the journal says is newest, then catches up.
    outside = create_engine(f"sqlite:///{workspace_path}")
    try:
        with Session(outside) as session, session.begin():
            third = edit_field(session, "Lead", second_lead, "Title", "Third")
    finally:
        outside.dispose()
    assert _undone(workspace_path)[theirs] is True  # replaced: it cannot be redone any more
    assert window.redo_action.isEnabled()  # the stack does not know yet
    window.undo_action.trigger()  # the stack means "Mine"; the journal takes back "Third"
    assert window.statusBar().currentMessage() == f"Undid: {_label(workspace_path, third)}"
    assert _field(workspace_path, second_lead, "Title") != "Third"
    assert _field(workspace_path, first_lead, "Title") == "Mine"
    assert window.undo_action.text() == f"&Undo {_label(workspace_path, mine)}"
    assert window.redo_action.text() == f"&Redo {_label(workspace_path, third)}"
    assert _cell(panel, theirs, STATE) == "undone"
    assert panel.model.index(_row(panel, theirs), LABEL).data(Qt.ItemDataRole.ToolTipRole) == (
        "Undone, then replaced by a later change: it cannot be redone"
    )


def test_undone_operations_can_be_redone_after_reopening_the_workspace(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    window = open_window
    first_lead, second_lead = _leads(workspace_path, 2)
    first = _edit(window, first_lead, "Title", "Kept")
    second = _edit(window, second_lead, "Title", "Undone before closing")
    window.undo()
    assert _undone(workspace_path) == {first: False, second: True}

    assert window.close_workspace()
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_history.stack.count() == 0
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(workspace_path)
    assert window.undo_action.text() == f"&Undo {_label(workspace_path, first)}"
    assert window.redo_action.text() == f"&Redo {_label(workspace_path, second)}"
    panel = _show_history(qtbot, window)
    assert _cell(panel, second, STATE) == "undone"

    window.redo_action.trigger()
    assert _field(workspace_path, second_lead, "Title") == "Undone before closing"
    assert _undone(workspace_path) == {first: False, second: False}
    assert _cell(panel, second, STATE) == "pending"
    assert _marked(panel) == [_label(workspace_path, second)]


def test_the_history_dock_is_hidden_at_first_and_remembered(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    assert window.history_panel.objectName() == "history_dock"
    assert window.history_action.isCheckable() and not window.history_action.isChecked()
    panel = _show_history(qtbot, window)
    assert window.history_action.isChecked()
    assert panel.summary.text() == "No workspace open" and panel.model.rowCount() == 0
    window.close()

    second = MainWindow(services)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(second.history_panel.isVisible)
    assert second.history_action.isChecked()
    second.history_action.trigger()
    assert not second.history_panel.isVisible()
    second.close()


def test_the_history_model_is_a_sound_table(
    qtbot: QtBot, qtmodeltester: ModelTester, open_window: MainWindow, workspace_path: Path
) -> None:
    leads = _leads(workspace_path, 2)
    for lead in leads:
        _edit(open_window, lead, "Title", "Model test")
    open_window.undo()
    panel = _show_history(qtbot, open_window)
    assert panel.model.rowCount() == 3
    qtmodeltester.check(panel.model)
    assert panel.model.index(0, MARKER).data(Qt.ItemDataRole.AccessibleTextRole) == ""
    assert not panel.model.index(0, LABEL).parent().isValid()
    assert panel.model.rowCount(panel.model.index(0, 0)) == 0
    assert panel.model.data(QModelIndex()) is None


def test_commands_call_the_journal_only_to_move(app: QApplication) -> None:
    """Pushing a command records what the journal did already; undo and redo ask it, and a
    refusal leaves the stack as the journal is (here: empty, no workspace)."""
    calls: list[str] = []
    answers: list[Step | None] = []

    def journal(verb: str) -> Step | None:
        calls.append(verb)
        return answers.pop(0)

    history = UndoHistory(lambda: journal("undo"), lambda: journal("redo"))
    entry = Entry(7, "edit", "Edit Lead 1: Title", "2026-01-02T03:04:05.000Z", "me", "pending",
                  False, {})  # fmt: skip
    history.stack.push(JournalCommand(entry, history._step))
    assert calls == [] and history.stack.undoText() == "Edit Lead 1: Title"
    answers.append(Step(7, "Edit Lead 1: Title", {}))
    history.undo()
    assert calls == ["undo"] and history.stack.index() == 0
    answers.append(Step(7, "Edit Lead 1: Title", {}))
    history.redo()
    assert calls == ["undo", "redo"] and history.stack.index() == 1
    answers.append(None)  # refused
    history.undo()
    assert calls == ["undo", "redo", "undo"]
    assert history.stack.count() == 0 and not history.stack.canRedo()
