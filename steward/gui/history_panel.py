"""View › History: the journal's operations, newest first, and where undo and redo stand.

Each row is one operation with when, who and its state; undone ones are greyed and italic, and
the row undo would take back next is marked. Double-click a row (or press Enter on it) to undo
or redo until that operation is the newest in effect; operations pushed to the CRM are listed
but cannot be reached. The panel only shows and asks: UndoHistory moves the stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from steward.core.fields import Kind
from steward.gui.undo_history import HISTORY_LIMIT, UndoHistory
from steward.store.browse import display
from steward.store.journal import Entry

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("", "Operation", "When", "Who", "State")
MARKER, LABEL, WHEN, WHO, STATE = range(len(COLUMNS))
OPERATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the operation's id (None: the start row)
TARGET_ROLE = Qt.ItemDataRole.UserRole + 2  # the stack index that row leads to, or None
CURRENT_MARK = "▶"
START_LABEL = "Start of the journal"


@dataclass(frozen=True, slots=True)
class HistoryRow:
    entry: Entry | None  # None: the start, before the first operation
    target: int | None  # stack index that makes this the newest in effect; None: out of reach
    current: bool  # undo takes back this operation next (or: nothing left to undo)

    @property
    def state(self) -> str:
        if self.entry is None:
            return ""
        entry = self.entry
        # Discarded: undone, then replaced by a newer operation; to the steward still undone.
        return "undone" if entry.undone or entry.state == "discarded" else entry.state


def history_rows(entries: list[Entry], history: UndoHistory, *, complete: bool) -> list[HistoryRow]:
    """The panel's rows for entries (newest first). complete: entries reach back to the first
    operation, so a start row can lead to undoing everything."""
    current = history.current_operation()
    rows = [HistoryRow(e, history.index_after(e.id), e.id == current) for e in entries]
    if complete and history.boundary is None and history.stack.count():
        rows.append(HistoryRow(None, 0, current is None))
    return rows


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryRow] = []

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> HistoryRow:
        return self._rows[index]

    def row_of(self, operation_id: int) -> int | None:
        return next(
            (n for n, r in enumerate(self._rows) if r.entry and r.entry.id == operation_id), None
        )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return _font(row)
        if role == Qt.ItemDataRole.ForegroundRole and row.state == "undone":
            return QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MARKER:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.AccessibleTextRole and column == MARKER:
            return "Current position" if row.current else ""
        if role == OPERATION_ID_ROLE:
            return row.entry.id if row.entry else None
        if role == TARGET_ROLE:
            return row.target
        return None


def _text(row: HistoryRow, column: int) -> str:
    entry = row.entry
    if column == MARKER:
        return CURRENT_MARK if row.current else ""
    if entry is None:
        return START_LABEL if column == LABEL else ""
    if column == LABEL:
        return entry.label or entry.kind
    if column == WHEN:
        return display(Kind.DATETIME, entry.created)
    if column == WHO:
        return entry.author
    return row.state


def _tooltip(row: HistoryRow, column: int) -> str:
    entry = row.entry
    if row.current and column == MARKER:
        return "You are here: Undo takes back this operation next"
    if entry is None:
        return "Before the first operation: double-click to undo everything"
    if column == WHEN:
        return display(Kind.DATETIME, entry.created, detail=True)
    if entry.state == "discarded":
        return "Undone, then replaced by a later change: it cannot be redone"
    if row.target is None:
        return f"Marked {entry.state}: the CRM has it, so it cannot be undone here"
    return f"{entry.label or entry.kind}\nDouble-click to make this the newest change in effect"


def _font(row: HistoryRow) -> QFont:
    font = QFont()
    font.setItalic(row.state == "undone")
    font.setBold(row.current)
    return font


class HistoryTable(QTableView):
    """The list of operations; Enter chooses the current row as a double-click does (activated
    is not used: some platforms activate on a single click, too easy for an undo)."""

    chosen = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class HistoryPanel(QDockWidget):
    """The History dock: the journal's operations and Undo and Redo buttons."""

    message = Signal(str)  # one line for the status bar

    def __init__(self, history: UndoHistory, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("history_dock")  # saveState and restoreState know it by this name
        self._history = history
        self.model = HistoryModel(self)
        self.table = HistoryTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Operations")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(MARKER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        for column in (WHEN, WHO, STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self.choose)
        self.table.chosen.connect(self.choose)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.undo_button.clicked.connect(lambda _checked=False: history.undo())
        self.redo_button.clicked.connect(lambda _checked=False: history.redo())
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.setWidget(body)

        history.changed.connect(self.refresh)
        self.visibilityChanged.connect(self._visibility_changed)
        self.refresh()

    def _visibility_changed(self, visible: bool) -> None:
        if visible:  # hidden, it skipped reading the journal
            self.refresh()

    def set_icons(self, undo: QIcon, redo: QIcon) -> None:
        self.undo_button.setIcon(undo)
        self.redo_button.setIcon(redo)

    def refresh(self) -> None:
        """Read the journal again; only while shown, as it is read after every step."""
        history = self._history
        stack = history.stack
        self.undo_button.setEnabled(stack.canUndo())
        self.undo_button.setToolTip(f"Undo {stack.undoText()}" if stack.canUndo() else "")
        self.redo_button.setEnabled(stack.canRedo())
        self.redo_button.setToolTip(f"Redo {stack.redoText()}" if stack.canRedo() else "")
        if not self.isVisible():
            return
        entries = history.recent(HISTORY_LIMIT)
        self.model.set_rows(history_rows(entries, history, complete=len(entries) < HISTORY_LIMIT))
        current = next((n for n in range(self.model.rowCount()) if self.model.row(n).current), None)
        if current is not None:
            self.table.scrollTo(self.model.index(current, LABEL))
        self.summary.setText(_summary(history, bool(entries)))

    def choose(self, index: QModelIndex) -> None:
        """Undo or redo until the operation of index's row is the newest in effect."""
        if not index.isValid():
            return
        row = self.model.row(index.row())
        if row.target is None:
            if row.entry is not None:
                self.message.emit(_out_of_reach(row.entry))
            return
        self._history.set_index(row.target)


def _out_of_reach(entry: Entry) -> str:
    if entry.state == "discarded":
        why = "it was undone, then replaced by a later change"
    elif entry.state == "pending":  # older than one the CRM has: undo goes newest first
        why = "a newer operation is in the CRM's hands already"
    else:
        why = f"it is marked {entry.state}"
    return f"Undo and redo cannot reach “{entry.label or entry.kind}”: {why}"


def _summary(history: UndoHistory, any_operations: bool) -> str:
    if history.workspace is None:
        return "No workspace open"
    if not any_operations:
        return "No changes yet"
    stack = history.stack
    undo, redo = stack.index(), stack.count() - stack.index()
    parts = [f"{undo:,} can be undone", f"{redo:,} redone"]
    if history.boundary is not None:
        parts.append("older ones cannot be undone")
    return "; ".join(parts)
