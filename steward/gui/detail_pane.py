"""All fields of the selected record, read-only for now."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from steward.core.fields import OBJECTS
from steward.gui.labels import field_label
from steward.store.browse import title

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
_ROW_PADDING = 6
_MAX_LABEL_WIDTH = 210


class _RoomyDelegate(QStyledItemDelegate):
    """Rows a little taller than the tightest the style allows: easier to read across."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + _ROW_PADDING)


class DetailPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)  # the pane may be narrow beside a lead's checklist
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Field", "Value"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAccessibleName("Record fields")
        self.tree.setItemDelegate(_RoomyDelegate(self.tree))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree, 1)
        self._fields: list[tuple[str, str]] = []
        self.clear()

    def clear(self, message: str = "Select a record to see all its fields.") -> None:
        self._fields = []
        self.heading.setText("No record selected")
        self.hint.setText(message)
        self.tree.clear()

    def show_record(self, object_name: str, fields: Sequence[tuple[str, str]]) -> None:
        spec = OBJECTS[object_name]
        self._fields = list(fields)
        values = dict(fields)
        self.heading.setText(title(spec, fields) or f"Unnamed {spec.label.lower()}")
        filled = sum(1 for _, value in fields if value)
        self.hint.setText(f"{spec.label} {values.get('Id', '')} · {filled} of {len(fields)} filled")
        self.tree.clear()
        items = []
        for name, value in fields:
            item = QTreeWidgetItem([field_label(name), value.replace("\n", " ⏎ ")])
            item.setData(0, NAME_ROLE, name)
            item.setToolTip(0, name)
            if len(value) > 30 or "\n" in value:
                item.setToolTip(1, value)
            items.append(item)
        self.tree.addTopLevelItems(items)
        metrics = self.tree.fontMetrics()
        widest = max((metrics.horizontalAdvance(item.text(0)) for item in items), default=0)
        self.tree.header().resizeSection(0, min(widest + 24, _MAX_LABEL_WIDTH))

    def fields(self) -> list[tuple[str, str]]:
        """What the pane shows: (field API name or column name, display text)."""
        return list(self._fields)
