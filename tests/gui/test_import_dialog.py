"""Importing export files from the GUI: progress, results, problems, cancelling, bad files."""

from __future__ import annotations

import csv
from pathlib import Path

from gui_support import LOAD_TIMEOUT_MS, ScriptedDialogs, write_leads
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from steward.core.ids import to18
from steward.gui.import_dialog import ImportDialog
from steward.gui.main_window import MainWindow
from steward.store import browse

CANCEL_ROWS = 200_000


def _click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def _dialog(window: MainWindow) -> ImportDialog:
    dialog = window.import_export_files()
    assert dialog is not None
    return dialog


def test_import_shows_progress_and_updates_the_counts(
    qtbot: QtBot,
    open_window: MainWindow,
    dialogs: ScriptedDialogs,
    tmp_path: Path,
    demo_counts: dict[str, int],
) -> None:
    leads = write_leads(tmp_path / "Lead.csv", 20_000)
    folder = tmp_path / "more"
    folder.mkdir()
    write_leads(folder / "Lead_2.csv", 100, start=50_000)
    dialog = _dialog(open_window)
    assert dialog.isVisible()
    dialogs.file_choices.append([leads])
    dialogs.folder_choices.append(folder)
    _click(qtbot, dialog.add_files_button)
    _click(qtbot, dialog.add_folder_button)
    assert dialog.paths() == [leads, folder]
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(dialog.ended, timeout=60_000) as ended:
        _click(qtbot, dialog.start_button)
        assert dialog.running
        assert not dialog.start_button.isVisible()
    assert ended.args == ["imported"]
    assert any(0 < v < 1000 for v in values), values  # it moved before the end
    assert values == sorted(values)
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.summary_label.text() == "20,100 loaded, 0 updated, 0 rejected"
    assert not dialog.problems.isVisible()
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()

    expected = f"{demo_counts['Lead'] + 20_100:,}"
    sidebar = open_window.browser.sidebar
    qtbot.waitUntil(lambda: sidebar.count_text("Lead") == expected, timeout=LOAD_TIMEOUT_MS)
    model = open_window.browser.current_model()
    assert model is not None
    qtbot.waitUntil(lambda: model.rowCount() == demo_counts["Lead"] + 20_100)
    assert sidebar.count_text("Account") == f"{demo_counts['Account']:,}"
    _click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_cancelling_an_import_leaves_the_workspace_as_it_was(
    qtbot: QtBot,
    open_window: MainWindow,
    dialogs: ScriptedDialogs,
    tmp_path: Path,
    demo_counts: dict[str, int],
) -> None:
    big = write_leads(tmp_path / "Lead.csv", CANCEL_ROWS)
    workspace = open_window.workspace
    assert workspace is not None
    dialog = _dialog(open_window)
    dialog.add_paths([big])
    with qtbot.waitSignal(dialog.ended, timeout=60_000) as ended:
        _click(qtbot, dialog.start_button)
        assert dialog.task is not None
        with qtbot.waitSignal(dialog.task.progressed, timeout=30_000):
            pass
        _click(qtbot, dialog.cancel_button)
        assert not dialog.cancel_button.isEnabled()
        assert dialog.isVisible()  # open until the job has really stopped
    assert ended.args == ["cancelled"]
    assert "cancelled" in dialog.status.text()
    assert browse.counts(workspace) == demo_counts
    assert open_window.browser.sidebar.count_text("Lead") == f"{demo_counts['Lead']:,}"
    assert dialogs.errors == []
    _click(qtbot, dialog.close_button)


def test_rejected_rows_are_listed_with_file_line_and_reason(
    qtbot: QtBot, open_window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "Lead.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "LastName", "NumberOfEmployees"])
        writer.writerow([to18("00Q9000000000A1"), "Good", "12"])
        writer.writerow(["not-an-id", "Bad id", "3"])
        writer.writerow([to18("00Q9000000000A2"), "Bad number", "many"])
    dialog = _dialog(open_window)
    dialog.add_paths([path])
    with qtbot.waitSignal(dialog.ended, timeout=LOAD_TIMEOUT_MS):
        _click(qtbot, dialog.start_button)
    assert dialog.summary_label.text().startswith("1 loaded, 0 updated, 2 rejected")
    assert dialog.problems.isVisible()
    rows = [
        [dialog.problems.topLevelItem(i).text(c) for c in range(3)]
        for i in range(dialog.problems.topLevelItemCount())
    ]
    assert [r[:2] for r in rows] == [["Lead.csv", "3"], ["Lead.csv", "4"]]
    assert "not-an-id" in rows[0][2]
    assert "NumberOfEmployees" in rows[1][2]
    _click(qtbot, dialog.close_button)


def test_a_file_that_is_no_export_is_one_clear_line(
    qtbot: QtBot, open_window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path
) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    dialog = _dialog(open_window)
    dialog.add_paths([picture])
    with qtbot.waitSignal(dialog.ended, timeout=LOAD_TIMEOUT_MS) as ended:
        _click(qtbot, dialog.start_button)
    assert ended.args == ["failed"]
    assert dialogs.errors == [f"{picture}: not a CSV file or a zip of CSV files"]
    assert dialog.summary_label.text() == dialogs.errors[0]
    assert dialogs.crashes == []
    _click(qtbot, dialog.close_button)


def test_cancel_before_starting_just_closes(
    qtbot: QtBot, open_window: MainWindow, tmp_path: Path
) -> None:
    dialog = _dialog(open_window)
    dialog.add_paths([tmp_path / "Lead.csv"])
    _click(qtbot, dialog.remove_button)  # nothing selected: nothing removed
    assert dialog.paths() == [tmp_path / "Lead.csv"]
    dialog.sources.item(0).setSelected(True)
    _click(qtbot, dialog.remove_button)
    assert dialog.paths() == []
    assert not dialog.start_button.isEnabled()
    _click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert dialog.task is None
