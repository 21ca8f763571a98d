"""The record browser's table model: an ordered id list, rows fetched a page at a time.

The model holds only the pks of the records it shows (an array of 8-byte ints: 8 MB for a
million leads) and a bounded cache of display rows. A row is read from the workspace the first
time the view asks for it, together with the rest of its page, by primary key, which takes a
millisecond or two. New id lists (another sort order, a search) are queried on the task runner,
off the GUI thread; the old rows stay on screen until the new list arrives, and a list that
arrives after a newer request was made is dropped.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
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

from steward.core.fields import OBJECTS, Kind
from steward.gui.labels import field_label
from steward.gui.tasks import TaskRunner
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store import browse
from steward.store.browse import RowValues
from steward.store.workspace import Workspace

PAGE_SIZE = 200
CACHE_ROWS = 20_000
_NUMERIC = frozenset({Kind.INT, Kind.FLOAT})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class _Query:
    search: str
    sort: str | None
    descending: bool


@dataclass(frozen=True, slots=True)
class _Loaded:
    generation: int
    query: _Query
    ids: array[int]
    first_page: dict[int, RowValues]


class RecordModel(QAbstractTableModel):
    """The records of one object, optionally filtered by a search and sorted by one column."""

    loaded = Signal()  # a new id list is in place
    loading_changed = Signal(bool)

    def __init__(
        self,
        runner: TaskRunner,
        workspace: Workspace,
        object_name: str,
        columns: Sequence[str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._workspace = workspace
        self._spec = OBJECTS[object_name]
        self._columns = list(columns or self._spec.browse_columns)
        self._kinds = [self._spec.fields.get(c) for c in self._columns]
        self._labels = [field_label(c) for c in self._columns]
        self._ids: array[int] = array("q")
        self._cache: OrderedDict[int, RowValues] = OrderedDict()
        self._query = _Query("", None, False)
        self._shown: _Query | None = None  # the query whose list is in place
        self._generation = 0
        self._stale = False  # the cache holds rows from before a change to the workspace
        self._loading = False
        self._has_loaded = False

    # -- what the model shows

    @property
    def object_name(self) -> str:
        return self._spec.name

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    @property
    def search(self) -> str:
        return self._query.search

    @property
    def sort_column(self) -> int:
        """The column the rows are sorted by, or -1 for the import order."""
        sort = self._query.sort
        return self._columns.index(sort) if sort in self._columns else -1

    @property
    def sort_order(self) -> Qt.SortOrder:
        if self._query.descending:
            return Qt.SortOrder.DescendingOrder
        return Qt.SortOrder.AscendingOrder

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_loaded(self) -> bool:
        """Whether any id list has arrived yet."""
        return self._has_loaded

    def pk(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, pk: int) -> int | None:
        try:
            return self._ids.index(pk)
        except ValueError:
            return None

    def cached_row(self, row: int) -> RowValues | None:
        """The display values of a row if they are already fetched (for sizing columns)."""
        return self._cache.get(self._ids[row])

    # -- asking for a new list

    def set_search(self, text: str) -> None:
        query = _Query(text.strip(), self._query.sort, self._query.descending)
        self._request(query)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self._columns) and self._kinds[column] is not None:
            sort: str | None = self._columns[column]
            descending = order == Qt.SortOrder.DescendingOrder
        else:
            sort, descending = None, False
        self._request(_Query(self._query.search, sort, descending))

    def load(self) -> None:
        """Read the first list, unless it is already there or on its way."""
        self._request(self._query)

    def refresh(self) -> None:
        """Read the list and rows again: the workspace has changed."""
        self._stale = True
        self._request(self._query, force=True)

    def forget(self, pks: Iterable[int]) -> None:
        """These records changed (an edit, an undo): read them again when next shown."""
        for pk in pks:
            self._cache.pop(pk, None)
            row = self.row_of(pk)
            if row is not None:
                last = self.index(row, len(self._columns) - 1)
                self.dataChanged.emit(self.index(row, 0), last)

    def _request(self, query: _Query, *, force: bool = False) -> None:
        if not force and query == self._query and (self._loading or query == self._shown):
            return
        self._query = query
        self._generation += 1
        generation = self._generation
        workspace, name, columns = self._workspace, self._spec.name, self._columns

        def load(_progress: ProgressCallback, _cancel: CancelFlag) -> _Loaded:
            pks = browse.ids(workspace, name, query.search, query.sort, query.descending)
            first = browse.rows(workspace, name, pks[:PAGE_SIZE], columns)
            return _Loaded(generation, query, pks, first)

        self._set_loading(True)
        # Bound methods, not lambdas: Qt drops the connection if this model is deleted first.
        self._runner.run(load, name=f"list {name}", on_success=self._arrived, on_error=self._failed)

    def _arrived(self, result: _Loaded) -> None:
        if result.generation != self._generation:
            return  # a newer request is on its way
        self.beginResetModel()
        if self._stale:
            self._cache.clear()
            self._stale = False
        self._ids = result.ids
        self._store(result.first_page)
        self._shown = result.query
        self.endResetModel()
        self._has_loaded = True
        self._set_loading(False)
        self.loaded.emit()

    def _failed(self, error: BaseException, trace: str) -> None:
        self._set_loading(False)
        self._runner.report_failure(error, trace)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # -- rows, fetched a page at a time

    def _row(self, row: int) -> RowValues:
        pk = self._ids[row]
        values = self._cache.get(pk)
        if values is not None:
            self._cache.move_to_end(pk)
            return values
        start = row - row % PAGE_SIZE
        page = [p for p in self._ids[start : start + PAGE_SIZE] if p not in self._cache]
        fetched = browse.rows(self._workspace, self._spec.name, page, self._columns)
        self._store(fetched)
        # A record deleted since the list was made shows as an empty row until the next list.
        return self._cache.get(pk) or ("",) * len(self._columns)

    def _store(self, rows: dict[int, RowValues]) -> None:
        self._cache.update(rows)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    # -- QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < len(self._columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._row(row)[column]
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._kinds[column] in _NUMERIC else _LEFT
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._labels[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._columns[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if self._kinds[section] in _NUMERIC else _LEFT
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._ids):
            return f"{section + 1:,}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
