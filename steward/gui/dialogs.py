"""Every question the app asks the steward through a standard dialog, in one replaceable object.

Screens get a Dialogs through their constructor, so tests give them one that answers from a
script instead of opening file choosers and message boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from steward import __version__
from steward.gui.convert_screen import DisqualifyDialog
from steward.gui.crash_dialog import CrashDialog
from steward.gui.settings_dialog import SettingsDialog
from steward.gui.word_dialog import CallAnswer, CallDialog, ItemAnswer, ItemDialog
from steward.store.settings import Settings

WORKSPACE_FILTER = "Steward workspaces (*.steward);;All files (*)"
IMPORT_FILTER = "Export files (*.csv *.zip);;All files (*)"
WORKSPACE_SUFFIX = ".steward"


class Dialogs:
    """The standard dialogs; `window` is their parent once the main window exists."""

    def __init__(self, window: QWidget | None = None) -> None:
        self.window = window

    def new_workspace_path(self, suggested: Path) -> Path | None:
        """Where to create a workspace (an existing one there is opened instead)."""
        name, _ = QFileDialog.getSaveFileName(
            self.window, "New workspace", str(suggested), WORKSPACE_FILTER
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(WORKSPACE_SUFFIX)

    def existing_workspace_path(self, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Open workspace", str(folder), WORKSPACE_FILTER
        )
        return Path(name) if name else None

    def import_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Choose export files", str(Path.home()), IMPORT_FILTER
        )
        return [Path(n) for n in names]

    def import_folder(self) -> Path | None:
        name = QFileDialog.getExistingDirectory(
            self.window, "Choose an export folder", str(Path.home())
        )
        return Path(name) if name else None

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self.window, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def confirm_item(
        self, label: str, evidence: str, *, override: bool, relationship: bool
    ) -> ItemAnswer | None:
        """The steward's note (and role) for confirming or overriding a checklist item."""
        dialog = ItemDialog(
            label, evidence, override=override, relationship=relationship, parent=self.window
        )
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def call_outcome(self, numbers: str) -> CallAnswer | None:
        dialog = CallDialog(numbers, parent=self.window)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def disqualify_reason(self, statuses: Sequence[str], lead: str = "") -> tuple[str, str] | None:
        """The status (one of statuses) and the reason for disqualifying a lead."""
        dialog = DisqualifyDialog(statuses, lead, parent=self.window)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def workspace_settings(self, settings: Settings) -> Settings | None:
        """The settings as the steward changed them, or None when cancelled."""
        dialog = SettingsDialog(settings, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.settings()

    def error(self, message: str) -> None:
        QMessageBox.warning(self.window, "Steward", message)

    def crash(self, error: BaseException, trace: str) -> None:
        CrashDialog(error, trace, self.window).exec()

    def about(self) -> None:
        QMessageBox.about(
            self.window,
            "About Steward",
            f"<h3>Steward {__version__}</h3>"
            "<p>A desktop workbench for CRM data stewards: verify, match, merge and convert "
            "Salesforce leads, offline.</p><p>Open source under the MIT licence.</p>",
        )
