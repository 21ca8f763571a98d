"""The work queue as a table: leads not yet ready, with what stands in their way and what
matching warns about (an existing customer, an open deal, a lead that is already a contact)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPalette

from steward.gui.labels import warning_label
from steward.store.checks import QueueRow, StoredVerdict

AnyIndex = QModelIndex | QPersistentModelIndex
# Warnings come last: "Blocked by" keeps the place the steward's eye (and older tests) know.
COLUMNS = ("Lead", "Company", "Age", "ICP", "Blocked by", "Warnings")
_AGE, _ICP, _BLOCKED, _WARNINGS = 2, 3, 4, 5


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QueueRow] = []
        self._labels: dict[str, str] = {}
        self._today = datetime.now(UTC).date()
        self._warning_icon = QIcon()

    def set_warning_icon(self, icon: QIcon) -> None:
        """Shown beside a lead's name when matching warns about it: the Warnings column is the
        last one, often scrolled out of a narrow queue."""
        self._warning_icon = icon
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

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
            old.warnings,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def update_warnings(self, lead_id: str, warnings: tuple[str, ...]) -> None:
        """Matching (or a decision) changed what a lead warns about: show it in place."""
        row = self.row_of(lead_id)
        if row is None or self._rows[row].warnings == warnings:
            return
        old = self._rows[row]
        self._rows[row] = replace(old, warnings=warnings)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    @staticmethod
    def warnings_text(row: QueueRow) -> str:
        return ", ".join(warning_label(word) for word in row.warnings)

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
            if column in (0, _WARNINGS) and row.warnings:
                return self.warnings_text(row)
            return row.reason
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and row.warnings:
            return self._warning_icon
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
        if column == _WARNINGS:
            return self.warnings_text(row)
        return self.blocked_text(row)


def _age_days(created: str, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(created[:10])).days
    except ValueError:
        return None
