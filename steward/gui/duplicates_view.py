"""The Duplicates view: every cluster of matching records in the workspace, largest first.

Duplicate leads, contacts and accounts, leads that already are contacts and leads of existing
accounts, filtered by kind, minimum score, text and "only undecided"; choosing a member shows
it beside the list (a lead with its checklist and matches). Clusters are read off the GUI
thread from the latest matching run, which the view can start.

Merge… (the button under the list, or the context menu) asks for the merge screen for the
selected cluster when it holds 2 to 10 leads, contacts or accounts of one object; a cluster of
a lead and an account is not a merge.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from steward.core.merge import MAX_RECORDS, MERGEABLE
from steward.gui.cluster_model import KINDS, Cluster, ClusterModel, load_clusters
from steward.gui.icons import Icons
from steward.gui.match_run import MatchRun, MatchRunBar
from steward.gui.tasks import TaskRunner
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store.settings import load_settings
from steward.store.workspace import Workspace

SEARCH_DELAY_MS = 200


def merge_refusal(cluster: Cluster | None) -> str | None:
    """Why the cluster cannot be merged as it is (None: it can)."""
    if cluster is None:
        return "Select a cluster to merge its records"
    objects = {m.object_name for m in cluster.members}
    if len(objects) > 1:
        return f"{cluster.label}: records of different objects are not merged"
    (object_name,) = objects
    if object_name not in MERGEABLE:
        return f"{object_name} records cannot be merged"
    if not 2 <= len(cluster.members) <= MAX_RECORDS:
        return f"A merge takes 2 to {MAX_RECORDS} records; this cluster has {len(cluster.members)}"
    return None


class DuplicatesView(QWidget):
    member_chosen = Signal(str, int)  # object name, pk
    loaded = Signal()  # a list of clusters is on screen
    emptied = Signal()  # nothing to choose
    merge_requested = Signal(str, list)  # object name, the record ids of the selected cluster

    def __init__(
        self, runner: TaskRunner, icons: Icons, run: MatchRun, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._run = run
        self._workspace: Workspace | None = None
        self._stale = True
        self._generation = 0
        self._threshold_set = False
        self._prefer: tuple[str, str] | None = None  # select this member when the list is in

        self.kind = QComboBox()
        self.kind.setAccessibleName("Which clusters")
        self.kind.addItem("All kinds", None)
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.min_score = QDoubleSpinBox()
        self.min_score.setAccessibleName("Minimum score")
        self.min_score.setPrefix("Score ≥ ")
        self.min_score.setRange(0.0, 1.0)
        self.min_score.setSingleStep(0.05)
        self.min_score.setDecimals(2)
        self.min_score.setValue(0.0)
        self.undecided = QCheckBox("Only &undecided")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, companies, emails")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search clusters")
        self._search_action = self.search.addAction(
            icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.reload)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "hint")
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.run_bar = MatchRunBar(run, icons)

        self.model = ClusterModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Clusters")
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((200, 140, 50)):
            header.resizeSection(column, width)
        self.tree.selectionModel().currentRowChanged.connect(self._row_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.merge_action = QAction(icons.icon("merge"), "&Merge…", self)
        self.merge_action.setStatusTip("Merge the selected cluster's records into one")
        self.merge_action.triggered.connect(lambda _checked=False: self.merge_selected())
        self.merge_button = QToolButton()
        self.merge_button.setDefaultAction(self.merge_action)
        self.merge_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.merge_button.setAccessibleName("Merge the cluster")
        self.merge_hint = QLabel()
        self.merge_hint.setProperty("role", "hint")
        self.merge_hint.setWordWrap(True)
        self.merge_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        # Narrow windows squeeze the combo rather than the record beside the list.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(8)
        filters = QHBoxLayout()
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.min_score)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.undecided)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.addLayout(filters)
        layout.addLayout(search_row)
        layout.addWidget(self.run_bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.tree, 1)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_button)
        merge_row.addWidget(self.merge_hint, 1)
        layout.addLayout(merge_row)

        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.min_score.valueChanged.connect(lambda _v: self._score_changed())
        self.undecided.toggled.connect(lambda _on: self.reload())
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.reload)
        icons.changed.connect(lambda: self._search_action.setIcon(icons.icon("search")))
        icons.changed.connect(lambda: self.merge_action.setIcon(icons.icon("merge")))
        self._update_merge()

    # -- the workspace

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._workspace = workspace
        self._stale = True
        self._threshold_set = False
        self._generation += 1
        self._prefer = None
        self.model.set_clusters([])
        self.count_label.clear()
        self._update_merge()

    def mark_stale(self) -> None:
        self._stale = True

    def prefer(self, object_name: str, record_id: str) -> None:
        """Select this record when the list is next read (the master of a merge)."""
        self._prefer = (object_name, record_id)

    def activate(self) -> None:
        """The view is being shown: read the clusters when they may have changed."""
        if self._workspace is None:
            return
        if self._stale:
            self._stale = False
            self.reload()
        elif self.model.rowCount():
            self._reselect()

    def reload(self) -> None:
        self._debounce.stop()
        workspace = self._workspace
        if workspace is None:
            return
        self._generation += 1
        generation = self._generation
        chosen = self.kind.currentData()
        kinds = [key for key, _label in KINDS] if chosen is None else [chosen]
        min_score = self.min_score.value() if self._threshold_set else None
        only_undecided = self.undecided.isChecked()
        search = self.search.text()

        def load(
            _progress: ProgressCallback, _cancel: CancelFlag
        ) -> tuple[int, list[Cluster], float]:
            with workspace.engine.connect() as connection:
                threshold = load_settings(connection).matching().threshold
                found = load_clusters(
                    connection,
                    kinds,
                    min_score=threshold if min_score is None else min_score,
                    only_undecided=only_undecided,
                    search=search,
                )
            return generation, found, threshold

        self.count_label.setText("Loading…")
        self._runner.run(load, name="load clusters", on_success=self._arrived)

    # -- moving through it

    def current_cluster(self) -> Cluster | None:
        """The cluster of the current row (a cluster row or one of its members)."""
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        if self.model.member(index) is not None:
            index = index.parent()
        return self.model.cluster(index.row()) if 0 <= index.row() < self.model.rowCount() else None

    def merge_selected(self) -> bool:
        """Ask for the merge screen for the selected cluster; False when it cannot merge."""
        cluster = self.current_cluster()
        if cluster is None or merge_refusal(cluster) is not None:
            return False
        self.merge_requested.emit(
            cluster.members[0].object_name, [m.record_id for m in cluster.members]
        )
        return True

    def current_member_key(self) -> tuple[str, str] | None:
        member = self.model.member(self.tree.currentIndex())
        return (member.object_name, member.record_id) if member is not None else None

    def step(self, delta: int) -> bool:
        """Go to the next (+1) or previous (-1) member, across clusters; False at either end."""
        members = [
            self.model.index(row, 0, self.model.index(cluster, 0))
            for cluster in range(self.model.rowCount())
            for row in range(self.model.rowCount(self.model.index(cluster, 0)))
        ]
        if not members:
            return False
        current = self.tree.currentIndex()
        position = next((n for n, i in enumerate(members) if i == current), None)
        target = 0 if position is None and delta > 0 else (position or 0) + delta
        if not 0 <= target < len(members) or target == position:
            return False
        self._select(members[target])
        return True

    def select_member(self, object_name: str, record_id: str) -> bool:
        for cluster in range(self.model.rowCount()):
            parent = self.model.index(cluster, 0)
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                member = self.model.member(index)
                if member is not None and (member.object_name, member.record_id) == (
                    object_name,
                    record_id,
                ):
                    self._select(index)
                    return True
        return False

    # -- inside

    def _score_changed(self) -> None:
        self._threshold_set = True  # the steward's own minimum from now on
        self._debounce.start()

    def _arrived(self, result: tuple[int, list[Cluster], float]) -> None:
        generation, found, threshold = result
        if generation != self._generation:
            return
        if not self._threshold_set:
            # The first list shows what matching calls a match; the steward may go lower
            # only as far as the stored pairs go (they are all at or above the threshold).
            self._threshold_set = True
            self.min_score.blockSignals(True)
            self.min_score.setValue(threshold)
            self.min_score.blockSignals(False)
        previous = self._prefer or self.current_member_key()
        self._prefer = None
        self.model.set_clusters(found)
        self.tree.expandAll()
        self._show_count(found)
        if previous is None:
            self._reselect()
        elif not self.select_member(*previous):
            # Gone from the list (a decision took it out): the steward stays on the record.
            self.tree.setCurrentIndex(QModelIndex())
        self._update_merge()
        if not found:
            self.emptied.emit()
        self.loaded.emit()

    def _show_count(self, found: list[Cluster]) -> None:
        if not self._run.ran:
            self.count_label.setText("No clusters yet: run matching first.")
            return
        members = sum(len(c.members) for c in found)
        if not found:
            self.count_label.setText("No clusters with these filters.")
        else:
            plural = "cluster" if len(found) == 1 else "clusters"
            self.count_label.setText(f"{len(found):,} {plural}, {members:,} records, largest first")

    def _reselect(self) -> None:
        if self.model.rowCount() == 0:
            return
        current = self.tree.currentIndex()
        if current.isValid() and self.model.member(current) is not None:
            self._row_changed(current, current)
            return
        self._select(self.model.index(0, 0, self.model.index(0, 0)))

    def _select(self, index: QModelIndex) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection = self.tree.selectionModel()
        already = selection.currentIndex() == index
        selection.setCurrentIndex(index, flags)
        self.tree.scrollTo(index)
        if already:
            self._row_changed(index, index)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_merge()
        member = self.model.member(current)
        if member is not None:
            self.member_chosen.emit(member.object_name, member.pk)

    def _update_merge(self) -> None:
        cluster = self.current_cluster()
        refusal = merge_refusal(cluster)
        self.merge_action.setEnabled(refusal is None)
        if refusal is None and cluster is not None:
            count = len(cluster.members)
            noun = cluster.label.split(" ", 1)[1] if " " in cluster.label else cluster.label
            text = f"Merge these {count} {noun} into one, choosing the values to keep"
        else:
            text = refusal or ""
        self.merge_action.setToolTip(text)
        self.merge_hint.setText("" if refusal is None or cluster is None else refusal)

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.merge_action)
        menu.popup(self.tree.viewport().mapToGlobal(position))
