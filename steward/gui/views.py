"""Small helpers the list screens share."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView


def select_row(view: QAbstractItemView, row: int) -> bool:
    """Make row current and selected, scrolled into view. True when it already was current:
    Qt then sends no currentRowChanged, so the caller shows the row itself."""
    model = view.model()
    index = model.index(row, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    selection = view.selectionModel()
    already = selection.currentIndex().row() == row
    selection.setCurrentIndex(index, flags)
    view.scrollTo(index)
    return already
