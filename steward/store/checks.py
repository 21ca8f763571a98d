"""Checklist results and confirmations in the workspace.

Results are derived data: the latest verdict per lead (every check's status, evidence, fix and
details, plus readiness) is replaced whenever the lead is checked again, and is not journaled.
Confirmations are the steward's own word and go through the journal, so each one is undoable
and keeps who, when, the note and the evidence the check showed at the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, not_, select
from sqlalchemy.orm import Session

from steward.core.checks.checklist import Confirmation
from steward.core.checks.result import CheckResult, Fix, Status
from steward.core.checks.verify import Verdict
from steward.store.journal import now_text, operation
from steward.store.models import Confirmation as ConfirmationRow
from steward.store.models import Lead, LeadCheck
from steward.store.workspace import compact_json

_CHUNK = 500


def encode_results(results: Sequence[CheckResult], *, details: bool = True) -> list[dict[str, Any]]:
    return [
        {
            "check": r.check,
            "status": r.status.value,
            "evidence": r.evidence,
            "fix": {"label": r.fix.label, "values": r.fix.values} if r.fix else None,
            "details": r.details if details else {},
        }
        for r in results
    ]


def decode_results(data: Iterable[Mapping[str, Any]]) -> list[CheckResult]:
    return [
        CheckResult(
            item["check"],
            Status(item["status"]),
            item["evidence"],
            Fix(item["fix"]["label"], dict(item["fix"]["values"])) if item.get("fix") else None,
            dict(item.get("details") or {}),
        )
        for item in data
    ]


def verdict_row(lead_id: str, verdict: Verdict, checked_at: str) -> tuple[Any, ...]:
    """A lead_check row as save_rows wants it (also built in verify's worker processes)."""
    return (
        lead_id,
        checked_at,
        verdict.readiness.ready,
        verdict.readiness.reason,
        " ".join(verdict.failing),
        verdict.icp_score,
        verdict.stale,
        # Details (parsed name parts, E.164 forms...) are left out: the lead screen checks its
        # one lead afresh, and a million leads' details would double the workspace.
        compact_json(encode_results(verdict.results, details=False)),
    )


def save_rows(connection: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Replace the stored verdicts of these leads (rows from verdict_row)."""
    raw: Any = connection.connection.driver_connection
    raw.executemany(
        "INSERT OR REPLACE INTO lead_check (lead_id, checked_at, ready, reason, failing, "
        "icp_score, stale, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def forget_missing(connection: Connection) -> None:
    """Drop verdicts of leads that are gone or converted since they were checked."""
    connection.exec_driver_sql(
        "DELETE FROM lead_check WHERE lead_id NOT IN "
        '(SELECT "Id" FROM lead WHERE NOT coalesce("IsConverted", 0))'
    )


@dataclass(frozen=True, slots=True)
class StoredVerdict:
    lead_id: str
    checked_at: str
    ready: bool
    reason: str
    failing: tuple[str, ...]
    icp_score: int | None
    stale: bool
    results: list[CheckResult]

    def result(self, check: str) -> CheckResult | None:
        return next((r for r in self.results if r.check == check), None)


def stored_verdict(connection: Connection | Session, lead_id: str) -> StoredVerdict | None:
    row = connection.execute(
        select(
            LeadCheck.lead_id,
            LeadCheck.checked_at,
            LeadCheck.ready,
            LeadCheck.reason,
            LeadCheck.failing,
            LeadCheck.icp_score,
            LeadCheck.stale,
            LeadCheck.results,
        ).where(LeadCheck.lead_id == lead_id)
    ).first()
    if row is None:
        return None
    return StoredVerdict(
        row.lead_id,
        row.checked_at,
        row.ready,
        row.reason,
        tuple(row.failing.split()),
        row.icp_score,
        row.stale,
        decode_results(row.results),
    )


def checked_count(connection: Connection | Session) -> int:
    """How many open (unconverted) leads have a verdict. Verdicts of leads converted or merged
    away since are not counted, so that they do not make the queue check every lead again."""
    return int(
        connection.execute(
            select(func.count())
            .select_from(LeadCheck)
            .join(Lead, Lead.Id == LeadCheck.lead_id)
            .where(not_(func.coalesce(Lead.IsConverted, False)))
        ).scalar_one()
    )


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One lead of the work queue, with what the queue shows and sorts by."""

    pk: int
    lead_id: str
    name: str
    company: str
    created: str  # CreatedDate, '' when unknown
    icp_score: int | None
    failing: tuple[str, ...]
    reason: str
    stale: bool
    ready: bool
    warnings: tuple[str, ...] = ()  # from the latest matching: customer, open_deal, contact


QUEUE_SORTS = ("age", "icp", "failing")


def work_queue(
    connection: Connection | Session,
    *,
    sort: str = "age",
    failing: str | None = None,
    include_ready: bool = False,
    item_order: Sequence[str] = (),
    closed_statuses: Sequence[str] = (),
) -> list[QueueRow]:
    """Checked leads not yet ready (or all, with include_ready); never converted ones, nor
    leads whose status is one of closed_statuses (the org's disqualified statuses).

    sort: "age" (oldest first), "icp" (best fit first), "failing" (by the first failing item,
    in item_order, then oldest first). failing: only leads whose given item is in the way."""
    if sort not in QUEUE_SORTS:
        raise ValueError(f"Unknown queue order {sort!r}; use one of {', '.join(QUEUE_SORTS)}")
    sql = (
        "SELECT l.pk, l.\"Id\", trim(coalesce(l.\"FirstName\", '') || ' ' || "
        "coalesce(l.\"LastName\", '')), coalesce(l.\"Company\", ''), "
        "coalesce(l.\"CreatedDate\", ''), c.icp_score, c.failing, c.reason, c.stale, c.ready, "
        "coalesce(m.warnings, '') "
        'FROM lead_check c JOIN lead l ON l."Id" = c.lead_id '
        "LEFT JOIN lead_match m ON m.lead_id = c.lead_id"
    )
    # A converted lead's work is done, whatever verdict it was left with.
    conditions, params = ['NOT coalesce(l."IsConverted", 0)'], list(closed_statuses)
    if closed_statuses:  # a disqualified lead has left the work, as a converted one has
        marks = ", ".join("?" * len(closed_statuses))
        conditions.append(f"coalesce(l.\"Status\", '') NOT IN ({marks})")
    if not include_ready:
        conditions.append("NOT c.ready")
    if failing:
        conditions.append("(' ' || c.failing || ' ') LIKE ?")
        params.append(f"% {failing} %")
    sql += " WHERE " + " AND ".join(conditions)
    raw: Any = (
        connection.connection().connection.driver_connection
        if isinstance(connection, Session)
        else connection.connection.driver_connection
    )
    rows = [
        QueueRow(pk, lead_id, name, company, created, icp, tuple(failing_text.split()), reason,
                 bool(stale), bool(ready), tuple(warnings.split()))
        for pk, lead_id, name, company, created, icp, failing_text, reason, stale, ready, warnings
        in raw.execute(sql, params)
    ]  # fmt: skip
    return sort_queue(rows, sort, item_order)


def sort_queue(rows: list[QueueRow], sort: str, item_order: Sequence[str] = ()) -> list[QueueRow]:
    if sort == "icp":
        rows.sort(key=lambda r: (r.icp_score is None, -(r.icp_score or 0), r.created, r.pk))
    elif sort == "failing":
        rank = {item: n for n, item in enumerate(item_order)}
        last = len(rank)
        rows.sort(
            key=lambda r: (rank.get(r.failing[0], last) if r.failing else last + 1, r.created, r.pk)
        )
    else:
        rows.sort(key=lambda r: (r.created == "", r.created, r.pk))
    return rows


def record_confirmation(
    session: Session,
    lead_id: str,
    word: Confirmation,
    *,
    evidence: str,
    label: str,
) -> None:
    """Store the steward's word on one item of one lead as a journal operation."""
    key = {"lead_id": lead_id, "item": word.item}
    inputs = {
        "lead_id": lead_id,
        "item": word.item,
        "kind": word.kind.value,
        "note": word.note,
        "outcome": word.outcome.value if word.outcome else None,
        "role": word.role,
        "seen_at": word.seen_at,
        "evidence": evidence,
    }
    with operation(session, word.kind.value, label, inputs) as recorder:
        recorder.touch("confirmation", key)
        session.execute(delete(ConfirmationRow).where(
            ConfirmationRow.lead_id == lead_id, ConfirmationRow.item == word.item
        ))  # fmt: skip
        session.execute(
            insert(ConfirmationRow).values(
                **key,
                kind=word.kind.value,
                who=word.who,
                confirmed_at=word.when or now_text(),
                note=word.note,
                evidence=evidence,
                outcome=word.outcome.value if word.outcome else None,
                role=word.role or None,
                seen_at=word.seen_at or None,
            )
        )


def withdraw_confirmation(session: Session, lead_id: str, item: str, *, label: str) -> bool:
    """Take the steward's word on an item back (journaled); False when there was none."""
    key = {"lead_id": lead_id, "item": item}
    exists = session.execute(
        select(ConfirmationRow.item).where(
            ConfirmationRow.lead_id == lead_id, ConfirmationRow.item == item
        )
    ).first()
    if exists is None:
        return False
    with operation(session, "withdraw", label, key) as recorder:
        recorder.touch("confirmation", key)
        session.execute(delete(ConfirmationRow).where(
            ConfirmationRow.lead_id == lead_id, ConfirmationRow.item == item
        ))  # fmt: skip
    return True
