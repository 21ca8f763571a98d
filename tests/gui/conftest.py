"""Fixtures for driving the screens: scripted dialogs, settings in tmp_path.

The demo workspace fixtures are in tests/conftest.py. Every test must leave the thread pool
idle.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import LOAD_TIMEOUT_MS, POOL_TIMEOUT_MS, ScriptedDialogs
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from steward.gui.app import build_services, create_application
from steward.gui.main_window import MainWindow
from steward.gui.services import Services
from steward.store import browse
from steward.store.workspace import Workspace


@pytest.fixture(autouse=True)
def _pool_left_idle() -> Iterator[None]:
    """Fail a test that leaves a background job running."""
    yield
    pool = QThreadPool.globalInstance()
    idle = pool.waitForDone(POOL_TIMEOUT_MS)
    assert idle, "a background job was still running after the test"
    assert pool.activeThreadCount() == 0


@pytest.fixture
def demo_counts(demo_workspace_file: Path, tmp_path: Path) -> dict[str, int]:
    copy = tmp_path / "counts.steward"
    shutil.copyfile(demo_workspace_file, copy)
    with Workspace.open(copy) as workspace:
        return browse.counts(workspace)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def dialogs() -> Iterator[ScriptedDialogs]:
    scripted = ScriptedDialogs()
    yield scripted
    assert not scripted.crashes, f"a bug reached the crash dialog:\n{scripted.crashes[0][1]}"


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    return create_application()


@pytest.fixture
def services(
    app: QApplication,
    settings: QSettings,
    dialogs: ScriptedDialogs,
    demo_files: Path,
    tmp_path: Path,
) -> Services:
    return build_services(
        app,
        settings,
        dialogs,
        QThreadPool.globalInstance(),
        default_workspace=tmp_path / "new.steward",
        demo=demo_files,
    )


@pytest.fixture
def window(qtbot: QtBot, services: Services, dialogs: ScriptedDialogs) -> MainWindow:
    main = MainWindow(services)
    dialogs.window = main
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.fixture
def open_window(qtbot: QtBot, window: MainWindow, workspace_path: Path) -> MainWindow:
    """The main window showing the demo workspace, with its first rows and counts in."""
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(workspace_path)
    return window
