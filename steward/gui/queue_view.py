"""The work queue: every lead not yet ready to convert, in the order the steward works them.

Sorted by age (oldest first: leads are meant to be short-lived), by ICP score (best fit first)
or by the first check in the way; filtered to one blocking check. The checks themselves run as
a background job with progress and cancel, the first time the queue is shown and whenever the
steward asks (after an import, or a change of settings).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from steward.core.checks.checklist import Template
from steward.gui.icons import Icons
from steward.gui.labels import SUB_CHECK_LABELS
from steward.gui.queue_model import QueueModel
from steward.gui.tasks import Task, TaskRunner
from steward.gui.views import job_progress, select_row
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.jobs.verify import VerifySummary, verify_workspace
from steward.store.checks import QueueRow, StoredVerdict, checked_count, work_queue
from steward.store.settings import load_settings
from steward.store.workspace import Workspace

_SORTS = (("age", "Oldest first"), ("icp", "Best ICP fit first"), ("failing", "By blocking check"))


class QueueView(QWidget):
    lead_chosen = Signal(int, str)  # pk, lead id
    emptied = Signal()  # nothing selected (an empty queue)
    loaded = Signal()  # a queue list is on screen
    checks_finished = Signal(object)  # VerifySummary

    def __init__(self, runner: TaskRunner, icons: Icons, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._workspace: Workspace | None = None
        self._template: Template | None = None
        self._stale = True  # the queue must be read again before it is shown
        self._recheck = False  # ... after checking every lead again
        self._checking: Task | None = None
        self._generation = 0

        self.sort = QComboBox()
        for key, text in _SORTS:
            self.sort.addItem(text, key)
        self.sort.setAccessibleName("Sort the queue")
        self.filter = QComboBox()
        self.filter.setAccessibleName("Blocked by")
        self.filter.addItem("Blocked by any check", None)
        for combo in (self.sort, self.filter):
            # Narrow windows squeeze the combos rather than the record beside the queue.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "hint")
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.check_button = QPushButton(icons.icon("refresh"), "Check all leads")
        self.check_button.setToolTip("Run the checklist on every open lead again")
        self.check_button.clicked.connect(self.run_checks)
        self.progress, self.cancel_button = job_progress(
            icons, "Stop checking (the previous results stay)", "Cancel checks", self.cancel_checks
        )

        self.model = QueueModel(self)
        self.model.set_warning_icon(icons.icon("warning"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Lead queue")
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in enumerate((125, 120, 58, 36, 150)):
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        controls = QHBoxLayout()
        controls.addWidget(self.sort)
        controls.addWidget(self.filter)
        controls.addStretch(1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.count_label, 1)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        progress_row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.addLayout(controls)
        layout.addLayout(progress_row)
        layout.addWidget(self.table, 1)
        self.sort.currentIndexChanged.connect(lambda _i: self.reload())
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        icons.changed.connect(lambda: self.check_button.setIcon(icons.icon("refresh")))
        icons.changed.connect(lambda: self.model.set_warning_icon(icons.icon("warning")))

    # -- the workspace

    def set_workspace(self, workspace: Workspace | None) -> None:
        self.cancel_checks()
        self._workspace = workspace
        self._stale = True
        self._recheck = False
        self._generation += 1
        self.model.set_rows([], {})
        self.count_label.clear()

    def mark_stale(self, *, recheck: bool = False) -> None:
        """Read the queue again when it is next shown; recheck: the leads or the settings
        changed (an import), so check every lead again first."""
        self._stale = True
        self._recheck = self._recheck or recheck

    def activate(self) -> None:
        """The queue is being shown: bring it up to date (checking the leads when needed)."""
        if self._workspace is None:
            return
        if self._stale:
            self._stale = False
            if self._recheck:
                self._recheck = False
                self.run_checks()
                return
            self._check_if_needed()
        elif self.model.rowCount():
            self._select(
                self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0
            )

    @property
    def checking(self) -> bool:
        return self._checking is not None

    def run_checks(self) -> None:
        workspace = self._workspace
        if workspace is None or self._checking is not None:
            return

        def check(progress: ProgressCallback, cancel: CancelFlag) -> VerifySummary:
            return verify_workspace(workspace, progress=progress, cancel=cancel)

        self.progress.setValue(0)
        self.progress.setFormat("Checking leads…")
        self.progress.show()
        self.cancel_button.show()
        self.check_button.setEnabled(False)
        self._checking = self._runner.run(
            check,
            name="check leads",
            write=True,
            on_progress=self._progressed,
            on_success=self._checked,
            on_cancelled=self._checks_ended,
        )
        self._checking.failed.connect(lambda *_: self._checks_ended())

    def cancel_checks(self) -> None:
        if self._checking is not None:
            self._checking.cancel()

    def reload(self) -> None:
        """Read the queue again in the chosen order and filter."""
        workspace = self._workspace
        if workspace is None:
            return
        sort = self.sort.currentData() or "age"
        failing = self.filter.currentData()
        self._generation += 1
        generation = self._generation

        def load(
            _progress: ProgressCallback, _cancel: CancelFlag
        ) -> tuple[int, list[QueueRow], Template]:
            with workspace.engine.connect() as connection:
                settings = load_settings(connection)
                template = settings.template()
                order = [item.id for item in template.items]
                rows = work_queue(
                    connection,
                    sort=sort,
                    failing=failing,
                    item_order=order,
                    closed_statuses=settings.disqualified_statuses,
                )
            return generation, rows, template

        self.count_label.setText("Loading…")
        self._runner.run(load, name="load queue", on_success=self._arrived)

    # -- moving through it

    def current_row(self) -> QueueRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def step(self, delta: int) -> bool:
        """Move to the next (+1) or previous (-1) lead; False at either end."""
        count = self.model.rowCount()
        if count == 0:
            return False
        index = self.table.currentIndex()
        row = (index.row() if index.isValid() else -1) + delta
        if not 0 <= row < count:
            return False
        self._select(row)
        return True

    def update_lead(self, verdict: StoredVerdict) -> None:
        self.model.update(verdict)
        self._show_count()

    # -- inside

    def _check_if_needed(self) -> None:
        """Check every lead first when some open lead has no verdict yet, else just list them
        (counting a million leads is work for the pool, not the GUI thread)."""
        workspace = self._workspace
        assert workspace is not None
        generation = self._generation

        def needs_checks(_progress: ProgressCallback, _cancel: CancelFlag) -> tuple[int, bool]:
            with workspace.engine.connect() as connection:
                open_leads = connection.exec_driver_sql(
                    'SELECT count(*) FROM lead WHERE NOT coalesce("IsConverted", 0)'
                ).scalar_one()
                return generation, bool(open_leads) and checked_count(connection) != open_leads

        self.count_label.setText("Loading…")
        self._runner.run(needs_checks, name="queue freshness", on_success=self._freshness_known)

    def _freshness_known(self, result: tuple[int, bool]) -> None:
        generation, needed = result
        if generation != self._generation:
            return  # another workspace since
        if needed:
            self.run_checks()
        else:
            self.reload()

    def _progressed(self, share: float, text: str) -> None:
        self.progress.setValue(round(share * 1000))
        self.progress.setFormat(text)

    def _checked(self, summary: VerifySummary) -> None:
        self._checks_ended()
        self.checks_finished.emit(summary)
        self.reload()

    def _checks_ended(self) -> None:
        self._checking = None
        self.progress.hide()
        self.cancel_button.hide()
        self.check_button.setEnabled(True)

    def _arrived(self, result: tuple[int, list[QueueRow], Template]) -> None:
        generation, rows, template = result
        if generation != self._generation:
            return
        self._template = template
        labels = {item.id: item.label for item in template.items} | SUB_CHECK_LABELS
        self._fill_filter(template)
        previous = self.current_row()
        self.model.set_rows(rows, labels)
        self._show_count()
        row = self.model.row_of(previous.lead_id) if previous is not None else None
        if rows:
            self._select(row or 0)
        else:
            self.emptied.emit()
        self.loaded.emit()

    def _fill_filter(self, template: Template) -> None:
        wanted = [(f"Blocked by {item.label}", item.id) for item in template.items if item.required]
        present = [(self.filter.itemText(i), self.filter.itemData(i))
                   for i in range(1, self.filter.count())]  # fmt: skip
        if present == wanted:
            return
        chosen = self.filter.currentData()
        self.filter.blockSignals(True)
        while self.filter.count() > 1:
            self.filter.removeItem(1)
        for label, item in wanted:
            self.filter.addItem(label, item)
        index = self.filter.findData(chosen)
        self.filter.setCurrentIndex(max(index, 0))
        self.filter.blockSignals(False)

    def _show_count(self) -> None:
        total = self.model.rowCount()
        waiting = self.model.not_ready()
        if total == 0:
            self.count_label.setText("No leads waiting: every checked lead is ready")
        elif waiting == total:
            self.count_label.setText(f"{total:,} leads not ready")
        else:
            self.count_label.setText(f"{waiting:,} of {total:,} still not ready")

    def _select(self, row: int) -> None:
        if select_row(self.table, row):
            index = self.model.index(row, 0)
            self._row_changed(index, index)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            row = self.model.row(current.row())
            self.lead_chosen.emit(row.pk, row.lead_id)
