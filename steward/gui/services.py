"""What the screens are given: built once in gui/app.py and passed down through constructors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from steward.gui.dialogs import Dialogs
from steward.gui.icons import Icons
from steward.gui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class Services:
    runner: TaskRunner
    icons: Icons
    dialogs: Dialogs
    settings: QSettings  # window state and the recent list only; user settings come later
    default_workspace: Path  # suggested for a new workspace
    demo_export: Path  # the export files "Try the demo" imports
