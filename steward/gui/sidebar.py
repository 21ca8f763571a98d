"""The list of objects beside the records: an icon, the plural name and the record count."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from steward.core.fields import OBJECTS
from steward.gui.icons import Icons

OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
QUEUE = "@queue"  # the work queue's entry, above the objects
DUPLICATES = "@duplicates"  # the clusters of matching records, below the objects
SCREENS = (QUEUE, DUPLICATES)  # entries that are screens, not objects
_DUPLICATES_TIP = "Clusters of matching leads, contacts and accounts, largest first"
_COUNT_GAP = 16
_ITEM_PADDING = 8  # the ::item padding of app.qss


def icon_name(object_name: str) -> str:
    return {QUEUE: "queue", DUPLICATES: "duplicates"}.get(object_name, object_name.lower())


class _CountDelegate(QStyledItemDelegate):
    """Draws the item as usual, then its count right-aligned in a quieter colour."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE)
        if count is None:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.save()
        painter.setPen(option.palette.color(role))
        rect = option.rect.adjusted(0, 0, -_ITEM_PADDING - 4, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        count = index.data(COUNT_ROLE) or "0,000,000"
        extra = option.fontMetrics.horizontalAdvance(count) + _COUNT_GAP
        return QSize(size.width() + extra, max(size.height(), 32))


class Sidebar(QListView):
    """Choose the object to browse; `object_chosen` carries its API name."""

    object_chosen = Signal(str)

    def __init__(self, icons: Icons, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "sidebar")
        self._icons = icons
        self._items: dict[str, QStandardItem] = {}
        model = QStandardItemModel(self)
        queue = QStandardItem("Lead queue")
        queue.setData(QUEUE, OBJECT_ROLE)
        queue.setEditable(False)
        queue.setToolTip("Leads not yet ready to convert, to work through one by one")
        model.appendRow(queue)
        self._items[QUEUE] = queue
        for spec in OBJECTS.values():
            item = QStandardItem(spec.plural)
            item.setData(spec.name, OBJECT_ROLE)
            item.setEditable(False)
            model.appendRow(item)
            self._items[spec.name] = item
        duplicates = QStandardItem("Duplicates")
        duplicates.setData(DUPLICATES, OBJECT_ROLE)
        duplicates.setEditable(False)
        duplicates.setToolTip(_DUPLICATES_TIP)
        model.appendRow(duplicates)
        self._items[DUPLICATES] = duplicates
        self.setModel(model)
        self.setItemDelegate(_CountDelegate(self))
        self.setIconSize(QSize(20, 20))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Objects")
        self.selectionModel().currentChanged.connect(self._current_changed)
        icons.changed.connect(self._set_icons)
        self._set_icons()

    def current_object(self) -> str | None:
        index = self.currentIndex()
        return index.data(OBJECT_ROLE) if index.isValid() else None

    def set_current_object(self, name: str) -> None:
        item = self._items[name]
        self.setCurrentIndex(item.index())

    def set_queue_count(self, waiting: int | None) -> None:
        item = self._items[QUEUE]
        item.setData(None if waiting is None else f"{waiting:,}", COUNT_ROLE)
        tip = "Leads not yet ready to convert, to work through one by one"
        item.setToolTip(tip if waiting is None else f"{waiting:,} leads not ready · {tip}")

    def set_duplicates_count(self, clusters: int | None) -> None:
        item = self._items[DUPLICATES]
        item.setData(None if clusters is None else f"{clusters:,}", COUNT_ROLE)
        tip = _DUPLICATES_TIP if clusters is None else f"{clusters:,} clusters · {_DUPLICATES_TIP}"
        item.setToolTip(tip)

    def set_counts(self, counts: dict[str, int] | None) -> None:
        for name, item in self._items.items():
            if name in SCREENS:
                continue
            value = None if counts is None else counts.get(name)
            item.setData(None if value is None else f"{value:,}", COUNT_ROLE)
            item.setToolTip("" if value is None else f"{value:,} {OBJECTS[name].plural.lower()}")

    def count_text(self, name: str) -> str | None:
        value = self._items[name].data(COUNT_ROLE)
        return value if isinstance(value, str) else None

    def sizeHint(self) -> QSize:
        width = self.sizeHintForColumn(0) + 2 * self.frameWidth() + 16
        return QSize(max(width, 200), super().sizeHint().height())

    def _set_icons(self) -> None:
        for name, item in self._items.items():
            item.setIcon(self._icons.icon(icon_name(name)))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.object_chosen.emit(current.data(OBJECT_ROLE))
