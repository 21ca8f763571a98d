"""The merge screen: two to ten records of one object side by side, field by field, with the
value each field keeps after the merge, and the steward's choice of master and values.

The records are columns and the fields rows; the Result column shows what the surviving record
keeps, live. Rows where the records differ are tinted, the value that survives is marked with a
check and a stronger tint. The row under the headers counts each record's related records
(an account's contacts, opportunities...), which follow the master.

Keyboard: the arrow keys move between cells; Space or Enter keeps the current cell's value;
Ctrl+Enter merges; Esc cancels. Alt+M goes to the master, Alt+D shows only the differences.

MergeWork opens the screen for the Duplicates view and tells the browser what a merge changed;
the merge itself (MergeDraft.apply) is one journal operation, undone with Edit › Undo.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from steward.core.merge import MergeProblem
from steward.gui.dialogs import Dialogs
from steward.gui.errors import one_line
from steward.gui.icons import Icons
from steward.gui.merge_model import RESULT, MergeDraft, MergeModel
from steward.gui.tasks import TaskRunner
from steward.store.journal import JournalError, Step
from steward.store.models import RECORD_MODELS
from steward.store.workspace import Workspace

# What a merge can run into that is not a bug: a plan the workspace no longer fits, a journal
# that refuses, a locked or busy database file.
MERGE_ERRORS = (MergeProblem, JournalError, OperationalError, sqlite3.OperationalError)
BUSY = "Wait a moment: the workspace is busy with a background job"
_RESULT_WIDTH = 220
_RECORD_WIDTH = 200
_PICK_KEYS = frozenset({Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select})


class MergeGrid(QTableView):
    """The comparison grid: Space and Enter keep the current cell's value (a plain table view
    would let Enter through to the dialog's buttons)."""

    pick_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in _PICK_KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
            index = self.currentIndex()
            if index.isValid():
                self.pick_requested.emit(index)
            event.accept()
            return
        super().keyPressEvent(event)


class MergeScreen(QDialog):
    """Choose the master and the surviving values, then merge (or cancel)."""

    merged = Signal(object)  # the journal Step the merge made (its operation_id, its records)

    def __init__(
        self,
        draft: MergeDraft,
        workspace: Workspace,
        dialogs: Dialogs,
        runner: TaskRunner,
        icons: Icons,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self._workspace = workspace
        self._dialogs = dialogs
        self._runner = runner
        self._icons = icons
        self.step: Step | None = None  # once merged
        count = len(draft.ids)
        self.setWindowTitle(f"Merge {count} {draft.noun(count)}")
        self.setSizeGripEnabled(True)

        self.summary = QLabel()
        self.summary.setProperty("role", "subheading")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("What the merge does")

        self.master = QComboBox()
        self.master.setAccessibleName("Keep as master")
        for record_id in draft.ids:
            self.master.addItem(f"{draft.title(record_id)}  ({record_id})", record_id)
        master_label = QLabel("Keep as &master:")
        master_label.setBuddy(self.master)
        self.only_differences = QCheckBox("Show only &differences")
        self.only_differences.setToolTip(
            f"Hide the fields where all {count} records agree "
            f"({len(draft.plan.fields) - len([c for c in draft.plan.fields if c.differs])} "
            "of them)"
        )
        self.reset_button = QPushButton("&Reset choices")
        self.reset_button.setToolTip("Forget the values you picked: the merge rules choose again")
        self.reset_button.setAutoDefault(False)

        self.model = MergeModel(draft, lambda: icons.icon("check"), self)
        self.grid = MergeGrid()
        self.grid.setModel(self.model)
        self.grid.setAccessibleName("Merge comparison")
        self.grid.setAccessibleDescription(
            "Fields as rows, the result and then each record as columns. Space keeps the "
            "current record's value."
        )
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)  # Tab leaves the grid for the buttons
        self.grid.setWordWrap(False)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.setCornerButtonEnabled(False)
        header = self.grid.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setDefaultSectionSize(_RECORD_WIDTH)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.resizeSection(RESULT, _RESULT_WIDTH)
        header.setStretchLastSection(True)  # no empty band right of the last record
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sectionDoubleClicked.connect(self._header_double_clicked)
        rows = self.grid.verticalHeader()
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        rows.setHighlightSections(False)

        self.hint = QLabel(
            "Tinted rows differ; ✓ marks the value kept, blue results change the master. Click "
            "a value, or move to it with the arrow keys and press Space, to keep it. "
            "Ctrl+Enter merges; Esc cancels."
        )
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setIcon(icons.icon("merge"))
        self.merge_button.setToolTip(
            "Merge the records now (Ctrl+Enter); Edit › Undo takes it back"
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.merge_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter picks a value in the grid; it never merges
            button.setDefault(False)
        self.merge_button.clicked.connect(self.merge)
        self.cancel_button.clicked.connect(self.reject)
        self.merge_action = QAction("Merge", self)
        self.merge_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.merge_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.merge_action.triggered.connect(lambda _checked=False: self.merge())
        self.addAction(self.merge_action)

        options = QHBoxLayout()
        options.addWidget(master_label)
        options.addWidget(self.master, 1)
        options.addSpacing(12)
        options.addWidget(self.only_differences)
        options.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(options)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)

        self.grid.clicked.connect(self.pick)
        self.grid.pick_requested.connect(self.pick)
        self.master.currentIndexChanged.connect(
            lambda _i: self.set_master(str(self.master.currentData()))
        )
        self.only_differences.toggled.connect(self._filter)
        self.reset_button.clicked.connect(self.reset)
        icons.changed.connect(self._icons_changed)

        self._show()
        self._fit(count)
        self._go_to_first_difference()

    # -- the steward's choices

    def pick(self, index: QModelIndex) -> bool:
        """Keep the value of the record in index's column for its field; False for a cell that
        is not a record's value (the Result column, the related records)."""
        field = self.model.field_at(index.row())
        record = self.model.record_at(index.column())
        if field is None or record is None:
            return False
        if self.draft.pick(field, record):
            self._show()
        return True

    def set_master(self, record_id: str) -> None:
        if self.draft.set_master(record_id):
            self._show()

    def reset(self) -> None:
        if self.draft.reset():
            self._show()

    def show_only_differences(self, on: bool) -> None:
        self.only_differences.setChecked(on)

    # -- merging

    def merge(self) -> bool:
        """Apply the plan as one journal operation; errors are told in one line and the screen
        stays open."""
        if self.step is not None:
            return False
        if self._runner.writing:
            self._dialogs.error(BUSY)
            return False
        try:
            step = self.draft.apply(self._workspace)
        except MERGE_ERRORS as error:
            self._dialogs.error(one_line(error))
            return False
        self.step = step
        self.merged.emit(step)
        self.accept()
        return True

    # -- inside

    def _show(self) -> None:
        draft = self.draft
        self.model.changed()
        self.summary.setText(draft.summary())
        self.master.blockSignals(True)
        self.master.setCurrentIndex(self.master.findData(draft.master_id))
        self.master.blockSignals(False)
        self.reset_button.setEnabled(bool(draft.picks))

    def _filter(self, on: bool) -> None:
        current = self.grid.currentIndex()
        field = self.model.field_at(current.row()) if current.isValid() else None
        column = (
            current.column() if current.isValid() else self.model.column_of(self.draft.master_id)
        )
        self.model.set_only_differences(on)
        row = self.model.row_of(field) if field is not None else None
        if row is None:
            differing = self.model.differing_fields()
            row = (self.model.row_of(differing[0]) if differing else None) or 0
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(row, column or 1))

    def _go_to_first_difference(self) -> None:
        differing = self.model.differing_fields()
        row = self.model.row_of(differing[0]) if differing else None
        column = self.model.column_of(self.draft.master_id) or 1
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            index = self.model.index(row, column)
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)
        self.grid.setFocus()

    def _fit(self, count: int) -> None:
        """Wide enough for every column, within reason; tall enough for a good run of rows."""
        rows = self.grid.verticalHeader()
        wanted = rows.sizeHint().width() + _RESULT_WIDTH + count * _RECORD_WIDTH + 60
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        limit = screen.width() - 80 if screen is not None else 1400
        self.resize(max(720, min(wanted, limit, 1400)), 660)

    def _header_menu(self, position: QPoint) -> None:
        header = self.grid.horizontalHeader()
        record = self.model.record_at(header.logicalIndexAt(position))
        if record is None:
            return
        menu = QMenu(self)
        action = menu.addAction(f"Keep {self.draft.title(record)} as the master")
        action.setEnabled(record != self.draft.master_id)
        action.triggered.connect(lambda _checked=False: self.set_master(record))
        menu.popup(header.mapToGlobal(position))

    def _header_double_clicked(self, section: int) -> None:
        record = self.model.record_at(section)
        if record is not None:
            self.set_master(record)

    def _icons_changed(self) -> None:
        self.merge_button.setIcon(self._icons.icon("merge"))
        self.model.changed()


@dataclass(frozen=True, slots=True)
class Merged:
    """A merge the steward made: the journal's step, and what was merged into what."""

    step: Step
    object_name: str
    master_id: str
    others: tuple[str, ...]
    master_pk: int | None  # the master's row in the workspace, None if it is gone already


class MergeWork(QObject):
    """Opens the merge screen for records the Duplicates view names, and says what a merge (or
    its undo) changed."""

    merged = Signal(object)  # a Merged, once the merge is in the journal
    message = Signal(str)  # one line for the status bar

    def __init__(self, dialogs: Dialogs, runner: TaskRunner, icons: Icons, host: QWidget) -> None:
        super().__init__(host)
        self._host = host
        self._dialogs = dialogs
        self._runner = runner
        self._icons = icons
        self._workspace: Workspace | None = None
        self.screen: MergeScreen | None = None  # the one open now

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._workspace = workspace
        if self.screen is not None:
            self.screen.reject()

    def open(self, object_name: str, ids: list[str]) -> MergeScreen | None:
        """Show the merge screen for these records; None (the steward told why) when they
        cannot be merged."""
        workspace = self._workspace
        if workspace is None:
            return None
        try:
            draft = MergeDraft.read(workspace, object_name, ids)
        except MERGE_ERRORS as error:
            self._dialogs.error(one_line(error))
            return None
        screen = MergeScreen(
            draft, workspace, self._dialogs, self._runner, self._icons, parent=self._host
        )
        screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen.merged.connect(lambda step, d=draft: self._merged(d, step))
        screen.finished.connect(lambda _result, s=screen: self._closed(s))
        self.screen = screen
        screen.open()
        return screen

    def journal_stepped(self, step: Step) -> bool:
        """Whether an undo or redo step was a merge (records were deleted or came back)."""
        workspace = self._workspace
        if workspace is None:
            return False
        with workspace.engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT kind, inputs FROM operation WHERE id = ?", (step.operation_id,)
            ).first()
        if row is None or row[0] != "merge":
            return False
        inputs = json.loads(row[1]) if isinstance(row[1], str) else dict(row[1])
        return bool(inputs.get("others"))

    def _merged(self, draft: MergeDraft, step: Step) -> None:
        count = len(draft.ids)
        name = draft.result_title()
        stop = "" if name.endswith(".") else "."
        self.message.emit(f"Merged {count} {draft.noun(count)} into {name}{stop} Undo with Ctrl+Z")
        master_pk = None
        if self._workspace is not None:
            model = RECORD_MODELS[draft.object_name]
            with self._workspace.engine.connect() as connection:
                master_pk = connection.execute(
                    select(model.pk).where(model.Id == draft.master_id)
                ).scalar()
        self.merged.emit(
            Merged(step, draft.object_name, draft.master_id, draft.plan.others, master_pk)
        )

    def _closed(self, screen: MergeScreen) -> None:
        if self.screen is screen:
            self.screen = None
