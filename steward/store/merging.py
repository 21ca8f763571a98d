"""Merging records in the workspace: reading what a merge plan needs, and applying plans.

A merge is one journal operation: the master takes the surviving values, the records that
point at the others (an account's contacts and opportunities, a contact's opportunities,
converted leads, child accounts, the steward's match decisions) follow the master, and the
others are deleted. Their whole rows are in the journal, so undo brings them back exactly.
Many plans apply at once (a bulk merge) with a handful of statements per object rather
than per record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from steward.core.fields import OBJECTS
from steward.core.merge import MergePlan, MergeProblem, MergeRecord, MergeRules, plan_merge
from steward.core.values import Stored as Value
from steward.store.bulk import table_name
from steward.store.journal import Recorder, operation
from steward.store.matching import pair_key
from steward.store.models import RECORD_MODELS, LeadCheck, LeadMatch, MatchDecision, User
from steward.store.models import Confirmation as ConfirmationRow

_CHUNK = 500

# Per merged object, the (object, field) pairs that refer to its records, and what the merge
# screen calls those records.
REFERENCES: Mapping[str, tuple[tuple[str, str, str], ...]] = {
    "Account": (
        ("Contact", "AccountId", "contacts"),
        ("Opportunity", "AccountId", "opportunities"),
        ("Lead", "ConvertedAccountId", "converted leads"),
        ("Account", "ParentId", "child accounts"),
    ),
    "Contact": (
        ("Opportunity", "ContactId", "opportunities"),
        ("Contact", "ReportsToId", "reports"),
        ("Lead", "ConvertedContactId", "converted leads"),
    ),
    "Lead": (),
}
# What related_counts calls a lead's checklist confirmations (overrides and calls included).
CHECKLIST_WORDS = "checklist confirmations"
# lead_match columns that name a matched account or contact
_SUMMARY_COLUMNS = {"Account": "account_id", "Contact": "contact_id"}


def merge_records(
    connection: Connection | Session,
    object_name: str,
    ids: Sequence[str],
    *,
    missing_ok: bool = False,
) -> list[MergeRecord]:
    """The records as plan_merge takes them, in the order given; MergeProblem for an id
    that is not in the workspace (with missing_ok, such ids are left out)."""
    rows = read_records(connection, object_name, ids, custom=True)
    missing = [i for i in ids if i not in rows]
    if missing and not missing_ok:
        raise MergeProblem(f"No {object_name} with id {missing[0]} in this workspace")
    ids = [i for i in ids if i in rows]
    customers = _customers(connection, object_name, rows)
    inactive = _inactive_owners(connection, [str(r.get("OwnerId") or "") for r in rows.values()])
    return [
        MergeRecord(
            i,
            rows[i],
            customer=i in customers,
            owner_active=str(rows[i].get("OwnerId") or "") not in inactive,
        )
        for i in ids
    ]


def read_records(
    connection: Connection | Session,
    object_name: str,
    ids: Sequence[str],
    *,
    custom: bool = False,
) -> dict[str, dict[str, Value]]:
    """The typed fields of records by id (those that exist), read in chunks; with custom,
    also the org's own fields kept in `extra`, by their names."""
    model = RECORD_MODELS[object_name]
    standard = OBJECTS[object_name].fields
    columns = [getattr(model, n) for n in standard]
    if custom:
        columns.append(model.extra)
    unique = list(dict.fromkeys(ids))
    found: dict[str, dict[str, Value]] = {}
    for start in range(0, len(unique), _CHUNK):
        query = select(*columns).where(model.Id.in_(unique[start : start + _CHUNK]))
        for row in connection.execute(query):
            values = dict(row._mapping)
            extra = values.pop("extra", None) or {}
            values.update((k, v) for k, v in extra.items() if k not in standard)
            found[row.Id] = values
    return found


def plan_for(
    connection: Connection | Session,
    object_name: str,
    ids: Sequence[str],
    *,
    master_id: str | None = None,
    picks: Mapping[str, str] | None = None,
    rules: MergeRules | None = None,
) -> MergePlan:
    """Read the records and plan their merge."""
    if object_name not in REFERENCES:
        raise MergeProblem(f"{object_name} records cannot be merged")
    records = merge_records(connection, object_name, ids)
    return plan_merge(object_name, records, rules, master_id=master_id, picks=picks)


def object_of(connection: Connection | Session, record_id: str) -> str:
    """Which mergeable object a record id belongs to; MergeProblem when none has it."""
    for object_name in REFERENCES:
        model = RECORD_MODELS[object_name]
        if connection.execute(select(model.pk).where(model.Id == record_id)).first():
            return object_name
    raise MergeProblem(f"No lead, contact or account with id {record_id} in this workspace")


def related_counts(
    connection: Connection | Session, object_name: str, ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Per record, how many records of each kind refer to it (they follow the master)."""
    counts: dict[str, dict[str, int]] = {i: {} for i in ids}
    for other, column, label in REFERENCES.get(object_name, ()):
        model = RECORD_MODELS[other]
        field = getattr(model, column)
        query = select(field, model.pk).where(field.in_(list(ids)))
        tally: dict[str, int] = defaultdict(int)
        for referred, _pk in connection.execute(query):
            tally[referred] += 1
        for record_id in ids:
            counts[record_id][label] = tally.get(record_id, 0)
    if object_name == "Lead":  # the steward's checklist words, which follow the master
        words = ConfirmationRow
        query = select(words.lead_id, func.count()).where(words.lead_id.in_(list(ids)))
        for lead_id, count in connection.execute(query.group_by(words.lead_id)):
            counts[lead_id][CHECKLIST_WORDS] = int(count)
    return counts


def merge(session: Session, plan: MergePlan, *, label: str = "") -> int:
    """Apply one plan as one journal operation; returns the operation's id."""
    spec = OBJECTS[plan.object_name]
    text = label or (f"Merge {len(plan.others) + 1} {spec.plural.lower()} into {plan.master_id}")
    with operation(session, "merge", text, merge_inputs(plan)) as recorder:
        apply_merges(session, recorder, [plan])
    return recorder.operation_id


def merge_inputs(plan: MergePlan) -> dict[str, Any]:
    """What the journal keeps of a plan: enough for the worksheet and the push, in order."""
    return {
        "object": plan.object_name,
        "master": plan.master_id,
        "others": list(plan.others),
        "calls": [list(call) for call in plan.calls],
        "chosen": {c.name: c.source for c in plan.fields if c.rule == "chosen"},
    }


def apply_merges(session: Session, recorder: Recorder, plans: Sequence[MergePlan]) -> None:
    """Apply plans of one object, inside an operation. The plans must not share records."""
    if not plans:
        return
    object_name = plans[0].object_name
    if any(p.object_name != object_name for p in plans):
        raise MergeProblem("one merge takes records of one object")
    master_of = {other: p.master_id for p in plans for other in p.others}
    seen: set[str] = set()
    for plan in plans:
        ids = {plan.master_id, *plan.others}
        if ids & seen:
            raise MergeProblem(f"{sorted(ids & seen)[0]} is in two merges")
        seen |= ids
    model = RECORD_MODELS[object_name]
    table = table_name(object_name)
    _update_masters(session, recorder, plans)
    for other, column, _label in REFERENCES[object_name]:
        _follow(
            session,
            recorder,
            other,
            column,
            master_of,
            exclude=seen if other == object_name else set(),
        )
    if object_name in _SUMMARY_COLUMNS:
        _follow_summaries(session, recorder, _SUMMARY_COLUMNS[object_name], master_of)
    _follow_decisions(session, recorder, object_name, master_of)
    if object_name == "Lead":
        _carry_confirmations(session, recorder, plans)
        for summary in (LeadCheck, LeadMatch):  # the lead's verdict and matches go with it
            _forget(session, recorder, summary, list(master_of))
        _mark_stale(session, recorder, [p.master_id for p in plans])
    losers = list(master_of)
    recorder.touch_many(table, losers)
    for start in range(0, len(losers), _CHUNK):
        session.execute(delete(model).where(model.Id.in_(losers[start : start + _CHUNK])))


def _update_masters(session: Session, recorder: Recorder, plans: Sequence[MergePlan]) -> None:
    object_name = plans[0].object_name
    model = RECORD_MODELS[object_name]
    table = table_name(object_name)
    standard = OBJECTS[object_name].fields
    chosen = [c.name for c in plans[0].fields if c.name in standard]
    self_refs = [column for other, column, _ in REFERENCES[object_name] if other == object_name]
    columns = [*chosen, *(c for c in self_refs if c not in chosen)]
    if any(c.name not in standard for plan in plans for c in plan.fields):
        columns.append("extra")  # some records carry the org's own fields
    current = recorder.touch_many(table, [p.master_id for p in plans], columns)
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for plan in plans:
        row = current[plan.master_id]
        extra: dict[str, Any] = dict(row.get("extra") or {})
        values: dict[str, Any] = plan.changes({**extra, **row})
        custom = {n: values.pop(n) for n in list(values) if n not in standard}
        if custom:  # the org's own fields: the master's extra takes the surviving texts
            values["extra"] = {**extra, **{n: "" if v is None else v for n, v in custom.items()}}
        for column in self_refs:  # a master must not end up its own parent
            if values.get(column, current[plan.master_id].get(column)) in (
                plan.master_id,
                *plan.others,
            ):
                values[column] = None
        if values:
            by_columns[tuple(sorted(values))].append({"_id": plan.master_id, **values})
    for names, rows in by_columns.items():
        statement = (
            update(model)
            .where(model.Id == bindparam("_id"))
            .values({c: bindparam(c) for c in names})
        )
        session.connection().execute(statement, rows)


def _follow(
    session: Session,
    recorder: Recorder,
    object_name: str,
    column: str,
    master_of: Mapping[str, str],
    *,
    exclude: set[str],
) -> None:
    """Point the records that refer to a merged-away record at its master."""
    model = RECORD_MODELS[object_name]
    field = getattr(model, column)
    losers = list(master_of)
    moves: list[dict[str, str]] = []
    for start in range(0, len(losers), _CHUNK):
        chunk = losers[start : start + _CHUNK]
        for record_id, referred in session.execute(select(model.Id, field).where(field.in_(chunk))):
            if record_id not in exclude:
                moves.append({"_id": record_id, "_to": master_of[referred]})
    if not moves:
        return
    recorder.touch_many(table_name(object_name), [m["_id"] for m in moves], [column])
    statement = update(model).where(model.Id == bindparam("_id")).values({column: bindparam("_to")})
    session.connection().execute(statement, moves)


def _follow_summaries(
    session: Session, recorder: Recorder, column: str, master_of: Mapping[str, str]
) -> None:
    """Leads matched to a merged-away account or contact show its master instead."""
    field = getattr(LeadMatch, column)
    losers = list(master_of)
    for start in range(0, len(losers), _CHUNK):
        chunk = losers[start : start + _CHUNK]
        rows = session.execute(select(LeadMatch.lead_id, field).where(field.in_(chunk))).all()
        for lead_id, referred in rows:
            recorder.touch("lead_match", {"lead_id": lead_id}, [column])
            session.execute(
                update(LeadMatch)
                .where(LeadMatch.lead_id == lead_id)
                .values({column: master_of[referred]})
            )


def _follow_decisions(
    session: Session, recorder: Recorder, object_name: str, master_of: Mapping[str, str]
) -> None:
    """The steward's decisions about a merged-away record now speak of its master; a
    decision between two records of one merge has nothing left to say."""
    losers = list(master_of)
    for start in range(0, len(losers), _CHUNK):
        chunk = losers[start : start + _CHUNK]
        rows = (
            session.execute(
                select(MatchDecision).where(
                    ((MatchDecision.left_object == object_name) & MatchDecision.left_id.in_(chunk))
                    | (
                        (MatchDecision.right_object == object_name)
                        & MatchDecision.right_id.in_(chunk)
                    )
                )
            )
            .scalars()
            .all()
        )
        for decision in rows:
            old = {
                "left_object": decision.left_object,
                "left_id": decision.left_id,
                "right_object": decision.right_object,
                "right_id": decision.right_id,
            }
            left = (decision.left_object, master_of.get(decision.left_id, decision.left_id)
                    if decision.left_object == object_name else decision.left_id)  # fmt: skip
            right = (decision.right_object, master_of.get(decision.right_id, decision.right_id)
                     if decision.right_object == object_name else decision.right_id)  # fmt: skip
            values = {
                "verdict": decision.verdict,
                "who": decision.who,
                "decided_at": decision.decided_at,
                "note": decision.note,
            }
            session.expunge(decision)
            recorder.touch("match_decision", old)
            session.execute(delete(MatchDecision).where(*_key_where(old)))
            if left == right:
                continue
            new = pair_key(*left, *right)
            if recorder.touch("match_decision", new) is None:
                session.add(MatchDecision(**new, **values))
                session.flush()


def _carry_confirmations(session: Session, recorder: Recorder, plans: Sequence[MergePlan]) -> None:
    """The steward's word on a merged-away lead's checklist item (a confirmation, an override,
    a call) moves to the master when the master has no word on that item; the first lead in
    rank order wins, and the master's own word always does."""
    table: Table = ConfirmationRow.__table__  # type: ignore[assignment]
    master_of = {o: p.master_id for p in plans for o in p.others}
    rank = {o: n for p in plans for n, o in enumerate(p.others)}
    ids = [*master_of, *(p.master_id for p in plans)]
    words: list[dict[str, Any]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        words += [dict(r) for r in session.execute(
            select(table).where(table.c.lead_id.in_(chunk))).mappings()]  # fmt: skip
    held = {(w["lead_id"], w["item"]) for w in words if w["lead_id"] not in master_of}
    moving = sorted((w for w in words if w["lead_id"] in master_of),
                    key=lambda w: (rank[w["lead_id"]], w["item"]))  # fmt: skip
    for word in moving:
        old = {"lead_id": word["lead_id"], "item": word["item"]}
        recorder.touch("confirmation", old)
        session.execute(delete(table).where(*[table.c[k] == v for k, v in old.items()]))
        master = master_of[word["lead_id"]]
        if (master, word["item"]) in held:
            continue
        held.add((master, word["item"]))
        recorder.created("confirmation", {"lead_id": master, "item": word["item"]})
        session.execute(insert(table).values({**word, "lead_id": master}))


def _forget(session: Session, recorder: Recorder, summary: Any, lead_ids: Sequence[str]) -> None:
    """Delete the rows of a per-lead table (verdicts, match summaries) of these leads."""
    found: list[str] = []
    for start in range(0, len(lead_ids), _CHUNK):
        chunk = list(lead_ids[start : start + _CHUNK])
        found += session.execute(
            select(summary.lead_id).where(summary.lead_id.in_(chunk))
        ).scalars()
    if not found:
        return
    recorder.touch_many(summary.__tablename__, found, key="lead_id")
    for start in range(0, len(found), _CHUNK):
        chunk = found[start : start + _CHUNK]
        session.execute(delete(summary).where(summary.lead_id.in_(chunk)))


def _key_where(key: Mapping[str, str]) -> list[Any]:
    return [getattr(MatchDecision, column) == value for column, value in key.items()]


def _mark_stale(session: Session, recorder: Recorder, lead_ids: Sequence[str]) -> None:
    """A merged lead's checklist verdict is of its old values: the queue marks it stale."""
    for start in range(0, len(lead_ids), _CHUNK):
        chunk = list(lead_ids[start : start + _CHUNK])
        found = (
            session.execute(
                select(LeadCheck.lead_id).where(
                    LeadCheck.lead_id.in_(chunk), LeadCheck.stale.is_(False)
                )
            )
            .scalars()
            .all()
        )
        for lead_id in found:
            recorder.touch("lead_check", {"lead_id": lead_id}, ["stale"])
        if found:
            session.execute(
                update(LeadCheck).where(LeadCheck.lead_id.in_(found)).values(stale=True)
            )


def _customers(
    connection: Connection | Session, object_name: str, rows: Mapping[str, Mapping[str, Value]]
) -> set[str]:
    """Which of the records are (or belong to) a customer: an account of a customer type or
    with a won deal; a contact of such an account; a lead matched to one."""
    if object_name == "Lead":
        leads = list(rows)
        customers: set[str] = set()
        for start in range(0, len(leads), _CHUNK):
            query = select(LeadMatch.lead_id).where(
                LeadMatch.lead_id.in_(leads[start : start + _CHUNK]),
                LeadMatch.warnings.like("%customer%"),
            )
            customers.update(connection.execute(query).scalars())
        return customers
    account_of = (
        {i: str(r.get("AccountId") or "") for i, r in rows.items()}
        if object_name == "Contact"
        else {i: i for i in rows}
    )
    accounts = sorted({a for a in account_of.values() if a})
    if not accounts:
        return set()
    marks = ", ".join("?" * len(accounts))
    raw: Any = _raw(connection)
    found = {
        row[0]
        for row in raw.execute(
            f'SELECT "Id" FROM account WHERE "Id" IN ({marks}) AND '
            "lower(coalesce(\"Type\", '')) LIKE '%customer%' UNION "
            f'SELECT "AccountId" FROM opportunity WHERE "AccountId" IN ({marks}) '
            'AND coalesce("IsWon", 0)',
            [*accounts, *accounts],
        )
    }
    return {i for i, account in account_of.items() if account in found}


def _inactive_owners(connection: Connection | Session, owners: Sequence[str]) -> set[str]:
    wanted = sorted({o for o in owners if o})
    if not wanted:
        return set()
    inactive: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = select(User.Id).where(User.Id.in_(chunk), User.IsActive.is_(False))
        inactive.update(connection.execute(query).scalars())
    return inactive


def _raw(connection: Connection | Session) -> Any:
    if isinstance(connection, Session):
        return connection.connection().connection.driver_connection
    return connection.connection.driver_connection
