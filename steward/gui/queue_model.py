"""The work queue as a table: leads not yet ready, with what stands in their way."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from steward.store.checks import QueueRow, StoredVerdict

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Lead", "Company", "Age", "ICP", "Blocked by")
_AGE, _ICP = 2, 3


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self._labels: dict[str, str] = {}
        self._today = datetime.now(UTC).date()

    def set_rows(self, rows: list[QueueRow], labels: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._labels = labels
        self._today = datetime.now(UTC).date()
        self.endResetModel()

    def row(self, index: int) -> QueueRow:
        return self._rows[index]

    def row_of(self, lead_id: str) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.lead_id == lead_id), None)

    def not_ready(self) -> int:
        return sum(not r.ready for r in self._rows)

    def update(self, verdict: StoredVerdict) -> None:
        """A lead was worked on: show its new state in place (it stays where it is until the
        queue is loaded again, so the steward's place in the list does not jump)."""
        row = self.row_of(verdict.lead_id)
        if row is None:
            return
        old = self._rows[row]
        self._rows[row] = QueueRow(
            old.pk,
            old.lead_id,
            old.name,
            old.company,
            old.created,
            verdict.icp_score,
            verdict.failing,
            verdict.reason,
            verdict.stale,
            verdict.ready,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def blocked_text(self, row: QueueRow) -> str:
        if row.ready:
            return "✓ Ready to convert"
        names = [self._labels.get(item, item) for item in row.failing]
        stale = " · stale" if row.stale else ""
        return ", ".join(names) + stale

    # -- QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (_AGE, _ICP):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.ready:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _display(self, row: QueueRow, column: int) -> str:
        if column == 0:
            return row.name or "(no name)"
        if column == 1:
            return row.company
        if column == _AGE:
            days = _age_days(row.created, self._today)
            return "" if days is None else f"{days:,} d"
        if column == _ICP:
            return "" if row.icp_score is None else str(row.icp_score)
        return self.blocked_text(row)


def _age_days(created: str, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(created[:10])).days
    except ValueError:
        return None
