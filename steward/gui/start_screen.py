"""What the window shows when no workspace is open: four ways in and the recent workspaces."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from steward.gui.icons import Icons
from steward.gui.recent import MAX_RECENT, RecentWorkspaces

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(
        self, icons: Icons, recent: RecentWorkspaces, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._icons = icons
        self._recent = recent

        self.logo = QLabel()
        self.logo.setFixedSize(56, 56)
        heading = QLabel("Welcome to Steward")
        heading.setProperty("role", "heading")
        hint = QLabel(
            "Keep your CRM's leads, contacts and accounts clean: a local workspace, "
            "nothing changes in the CRM until you push."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        title_text = QVBoxLayout()
        title_text.addWidget(heading)
        title_text.addWidget(hint)
        title_row = QHBoxLayout()
        title_row.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addSpacing(8)
        title_row.addLayout(title_text, 1)

        self.new_button = self._action(
            "new-workspace", "New workspace", "An empty workspace file", self.new_requested
        )
        self.open_button = self._action(
            "open", "Open workspace", "A workspace you made before", self.open_requested
        )
        self.import_button = self._action(
            "import", "Import export files", "Salesforce export zips or CSVs", self.import_requested
        )
        self.demo_button = self._action(
            "demo", "Try the demo", "A sample org of 2,000 leads", self.demo_requested
        )
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.new_button, 0, 0)
        grid.addWidget(self.open_button, 0, 1)
        grid.addWidget(self.import_button, 1, 0)
        grid.addWidget(self.demo_button, 1, 1)

        recent_heading = QLabel("Recent workspaces")
        recent_heading.setStyleSheet("font-weight: 600;")
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName("Recent workspaces")
        self.recent_list.setIconSize(QSize(20, 20))
        self.recent_list.itemActivated.connect(self._recent_activated)
        self.recent_hint = QLabel("Workspaces you open appear here.")
        self.recent_hint.setProperty("role", "hint")

        column = QVBoxLayout()
        column.addLayout(title_row)
        column.addSpacing(20)
        column.addLayout(grid)
        column.addSpacing(20)
        column.addWidget(recent_heading)
        column.addWidget(self.recent_hint)
        column.addWidget(self.recent_list)
        column.addStretch(1)
        content = QWidget()
        content.setLayout(column)
        content.setMaximumWidth(640)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 32, 24, 24)
        outer.addStretch(1)
        outer.addWidget(content, 4)
        outer.addStretch(1)

        icons.changed.connect(self._set_icons)
        self._set_icons()
        self.refresh_recent()

    def refresh_recent(self) -> None:
        self.recent_list.clear()
        for path in self._recent.paths():
            item = QListWidgetItem(self._icons.icon("recent"), f"{path.name}  —  {path.parent}")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        empty = self.recent_list.count() == 0
        rows = max(1, min(self.recent_list.count(), MAX_RECENT))
        row_height = max(self.recent_list.sizeHintForRow(0), self.fontMetrics().height() + 8)
        self.recent_list.setFixedHeight(rows * row_height + 2 * self.recent_list.frameWidth() + 4)
        self.recent_list.setVisible(not empty)
        self.recent_hint.setVisible(empty)

    def _action(self, icon: str, title: str, detail: str, signal: SignalInstance) -> QToolButton:
        button = QToolButton()
        button.setProperty("role", "start-action")
        button.setProperty("icon-name", icon)
        button.setText(f"{title}\n{detail}")
        button.setAccessibleName(title)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIconSize(QSize(32, 32))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setAutoRaise(False)
        button.clicked.connect(signal)
        return button

    def _set_icons(self) -> None:
        for button in (self.new_button, self.open_button, self.import_button, self.demo_button):
            button.setIcon(self._icons.icon(str(button.property("icon-name"))))
        self.logo.setPixmap(self._icons.app_icon().pixmap(56, 56))
        self.refresh_recent()

    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(Path(item.data(PATH_ROLE)))
