"""Small helpers the list screens share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QProgressBar, QToolButton

from steward.gui.icons import Icons


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


def job_progress(
    icons: Icons, tooltip: str, accessible_name: str, cancel: Callable[[], object]
) -> tuple[QProgressBar, QToolButton]:
    """A background job's progress bar (per mille) and its cancel button, both hidden until
    the job starts."""
    progress = QProgressBar()
    progress.setRange(0, 1000)
    progress.setTextVisible(True)
    progress.hide()
    button = QToolButton()
    button.setIcon(icons.icon("cancel"))
    button.setToolTip(tooltip)
    button.setAccessibleName(accessible_name)
    button.clicked.connect(cancel)
    button.hide()
    return progress, button
