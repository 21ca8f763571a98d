"""The start screen's ways in: new, open, import, demo and the recent workspaces."""

from __future__ import annotations

from pathlib import Path

from gui_support import LOAD_TIMEOUT_MS, ScriptedDialogs, write_leads
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from steward.gui.import_dialog import ImportDialog
from steward.gui.main_window import MainWindow
from steward.store import browse
from steward.store.workspace import Workspace


def _click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def _activate_recent(qtbot: QtBot, recent: QListWidget, row: int) -> None:
    """A double click as a mouse makes it: a click, then the double-click event."""
    center = recent.visualItemRect(recent.item(row)).center()
    qtbot.mouseClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=center)


def test_the_start_screen_shows_without_a_workspace(window: MainWindow) -> None:
    start = window.start_screen
    assert window.stack.currentWidget() is start
    assert window.workspace is None
    for button in (start.new_button, start.open_button, start.import_button, start.demo_button):
        assert button.isVisible()
        assert not button.icon().isNull()
    assert start.recent_hint.isVisible()
    assert not start.recent_list.isVisible()
    assert window.location.text() == "No workspace open"
    assert not window.close_action.isEnabled()


def test_new_workspace_creates_and_opens_it(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    path = tmp_path / "fresh.steward"
    dialogs.new_paths.append(path)
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        _click(qtbot, window.start_screen.new_button)
    assert path.is_file()
    assert window.workspace is not None and window.workspace.path == path
    assert window.stack.currentWidget() is window.browser
    assert window.browser.sidebar.count_text("Lead") == "0"
    assert window.browser.count_label.text() == "No leads yet: File › Import export files…"
    assert "nothing imported yet" in window.location.text()
    assert window.recent.paths() == [path]
    assert window.close_action.isEnabled()


def test_a_cancelled_choice_changes_nothing(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs
) -> None:
    _click(qtbot, window.start_screen.new_button)
    _click(qtbot, window.start_screen.open_button)
    _click(qtbot, window.start_screen.import_button)
    assert window.workspace is None
    assert window.stack.currentWidget() is window.start_screen
    assert dialogs.errors == []


def test_open_workspace(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: ScriptedDialogs,
    workspace_path: Path,
    demo_counts: dict[str, int],
) -> None:
    dialogs.open_paths.append(workspace_path)
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        _click(qtbot, window.start_screen.open_button)
    assert window.workspace is not None
    assert window.browser.sidebar.count_text("Account") == f"{demo_counts['Account']:,}"


def test_import_without_a_workspace_asks_where_to_make_one(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    path = tmp_path / "imported.steward"
    leads = write_leads(tmp_path / "Lead.csv", 25)
    dialogs.new_paths.append(path)
    _click(qtbot, window.start_screen.import_button)
    assert window.workspace is not None and window.workspace.path == path
    dialog = window.findChild(ImportDialog)
    assert isinstance(dialog, ImportDialog)
    assert dialog.isVisible()
    assert not dialog.start_button.isEnabled()  # nothing chosen yet
    dialogs.file_choices.append([leads])
    _click(qtbot, dialog.add_files_button)
    assert dialog.paths() == [leads]
    with qtbot.waitSignal(dialog.ended, timeout=LOAD_TIMEOUT_MS) as ended:
        _click(qtbot, dialog.start_button)
    assert ended.args == ["imported"]
    assert dialog.summary_label.text() == "25 loaded, 0 updated, 0 rejected"
    qtbot.waitUntil(lambda: window.browser.sidebar.count_text("Lead") == "25")
    qtbot.waitUntil(lambda: window.browser.current_model().rowCount() == 25)  # type: ignore[union-attr]
    _click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_try_the_demo(qtbot: QtBot, window: MainWindow, demo_counts: dict[str, int]) -> None:
    with qtbot.waitSignal(window.ready, timeout=60_000):
        _click(qtbot, window.start_screen.demo_button)
    workspace = window.workspace
    assert workspace is not None
    folder = workspace.path.parent
    assert folder.name.startswith("steward-demo-")
    assert browse.counts(workspace) == demo_counts
    model = window.browser.current_model()
    assert model is not None and model.object_name == "Lead"
    assert model.rowCount() == demo_counts["Lead"]
    # Columns were fitted to the imported rows, not to the empty table shown while loading.
    assert window.browser.table.columnWidth(model.columns.index("Company")) > 150
    assert window.findChild(ImportDialog) is None or not window.findChild(ImportDialog).isVisible()
    assert window.recent.paths() == []  # a temporary workspace is not worth remembering
    window.close()
    assert not folder.exists()  # deleted with the window


def test_recent_workspaces_reopen(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, workspace_path: Path
) -> None:
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(workspace_path)
    assert window.close_workspace()
    recent = window.start_screen.recent_list
    assert recent.isVisible()
    assert recent.count() == 1
    assert workspace_path.name in recent.item(0).text()
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        _activate_recent(qtbot, recent, 0)
    assert window.workspace is not None and window.workspace.path == workspace_path

    window._fill_recent_menu()
    names = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert names == [workspace_path.name, "Clear list"]


def test_a_missing_recent_workspace_is_explained_and_forgotten(
    qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.steward"
    window.recent.add(gone)
    window.start_screen.refresh_recent()
    _activate_recent(qtbot, window.start_screen.recent_list, 0)
    assert dialogs.errors == [f"No workspace at {gone}"]
    assert window.recent.paths() == []
    assert window.workspace is None


def test_a_workspace_open_elsewhere_is_refused_in_one_line(
    window: MainWindow, dialogs: ScriptedDialogs, workspace_path: Path
) -> None:
    with Workspace.open(workspace_path):
        assert not window.open_workspace(workspace_path)
    [message] = dialogs.errors
    assert "open in another Steward window or command" in message
    assert "\n" not in message


def test_a_file_that_is_not_a_workspace_is_refused(
    window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    other = tmp_path / "notes.steward"
    other.write_text("just some notes\n")
    assert not window.open_workspace(other)
    assert dialogs.errors == [f"{other} is not a Steward workspace (not an SQLite database)"]


def test_help_about(window: MainWindow, dialogs: ScriptedDialogs) -> None:
    window.about_action.trigger()
    assert dialogs.abouts == 1


def test_menu_shortcuts(window: MainWindow) -> None:
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
