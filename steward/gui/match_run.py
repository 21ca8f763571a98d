"""Matching the whole workspace: one background job, shared by the Duplicates view and the match
panel, with progress and cancel, and a bar either screen shows it in.

The run writes the pairs, the lead summaries (the warnings) and when it ran; screens listen to
`finished` and read what they show again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)
from sqlalchemy import Connection

from steward.core.fields import Kind
from steward.gui.icons import Icons
from steward.gui.tasks import Task, TaskRunner
from steward.gui.views import job_progress
from steward.jobs.match import match_everything
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store.browse import display
from steward.store.journal import now_text
from steward.store.settings import load_settings
from steward.store.workspace import Workspace

LAST_MATCH_KEY = "last_match"


def matching_ran(connection: Connection) -> bool:
    """Whether matching ever ran in this workspace (here, or with `steward match`)."""
    return bool(
        connection.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?) "
            "OR EXISTS (SELECT 1 FROM lead_match) OR EXISTS (SELECT 1 FROM match_pair)",
            (LAST_MATCH_KEY,),
        ).scalar()
    )


@dataclass(frozen=True, slots=True)
class MatchSummary:
    pairs: int
    clusters: int


class MatchRun(QObject):
    """Runs match_everything on the pool; one run at a time."""

    started = Signal()
    progressed = Signal(float, str)
    finished = Signal(object)  # MatchSummary, or None when cancelled or failed
    state_changed = Signal()  # ran / last run changed (a run ended, another workspace)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._workspace: Workspace | None = None
        self._task: Task | None = None
        self._ran = False
        self._last_run: str | None = None

    def set_workspace(self, workspace: Workspace | None) -> None:
        self.cancel()
        self._task = None  # a cancelled run of the last workspace reports to nobody
        self._workspace = workspace
        self.read_state()

    def read_state(self) -> None:
        """Read whether and when matching ran (two index look-ups)."""
        workspace = self._workspace
        if workspace is None:
            self._ran, self._last_run = False, None
        else:
            with workspace.engine.connect() as connection:
                self._ran = matching_ran(connection)
            self._last_run = workspace.meta(LAST_MATCH_KEY)
        self.state_changed.emit()

    @property
    def ran(self) -> bool:
        return self._ran

    @property
    def last_run(self) -> str | None:
        return self._last_run

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> bool:
        """Start a run; False when there is no workspace or a run is going already."""
        workspace = self._workspace
        if workspace is None or self._task is not None:
            return False

        def run(progress: ProgressCallback, cancel: CancelFlag) -> MatchSummary:
            with workspace.engine.connect() as connection:
                rules = load_settings(connection).matching()
            results = match_everything(workspace, rules=rules, progress=progress, cancel=cancel)
            workspace.set_meta(LAST_MATCH_KEY, now_text())
            return MatchSummary(
                sum(len(r.pairs) for r in results), sum(len(r.clusters()) for r in results)
            )

        task = self._runner.run(run, name="match", write=True)
        # Connected after the start: a task's signals reach the GUI thread through its event
        # loop, so none can be missed.
        task.progressed.connect(lambda share, text, t=task: self._progressed(t, share, text))
        task.succeeded.connect(lambda summary, t=task: self._ended(t, summary))
        task.cancelled.connect(lambda t=task: self._ended(t, None))
        task.failed.connect(lambda *_args, t=task: self._ended(t, None))
        self._task = task
        self.started.emit()
        return True

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _progressed(self, task: Task, share: float, text: str) -> None:
        if task is self._task:
            self.progressed.emit(share, text)

    def _ended(self, task: Task, summary: MatchSummary | None) -> None:
        if task is not self._task:
            return
        self._task = None
        if self._workspace is not None:
            self.read_state()
        self.finished.emit(summary)


class MatchRunBar(QWidget):
    """When matching ran (or that it never did), a Run button, and while it runs its progress
    and Cancel."""

    def __init__(self, run: MatchRun, icons: Icons, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setProperty("role", "hint")
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress, self.cancel_button = job_progress(
            icons, "Stop matching (the previous results stay)", "Cancel matching", run.cancel
        )
        self.run_button = QPushButton(icons.icon("refresh"), "Run matching")
        self.run_button.setToolTip(
            "Match every lead, contact and account: duplicates, leads of existing accounts and "
            "leads that are already contacts (your decisions are kept)"
        )
        self.run_button.clicked.connect(run.start)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.run_button)
        run.started.connect(self._show)
        run.finished.connect(lambda _summary: self._show())
        run.state_changed.connect(self._show)
        run.progressed.connect(self._progressed)
        icons.changed.connect(lambda: self._set_icons(icons))
        self._show()

    def _set_icons(self, icons: Icons) -> None:
        self.cancel_button.setIcon(icons.icon("cancel"))
        self.run_button.setIcon(icons.icon("refresh"))

    def _progressed(self, share: float, text: str) -> None:
        self.progress.setValue(round(share * 1000))
        self.progress.setFormat(text)

    def _show(self) -> None:
        running = self._run.running
        if running:
            self.progress.setValue(0)
            self.progress.setFormat("Matching…")
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.run_button.setEnabled(not running)
        self.state.setVisible(not running)
        if not self._run.ran:
            self.state.setText(
                "Matching has not run in this workspace yet. Run it to see duplicates, "
                "existing customers and open deals."
            )
        elif self._run.last_run:
            when = display(Kind.DATETIME, self._run.last_run)
            self.state.setText(f"Matched {when}. Decisions made since are counted already.")
        else:
            self.state.setText("Matched with `steward match`.")
