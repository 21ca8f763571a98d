"""Import export files: choose files, zips or a folder, watch the progress, read the result.

The import runs as a write job on the task runner. Cancelling it rolls everything back, so the
workspace is as it was; a problem with the files themselves (not a CSV, an unreadable zip) is
one line for the steward, while a bug in Steward goes to the crash report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from steward.gui.dialogs import Dialogs
from steward.gui.errors import is_environment_error, one_line
from steward.gui.tasks import Task, TaskRunner
from steward.jobs.importer import ImportSummary, import_files
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store.workspace import Workspace

PROBLEMS_SHOWN = 200
_STEPS = 1000


class ImportDialog(QDialog):
    """Runs one import into the workspace it is given."""

    imported = Signal(object)  # the ImportSummary, once the import is committed
    ended = Signal(str)  # "imported", "cancelled" or "failed"

    def __init__(
        self,
        runner: TaskRunner,
        workspace: Workspace,
        dialogs: Dialogs,
        paths: Sequence[Path] = (),
        *,
        close_when_done: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import export files")
        self.setMinimumWidth(560)
        self._runner = runner
        self._workspace = workspace
        self._dialogs = dialogs
        self._close_when_done = close_when_done
        self._paths: list[Path] = []
        self.task: Task | None = None
        self.summary: ImportSummary | None = None

        heading = QLabel("Import export files")
        heading.setProperty("role", "heading")
        self.intro = QLabel(
            f"Into {workspace.path.name}. Salesforce Data Export zips or folders, or Data Loader "
            "CSV files named after their object (Lead.csv, Account.csv, …)."
        )
        self.intro.setProperty("role", "hint")
        self.intro.setWordWrap(True)

        # Page 0: what to import.
        self.sources = QListWidget()
        self.sources.setAccessibleName("Files to import")
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_files_button = QPushButton("Add files…")
        self.add_folder_button = QPushButton("Add folder…")
        self.remove_button = QPushButton("Remove")
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button.clicked.connect(self._add_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        source_buttons = QVBoxLayout()
        source_buttons.addWidget(self.add_files_button)
        source_buttons.addWidget(self.add_folder_button)
        source_buttons.addWidget(self.remove_button)
        source_buttons.addStretch(1)
        choose = QWidget()
        choose_layout = QHBoxLayout(choose)
        choose_layout.setContentsMargins(0, 0, 0, 0)
        choose_layout.addWidget(self.sources, 1)
        choose_layout.addLayout(source_buttons)

        # Page 1: progress, then the result.
        self.progress = QProgressBar()
        self.progress.setRange(0, _STEPS)
        self.progress.setValue(0)
        self.status = QLabel("Waiting to start…")
        self.status.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QTreeWidget()
        self.problems.setHeaderLabels(["File", "Line", "Reason"])
        self.problems.setRootIsDecorated(False)
        self.problems.setAlternatingRowColors(True)
        self.problems.setAccessibleName("Problems")
        self.problems.hide()
        run = QWidget()
        run_layout = QVBoxLayout(run)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.addWidget(self.progress)
        run_layout.addWidget(self.status)
        run_layout.addWidget(self.summary_label)
        run_layout.addWidget(self.problems, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(choose)
        self.pages.addWidget(run)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.add_paths(paths)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def paths(self) -> list[Path]:
        return list(self._paths)

    def add_paths(self, paths: Sequence[Path]) -> None:
        for path in paths:
            if path not in self._paths:
                self._paths.append(path)
                self.sources.addItem(str(path))
        self._update_buttons()

    def start(self) -> None:
        """Begin the import of the chosen paths."""
        if self.task is not None or not self._paths:
            return
        workspace, paths = self._workspace, list(self._paths)

        def run_import(progress: ProgressCallback, cancel: CancelFlag) -> ImportSummary:
            return import_files(workspace, paths, progress=progress, cancel=cancel)

        self.pages.setCurrentIndex(1)
        self.status.setText("Starting…")
        self.start_button.hide()
        self.task = self._runner.run(
            run_import,
            name="import export files",
            write=True,
            on_progress=self._progressed,
            on_success=self._succeeded,
            on_error=self._failed,
            on_cancelled=self._cancelled,
        )

    def reject(self) -> None:
        """Cancel a running import (closing once it has stopped), or close."""
        if self.running:
            assert self.task is not None
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling: undoing what was loaded…")
            return
        super().reject()

    # -- the job's answers, on the GUI thread

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * _STEPS))
        self.status.setText(message)

    def _succeeded(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.progress.setValue(_STEPS)
        self.status.setText("Import finished.")
        self.summary_label.setText(summary.line())
        self._show_problems(summary)
        self._finish()
        self.imported.emit(summary)
        self.ended.emit("imported")
        if self._close_when_done:
            self.accept()

    def _failed(self, error: BaseException, trace: str) -> None:
        if is_environment_error(error):
            line = one_line(error)
            self.status.setText("Nothing was imported.")
            self.summary_label.setText(line)
            self._finish()
            self.ended.emit("failed")
            self._dialogs.error(line)
        else:
            self.status.setText("Steward stopped the import because of a bug; nothing was changed.")
            self._finish()
            self.ended.emit("failed")
            self._runner.report_failure(error, trace)

    def _cancelled(self) -> None:
        self.status.setText("Import cancelled: the workspace is as it was.")
        self._finish()
        self.ended.emit("cancelled")

    def _finish(self) -> None:
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def _show_problems(self, summary: ImportSummary) -> None:
        if not summary.problems:
            return
        items = [
            QTreeWidgetItem([p.file, str(p.line) if p.line else "", p.reason])
            for p in summary.problems[:PROBLEMS_SHOWN]
        ]
        self.problems.addTopLevelItems(items)
        self.problems.resizeColumnToContents(0)
        self.problems.resizeColumnToContents(1)
        self.problems.show()
        if summary.problem_count > len(items):
            self.summary_label.setText(
                f"{summary.line()}. The first {len(items):,} of {summary.problem_count:,} problems:"
            )
        else:
            self.summary_label.setText(f"{summary.line()}. Problems:")

    # -- choosing sources

    def _add_files(self) -> None:
        self.add_paths(self._dialogs.import_files())

    def _add_folder(self) -> None:
        folder = self._dialogs.import_folder()
        if folder is not None:
            self.add_paths([folder])

    def _remove_selected(self) -> None:
        for item in self.sources.selectedItems():
            self._paths.remove(Path(item.text()))
            self.sources.takeItem(self.sources.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(bool(self._paths))
        self.remove_button.setEnabled(bool(self._paths))
