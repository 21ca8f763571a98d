"""The preview tables of bulk conversion and bulk merge: one row per lead or cluster, each with a
tick box. Rows with a problem cannot be ticked; the others start ticked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from steward.gui.labels import warning_label
from steward.jobs.bulk_work import ConvertRow, MergeRow

Row = TypeVar("Row", ConvertRow, MergeRow)
Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Row], str]]


def _score(score: float | None) -> str:
    return f"{score:.2f}" if score is not None else ""


def _account(row: ConvertRow) -> str:
    if row.problem:
        return ""
    return row.account_name if row.account_id else f"New account: {row.account_name}"


CONVERT_COLUMNS: list[tuple[str, Callable[[ConvertRow], str]]] = [
    ("Lead", lambda r: r.name or r.lead_id),
    ("Company", lambda r: r.company),
    ("Into account", _account),
    ("Score", lambda r: _score(r.score)),
    ("Warnings", lambda r: ", ".join(warning_label(w) for w in r.warnings)),
    ("Problem", lambda r: r.problem),
]

MERGE_COLUMNS: list[tuple[str, Callable[[MergeRow], str]]] = [
    ("Records", lambda r: str(len(r.ids))),
    ("Master", lambda r: r.master_name or r.master_id),
    ("Weakest score", lambda r: _score(r.weakest)),
    ("Fields that change", lambda r: "" if r.problem else str(r.changes)),
    ("Problem", lambda r: r.problem),
]


class PreviewModel(QAbstractTableModel, Generic[Row]):
    """The rows of one preview; the first column carries the tick box."""

    ticks_changed = Signal()

    def __init__(self, columns: Sequence[tuple[str, Callable[[Row], str]]]) -> None:
        super().__init__()
        self._columns: list[tuple[str, Callable[[Row], str]]] = list(columns)
        self._rows: list[Row] = []
        self._ticked: list[bool] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._ticked = [not r.problem for r in self._rows]
        self.endResetModel()
        self.ticks_changed.emit()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def ticked(self) -> list[Row]:
        return [r for r, t in zip(self._rows, self._ticked, strict=True) if t]

    def set_ticked(self, row: int, ticked: bool) -> None:
        index = self.index(row, 0)
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.setData(index, state, Qt.ItemDataRole.CheckStateRole)

    # -- QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](row)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            ticked = self._ticked[index.row()]
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].problem:
            return Qt.ItemFlag.ItemNeverHasChildren  # shown, but neither enabled nor tickable
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != 0
            or self._rows[index.row()].problem
        ):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(str(value)))
        self._ticked[index.row()] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True


class ConvertPreviewModel(PreviewModel[ConvertRow]):
    def __init__(self) -> None:
        super().__init__(CONVERT_COLUMNS)


class MergePreviewModel(PreviewModel[MergeRow]):
    def __init__(self) -> None:
        super().__init__(MERGE_COLUMNS)
