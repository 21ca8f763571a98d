"""The main window: the start screen or the open workspace, menus, status bar, window state.

The window owns the open workspace and opens and closes it on the GUI thread (about 0.1 s for a
million leads); background jobs share the same Workspace object, each with its own connection.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from steward.core.fields import Kind
from steward.gui.browser import BrowserView
from steward.gui.bulk_dialog import BulkConvertDialog, BulkDialog, BulkMergeDialog
from steward.gui.errors import one_line
from steward.gui.history_panel import HistoryPanel
from steward.gui.import_dialog import ImportDialog
from steward.gui.match_run import MatchSummary
from steward.gui.recent import RecentWorkspaces
from steward.gui.services import Services
from steward.gui.start_screen import StartScreen
from steward.gui.undo_history import UndoHistory
from steward.jobs.bulk_work import BulkResult
from steward.store.browse import display
from steward.store.journal import Step
from steward.store.settings import load_settings, save_settings
from steward.store.workspace import Workspace, WorkspaceError, WorkspaceMissing

log = logging.getLogger(__name__)

_GEOMETRY_KEY = "window/geometry"
_STATE_KEY = "window/state"
DEFAULT_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    workspace_changed = Signal(object)  # the open Workspace, or None
    ready = Signal()  # an opened or changed workspace shows its first rows and counts

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._workspace: Workspace | None = None
        self._temp_dirs: list[tempfile.TemporaryDirectory[str]] = []
        self.recent = RecentWorkspaces(services.settings)
        self.setWindowTitle("Steward")
        self.setWindowIcon(services.icons.app_icon())

        self.start_screen = StartScreen(services.icons, self.recent)
        self.browser = BrowserView(
            services.runner, services.icons, services.settings, services.dialogs
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_screen)
        self.stack.addWidget(self.browser)
        self.setCentralWidget(self.stack)

        self.start_screen.new_requested.connect(self.new_workspace)
        self.start_screen.open_requested.connect(self.choose_workspace)
        self.start_screen.import_requested.connect(self.import_export_files)
        self.start_screen.demo_requested.connect(self.start_demo)
        self.start_screen.recent_chosen.connect(self.open_workspace)
        self.browser.ready.connect(self._browser_ready)
        # Edit › Undo and Redo go through a QUndoStack that mirrors the journal; the steps
        # themselves are LeadWork's, which refreshes whatever records they touched.
        lead_work = self.browser.lead_work
        self.undo_history = UndoHistory(lead_work.undo, lead_work.redo, self)
        self.history_panel = HistoryPanel(self.undo_history, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_panel)
        self.history_panel.hide()  # until the steward asks for it (restoreState may show it)

        self._make_menus()
        self.location = QLabel()
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.location, 1)
        self.browser.lead_work.message.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        self.browser.match_work.message.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        # Whatever adds or changes journal operations outside the stack has the stack re-read.
        history = self.undo_history
        lead_work.stepped.connect(lambda _view: history.journal_changed())
        lead_work.undone.connect(lambda _step: history.journal_changed())
        self.browser.match_work.decided.connect(lambda _leads: history.journal_changed())
        # merges and conversions made on their own screens
        self.browser.journal_changed.connect(history.journal_changed)
        self.browser.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        history.undone.connect(lambda step: self._stepped("Undid", step))
        history.redone.connect(lambda step: self._stepped("Redid", step))
        history.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.history_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        stack = history.stack
        for signal in (stack.canUndoChanged, stack.canRedoChanged):
            signal.connect(lambda _can: self._update_undo_actions())
        for text_signal in (stack.undoTextChanged, stack.redoTextChanged):
            text_signal.connect(lambda _text: self._update_undo_actions())
        self.browser.match_run.finished.connect(self._matched)
        services.icons.changed.connect(self._set_icons)
        self._set_icons()
        self._show_location()

        self.resize(*DEFAULT_SIZE)
        geometry = services.settings.value(_GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = services.settings.value(_STATE_KEY)
        if state is not None:
            self.restoreState(state)

    # -- the workspace

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    def open_workspace(self, path: Path, *, create: bool = False, remember: bool = True) -> bool:
        """Open (or create) the workspace at path in this window; False if it could not be."""
        path = Path(path).expanduser().absolute()
        if self._workspace is not None and self._workspace.path == path:
            return True
        if not self.close_workspace():
            return False
        try:
            workspace = Workspace.open(path, create=create)
        except WorkspaceError as error:
            if isinstance(error, WorkspaceMissing):
                self.recent.remove(path)
                self.start_screen.refresh_recent()
            self._services.dialogs.error(one_line(error))
            return False
        log.info("opened %s", path)
        self._workspace = workspace
        if remember:
            self.recent.add(path)
            self.start_screen.refresh_recent()
        self.browser.set_workspace(workspace)
        self.stack.setCurrentWidget(self.browser)
        self.setWindowTitle(f"{path.name} — Steward")
        self._show_location()
        self.undo_history.sync(workspace)
        self._update_actions()
        self.workspace_changed.emit(workspace)
        return True

    def close_workspace(self) -> bool:
        """Close the open workspace; False if the steward chose to keep a running import."""
        workspace = self._workspace
        if workspace is None:
            return True
        runner = self._services.runner
        if runner.writing and not self._services.dialogs.confirm(
            "Work running",
            "An import or matching is still running. Cancel it and close the workspace?",
        ):
            return False
        self.browser.save_state()
        self.browser.set_workspace(None)
        runner.shutdown()  # cancel what runs against this workspace and wait for it
        self.undo_history.sync(None)
        workspace.close()
        self._workspace = None
        self.stack.setCurrentWidget(self.start_screen)
        self.setWindowTitle("Steward")
        self._show_location()
        self._update_actions()
        self.workspace_changed.emit(None)
        return True

    def new_workspace(self) -> bool:
        """Ask where to create a workspace (an existing one chosen there is opened)."""
        suggested = self._services.default_workspace
        try:  # the suggestion lives in the user's data folder, which may not exist yet
            suggested.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.warning("cannot create %s", suggested.parent)
        path = self._services.dialogs.new_workspace_path(suggested)
        return path is not None and self.open_workspace(path, create=True)

    def choose_workspace(self) -> bool:
        recent = self.recent.paths()
        folder = recent[0].parent if recent else self._services.default_workspace.parent
        path = self._services.dialogs.existing_workspace_path(folder)
        return path is not None and self.open_workspace(path)

    def import_export_files(
        self, paths: list[Path] | None = None, *, close_when_done: bool = False
    ) -> ImportDialog | None:
        """Show the import dialog (starting at once when paths are given).

        With no workspace open, first ask where to create one.
        """
        if self._workspace is None and not self.new_workspace():
            return None
        assert self._workspace is not None
        services = self._services
        dialog = ImportDialog(
            services.runner,
            self._workspace,
            services.dialogs,
            paths or [],
            close_when_done=close_when_done,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.open()
        if paths:
            dialog.start()
        return dialog

    def start_demo(self) -> ImportDialog | None:
        """A fresh workspace in a temporary folder, loaded with the bundled demo org."""
        folder = tempfile.TemporaryDirectory(prefix="steward-demo-")
        self._temp_dirs.append(folder)
        if not self.open_workspace(Path(folder.name) / "demo.steward", create=True, remember=False):
            return None
        self.browser.show_object("Lead")
        return self.import_export_files([self._services.demo_export], close_when_done=True)

    def _imported(self, _summary: object) -> None:
        self.browser.reload()
        self._show_location()

    def _matched(self, summary: MatchSummary | None) -> None:
        if summary is None:
            self.statusBar().showMessage("Matching stopped; the previous results stay", 8000)
            return
        self.statusBar().showMessage(
            f"Matching done: {summary.pairs:,} pairs in {summary.clusters:,} clusters", 8000
        )

    def _browser_ready(self) -> None:
        if not self._services.runner.writing:  # not while an import is still loading rows
            self.ready.emit()

    # -- menus and status bar

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = self._action(file_menu, "&New workspace…", self.new_workspace)
        _shortcut(self.new_action, QKeySequence.StandardKey.New, "Ctrl+N")
        self.open_action = self._action(file_menu, "&Open workspace…", self.choose_workspace)
        _shortcut(self.open_action, QKeySequence.StandardKey.Open, "Ctrl+O")
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.import_action = self._action(
            file_menu, "&Import export files…", self.import_export_files
        )
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.settings_action = self._action(file_menu, "Workspace &settings…", self.edit_settings)
        _shortcut(self.settings_action, QKeySequence.StandardKey.Preferences, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addSeparator()
        self.close_action = self._action(file_menu, "&Close workspace", self.close_workspace)
        _shortcut(self.close_action, QKeySequence.StandardKey.Close, "Ctrl+W")
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", self.close)
        _shortcut(self.quit_action, QKeySequence.StandardKey.Quit, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(edit_menu, "&Undo", self.undo)
        _shortcut(self.undo_action, QKeySequence.StandardKey.Undo, "Ctrl+Z")
        self.redo_action = self._action(edit_menu, "&Redo", self.redo)
        _shortcut(self.redo_action, QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z")
        edit_menu.aboutToShow.connect(self._edit_menu_shown)
        records_menu = self.menuBar().addMenu("&Records")
        self.bulk_convert_action = self._action(
            records_menu, "&Convert Ready Leads…", self.convert_ready_leads
        )
        self.bulk_convert_action.setStatusTip("Convert the ready leads of the queue in one step")
        self.bulk_merge_action = self._action(
            records_menu, "&Merge Duplicates in Bulk…", self.merge_in_bulk
        )
        self.bulk_merge_action.setStatusTip("Merge the surest duplicates in one step")
        self.workspace_changed.connect(self._update_records_actions)
        self._update_records_actions(None)
        view_menu = self.menuBar().addMenu("&View")
        self.history_action = self.history_panel.toggleViewAction()
        self.history_action.setText("&History")
        self.history_action.setStatusTip("Show the journal: every change, undone or not")
        view_menu.addAction(self.history_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = self._action(help_menu, "&About Steward", self._services.dialogs.about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self._update_actions()

    def _action(self, menu: QMenu, text: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        menu.addAction(action)
        return action

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent.paths()
        for path in paths:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_workspace(p))
        if not paths:
            empty = self.recent_menu.addAction("No recent workspaces")
            empty.setEnabled(False)
            return
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("Clear list")
        clear.triggered.connect(self._clear_recent)

    def _clear_recent(self) -> None:
        self.recent.clear()
        self.start_screen.refresh_recent()

    def edit_settings(self) -> bool:
        """Change the workspace's settings; the leads are checked again under the new ones."""
        workspace = self._workspace
        if workspace is None:
            return False
        with workspace.session() as session:
            current = load_settings(session)
        changed = self._services.dialogs.workspace_settings(current)
        if changed is None or changed == current:
            return False
        if self._services.runner.writing:
            self._services.dialogs.error("Wait for the running job to finish, then try again")
            return False
        with workspace.transaction() as session:
            save_settings(session, changed)
        self.browser.settings_changed()
        self.statusBar().showMessage("Settings saved; the leads are checked again", 8000)
        return True

    # -- Records: bulk conversion and bulk merge

    def convert_ready_leads(self) -> BulkDialog | None:
        """Show the bulk conversion of the queue's ready leads, reading its preview."""
        if self._workspace is None:
            return None
        services = self._services
        dialog = BulkConvertDialog(services.runner, self._workspace, services.dialogs, self)
        return self._open_bulk(dialog)

    def merge_in_bulk(self) -> BulkDialog | None:
        """Show the bulk merge of duplicate clusters, reading its preview."""
        if self._workspace is None:
            return None
        services = self._services
        dialog = BulkMergeDialog(services.runner, self._workspace, services.dialogs, self)
        return self._open_bulk(dialog)

    def _open_bulk(self, dialog: BulkDialog) -> BulkDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.batch_done.connect(self._bulk_done)
        self.workspace_changed.connect(dialog.abandon)  # its workspace is closing
        dialog.open()
        dialog.preview()
        return dialog

    def _bulk_done(self, result: BulkResult) -> None:
        self.browser.reload()
        self.undo_history.journal_changed()
        undo = self.undo_history.stack.undoText()
        self.statusBar().showMessage(f"Done: {undo}. Undo with Ctrl+Z (one step)", 8000)
        log.info("bulk operation %s: %s done", result.operation_id, result.done)

    def _update_records_actions(self, workspace: Workspace | None) -> None:
        self.bulk_convert_action.setEnabled(workspace is not None)
        self.bulk_merge_action.setEnabled(workspace is not None)

    def undo(self) -> None:
        self.undo_history.undo()

    def redo(self) -> None:
        self.undo_history.redo()

    def _stepped(self, verb: str, step: Step) -> None:
        self.statusBar().showMessage(f"{verb}: {step.label}", 8000)

    def _edit_menu_shown(self) -> None:
        # The command line may have changed the journal meanwhile: offer what it holds now.
        self.undo_history.journal_changed()
        self._update_actions()

    def _update_actions(self) -> None:
        workspace = self._workspace
        self.close_action.setEnabled(workspace is not None)
        self.settings_action.setEnabled(workspace is not None)
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        stack = self.undo_history.stack
        undo = stack.undoText() if stack.canUndo() else ""
        redo = stack.redoText() if stack.canRedo() else ""
        self.undo_action.setEnabled(stack.canUndo())
        self.undo_action.setText(f"&Undo {_short(undo)}" if undo else "&Undo")
        self.redo_action.setEnabled(stack.canRedo())
        self.redo_action.setText(f"&Redo {_short(redo)}" if redo else "&Redo")

    def _set_icons(self) -> None:
        icons = self._services.icons
        self.setWindowIcon(icons.app_icon())
        self.new_action.setIcon(icons.icon("new-workspace"))
        self.open_action.setIcon(icons.icon("open"))
        self.recent_menu.setIcon(icons.icon("recent"))
        self.import_action.setIcon(icons.icon("import"))
        self.close_action.setIcon(icons.icon("close"))
        self.undo_action.setIcon(icons.icon("undo"))
        self.settings_action.setIcon(icons.icon("settings"))
        self.redo_action.setIcon(icons.icon("redo"))
        self.history_panel.set_icons(icons.icon("undo"), icons.icon("redo"))

    def _show_location(self) -> None:
        workspace = self._workspace
        if workspace is None:
            self.location.setText("No workspace open")
            return
        origin = workspace.meta("origin")
        last_import = workspace.meta("last_import")
        if origin and last_import:
            source = f"from {origin}, last import {display(Kind.DATETIME, last_import)}"
        elif origin:
            source = f"from {origin}"
        else:
            source = "empty: nothing imported yet"
        self.location.setText(f"{workspace.path}  ·  {source}")

    # -- window events

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # the app's palette changed (dark mode)
            self._services.icons.refresh()
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            # Back from a terminal where `steward` may have pushed or undone operations.
            self.undo_history.journal_changed()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_workspace():
            event.ignore()
            return
        settings = self._services.settings
        settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(_STATE_KEY, self.saveState())
        self.browser.save_state()
        settings.sync()
        for folder in self._temp_dirs:
            folder.cleanup()
        self._temp_dirs.clear()
        super().closeEvent(event)


def _short(label: str) -> str:
    return label if len(label) <= 50 else label[:47] + "…"


def _shortcut(action: QAction, key: QKeySequence.StandardKey, fallback: str) -> None:
    """The platform's shortcut for a standard action, or fallback where it has none."""
    action.setShortcuts(QKeySequence.keyBindings(key) or [QKeySequence(fallback)])
