"""The settings dialog's conversion and merge settings, typed into like a steward would: the
stored values shown, edits saved, and a value that cannot be used refused with a message naming
the setting while nothing is accepted."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from gui_support import ScriptedDialogs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
)
from pytestqt.qtbot import QtBot

from steward.gui.main_window import MainWindow
from steward.gui.settings_dialog import SettingsDialog
from steward.store.settings import Settings, load_settings

STORED = Settings(
    converted_statuses=("Closed - Converted", "Qualified"),
    disqualified_statuses=("Closed - Not Converted", "Unqualified"),
    opportunity_stage="Discovery",
    convert_mapping=("Industry=Account.Industry", "Title=Contact.Title"),
    convert_threshold=0.85,
    merge_threshold=0.97,
)


@pytest.fixture
def dialog(qtbot: QtBot, app: QApplication) -> SettingsDialog:
    shown = SettingsDialog(STORED)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _type_lines(qtbot: QtBot, edit: QPlainTextEdit, lines: list[str]) -> None:
    """Select everything in the edit and type the lines over it, Return between them."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    for number, line in enumerate(lines):
        if number:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)


def _type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _type_number(qtbot: QtBot, box: QDoubleSpinBox, value: float) -> None:
    """Type the value as the box's locale writes it over what the box shows."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, box.locale().toString(value, "f", box.decimals()))


def _save(dialog: SettingsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_the_dialog_shows_the_stored_conversion_and_merge_settings(
    dialog: SettingsDialog,
) -> None:
    assert dialog.converted.toPlainText() == "Closed - Converted\nQualified"
    assert dialog.disqualified.toPlainText() == "Closed - Not Converted\nUnqualified"
    assert dialog.stage.text() == "Discovery"
    assert dialog.mapping.toPlainText() == "Industry=Account.Industry\nTitle=Contact.Title"
    assert dialog.convert_threshold.value() == pytest.approx(0.85)
    assert dialog.merge_threshold.value() == pytest.approx(0.97)
    for box in (dialog.convert_threshold, dialog.merge_threshold):
        assert box.decimals() == 2
        assert box.singleStep() == pytest.approx(0.01)
        assert box.minimum() == pytest.approx(0.01)
        assert box.maximum() == pytest.approx(1.0)
    # The dialog fits a laptop screen: the sections scroll, Save and the problem stay in view.
    assert dialog.height() <= 700
    assert dialog.scroll_area.isAncestorOf(dialog.mapping)
    assert not dialog.scroll_area.isAncestorOf(dialog.buttons)


def test_opening_and_saving_changes_nothing(qtbot: QtBot, app: QApplication) -> None:
    # 0.955 is finer than the boxes' two decimals: untouched, it must come back as it was.
    stored = Settings(convert_threshold=0.955, merge_threshold=0.999)
    dialog = SettingsDialog(stored)
    qtbot.addWidget(dialog)
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.settings() == stored


def test_edits_typed_into_the_dialog_come_back_as_settings(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    _type_lines(qtbot, dialog.converted, ["Qualified", "  Closed - Won  ", "", "Qualified"])
    _type_lines(qtbot, dialog.disqualified, ["Junk"])
    _type_text(qtbot, dialog.stage, "Qualification")
    _type_lines(qtbot, dialog.mapping, ["Rating = Account.Rating", "Email=Contact.Email"])
    _type_number(qtbot, dialog.convert_threshold, 0.8)
    _type_number(qtbot, dialog.merge_threshold, 0.99)
    # The arrow key steps the box by its single step, as a steward nudging the value would.
    qtbot.keyClick(dialog.merge_threshold, Qt.Key.Key_Up)
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        _save(dialog)
    chosen = dialog.settings()
    assert chosen.converted_statuses == ("Qualified", "Closed - Won")  # blank and repeat gone
    assert chosen.disqualified_statuses == ("Junk",)
    assert chosen.opportunity_stage == "Qualification"
    assert chosen.convert_mapping == ("Rating = Account.Rating", "Email=Contact.Email")
    assert chosen.mapping() == {
        "Rating": (("Account", "Rating"),),
        "Email": (("Contact", "Email"),),
    }
    assert chosen.convert_threshold == 0.8
    assert chosen.merge_threshold == 1.0
    # What the dialog does not show is left as it was.
    assert chosen.lead_sources == STORED.lead_sources
    assert chosen.match_threshold == STORED.match_threshold


@pytest.mark.parametrize(
    ("edit", "lines", "message"),
    [
        ("disqualified", [], "disqualified_statuses must name at least one lead status"),
        ("converted", ["   "], "converted_statuses must name at least one lead status"),
        (
            "mapping",
            ["Industry=Account.Industry", "Foo"],
            "convert_mapping: 'Foo' is not LeadField=Object.Field",
        ),
        ("mapping", ["Foo=Account"], "convert_mapping: 'Foo=Account' is not"),
    ],
)
def test_a_setting_that_cannot_be_used_is_named_and_not_accepted(
    qtbot: QtBot, dialog: SettingsDialog, edit: str, lines: list[str], message: str
) -> None:
    widget: QPlainTextEdit = getattr(dialog, edit)
    _type_lines(qtbot, widget, lines)
    dialog.stage.setFocus()  # the steward has moved on before pressing Save
    _save(dialog)
    assert message in dialog.problem.text()
    assert "\n" not in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.isVisible()
    assert dialog.focusWidget() == widget  # taken back to the setting to fix it
    # Once fixed, the same Save goes through.
    _type_lines(qtbot, widget, ["Closed - Lost"] if edit != "mapping" else [])
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        _save(dialog)


def test_an_empty_opportunity_stage_is_refused(qtbot: QtBot, dialog: SettingsDialog) -> None:
    _type_text(qtbot, dialog.stage, "  ")
    _save(dialog)
    assert "opportunity_stage must name a stage" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_saved_conversion_settings_reach_the_workspace(
    qtbot: QtBot, open_window: MainWindow, dialogs: ScriptedDialogs, workspace_path: Path
) -> None:
    workspace = open_window.workspace
    assert workspace is not None
    with workspace.session() as session:
        current = load_settings(session)
    dialog = SettingsDialog(current)
    qtbot.addWidget(dialog)
    _type_lines(qtbot, dialog.disqualified, ["Unqualified", "Closed - Not Converted"])
    _type_lines(qtbot, dialog.mapping, ["Industry=Account.Industry"])
    _type_number(qtbot, dialog.merge_threshold, 0.9)
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    # The scripted Dialogs hands the main window what the real dialog returned.
    dialogs.settings_answers.append(dialog.settings())
    assert open_window.edit_settings()
    with sqlite3.connect(workspace_path) as connection:
        (stored,) = connection.execute(
            "SELECT value FROM setting WHERE key = 'workspace'"
        ).fetchone()
    saved = json.loads(stored)
    assert saved["disqualified_statuses"] == ["Unqualified", "Closed - Not Converted"]
    assert saved["convert_mapping"] == ["Industry=Account.Industry"]
    assert saved["merge_threshold"] == 0.9
    assert saved["convert_threshold"] == current.convert_threshold
