"""Bulk conversion and bulk merge: a preview table computed in the background, ticks to choose
what goes in, then one background write job with progress and cancel.

The whole batch is one journal operation, so Edit › Undo takes it back in one step. A cancelled
batch is rolled back: the workspace is as it was. The jobs are steward.jobs.bulk_work's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from steward.core.convert import ConvertProblem
from steward.core.fields import OBJECTS
from steward.core.merge import MergeProblem
from steward.gui.bulk_model import ConvertPreviewModel, MergePreviewModel, PreviewModel
from steward.gui.dialogs import Dialogs
from steward.gui.errors import is_environment_error, one_line
from steward.gui.tasks import Task, TaskRunner
from steward.jobs.bulk_work import (
    BulkResult,
    ConvertRow,
    MergeRow,
    convert_leads,
    merge_clusters,
    preview_conversions,
    preview_merges,
)
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store.settings import Settings, load_settings
from steward.store.workspace import Workspace

_STEPS = 1000
MERGE_OBJECTS = ("Lead", "Contact", "Account")
# Ready leads still open: neither converted nor closed with one of the given statuses.
READY_LEADS_SQL = (
    'SELECT lead_id FROM lead_check c JOIN lead l ON l."Id" = c.lead_id '
    'WHERE c.ready AND NOT coalesce(l."IsConverted", 0) '
    "AND coalesce(l.\"Status\", '') NOT IN (SELECT value FROM json_each(?)) ORDER BY l.pk"
)
# What the steward can act on: the batch has nothing to do (change the ticks or threshold).
_PROBLEMS = (ConvertProblem, MergeProblem)
BulkJob = Callable[[ProgressCallback, CancelFlag], Any]


class BulkDialog(QDialog):
    """What both kinds share: options, preview table, summary, progress, cancel, result."""

    batch_done = Signal(object)  # the BulkResult, once the batch is committed
    ended = Signal(str)  # "previewed", "done", "cancelled" or "failed"

    title = ""
    verb = ""  # "Convert"
    done_verb = ""  # "Converted"
    noun = ""  # "leads"

    def __init__(
        self,
        runner: TaskRunner,
        workspace: Workspace,
        dialogs: Dialogs,
        model: PreviewModel[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.title)
        self.setMinimumSize(760, 480)
        self._runner = runner
        self._workspace = workspace
        self._dialogs = dialogs
        self.task: Task | None = None
        self._running_batch = False
        self.batch_result: BulkResult | None = None
        with workspace.engine.connect() as connection:
            self.settings: Settings = load_settings(connection)

        heading = QLabel(self.title)
        heading.setProperty("role", "heading")
        self.intro = QLabel()
        self.intro.setProperty("role", "hint")
        self.intro.setWordWrap(True)

        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.5, 1.0)
        self.threshold.setSingleStep(0.01)
        self.threshold.setDecimals(2)
        self.threshold.setAccessibleName("Threshold")
        self.preview_button = QPushButton("Preview")
        self.preview_button.setToolTip("Read the preview again with these options")
        self.preview_button.clicked.connect(self.preview)
        self.options = QHBoxLayout()
        self._add_options(self.options)
        self.options.addWidget(QLabel("Threshold:"))
        self.options.addWidget(self.threshold)
        self._add_more_options(self.options)
        self.options.addStretch(1)
        self.options.addWidget(self.preview_button)
        self.threshold.valueChanged.connect(self._options_changed)

        self.model = model
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName("Preview")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.progress = QProgressBar()
        self.progress.setRange(0, _STEPS)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop: nothing is changed")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton(self.verb, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.run_button.clicked.connect(self.run)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.options)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(running)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        model.ticks_changed.connect(self._update_buttons)
        self._update_buttons()

    # -- what the subclasses say

    def _add_options(self, row: QHBoxLayout) -> None:
        """Options before the threshold."""

    def _add_more_options(self, row: QHBoxLayout) -> None:
        """Options after the threshold."""

    def _preview_job(self) -> BulkJob:
        raise NotImplementedError

    def _batch_job(self) -> BulkJob:
        raise NotImplementedError

    def _summary(self) -> str:
        raise NotImplementedError

    # -- the jobs

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def preview(self) -> None:
        """Compute the preview in the background with the options as they are."""
        if self.running:
            return
        self.batch_result = None
        self.status.setText("Reading the preview…")
        self._start(self._preview_job(), "bulk preview", write=False, on_success=self._previewed)

    def run(self) -> None:
        """Run the batch on the ticked rows in the background."""
        if self.running or not self.model.ticked():
            return
        self.status.setText(f"{self.verb_line()}…")
        self._start(self._batch_job(), "bulk batch", write=True, on_success=self._batch_done)

    def verb_line(self) -> str:
        count = len(self.model.ticked())
        return f"{self.verb} {count:,} {self.noun}"

    def cancel(self) -> None:
        if self.running:
            assert self.task is not None
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling: nothing will be changed…")

    def abandon(self) -> None:
        """The workspace is closing: stop and go, whatever runs."""
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self.done(QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        """Cancel a running job first; close once nothing runs."""
        if self.running:
            self.cancel()
            return
        super().reject()

    def _options_changed(self) -> None:
        """Another threshold or object means another preview: the old one would mislead."""
        if self.model.rowCount() or self.summary.text():
            self.model.set_rows([])
            self.summary.clear()
            self.status.setText("The options changed: press Preview to see what they do.")

    def _start(
        self, job: BulkJob, name: str, *, write: bool, on_success: Callable[[Any], None]
    ) -> None:
        self._running_batch = write
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.task = self._runner.run(
            job,
            name=name,
            write=write,
            on_progress=self._progressed,
            on_success=on_success,
            on_error=self._failed,
            on_cancelled=self._cancelled,
        )
        self._update_buttons()

    # -- the jobs' answers, on the GUI thread

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * _STEPS))
        self.progress.setFormat(message)

    def _previewed(self, rows: list[Any]) -> None:
        self._stopped()
        self.model.set_rows(rows)
        self.summary.setText(self._summary())
        self.status.setText("Untick what should stay as it is." if rows else "")
        self.ended.emit("previewed")

    def _batch_done(self, result: BulkResult) -> None:
        self._stopped()
        self.batch_result = result
        self.model.set_rows([])
        self.summary.clear()
        self.status.setText(result.line(self.done_verb, self.noun))
        self._update_buttons()
        self.batch_done.emit(result)
        self.ended.emit("done")

    def _cancelled(self) -> None:
        batch = self._running_batch
        self._stopped()
        if batch:
            self.status.setText("Cancelled: the workspace is as it was.")
        else:
            self.status.setText("Preview stopped. Press Preview to read it again.")
        self.ended.emit("cancelled")

    def _failed(self, error: BaseException, trace: str) -> None:
        self._stopped()
        if isinstance(error, _PROBLEMS):
            self.status.setText(f"Nothing was changed: {error}")
        elif is_environment_error(error):
            line = one_line(error)
            self.status.setText(f"Nothing was changed: {line}")
            self._dialogs.error(line)
        else:
            self.status.setText("Steward stopped because of a bug; nothing was changed.")
            self._runner.report_failure(error, trace)
        self.ended.emit("failed")

    def _stopped(self) -> None:
        self.task = None
        self._running_batch = False
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.running
        ticked = len(self.model.ticked())
        self.run_button.setText(f"{self.verb} {ticked:,} {self.noun}")
        self.run_button.setEnabled(not running and ticked > 0)
        self.preview_button.setEnabled(not running)
        self.threshold.setEnabled(not running)
        self.table.setEnabled(not running)


class BulkConvertDialog(BulkDialog):
    """Convert the ready leads of the work queue, each into its matched account or a new one."""

    title = "Convert ready leads"
    verb = "Convert"
    done_verb = "Converted"
    noun = "leads"

    def __init__(
        self,
        runner: TaskRunner,
        workspace: Workspace,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, workspace, dialogs, ConvertPreviewModel(), parent)
        self.intro.setText(
            "The leads the work queue calls ready. Each goes into the account it matches at or "
            "above the threshold, or a new account. One step to undo."
        )
        self.threshold.setValue(self.settings.convert_threshold)

    def _add_more_options(self, row: QHBoxLayout) -> None:
        self.opportunity = QCheckBox("Create an opportunity")
        self.opportunity.toggled.connect(self._options_changed)
        row.addWidget(self.opportunity)

    def _preview_job(self) -> BulkJob:
        workspace, threshold = self._workspace, self.threshold.value()
        opportunity = self.opportunity.isChecked()

        def preview(progress: ProgressCallback, cancel: CancelFlag) -> list[ConvertRow]:
            with workspace.engine.connect() as connection:
                closed = json.dumps(list(load_settings(connection).disqualified_statuses))
                rows = connection.exec_driver_sql(READY_LEADS_SQL, (closed,))
                ids = [str(r[0]) for r in rows]
            return preview_conversions(
                workspace,
                ids,
                threshold=threshold,
                opportunity=opportunity,
                progress=progress,
                cancel=cancel,
            )

        return preview

    def _batch_job(self) -> BulkJob:
        workspace, threshold = self._workspace, self.threshold.value()
        opportunity = self.opportunity.isChecked()
        ids = [r.lead_id for r in self.model.ticked()]

        def convert(progress: ProgressCallback, cancel: CancelFlag) -> BulkResult:
            return convert_leads(
                workspace,
                ids,
                threshold=threshold,
                opportunity=opportunity,
                progress=progress,
                cancel=cancel,
            )

        return convert

    def _summary(self) -> str:
        rows: list[ConvertRow] = self.model.rows()
        problems = sum(1 for r in rows if r.problem)
        existing = sum(1 for r in rows if not r.problem and r.account_id)
        new = len(rows) - problems - existing
        if not rows:
            return "No lead is ready to convert."
        line = f"{len(rows):,} leads: {existing:,} into existing accounts, {new:,} new accounts"
        return f"{line}; {problems:,} cannot be converted" if problems else line

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.opportunity.setEnabled(not self.running)


class BulkMergeDialog(BulkDialog):
    """Merge the clusters of duplicates whose every link scores at least the threshold."""

    title = "Merge duplicates in bulk"
    verb = "Merge"
    done_verb = "Merged"
    noun = "clusters"

    def __init__(
        self,
        runner: TaskRunner,
        workspace: Workspace,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, workspace, dialogs, MergePreviewModel(), parent)
        self.intro.setText(
            "Clusters of duplicates whose every pair scores at least the threshold, each merged "
            "into its master by the merge rules. One step to undo."
        )
        self.threshold.setValue(self.settings.merge_threshold)

    def _add_options(self, row: QHBoxLayout) -> None:
        self.object_combo = QComboBox()
        for name in MERGE_OBJECTS:
            self.object_combo.addItem(OBJECTS[name].plural, name)
        self.object_combo.setAccessibleName("Object")
        self.object_combo.currentIndexChanged.connect(self._options_changed)
        row.addWidget(self.object_combo)

    @property
    def object_name(self) -> str:
        return str(self.object_combo.currentData())

    def _preview_job(self) -> BulkJob:
        workspace, object_name = self._workspace, self.object_name
        threshold = self.threshold.value()

        def preview(progress: ProgressCallback, cancel: CancelFlag) -> list[MergeRow]:
            return preview_merges(
                workspace, object_name, threshold=threshold, progress=progress, cancel=cancel
            )

        return preview

    def _batch_job(self) -> BulkJob:
        workspace, object_name = self._workspace, self.object_name
        threshold = self.threshold.value()
        only = [r.ids for r in self.model.ticked()]

        def merge(progress: ProgressCallback, cancel: CancelFlag) -> BulkResult:
            return merge_clusters(
                workspace,
                object_name,
                threshold=threshold,
                only=only,
                progress=progress,
                cancel=cancel,
            )

        return merge

    def _summary(self) -> str:
        rows: list[MergeRow] = self.model.rows()
        if not rows:
            return "No cluster of duplicates at this threshold."
        records = sum(len(r.ids) for r in rows)
        problems = sum(1 for r in rows if r.problem)
        line = f"{len(rows):,} clusters of {records:,} records"
        return f"{line}; {problems:,} cannot be merged here" if problems else line

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.object_combo.setEnabled(not self.running)
