"""Converting and disqualifying leads in the workspace, each a journal operation.

A conversion makes the records its plan asks for with local ids (the CRM numbers them when
the conversion is pushed), fills the blank fields of existing ones, and closes the lead as
the CRM does: IsConverted, the converted date and the ids of what it became. Disqualifying
sets a closed status; the reason stays in the journal. Bulk conversions apply many plans with
a handful of statements per object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from steward.core.convert import ConvertPlan, ConvertProblem, ConvertRequest, plan_conversion
from steward.core.fields import OBJECTS
from steward.core.ids import KEY_PREFIXES, LOCAL_PREFIX
from steward.core.values import Stored as Value
from steward.store.bulk import table_name
from steward.store.journal import JournalError, Recorder, now_text, operation
from steward.store.models import RECORD_MODELS, Lead, LeadCheck
from steward.store.settings import Settings

_CHUNK = 500
NEW = "new"  # account_id for "a new account"


@dataclass(frozen=True, slots=True)
class Converted:
    """What one conversion made: the ids of the account, contact and opportunity."""

    lead_id: str
    account_id: str
    contact_id: str
    opportunity_id: str | None


class LocalIds:
    """Ids for records made in the workspace: local-<key prefix>-<number>, numbered on from
    the highest one in use, so a conversion redone after an undo gets back the same ids."""

    def __init__(self, connection: Connection | Session) -> None:
        self._connection = connection
        self._next: dict[str, int] = {}

    def make(self, object_name: str) -> str:
        if object_name not in self._next:
            self._next[object_name] = self._highest(object_name) + 1
        number = self._next[object_name]
        self._next[object_name] += 1
        return f"{self._prefix(object_name)}{number}"

    def _prefix(self, object_name: str) -> str:
        return f"{LOCAL_PREFIX}{KEY_PREFIXES[object_name]}-"

    def _highest(self, object_name: str) -> int:
        prefix = self._prefix(object_name)
        model = RECORD_MODELS[object_name]
        ids = self._connection.execute(select(model.Id).where(model.Id.like(f"{prefix}%")))
        numbers = [int(i[len(prefix) :]) for (i,) in ids if i[len(prefix) :].isdigit()]
        return max(numbers, default=0)


def read_record(
    connection: Connection | Session, object_name: str, record_id: str
) -> dict[str, Value]:
    model = RECORD_MODELS[object_name]
    names = list(OBJECTS[object_name].fields)
    row = connection.execute(
        select(*(getattr(model, n) for n in names)).where(model.Id == record_id)
    ).first()
    if row is None:
        raise ConvertProblem(f"No {object_name.lower()} with id {record_id} in this workspace")
    return dict(row._mapping)


def is_ready(connection: Connection | Session, lead_id: str) -> bool:
    """The checklist's word on the lead: ready only when checked and ready."""
    ready = connection.execute(select(LeadCheck.ready).where(LeadCheck.lead_id == lead_id)).scalar()
    return bool(ready)


def conversion_request(
    connection: Connection | Session,
    settings: Settings,
    lead_id: str,
    *,
    account_id: str | None = None,
    contact_id: str | None = None,
    opportunity: str | None = None,
    status: str | None = None,
    owner_id: str | None = None,
    override: str = "",
    overwrite_lead_source: bool = False,
    today: date | None = None,
) -> ConvertRequest:
    """The request for one lead from the workspace; account_id None or NEW: a new account."""
    lead = read_record(connection, "Lead", lead_id)
    account = (
        read_record(connection, "Account", account_id) if account_id not in (None, NEW) else None
    )
    contact = read_record(connection, "Contact", contact_id) if contact_id else None
    return ConvertRequest(
        lead,
        account,
        contact,
        opportunity,
        status or settings.converted_statuses[0],
        owner_id,
        overwrite_lead_source,
        is_ready(connection, lead_id),
        override,
        settings.mapping(),
        settings.opportunity_stage,
        today=today or date.today(),
    )


def plan_lead(
    connection: Connection | Session, settings: Settings, lead_id: str, **choices: Any
) -> ConvertPlan:
    """Read and plan one lead's conversion (choices as conversion_request takes them)."""
    request = conversion_request(connection, settings, lead_id, **choices)
    return plan_conversion(request, settings.converted_statuses)


def convert(session: Session, plan: ConvertPlan, *, label: str = "") -> tuple[int, Converted]:
    """Apply one plan as one journal operation; returns the operation's id and what it made."""
    text = label or f"Convert lead {plan.lead_id}"
    with operation(session, "convert", text, conversion_inputs(plan)) as recorder:
        made = apply_conversions(session, recorder, [plan])[0]
    return recorder.operation_id, made


def conversion_inputs(plan: ConvertPlan) -> dict[str, Any]:
    return {
        "lead": plan.lead_id,
        "status": plan.status,
        "account": plan.account.record_id,
        "contact": plan.contact.record_id,
        "opportunity": plan.opportunity.values.get("Name") if plan.opportunity else None,
        "override": plan.override,
    }


def apply_conversions(
    session: Session, recorder: Recorder, plans: Sequence[ConvertPlan], *, today: date | None = None
) -> list[Converted]:
    """Apply plans inside an operation; returns what each made, in order."""
    lead_ids = [p.lead_id for p in plans]
    if len(set(lead_ids)) != len(lead_ids):
        raise JournalError("a lead is converted twice in one go")
    leads = recorder.touch_many(
        "lead",
        lead_ids,
        ["Status", "IsConverted", "ConvertedDate", "ConvertedAccountId", "ConvertedContactId",
         "ConvertedOpportunityId"],
    )  # fmt: skip
    for lead_id in lead_ids:
        if lead_id not in leads:
            raise ConvertProblem(f"No lead with id {lead_id} in this workspace")
        if leads[lead_id]["IsConverted"]:
            raise ConvertProblem(f"lead {lead_id} is converted already")
    ids = LocalIds(session)
    new_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    fills: dict[str, list[tuple[str, dict[str, Value]]]] = defaultdict(list)
    made: list[Converted] = []
    for plan in plans:
        account_id = plan.account.record_id or ids.make("Account")
        contact_id = plan.contact.record_id or ids.make("Contact")
        opportunity_id = ids.make("Opportunity") if plan.opportunity is not None else None
        for target, record_id in (
            (plan.account, account_id),
            (plan.contact, contact_id),
            (plan.opportunity, opportunity_id),
        ):
            if target is None or record_id is None:
                continue
            values = dict(target.values)
            if target.object_name == "Contact" and target.record_id is None:
                values["AccountId"] = account_id
            if target.object_name == "Opportunity":
                values["AccountId"] = account_id
                values["ContactId"] = contact_id
            if target.record_id is None:
                new_rows[target.object_name].append({"Id": record_id, **values})
            elif values:
                fills[target.object_name].append((record_id, values))
        made.append(Converted(plan.lead_id, account_id, contact_id, opportunity_id))
    for object_name, filled in fills.items():
        _fill(session, recorder, object_name, filled)
    for object_name, rows in new_rows.items():
        _create(session, recorder, object_name, rows)
    day = (today or date.today()).isoformat()
    statement = (
        update(RECORD_MODELS["Lead"])
        .where(RECORD_MODELS["Lead"].Id == bindparam("_id"))
        .values(
            Status=bindparam("_status"),
            IsConverted=True,
            ConvertedDate=day,
            ConvertedAccountId=bindparam("_account"),
            ConvertedContactId=bindparam("_contact"),
            ConvertedOpportunityId=bindparam("_opportunity"),
        )
    )
    session.connection().execute(
        statement,
        [
            {"_id": m.lead_id, "_status": p.status, "_account": m.account_id,
             "_contact": m.contact_id, "_opportunity": m.opportunity_id}
            for m, p in zip(made, plans, strict=True)
        ],
    )  # fmt: skip
    return made


def _fill(
    session: Session,
    recorder: Recorder,
    object_name: str,
    rows: Sequence[tuple[str, Mapping[str, Value]]],
) -> None:
    """Fill fields of existing records; several leads may fill one account: the first wins,
    as it would in the CRM where each conversion fills what is still blank."""
    model = RECORD_MODELS[object_name]
    merged: dict[str, dict[str, Value]] = {}
    for record_id, values in rows:
        target = merged.setdefault(record_id, {})
        for name, value in values.items():
            target.setdefault(name, value)
    columns = sorted({name for values in merged.values() for name in values})
    current = recorder.touch_many(table_name(object_name), list(merged), columns)
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for record_id, values in merged.items():
        if record_id not in current:
            raise ConvertProblem(f"No {object_name.lower()} with id {record_id} in this workspace")
        blank = {k: v for k, v in values.items() if current[record_id].get(k) in (None, "")
                 or k == "LeadSource"}  # fmt: skip
        if blank:
            by_columns[tuple(sorted(blank))].append({"_id": record_id, **blank})
    for names, batch in by_columns.items():
        statement = (
            update(model)
            .where(model.Id == bindparam("_id"))
            .values({n: bindparam(n) for n in names})
        )
        session.connection().execute(statement, batch)


def _create(
    session: Session, recorder: Recorder, object_name: str, rows: Sequence[dict[str, Any]]
) -> None:
    model = RECORD_MODELS[object_name]
    table = table_name(object_name)
    names = sorted({name for row in rows for name in row})
    created = now_text()
    for row in rows:
        recorder.created(table, {"Id": row["Id"]})
        row.setdefault("CreatedDate", created)
    complete = [{name: row.get(name) for name in names} for row in rows]
    for start in range(0, len(complete), _CHUNK):
        session.execute(insert(model), complete[start : start + _CHUNK])


def disqualify(
    session: Session, settings: Settings, lead_id: str, reason: str, *, status: str | None = None
) -> int:
    """Close a lead as not converted, with the steward's reason; returns the operation's id."""
    if not reason.strip():
        raise ConvertProblem("say why the lead is disqualified (a reason is required)")
    status = status or settings.disqualified_statuses[0]
    if status not in settings.disqualified_statuses:
        raise ConvertProblem(
            f"{status!r} is not a disqualified lead status: use "
            + ", ".join(repr(s) for s in settings.disqualified_statuses)
        )
    lead = Lead
    inputs = {"lead": lead_id, "status": status, "reason": reason.strip()}
    with operation(session, "disqualify", f"Disqualify lead {lead_id}: {reason.strip()}",
                   inputs) as recorder:  # fmt: skip
        before = recorder.touch("lead", {"Id": lead_id}, ["Status"])
        if before is None:
            raise ConvertProblem(f"No lead with id {lead_id} in this workspace")
        converted = session.execute(select(lead.IsConverted).where(lead.Id == lead_id)).scalar()
        if converted:
            raise ConvertProblem(f"lead {lead_id} is converted already")
        session.execute(update(lead).where(lead.Id == lead_id).values(Status=status))
    return recorder.operation_id
