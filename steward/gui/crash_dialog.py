"""The dialog for a bug: what happened, the traceback to copy into a report, and a way on."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from steward import __version__


class CrashDialog(QDialog):
    def __init__(self, error: BaseException, trace: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Steward hit a bug")
        self.resize(720, 420)
        heading = QLabel("Something went wrong inside Steward")
        heading.setProperty("role", "heading")
        summary = QLabel(
            f"{type(error).__name__}: {error}\n\n"
            "Your workspace is safe: unfinished work was rolled back. Please copy the details "
            "below into a bug report."
        )
        summary.setWordWrap(True)
        self.details = QPlainTextEdit(f"Steward {__version__}\n{trace}")
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
