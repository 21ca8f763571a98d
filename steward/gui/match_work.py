"""Matching one lead: its candidates in the match panel, its warnings in the banner above the
lead, and the steward's decisions on them.

A decision is a journal operation (undone with Edit › Undo like any other) followed by the
lead summaries of the leads it names, so the banner and the queue's Warnings column follow at
once. Both take milliseconds and run on the GUI thread, as the checklist's steps do; while a
background job writes to the workspace (matching, an import) decisions wait for it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from steward.core.fields import OBJECTS
from steward.gui.dialogs import Dialogs
from steward.gui.errors import one_line
from steward.gui.labels import warning_label
from steward.gui.match_data import Card, Comparison, compare_lead, score_text
from steward.gui.match_panel import MatchPanel
from steward.gui.tasks import TaskRunner
from steward.jobs.match import account_facts, summarise_leads
from steward.store.journal import JournalError, Step
from steward.store.matching import (
    DIFFERENT,
    DUPLICATE,
    MEMBER,
    decide,
    forget_decision,
    link_to_account,
)
from steward.store.settings import SettingsProblem, load_settings
from steward.store.workspace import Workspace

_DONE = {
    MEMBER: "Linked to {title}. Undo with Ctrl+Z",
    DUPLICATE: (
        "Marked as a duplicate of {title}: merge them from the Duplicates view (Merge…). "
        "Undo with Ctrl+Z"
    ),
    DIFFERENT: "Not a duplicate of {title}: later matching keeps them apart. Undo with Ctrl+Z",
}
_LABELS = {
    MEMBER: "{lead}: link to account {title}",
    DUPLICATE: "{lead}: duplicate of {object} {title}",
    DIFFERENT: "{lead}: not a duplicate of {object} {title}",
}


class MatchWork(QObject):
    decided = Signal(list)  # ids of the leads whose summaries (warnings) changed
    message = Signal(str)  # one line for the status bar
    shown = Signal()  # the panel shows the current lead's candidates

    def __init__(
        self,
        panel: MatchPanel,
        banner: QLabel,
        dialogs: Dialogs,
        runner: TaskRunner,
        host: QWidget,
    ) -> None:
        super().__init__(host)
        self.panel = panel
        self.banner = banner
        self._dialogs = dialogs
        self._runner = runner
        self._workspace: Workspace | None = None
        self._lead_id: str | None = None
        self._facts: dict[str, set[str]] | None = None
        panel.decide_requested.connect(self.decide)
        panel.forget_requested.connect(self.forget)
        self.show_action = QAction("Show the lead's matches", host)
        self.show_action.setShortcut(QKeySequence("M"))
        self.show_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        host.addAction(self.show_action)
        self.banner.hide()

    # -- which lead

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._workspace = workspace
        self._facts = None
        self.clear()

    def records_changed(self) -> None:
        """Accounts or opportunities may have changed (an import): read their facts again."""
        self._facts = None

    @property
    def lead_id(self) -> str | None:
        return self._lead_id

    def show_lead(self, lead_id: str, *, keep: tuple[str, str] | None = None) -> None:
        workspace = self._workspace
        if workspace is None:
            return
        if keep is None and lead_id == self._lead_id:
            current = self.panel.current_candidate()
            keep = (current.object_name, current.record_id) if current is not None else None
        self._lead_id = lead_id
        try:
            with workspace.engine.connect() as connection:
                rules = load_settings(connection).matching()
                if self._facts is None:
                    self._facts = account_facts(connection)
                comparison = compare_lead(connection, lead_id, rules, self._facts)
        except (OperationalError, SettingsProblem) as error:
            self.panel.clear(one_line(error))
            self._show_banner(None)
            self.message.emit(one_line(error))
            return
        if comparison is None:
            self.panel.clear("This lead is no longer in the workspace.")
            self._show_banner(None)
            return
        self.panel.show_comparison(comparison, keep=keep)
        self._show_banner(comparison)
        self.shown.emit()

    def refresh(self) -> None:
        if self._lead_id is not None:
            self.show_lead(self._lead_id)

    def clear(self) -> None:
        self._lead_id = None
        self.panel.clear()
        self._show_banner(None)

    # -- decisions

    def decide(self, verdict: str) -> None:
        card = self.panel.current_candidate()
        comparison = self.panel.comparison
        if card is None or comparison is None or self._lead_id is None:
            self.message.emit("Select a candidate first")
            return
        if verdict == MEMBER and card.object_name != "Account":
            self.message.emit("Only an account can be linked to a lead")
            return
        if verdict == DUPLICATE and card.object_name == "Account":
            self.message.emit("A lead cannot duplicate an account: link it instead")
            return
        label = _LABELS[verdict].format(
            lead=comparison.lead.title or self._lead_id,
            object=OBJECTS[card.object_name].label.lower(),
            title=card.title or card.record_id,
        )

        def write(session: Session) -> None:
            lead_id = comparison.lead.record_id
            if verdict == MEMBER:  # a lead has one company: linking moves an earlier link
                link_to_account(session, lead_id, card.record_id, label=label)
            else:
                decide(session, ("Lead", lead_id), (card.object_name, card.record_id), verdict,
                       label=label)  # fmt: skip

        if self._write(write, card):
            self.message.emit(_DONE[verdict].format(title=card.title or card.record_id))

    def forget(self) -> None:
        card = self.panel.current_candidate()
        lead = self._lead_id
        if card is None or lead is None or not card.verdict:
            return

        def write(session: Session) -> None:
            forget_decision(session, ("Lead", lead), (card.object_name, card.record_id))

        if self._write(write, card):
            self.message.emit("Decision taken back. Undo with Ctrl+Z")

    def journal_stepped(self, step: Step) -> list[str]:
        """Undo or redo happened: when it was a match decision, bring the summaries of its
        leads up to date and show them; returns those leads' ids."""
        workspace = self._workspace
        if workspace is None:
            return []
        with workspace.engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT kind, inputs FROM operation WHERE id = ?", (step.operation_id,)
            ).first()
        if row is None or row[0] != "match_decision":
            return []
        inputs = json.loads(row[1]) if isinstance(row[1], str) else dict(row[1])
        leads = [
            str(inputs[f"{side}_id"])
            for side in ("left", "right")
            if inputs.get(f"{side}_object") == "Lead"
        ]
        try:
            self._summarise(workspace, leads)
        except (OperationalError, SettingsProblem) as error:
            self.message.emit(one_line(error))
        self.refresh()
        return leads

    # -- inside

    def _write(self, write: Callable[[Session], None], card: Card) -> bool:
        workspace, lead = self._workspace, self._lead_id
        if workspace is None or lead is None:
            return False
        if self._runner.writing:
            self.message.emit("Wait a moment: the workspace is busy with a background job")
            return False
        leads = [lead] + ([card.record_id] if card.object_name == "Lead" else [])
        try:
            with workspace.transaction() as session:
                write(session)
            self._summarise(workspace, leads)
        except (JournalError, OperationalError, SettingsProblem) as error:
            self._dialogs.error(one_line(error))
            return False
        self.show_lead(lead, keep=(card.object_name, card.record_id))
        self.decided.emit(leads)
        return True

    @staticmethod
    def _summarise(workspace: Workspace, leads: list[str]) -> None:
        with workspace.engine.connect() as connection:
            threshold = load_settings(connection).matching().threshold
        summarise_leads(workspace, threshold, lead_ids=leads)

    def _show_banner(self, comparison: Comparison | None) -> None:
        if comparison is None or not comparison.warnings:
            self.banner.clear()
            self.banner.hide()
            return
        words = " · ".join(warning_label(w) for w in comparison.warnings)
        about = []
        account = comparison.account
        if account is not None:
            scores = [
                c.score
                for c in comparison.candidates
                if (c.object_name, c.record_id) == ("Account", account.record_id) and c.score
            ]
            score = f" ({score_text(scores[0])})" if scores else ""
            about.append(f"account {account.title}{score}")
        if comparison.contact is not None:
            about.append(f"contact {comparison.contact.title}")
        tail = f": {', '.join(about)}" if about else ""
        self.banner.setText(f"⚠ {words}{tail}")
        self.banner.setToolTip("From the latest matching and your decisions (see Matches, M)")
        self.banner.show()
