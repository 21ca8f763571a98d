"""The workspace screen: objects on the left, a searchable record table, the record's fields.

One RecordModel per object, made when the object is first shown and kept, so each object keeps
its sort order while the steward looks elsewhere. Column widths are sized to the first page of
rows the first time (never measured over all rows) and remembered per object after that.

Two entries of the sidebar are screens rather than objects: the Lead queue and Duplicates. A
lead, wherever it is chosen, shows its fields and checklist in one tab and its matches in
another, under a banner with what matching warns about.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from steward.core.fields import LEAD, OBJECTS
from steward.gui.checklist_panel import ChecklistPanel
from steward.gui.detail_pane import DetailPane
from steward.gui.dialogs import Dialogs
from steward.gui.duplicates_view import DuplicatesView
from steward.gui.icons import Icons
from steward.gui.lead_work import LeadWork
from steward.gui.match_panel import MatchPanel
from steward.gui.match_run import MatchRun
from steward.gui.match_work import MatchWork
from steward.gui.merge_screen import Merged, MergeWork
from steward.gui.queue_view import QueueView
from steward.gui.record_model import RecordModel
from steward.gui.sidebar import DUPLICATES, QUEUE, SCREENS, Sidebar
from steward.gui.tasks import TaskRunner
from steward.gui.views import select_row
from steward.jobs.desk import LeadView
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store import browse
from steward.store.checks import stored_verdict
from steward.store.journal import Step
from steward.store.matching import lead_match
from steward.store.settings import load_settings
from steward.store.workspace import Workspace

SEARCH_DELAY_MS = 200
_SIZING_ROWS = 50
_MIN_WIDTH, _MAX_WIDTH = 60, 320
_SPLITTER_KEY = "browser/splitter"
_OBJECT_KEY = "browser/object"
_COLUMNS_KEY = "browser/columns/{}"
_CHECKLIST_TAB, _MATCHES_TAB = 0, 1


class BrowserView(QWidget):
    """Browse the records of an open workspace."""

    ready = Signal()  # the first list is on screen with the counts (after opening or reload)
    object_changed = Signal(str)
    # A journal operation was made here outside the lead's steps (a merge): whoever mirrors
    # the journal (the undo stack) reads it again.
    journal_changed = Signal()
    message = Signal(str)  # one line for the status bar (a merge done)

    def __init__(
        self,
        runner: TaskRunner,
        icons: Icons,
        settings: QSettings,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._screen: str | None = None  # QUEUE or DUPLICATES while one of them is shown
        self._settings = settings
        self._workspace: Workspace | None = None
        self._models: dict[str, RecordModel] = {}
        self._stale: set[str] = set()
        self._sized: set[str] = set()
        self._selected: dict[str, int] = {}  # object -> pk of its selected record
        self._counts_in = False
        self._list_in = False
        self._ready_sent = False

        self.sidebar = Sidebar(icons)
        self.sidebar.object_chosen.connect(self.show_object)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self._search_action = self.search.addAction(
            icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        icons.changed.connect(lambda: self._search_action.setIcon(icons.icon("search")))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._apply_search)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "hint")

        self.table = QTableView()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setAccessibleName("Records")
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: a million is free
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorClearable(True)  # a third click goes back to import order
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        self.detail = DetailPane()
        self.checklist = ChecklistPanel(icons)
        self.checklist.hide()
        dialogs = dialogs or Dialogs(self)
        self.lead_work = LeadWork(self.checklist, dialogs, runner, self)
        self.match_run = MatchRun(runner, self)
        self.match_run.finished.connect(self._matched)
        self.match_panel = MatchPanel(icons, self.match_run)
        self.warning_banner = QLabel()
        self.warning_banner.setProperty("role", "match-warning")
        self.warning_banner.setWordWrap(True)
        self.warning_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_banner.setAccessibleName("Match warnings")
        self.match_work = MatchWork(self.match_panel, self.warning_banner, dialogs, runner, self)
        self.match_work.decided.connect(self._warnings_changed)
        self.match_work.shown.connect(self._matches_shown)
        self.match_work.show_action.triggered.connect(lambda _checked=False: self.show_matches())
        self.lead_work.move_requested.connect(self.step_record)
        self.lead_work.stepped.connect(self._lead_stepped)
        self.lead_work.undone.connect(self.journal_stepped)
        self.lead_work.closed.connect(self._lead_closed)
        self.queue = QueueView(runner, icons)
        self.queue.lead_chosen.connect(self._queue_lead_chosen)
        self.queue.emptied.connect(lambda: self._clear_detail("No leads waiting."))
        self.queue.loaded.connect(self._queue_loaded)
        self.queue.checks_finished.connect(lambda _summary: self._load_counts())
        self.duplicates = DuplicatesView(runner, icons, self.match_run)
        self.merge_work = MergeWork(dialogs, runner, icons, self)
        self.merge_work.merged.connect(self._merged)
        self.merge_work.message.connect(self.message)
        self.duplicates.merge_requested.connect(self.merge_work.open)
        self.duplicates.member_chosen.connect(self._duplicate_chosen)
        self.duplicates.emptied.connect(lambda: self._clear_detail("No clusters to show."))
        self.duplicates.loaded.connect(
            lambda: (
                self.sidebar.set_duplicates_count(self.duplicates.model.rowCount())
                if self.duplicates.kind.currentData() is None
                else None
            )
        )

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 8, 4, 4)
        middle_layout.addLayout(search_row)
        middle_layout.addWidget(self.table, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(middle)
        self.pages.addWidget(self.queue)
        self.pages.addWidget(self.duplicates)
        self.records_page = middle
        # The checklist sits beside the record's fields, shown for leads only.
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.detail_splitter.setChildrenCollapsible(False)
        self.detail_splitter.addWidget(self.detail)
        self.detail_splitter.addWidget(self.checklist)
        self.detail_splitter.setSizes([260, 370])
        self.checklist.installEventFilter(self)
        # A lead's matches get the whole width: a comparison grid needs it more than the
        # fields do, and the warnings banner stays in view over both tabs.
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setDocumentMode(True)
        self.detail_tabs.addTab(self.detail_splitter, "Checklist")
        self.detail_tabs.addTab(self.match_panel, icons.icon("match"), "Matches")
        self.detail_tabs.setTabVisible(_MATCHES_TAB, False)
        icons.changed.connect(
            lambda: self.detail_tabs.setTabIcon(_MATCHES_TAB, icons.icon("match"))
        )
        self.detail_side = QWidget()
        side_layout = QVBoxLayout(self.detail_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.warning_banner)
        side_layout.addWidget(self.detail_tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.detail_side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([180, 470, 630])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._splitter_restored = False

    # -- the workspace

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Show a workspace (None: show nothing); opens on the object shown last time."""
        self._save_columns()
        old_selection = self.table.selectionModel()
        self.table.setModel(None)
        if old_selection is not None:
            old_selection.deleteLater()
        for model in self._models.values():
            model.deleteLater()
        self._models.clear()
        self._stale.clear()
        self._sized.clear()
        self._selected.clear()
        self._workspace = workspace
        self._counts_in = self._list_in = self._ready_sent = False
        self._screen = None
        self.pages.setCurrentWidget(self.records_page)
        self.queue.set_workspace(workspace)
        self.lead_work.set_workspace(workspace)
        self.match_run.set_workspace(workspace)
        self.match_work.set_workspace(workspace)
        self.duplicates.set_workspace(workspace)
        self.merge_work.set_workspace(workspace)
        self.sidebar.set_counts(None)
        self.sidebar.set_queue_count(None)
        self.sidebar.set_duplicates_count(None)
        self._clear_detail()
        self.count_label.clear()
        if workspace is None:
            return
        self._load_counts()
        last = self._settings.value(_OBJECT_KEY, LEAD.name)
        name = last if last in OBJECTS or last in SCREENS else LEAD.name
        self.sidebar.set_current_object(name)
        self.show_object(name)

    def reload(self) -> None:
        """The workspace changed (an import): read counts and lists again."""
        if self._workspace is None:
            return
        self._counts_in = self._list_in = self._ready_sent = False
        self._load_counts()
        self.queue.mark_stale(recheck=True)
        self.match_work.records_changed()
        self.match_run.read_state()
        self.duplicates.mark_stale()
        if self._screen == QUEUE:
            self.queue.activate()
        elif self._screen == DUPLICATES:
            self.duplicates.activate()
        current = self.current_object()
        self._stale = {name for name in self._models if name != current}
        if current in self._models:
            self._models[current].refresh()

    def current_object(self) -> str | None:
        """The object whose records are shown (None while the queue or duplicates are)."""
        if self._screen is not None:
            return None
        model = self.current_model()
        return model.object_name if model else None

    @property
    def showing_queue(self) -> bool:
        return self._screen == QUEUE

    @property
    def showing_duplicates(self) -> bool:
        return self._screen == DUPLICATES

    def current_model(self) -> RecordModel | None:
        model = self.table.model()
        return model if isinstance(model, RecordModel) else None

    # -- showing an object

    def show_object(self, name: str) -> None:
        if self._workspace is None or name == self.current_object():
            return
        if name == QUEUE:
            self._show_queue()
            return
        if name == DUPLICATES:
            self._show_duplicates()
            return
        if self._screen is not None:
            self._screen = None
            self.pages.setCurrentWidget(self.records_page)
            shown = self.current_model()
            if shown is not None and shown.object_name == name:
                # Back from a screen to the table still in place: setting the same model
                # again would make Qt keep, and us delete, its selection model.
                self.sidebar.set_current_object(name)
                self._settings.setValue(_OBJECT_KEY, name)
                self._reselect(shown)
                self.object_changed.emit(name)
                return
        self._save_columns()
        model = self._models.get(name)
        if model is None:
            model = RecordModel(self._runner, self._workspace, name, parent=self)
            model.loaded.connect(lambda m=model: self._list_loaded(m))
            model.loading_changed.connect(lambda _loading, m=model: self._show_result(m))
            self._models[name] = model
        old_selection = self.table.selectionModel()
        self.table.setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()  # setModel makes a new one and leaves the old to us
        header = self.table.horizontalHeader()
        header.setSortIndicator(model.sort_column, model.sort_order)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._restore_columns(model)
        self.sidebar.set_current_object(name)
        self.search.setPlaceholderText(f"Search {OBJECTS[name].plural.lower()}")
        self._settings.setValue(_OBJECT_KEY, name)
        self._clear_detail()
        if name in self._stale:
            self._stale.discard(name)
            model.refresh()
        model.set_search(self.search.text())
        model.load()
        if model.has_loaded:
            self._list_loaded(model)
        self._show_result(model)
        self.object_changed.emit(name)

    def _apply_search(self) -> None:
        self._debounce.stop()
        model = self.current_model()
        if model is not None:
            model.set_search(self.search.text())

    def _list_loaded(self, model: RecordModel) -> None:
        if model is not self.current_model():
            return
        if model.object_name not in self._sized and model.rowCount() > 0:
            self._size_columns(model)  # once there are rows to fit (not for an empty table)
        self._reselect(model)
        self._show_result(model)
        self._list_in = True
        self._maybe_ready()

    def _reselect(self, model: RecordModel) -> None:
        if model.rowCount() == 0:
            self._clear_detail("No records to show.")
            return
        pk = self._selected.get(model.object_name)
        row = model.row_of(pk) if pk is not None else None
        if row is None:
            row = 0
        if select_row(self.table, row):
            self._show_detail(model, row)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        model = self.current_model()
        if model is not None and current.isValid():
            self._show_detail(model, current.row())

    def _show_detail(self, model: RecordModel, row: int) -> None:
        if self._workspace is None:
            return
        pk = model.pk(row)
        self._selected[model.object_name] = pk
        self._show_record(model.object_name, pk)

    def _show_record(self, object_name: str, pk: int) -> None:
        assert self._workspace is not None
        fields = browse.record(self._workspace, object_name, pk)
        if fields is None:
            self._clear_detail("This record is no longer in the workspace.")
            return
        self.detail.show_record(object_name, fields)
        is_lead = object_name == LEAD.name
        self.detail_tabs.setTabText(_CHECKLIST_TAB, "Checklist" if is_lead else "Fields")
        self.detail_tabs.setTabVisible(_MATCHES_TAB, is_lead)
        if is_lead:
            lead_id = dict(fields)["Id"]
            self.lead_work.show_lead(lead_id)
            self.match_work.show_lead(lead_id)
        else:
            self.lead_work.clear()
            self.match_work.clear()
            self.checklist.hide()

    def _clear_detail(self, message: str | None = None) -> None:
        if message is None:
            self.detail.clear()
        else:
            self.detail.clear(message)
        self.lead_work.clear()
        self.match_work.clear()
        self.checklist.hide()

    # -- matches

    def show_matches(self) -> bool:
        """Bring the shown lead's matches to the front, or back to its checklist when they are
        (M); False when no lead is shown."""
        if self.match_work.lead_id is None:
            return False
        if self.detail_tabs.currentIndex() == _MATCHES_TAB and self.match_panel.grid.hasFocus():
            self.detail_tabs.setCurrentIndex(_CHECKLIST_TAB)
            return True
        self.detail_tabs.setCurrentIndex(_MATCHES_TAB)
        self.match_panel.grid.setFocus()
        return True

    def _matches_shown(self) -> None:
        comparison = self.match_panel.comparison
        count = len(comparison.candidates) if comparison is not None else 0
        self.detail_tabs.setTabText(_MATCHES_TAB, f"Matches ({count})" if count else "Matches")

    def _matched(self, summary: object) -> None:
        """Matching ran (or stopped): what it wrote shows wherever it is shown."""
        if summary is None:
            return
        self.queue.mark_stale()
        if self._screen == QUEUE:
            self.queue.activate()
        self.duplicates.mark_stale()
        if self._screen == DUPLICATES:
            self.duplicates.activate()
        self.match_work.refresh()

    def _warnings_changed(self, lead_ids: list[str]) -> None:
        """A decision (or its undo) changed these leads' summaries."""
        workspace = self._workspace
        if workspace is None:
            return
        with workspace.engine.connect() as connection:
            for lead_id in lead_ids:
                summary = lead_match(connection, lead_id)
                words = tuple(summary.warnings.split()) if summary is not None else ()
                self.queue.model.update_warnings(lead_id, words)
        self.duplicates.mark_stale()
        if self._screen == DUPLICATES:
            self.duplicates.activate()

    # -- the duplicates

    def _show_duplicates(self) -> None:
        self._save_columns()
        self._screen = DUPLICATES
        self.pages.setCurrentWidget(self.duplicates)
        self.sidebar.set_current_object(DUPLICATES)
        self._settings.setValue(_OBJECT_KEY, DUPLICATES)
        self._clear_detail("Select a record in a cluster.")
        self.duplicates.activate()
        self._list_in = True
        self._maybe_ready()
        self.object_changed.emit(DUPLICATES)

    def _merged(self, merged: Merged) -> None:
        """A merge is in the journal: the merged-away records leave every list, the master
        shows with its new values."""
        self.duplicates.prefer(merged.object_name, merged.master_id)
        self.journal_stepped(merged.step)
        self.journal_changed.emit()
        if self._workspace is not None and self._screen == DUPLICATES and merged.master_pk:
            self._show_record(merged.object_name, merged.master_pk)

    def _merges_changed(self, step: Step) -> None:
        """A merge, or its undo or redo: records were deleted or came back."""
        for object_name in step.records:
            model = self._models.get(object_name)
            if model is not None and object_name == LEAD.name:
                model.refresh()  # _leads_changed only reads the leads that are still there
        if LEAD.name in step.records:
            self.queue.mark_stale()
            if self._screen == QUEUE:
                self.queue.activate()
        self.duplicates.mark_stale()
        if self._screen == DUPLICATES:
            self.duplicates.activate()

    def _duplicate_chosen(self, object_name: str, pk: int) -> None:
        if self._workspace is not None and self._screen == DUPLICATES:
            self._show_record(object_name, pk)

    # -- the work queue and steps on leads

    def _show_queue(self) -> None:
        self._save_columns()
        self._screen = QUEUE
        self.pages.setCurrentWidget(self.queue)
        self.sidebar.set_current_object(QUEUE)
        self._settings.setValue(_OBJECT_KEY, QUEUE)
        self._clear_detail("Select a lead in the queue.")
        self.queue.activate()
        self._list_in = True
        self._maybe_ready()
        self.object_changed.emit(QUEUE)

    def settings_changed(self) -> None:
        """New settings: every verdict may change, so the leads are checked again."""
        self.queue.mark_stale(recheck=True)
        if self._screen == QUEUE:
            self.queue.activate()
        if self.lead_work.lead_id is not None:
            self.lead_work.show_lead(self.lead_work.lead_id)
        self.match_work.refresh()  # the matching threshold may have changed

    def _queue_lead_chosen(self, pk: int, _lead_id: str) -> None:
        if self._workspace is not None and self._screen == QUEUE:
            self._show_record(LEAD.name, pk)

    def _queue_loaded(self) -> None:
        self.sidebar.set_queue_count(self.queue.model.not_ready())

    def step_record(self, delta: int) -> None:
        """Move to the next or previous record of whatever list is shown (J and K)."""
        if self._screen == QUEUE:
            self.queue.step(delta)
            return
        if self._screen == DUPLICATES:
            self.duplicates.step(delta)
            return
        model = self.current_model()
        if model is None or model.rowCount() == 0:
            return
        current = self.table.currentIndex()
        row = (current.row() if current.isValid() else -1) + delta
        if 0 <= row < model.rowCount():
            self.table.setCurrentIndex(model.index(row, 0))

    def _lead_stepped(self, view: LeadView) -> None:
        self._leads_changed([view.lead_id])
        if view.lead_id == self.match_work.lead_id:
            self.match_work.refresh()  # a fix may change what the lead matches

    def journal_stepped(self, step: Step) -> None:
        """Undo or redo changed these records: show them as they are now."""
        for object_name, ids in step.records.items():
            if object_name == LEAD.name:
                self._leads_changed(sorted(ids))
            elif object_name in self._models:
                self._models[object_name].refresh()
        leads = self.match_work.journal_stepped(step)
        if leads:
            self._warnings_changed(leads)
        elif self.match_work.lead_id in step.records.get(LEAD.name, set()):
            self.match_work.refresh()
        if self.merge_work.journal_stepped(step):
            self._merges_changed(step)
        self._load_counts()

    def _lead_closed(self, step: Step) -> None:
        """A lead was converted or disqualified (LeadWork): it leaves the queue, what the
        conversion made shows in the lists, and the undo stack reads the journal again."""
        self.match_work.records_changed()  # new accounts and deals change what leads warn of
        self.queue.mark_stale()
        if self._screen == QUEUE:
            self.queue.activate()
        self.journal_stepped(step)
        self.journal_changed.emit()

    def _leads_changed(self, lead_ids: list[str]) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        pks: dict[str, int] = {}
        moved = False  # a lead came into the queue or left it: it is read again
        with workspace.engine.connect() as connection:
            closed = set(load_settings(connection).disqualified_statuses)
            for lead_id in lead_ids:
                verdict = stored_verdict(connection, lead_id)
                if verdict is not None:
                    self.queue.update_lead(verdict)
                row = connection.exec_driver_sql(
                    'SELECT pk, coalesce("IsConverted", 0), coalesce("Status", \'\') '
                    'FROM lead WHERE "Id" = ?',
                    (lead_id,),
                ).first()
                listed = self.queue.model.row_of(lead_id) is not None
                if row is None:
                    moved = moved or listed
                    continue
                pks[lead_id] = int(row[0])
                open_lead = not row[1] and row[2] not in closed
                # A ready lead stays where it is until the queue is read again (the steward's
                # place in the list does not jump); one that is not ready belongs in it.
                belongs = verdict is not None and open_lead and (listed or not verdict.ready)
                moved = moved or belongs != listed
        if moved:
            self.queue.mark_stale()
            if self._screen == QUEUE:
                self.queue.activate()
        model = self._models.get(LEAD.name)
        if model is not None:
            model.forget(pks.values())
        self.sidebar.set_queue_count(self.queue.model.not_ready())
        current = self.lead_work.lead_id
        if current is not None and current in pks:
            fields = browse.record(workspace, LEAD.name, pks[current])
            if fields is not None:
                self.detail.show_record(LEAD.name, fields)

    def _show_result(self, model: RecordModel) -> None:
        if model is not self.current_model():
            return
        plural = OBJECTS[model.object_name].plural.lower()
        total = self.sidebar.count_text(model.object_name)
        shown = model.rowCount()
        if model.loading and not model.has_loaded:
            text = "Loading…"
        elif model.loading:
            text = "Searching…"
        elif model.search:
            text = f"{shown:,} of {total} {plural}" if total else f"{shown:,} {plural}"
        elif shown == 0:
            text = f"No {plural} yet: File › Import export files…"
        else:
            text = f"{shown:,} {plural}"
        self.count_label.setText(text)

    # -- counts

    def _load_counts(self) -> None:
        workspace = self._workspace
        if workspace is None:
            return

        def count_all(_progress: ProgressCallback, _cancel: CancelFlag) -> dict[str, int]:
            return browse.counts(workspace)

        self._runner.run(count_all, name="count records", on_success=self._counts_loaded)

    def _counts_loaded(self, counts: dict[str, int]) -> None:
        if self._workspace is None:
            return
        self.sidebar.set_counts(counts)
        model = self.current_model()
        if model is not None and self._screen is None:
            self._show_result(model)
        self._counts_in = True
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        if self._counts_in and self._list_in and not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    # -- column widths and splitter, remembered in QSettings

    def _size_columns(self, model: RecordModel) -> None:
        """Fit columns to their header and the first page of rows, within bounds."""
        self._sized.add(model.object_name)
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        rows = [model.cached_row(r) for r in range(min(_SIZING_ROWS, model.rowCount()))]
        for column in range(model.columnCount()):
            label = str(model.headerData(column, Qt.Orientation.Horizontal))
            width = header_metrics.horizontalAdvance(label) + 36  # room for the sort arrow
            for values in rows:
                if values is not None:
                    width = max(width, metrics.horizontalAdvance(values[column]) + 16)
            self.table.setColumnWidth(column, max(_MIN_WIDTH, min(_MAX_WIDTH, width)))

    def _restore_columns(self, model: RecordModel) -> None:
        widths = _load_json(self._settings.value(_COLUMNS_KEY.format(model.object_name)))
        if not widths:
            return
        for column, name in enumerate(model.columns):
            width = widths.get(name)
            if isinstance(width, int) and width > 0:
                self.table.setColumnWidth(column, width)
        self._sized.add(model.object_name)

    def _save_columns(self) -> None:
        model = self.current_model()
        if model is None or model.object_name not in self._sized:
            return
        widths = {name: self.table.columnWidth(column) for column, name in enumerate(model.columns)}
        self._settings.setValue(_COLUMNS_KEY.format(model.object_name), json.dumps(widths))

    def save_state(self) -> None:
        self._save_columns()
        if self._splitter_restored:  # never shown: nothing new to remember
            self._settings.setValue(_SPLITTER_KEY, self.splitter.saveState())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.checklist and event.type() == QEvent.Type.Show:
            self._give_checklist_room()
        return super().eventFilter(watched, event)

    def _give_checklist_room(self) -> None:
        """A splitter laid out while the checklist was hidden gives it no width when it shows
        (its buttons then take no clicks): give it its share of the detail side back."""
        sizes = self.detail_splitter.sizes()
        wanted = self.checklist.minimumSizeHint().width()
        if len(sizes) == 2 and sizes[1] < wanted:
            total = sum(sizes)
            share = max(wanted, total * 37 // 63)  # the 260:370 split the side starts with
            self.detail_splitter.setSizes([max(total - share, 0), share])

    def showEvent(self, event: QShowEvent) -> None:
        # Restored once the splitter has its real width, so the sizes come back as they were.
        if not self._splitter_restored:
            self._splitter_restored = True
            state = self._settings.value(_SPLITTER_KEY)
            if state is not None:
                self.splitter.restoreState(state)
        super().showEvent(event)


def _load_json(value: Any) -> dict[str, Any]:
    if not isinstance(value, str):
        return {}
    try:
        loaded = json.loads(value)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}
