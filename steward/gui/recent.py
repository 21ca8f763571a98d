"""The recently opened workspaces, most recent first, kept in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

_KEY = "recent/workspaces"
MAX_RECENT = 8


class RecentWorkspaces:
    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[Path]:
        value = self._settings.value(_KEY, [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(p) for p in value if isinstance(p, str) and p]

    def add(self, path: Path) -> None:
        path = path.absolute()
        paths = [path, *[p for p in self.paths() if p != path]]
        self._store(paths[:MAX_RECENT])

    def remove(self, path: Path) -> None:
        self._store([p for p in self.paths() if p != path.absolute()])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue(_KEY, [str(p) for p in paths])
        self._settings.sync()
