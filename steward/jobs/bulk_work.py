"""Bulk conversion and bulk merging: a preview table first, then one journal operation for
the whole batch (one undo), applied in one transaction with progress and cancel.

A cancelled or killed batch leaves the workspace as it was: nothing is committed until the
last plan is applied. Records are read and written a chunk at a time, so ten thousand
conversions or merges take seconds rather than one statement per record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Connection, select

from steward.core.convert import ConvertPlan, ConvertProblem, ConvertRequest, plan_conversion
from steward.core.fields import OBJECTS
from steward.core.merge import MAX_RECORDS, MergePlan, MergeProblem, plan_merge
from steward.core.values import Stored
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.store.converting import apply_conversions, conversion_inputs
from steward.store.journal import operation
from steward.store.matching import DIFFERENT, decisions
from steward.store.merging import apply_merges, merge_inputs, merge_records, read_records
from steward.store.models import LeadCheck, LeadMatch, MatchPair
from steward.store.settings import Settings, load_settings
from steward.store.workspace import Workspace

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ConvertRow:
    """One line of the bulk conversion preview."""

    lead_id: str
    name: str
    company: str
    account_id: str | None  # None: a new account
    account_name: str
    score: float | None
    warnings: tuple[str, ...]
    problem: str  # why this lead will not be converted; '' when it will


@dataclass(frozen=True, slots=True)
class MergeRow:
    """One line of the bulk merge preview: a cluster and its master."""

    object_name: str
    ids: tuple[str, ...]
    master_id: str
    master_name: str
    weakest: float  # the lowest score of the pairs that make the cluster
    changes: int  # the master's fields the merge changes
    problem: str


@dataclass(frozen=True, slots=True)
class BulkResult:
    operation_id: int
    done: int
    skipped: int

    def line(self, verb: str, noun: str) -> str:
        skipped = f", {self.skipped:,} skipped" if self.skipped else ""
        return f"{verb} {self.done:,} {noun}{skipped}. Undo with Ctrl+Z (one step)"


# ---- conversion -------------------------------------------------------------------------
def preview_conversions(
    workspace: Workspace,
    lead_ids: Sequence[str],
    *,
    threshold: float | None = None,
    opportunity: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> list[ConvertRow]:
    """Each lead with the account it will go into (its best match at or above the threshold,
    else a new one), or the reason it will not be converted (not ready, converted already)."""
    cancel = cancel or CancelFlag()
    with workspace.engine.connect() as connection:
        settings = load_settings(connection)
        planned = _conversion_plans(
            connection, settings, lead_ids, threshold, opportunity, progress, cancel
        )
    plans, leads, accounts, summaries = planned
    rows = []
    for lead_id in lead_ids:
        plan, problem = plans[lead_id]
        lead = leads.get(lead_id, {})
        summary = summaries.get(lead_id)
        account_id = plan.account.record_id if plan is not None else None
        if account_id:
            account_name = str(accounts.get(account_id, {}).get("Name") or "")
        else:
            account_name = str(plan.account.values.get("Name") or "") if plan else ""
        name = " ".join(str(lead.get(f) or "") for f in ("FirstName", "LastName")).strip()
        rows.append(
            ConvertRow(
                lead_id,
                name,
                str(lead.get("Company") or ""),
                account_id,
                account_name,
                summary.account_score if summary is not None and account_id else None,
                tuple(summary.warnings.split()) if summary is not None else (),
                problem,
            )
        )
    return rows


def convert_leads(
    workspace: Workspace,
    lead_ids: Sequence[str],
    *,
    threshold: float | None = None,
    opportunity: bool = False,
    today: date | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> BulkResult:
    """Convert the leads that can be (as the preview says) in one journal operation."""
    cancel = cancel or CancelFlag()
    with workspace.transaction() as session:
        connection = session.connection()
        settings = load_settings(session)
        plans = _conversion_plans(
            connection, settings, lead_ids, threshold, opportunity, progress, cancel, today=today
        ).plans
        ready = [plan for plan, problem in plans.values() if plan is not None and not problem]
        if not ready:
            raise ConvertProblem("None of the leads can be converted: see the preview")
        inputs: dict[str, Any] = {"conversions": [conversion_inputs(p) for p in ready]}
        label = f"Convert {len(ready):,} leads"
        with operation(session, "bulk_convert", label, inputs) as recorder:
            for start in range(0, len(ready), _CHUNK):
                cancel.check()
                apply_conversions(session, recorder, ready[start : start + _CHUNK], today=today)
                progress(0.3 + 0.6 * (start + _CHUNK) / len(ready), f"{label}: applying")
            progress(0.95, f"{label}: recording the journal")
        cancel.check()
    progress(1.0, f"{label}: done")
    return BulkResult(recorder.operation_id, len(ready), len(lead_ids) - len(ready))


def _conversion_plans(
    connection: Connection,
    settings: Settings,
    lead_ids: Sequence[str],
    threshold: float | None,
    opportunity: bool,
    progress: ProgressCallback,
    cancel: CancelFlag,
    *,
    today: date | None = None,
) -> _Planned:
    threshold = settings.convert_threshold if threshold is None else threshold
    leads = read_records(connection, "Lead", lead_ids)
    summaries = _summaries(connection, lead_ids)
    ready = _ready(connection, lead_ids)
    targets = {
        lead_id: s.account_id
        for lead_id, s in summaries.items()
        if s.account_id and (s.account_score or 0) >= threshold
    }
    accounts = read_records(connection, "Account", sorted(set(targets.values())))
    mapping = settings.mapping()
    plans: dict[str, tuple[ConvertPlan | None, str]] = {}
    for number, lead_id in enumerate(lead_ids):
        if number % 1000 == 0:
            cancel.check()
            progress(0.3 * number / max(1, len(lead_ids)), f"Planning {len(lead_ids):,} leads")
        lead = leads.get(lead_id)
        if lead is None:
            plans[lead_id] = (None, "not in this workspace")
            continue
        if lead_id not in ready:
            plans[lead_id] = (None, "not ready: convert it on its own, with a reason")
            continue
        if lead.get("Status") in settings.disqualified_statuses:
            plans[lead_id] = (None, f"closed as {lead['Status']}: convert it on its own")
            continue
        request = ConvertRequest(
            lead,
            accounts.get(targets.get(lead_id, "")),
            None,
            "" if opportunity else None,
            settings.converted_statuses[0],
            mapping=mapping,
            stage=settings.opportunity_stage,
            today=today or date.today(),
        )
        try:
            plans[lead_id] = (plan_conversion(request, settings.converted_statuses), "")
        except ConvertProblem as problem:
            plans[lead_id] = (None, str(problem))
    return _Planned(plans, leads, accounts, summaries)


class _Planned(NamedTuple):
    """Each lead's plan or problem, with what was read to make them (the preview shows it)."""

    plans: dict[str, tuple[ConvertPlan | None, str]]
    leads: dict[str, dict[str, Stored]]
    accounts: dict[str, dict[str, Stored]]
    summaries: dict[str, LeadMatch]


def _summaries(connection: Connection, lead_ids: Sequence[str]) -> dict[str, LeadMatch]:
    found: dict[str, LeadMatch] = {}
    columns = LeadMatch.__table__.columns
    for start in range(0, len(lead_ids), _CHUNK):
        chunk = list(lead_ids[start : start + _CHUNK])
        for row in connection.execute(select(*columns).where(LeadMatch.lead_id.in_(chunk))):
            found[row.lead_id] = LeadMatch(**row._asdict())
    return found


def _ready(connection: Connection, lead_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(lead_ids), _CHUNK):
        chunk = list(lead_ids[start : start + _CHUNK])
        query = select(LeadCheck.lead_id).where(LeadCheck.lead_id.in_(chunk), LeadCheck.ready)
        found.update(connection.execute(query).scalars())
    return found


# ---- merging ----------------------------------------------------------------------------
def preview_merges(
    workspace: Workspace,
    object_name: str,
    *,
    threshold: float | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> list[MergeRow]:
    """The clusters of an object's duplicates whose every link scores at least the threshold
    (the stricter bulk merge threshold by default), each with its master by the rules."""
    cancel = cancel or CancelFlag()
    with workspace.engine.connect() as connection:
        settings = load_settings(connection)
        plans = _merge_plans(connection, settings, object_name, threshold, progress, cancel)
        masters = read_records(connection, object_name, [p.master_id for p, _w, _c in plans if p])
    title = OBJECTS[object_name].title_fields
    rows = []
    for plan, weakest, (ids, problem) in plans:
        if plan is None:
            rows.append(MergeRow(object_name, ids, ids[0], "", weakest, 0, problem))
            continue
        master = masters.get(plan.master_id, {})
        name = " ".join(str(master.get(f) or "") for f in title).strip()
        changes = len(plan.changes(master))
        rows.append(MergeRow(object_name, ids, plan.master_id, name, weakest, changes, ""))
    return rows


def merge_clusters(
    workspace: Workspace,
    object_name: str,
    *,
    threshold: float | None = None,
    only: Sequence[Sequence[str]] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> BulkResult:
    """Merge every cluster the preview shows without a problem (with only, those of its
    clusters the steward kept ticked, by their ids), as one journal operation."""
    cancel = cancel or CancelFlag()
    with workspace.transaction() as session:
        connection = session.connection()
        settings = load_settings(session)
        found = _merge_plans(connection, settings, object_name, threshold, progress, cancel)
        if only is not None:
            chosen = {tuple(sorted(ids)) for ids in only}
            found = [f for f in found if f[2][0] in chosen]
        plans = [plan for plan, _weakest, _ids in found if plan is not None]
        if not plans:
            raise MergeProblem("No cluster to merge at this threshold")
        spec = OBJECTS[object_name]
        label = f"Merge {len(plans):,} clusters of {spec.plural.lower()}"
        inputs = {"object": object_name, "merges": [merge_inputs(p) for p in plans]}
        with operation(session, "bulk_merge", label, inputs) as recorder:
            for start in range(0, len(plans), _CHUNK):
                cancel.check()
                apply_merges(session, recorder, plans[start : start + _CHUNK])
                progress(0.3 + 0.6 * (start + _CHUNK) / len(plans), f"{label}: applying")
            progress(0.95, f"{label}: recording the journal")
        cancel.check()
    progress(1.0, f"{label}: done")
    return BulkResult(recorder.operation_id, len(plans), len(found) - len(plans))


Found = tuple[MergePlan | None, float, tuple[tuple[str, ...], str]]


def _merge_plans(
    connection: Connection,
    settings: Settings,
    object_name: str,
    threshold: float | None,
    progress: ProgressCallback,
    cancel: CancelFlag,
) -> list[Found]:
    threshold = settings.merge_threshold if threshold is None else threshold
    clusters = strict_clusters(connection, object_name, threshold)
    records = {
        r.record_id: r
        for r in merge_records(
            connection, object_name, [i for c, _w in clusters for i in c], missing_ok=True
        )
    }
    found: list[Found] = []
    for number, (ids, weakest) in enumerate(clusters):
        if number % 1000 == 0:
            cancel.check()
            progress(0.3 * number / max(1, len(clusters)), f"Planning {len(clusters):,} merges")
        if len(ids) > MAX_RECORDS:
            why = f"{len(ids)} records: merge at most {MAX_RECORDS} at once, on the merge screen"
            found.append((None, weakest, (ids, why)))
            continue
        if any(i not in records for i in ids):
            found.append((None, weakest, (ids, "a record is no longer in the workspace")))
            continue
        try:
            plan = plan_merge(object_name, [records[i] for i in ids])
        except MergeProblem as problem:
            found.append((None, weakest, (ids, str(problem))))
            continue
        found.append((plan, weakest, (ids, "")))
    return found


def strict_clusters(
    connection: Connection, object_name: str, threshold: float
) -> list[tuple[tuple[str, ...], float]]:
    """Connected records of one object through pairs at or above the threshold that the
    steward has not called different; each with its weakest link, largest clusters first."""
    different = {
        (d.left_id, d.right_id)
        for d in decisions(connection, [object_name])
        if d.verdict == DIFFERENT
    }
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    links: list[tuple[str, str, float]] = []
    query = select(MatchPair.left_id, MatchPair.right_id, MatchPair.score).where(
        MatchPair.left_object == object_name,
        MatchPair.right_object == object_name,
        MatchPair.score >= threshold,
    )
    for left, right, score in connection.execute(query):
        if (left, right) in different:
            continue
        links.append((left, right, score))
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for item in parent:
        members.setdefault(root(item), []).append(item)
    weakest: dict[str, float] = {}
    for left, _right, score in links:
        key = root(left)
        weakest[key] = min(score, weakest.get(key, 1.0))
    clusters = [(tuple(sorted(ids)), weakest[key]) for key, ids in members.items() if len(ids) > 1]
    return sorted(clusters, key=lambda c: (-len(c[0]), c[0]))
