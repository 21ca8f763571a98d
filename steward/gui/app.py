"""The desktop app's entry point: the QApplication, its look, and the services, wired once.

`run` is what `steward` (no verb) calls. Everything a screen needs is built here and handed
down through constructors; nothing is looked up globally.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QMessageLogContext,
    QSettings,
    QThreadPool,
    QTimer,
    QtMsgType,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from steward import __version__
from steward.gui.dialogs import Dialogs
from steward.gui.errors import FailureHandler
from steward.gui.icons import Icons
from steward.gui.main_window import DEFAULT_SIZE, MainWindow
from steward.gui.services import Services
from steward.gui.tasks import TaskRunner
from steward.resources import demo_export, resource_path
from steward.store.workspace import default_workspace

log = logging.getLogger(__name__)

APP_NAME = "Steward"
SNAPSHOT_TIMEOUT_MS = 180_000


def default_workspace_path() -> Path:
    """Where a new workspace is suggested: the same place as `steward`'s default --workspace."""
    return default_workspace()


_PLATFORM_NOISE = "This plugin does not support propagateSizeHints"


class _PlatformNoiseFilter:
    """For --snapshot: the offscreen platform warns about every window; that is not news.

    Everything else goes on to the handler that was there before (a test's, or Qt's own)."""

    def __init__(self) -> None:
        self._previous: Any = qInstallMessageHandler(self)

    def __call__(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if _PLATFORM_NOISE in message:
            return
        if self._previous is not None:
            self._previous(mode, context, message)
        else:
            print(qFormatLogMessage(mode, context, message), file=sys.stderr)

    def remove(self) -> None:
        qInstallMessageHandler(self._previous)


def _has_display() -> bool:
    """False on a Linux or BSD machine with no X11 or Wayland display (a server, CI)."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith(("linux", "freebsd")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Steward's name, icon and style sheet (made once per process).

    The palette is left alone: the platform's style follows the system's light or dark scheme.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("steward")
    app.setStyleSheet(resource_path("style", "app.qss").read_text(encoding="utf-8"))
    return app


def build_services(
    app: QApplication,
    settings: QSettings,
    dialogs: Dialogs,
    pool: QThreadPool | None = None,
    *,
    default_workspace: Path | None = None,
    demo: Path | None = None,
) -> Services:
    icons = Icons(app, resource_path("icons"))
    app.setWindowIcon(icons.app_icon())
    runner = TaskRunner(pool or QThreadPool.globalInstance(), FailureHandler(dialogs))
    return Services(
        runner=runner,
        icons=icons,
        dialogs=dialogs,
        settings=settings,
        default_workspace=default_workspace or default_workspace_path(),
        demo_export=demo or demo_export(),
    )


class HeadlessDialogs(Dialogs):
    """For --snapshot: nobody is there to answer, so failures go to stderr and end the run."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app

    def new_workspace_path(self, suggested: Path) -> Path | None:
        return None

    def existing_workspace_path(self, folder: Path) -> Path | None:
        return None

    def import_files(self) -> list[Path]:
        return []

    def import_folder(self) -> Path | None:
        return None

    def confirm(self, title: str, question: str) -> bool:
        return True

    def error(self, message: str) -> None:
        print(f"steward: {message}", file=sys.stderr)
        self._app.exit(1)

    def crash(self, error: BaseException, trace: str) -> None:
        print(f"steward: a bug stopped the snapshot:\n{trace}", file=sys.stderr)
        self._app.exit(1)

    def about(self) -> None:
        pass


class _Snapshot:
    """Renders the window to a PNG once it shows its first rows, then ends the event loop."""

    def __init__(self, app: QApplication, window: MainWindow, path: Path) -> None:
        self._app = app
        self._window = window
        self._path = path
        self._done = False
        window.ready.connect(self.take)
        QTimer.singleShot(SNAPSHOT_TIMEOUT_MS, self._timed_out)

    def take(self) -> None:
        if self._done:
            return
        self._done = True
        self._app.processEvents()  # let the first rows lay out and paint
        if not self._window.grab().save(str(self._path), "PNG"):
            print(f"steward: cannot write the snapshot to {self._path}", file=sys.stderr)
            self._app.exit(1)
            return
        self._app.exit(0)

    def _timed_out(self) -> None:
        if not self._done:
            self._done = True
            print("steward: the workspace did not load in time for the snapshot", file=sys.stderr)
            self._app.exit(1)


def run(workspace: Path | None = None, demo: bool = False, snapshot: Path | None = None) -> int:
    """Open the desktop app; returns the process exit code.

    workspace: open this workspace file. demo: a new temporary workspace loaded with the bundled
    demo org (deleted on exit). snapshot: render the main window to this PNG once its first
    rows show (or at once on the start screen), then exit; 1 with a message on stderr if
    loading failed.
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not _has_display():
        if snapshot is None:
            print(
                "steward: no display to open the app on (set DISPLAY, or run a command such as "
                "'steward stats'; 'steward --snapshot' works without one)",
                file=sys.stderr,
            )
            return 2
        # A snapshot needs no screen: render offscreen, as the tests do.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = create_application(sys.argv[:1])
    scratch = tempfile.TemporaryDirectory(prefix="steward-snapshot-") if snapshot else None
    if scratch is not None:
        # A snapshot starts from default window state and leaves the steward's own alone.
        settings = QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat)
        dialogs: Dialogs = HeadlessDialogs(app)
    else:
        settings = QSettings()
        dialogs = Dialogs()
    services = build_services(app, settings, dialogs)
    window = MainWindow(services)
    dialogs.window = window
    if snapshot is not None:
        window.resize(*DEFAULT_SIZE)
        shooter = _Snapshot(app, window, snapshot.expanduser().absolute())
    handler = FailureHandler(dialogs)

    def on_bug(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        # A bug in a slot on the GUI thread: Qt would only print it.
        handler(error, "".join(traceback.format_exception(kind, error, tb)))

    previous_hook = sys.excepthook
    sys.excepthook = on_bug
    noise_filter = _PlatformNoiseFilter() if snapshot else None

    def start() -> None:
        if demo:
            window.start_demo()
        elif workspace is not None:
            if window.open_workspace(workspace) and snapshot is not None:
                window.browser.show_object("Lead")
        elif snapshot is not None:
            shooter.take()

    window.show()
    QTimer.singleShot(0, start)
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        if noise_filter is not None:
            noise_filter.remove()
        window.close()
        services.runner.shutdown()
        window.deleteLater()
        if scratch is not None:
            scratch.cleanup()
    return code
