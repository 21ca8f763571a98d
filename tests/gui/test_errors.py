"""Two kinds of failure: one clear line for the environment's fault, a crash report for a bug."""

from __future__ import annotations

from gui_support import ScriptedDialogs
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from steward.connectors.exportfiles.discover import SourceProblem
from steward.gui.crash_dialog import CrashDialog
from steward.gui.errors import FailureHandler, is_environment_error, one_line
from steward.gui.services import Services
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store.workspace import WorkspaceLocked


def test_environment_errors_are_one_line(dialogs: ScriptedDialogs) -> None:
    handler = FailureHandler(dialogs)
    handler(WorkspaceLocked("w.steward is open in another Steward window"), "trace")
    handler(SourceProblem("x.zip: not a readable zip file\n(bad header)"), "trace")
    handler(PermissionError(13, "Permission denied", "/data/w.steward"), "trace")
    assert dialogs.errors == [
        "w.steward is open in another Steward window",
        "x.zip: not a readable zip file (bad header)",
        "/data/w.steward: Permission denied",
    ]
    assert dialogs.crashes == []


def test_a_bug_in_a_job_reaches_the_crash_dialog_with_its_traceback(
    qtbot: QtBot, services: Services, dialogs: ScriptedDialogs
) -> None:
    def faulty_job(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        {}["missing"]

    task = services.runner.run(faulty_job)
    qtbot.waitUntil(lambda: task.done)
    [(error, trace)] = dialogs.crashes
    assert isinstance(error, KeyError)
    assert "faulty_job" in trace
    assert dialogs.errors == []
    dialogs.crashes.clear()  # seen: the fixture fails tests that leave crashes behind


def test_classification() -> None:
    assert is_environment_error(SourceProblem("x"))
    assert is_environment_error(FileNotFoundError(2, "No such file"))
    assert not is_environment_error(KeyError("x"))
    assert one_line(ValueError("")) == "ValueError"


def test_crash_dialog_shows_and_copies_the_traceback(qtbot: QtBot) -> None:
    dialog = CrashDialog(KeyError("missing"), "Traceback (most recent call last):\n  boom\n")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "KeyError" in dialog.windowTitle() or "bug" in dialog.windowTitle()
    assert "Traceback (most recent call last):" in dialog.details.toPlainText()
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy details")
    copy.click()
    assert "boom" in QGuiApplication.clipboard().text()
    dialog.reject()
