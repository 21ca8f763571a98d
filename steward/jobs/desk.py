"""The steward's desk: what a steward does to one lead, each a journaled step.

Apply a check's fix, confirm or override an item, log a call, edit a field, undo and redo.
Every step is one transaction holding the journal operation and the lead's fresh verdict, so
the work queue and the checklist never show a result the workspace does not have.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from steward.core.checks.checklist import Confirmation, Kind, Template
from steward.core.checks.email import Deliverability
from steward.core.checks.phone import CallOutcome
from steward.core.checks.verify import Verdict, judge_lead
from steward.core.normalize import email_domain
from steward.core.values import Stored
from steward.jobs.deliverability import domain_verdicts
from steward.jobs.verify import cached_only, reverify
from steward.jobs.verify_stage import make_context, read_confirmations, read_lead
from steward.store.checks import record_confirmation, withdraw_confirmation
from steward.store.journal import JournalError, Step, current_author, edit_fields, now_text
from steward.store.journal import redo as journal_redo
from steward.store.journal import undo as journal_undo
from steward.store.settings import Settings, load_settings
from steward.store.workspace import Workspace

_CALL_WORDS = {
    CallOutcome.REACHED: "reached",
    CallOutcome.NO_ANSWER: "no answer",
    CallOutcome.VOICEMAIL: "voicemail",
    CallOutcome.WRONG_NUMBER: "wrong number",
    CallOutcome.DISCONNECTED: "disconnected",
}


class DeskError(JournalError):
    """A step that cannot be taken; the message says why."""


@dataclass(frozen=True, slots=True)
class LeadView:
    """One lead as the checklist panel shows it: fields, verdict (with details), confirmations."""

    lead_id: str
    lead: dict[str, object]
    verdict: Verdict
    confirmations: dict[str, Confirmation]
    template: Template


class Desk:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    # -- reading -------------------------------------------------------------------------

    def view(self, lead_id: str) -> LeadView:
        with self.workspace.engine.connect() as connection:
            return self._view(connection, lead_id)

    def settings(self) -> Settings:
        with self.workspace.session() as session:
            return load_settings(session)

    # -- steps ---------------------------------------------------------------------------

    def apply_fix(self, lead_id: str, check: str) -> LeadView:
        """Write the fix a check suggests (casing, E.164, a normalised address...)."""
        with self.workspace.transaction() as session:
            view = self._view(session.connection(), lead_id)
            result = next((r for r in view.verdict.results if r.check == check), None)
            if result is None or result.fix is None:
                raise DeskError(f"The {check} check suggests no fix for this lead")
            label = f"{_name(view.lead)}: {result.fix.label.lower()} ({check})"
            values: dict[str, Stored] = dict(result.fix.values)
            edit_fields(session, "Lead", lead_id, values, label=label)
            return self._after(session, lead_id)

    def edit(self, lead_id: str, values: Mapping[str, Stored]) -> LeadView:
        with self.workspace.transaction() as session:
            view = self._view(session.connection(), lead_id)
            label = f"{_name(view.lead)}: edit {', '.join(values)}"
            edit_fields(session, "Lead", lead_id, values, label=label)
            return self._after(session, lead_id)

    def confirm(
        self,
        lead_id: str,
        item: str,
        note: str = "",
        *,
        override: bool = False,
        role: str = "",
        seen_at: str = "",
    ) -> LeadView:
        """The steward's word on an item: confirmed (true as recorded, or ticked), or
        overridden (the check does not apply here; a note saying why is required)."""
        if override and not note.strip():
            raise DeskError("An override needs a note saying why")
        kind = Kind.OVERRIDE if override else Kind.CONFIRM
        word = Confirmation(item, current_author(), now_text(), note.strip(), kind, None,
                            role.strip(), seen_at.strip())  # fmt: skip
        verb = "override" if override else "confirm"
        return self._record(lead_id, word, verb)

    def log_call(self, lead_id: str, outcome: CallOutcome, note: str = "") -> LeadView:
        word = Confirmation("phone", current_author(), now_text(), note.strip(), Kind.CALL,
                            outcome)  # fmt: skip
        return self._record(lead_id, word, "call", outcome=_CALL_WORDS[outcome])

    def withdraw(self, lead_id: str, item: str) -> LeadView:
        with self.workspace.transaction() as session:
            view = self._view(session.connection(), lead_id)
            label = f"{_name(view.lead)}: withdraw the confirmation of {_item_label(view, item)}"
            if not withdraw_confirmation(session, lead_id, item, label=label):
                raise DeskError(f"{_item_label(view, item)} has no confirmation to withdraw")
            return self._after(session, lead_id)

    def undo(self) -> Step:
        with self.workspace.transaction() as session:
            step = journal_undo(session)
            reverify(self.workspace, session.connection(), sorted(step.records.get("Lead", ())))
            return step

    def redo(self) -> Step:
        with self.workspace.transaction() as session:
            step = journal_redo(session)
            reverify(self.workspace, session.connection(), sorted(step.records.get("Lead", ())))
            return step

    # -- inside ----------------------------------------------------------------------------

    def _record(
        self, lead_id: str, word: Confirmation, verb: str, *, outcome: str = ""
    ) -> LeadView:
        with self.workspace.transaction() as session:
            view = self._view(session.connection(), lead_id)
            item = view.template.item(word.item)
            if item is None:
                raise DeskError(f"{word.item!r} is not an item of this workspace's checklist")
            result = next((r for r in view.verdict.results if r.check == word.item), None)
            evidence = result.evidence if result is not None else ""
            note = f" – {word.note}" if word.note else ""
            said = f": {outcome}" if outcome else ""
            # The label starts with the lead's name as written: it is not ours to re-case.
            label = f"{_name(view.lead)}: {verb} {item.label}{said}{note}"
            record_confirmation(session, lead_id, word, evidence=evidence, label=label)
            return self._after(session, lead_id)

    def _after(self, session: Session, lead_id: str) -> LeadView:
        connection = session.connection()
        reverify(self.workspace, connection, [lead_id])
        return self._view(connection, lead_id)

    def _view(self, connection: Connection, lead_id: str) -> LeadView:
        raw: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
        lead = read_lead(raw, lead_id)
        if lead is None:
            raise DeskError(f"No lead with id {lead_id}")
        settings = load_settings(connection)
        domain = email_domain(str(lead.get("Email") or ""))
        dns: dict[str, Deliverability] = {}
        if settings.dns_enabled and domain:
            dns = domain_verdicts(
                connection, [domain], timeout=settings.dns_timeout,
                cache_days=settings.dns_cache_days, lookup=cached_only,
            )  # fmt: skip
        context = make_context(settings, datetime.now(UTC), dns)
        words = read_confirmations(raw, lead_id)
        verdict = judge_lead(lead, context, words)
        return LeadView(lead_id, lead, verdict, words, context.template)


def _name(lead: Mapping[str, object]) -> str:
    parts = [str(lead.get(k) or "").strip() for k in ("FirstName", "LastName")]
    return " ".join(p for p in parts if p) or str(lead.get("Company") or lead.get("Id"))


def _item_label(view: LeadView, item: str) -> str:
    found = view.template.item(item)
    return found.label if found is not None else item
