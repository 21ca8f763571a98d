"""What a second window remembers of the first: size, splitter, column widths, last object,
recent workspaces. All of it lives in the QSettings the windows are given."""

from __future__ import annotations

from pathlib import Path

from gui_support import LOAD_TIMEOUT_MS
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from steward.gui.main_window import MainWindow
from steward.gui.services import Services


def _open(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(path)


def _shown(window: MainWindow, object_name: str) -> bool:
    model = window.browser.current_model()
    return model is not None and model.object_name == object_name and model.has_loaded


def test_a_second_window_restores_the_first_ones_state(
    qtbot: QtBot, services: Services, settings: QSettings, workspace_path: Path
) -> None:
    first = MainWindow(services)
    qtbot.addWidget(first)
    first.show()
    _open(qtbot, first, workspace_path)
    first.resize(720, 520)  # within the offscreen screen (800 x 600): restoring fits to it
    browser = first.browser
    qtbot.waitUntil(lambda: browser.splitter.width() <= 720)  # the resize has landed
    browser.splitter.setSizes([160, 330, 230])
    browser.table.setColumnWidth(1, 222)
    browser.sidebar.set_current_object("Account")
    qtbot.waitUntil(lambda: _shown(first, "Account"), timeout=LOAD_TIMEOUT_MS)
    browser.table.setColumnWidth(0, 250)
    sizes = browser.splitter.sizes()
    first.close()
    assert first.workspace is None

    second = MainWindow(services)
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (720, 520)
    assert second.recent.paths() == [workspace_path]
    assert second.start_screen.recent_list.count() == 1
    _open(qtbot, second, workspace_path)
    browser = second.browser
    assert browser.current_object() == "Account"  # where the steward was
    assert browser.table.columnWidth(0) == 250
    assert browser.splitter.sizes() == sizes
    browser.sidebar.set_current_object("Lead")
    qtbot.waitUntil(lambda: _shown(second, "Lead"), timeout=LOAD_TIMEOUT_MS)
    assert browser.table.columnWidth(1) == 222
    second.close()


def test_settings_hold_only_window_state_and_the_recent_list(
    qtbot: QtBot, services: Services, settings: QSettings, workspace_path: Path
) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    _open(qtbot, window, workspace_path)
    window.close()
    settings.sync()
    prefixes = {key.split("/")[0] for key in settings.allKeys()}
    assert prefixes <= {"window", "browser", "recent"}
