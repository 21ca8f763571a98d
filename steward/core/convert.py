"""Conversion planning: what converting a lead makes of it. A plan is data: the convert screen
shows it, and only then does the journal apply it.

A lead becomes a contact inside an account, new or existing, and optionally an opportunity.
Fields travel by the CRM's standard mapping (shared/reference/salesforce.md) plus the org's
own; on an existing account or contact only blank fields are filled, and the lead source only
on request, as the CRM does. The checklist gates it: a lead that is not ready converts only
with the steward's reason, which the plan (and so the journal) keeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from steward.core.fields import OBJECTS

Value = str | int | float | bool | None
CONVERTED_STATUS = "Closed - Converted"  # the CRM's default converted lead status
DISQUALIFIED_STATUS = "Closed - Not Converted"  # ... and its closed, not converted one
OPPORTUNITY_STAGE = "Prospecting"

# Lead field -> the (object, field) pairs it is copied to, after the CRM's standard mapping.
STANDARD_MAPPING: Mapping[str, tuple[tuple[str, str], ...]] = {
    "Street": (("Account", "BillingStreet"), ("Contact", "MailingStreet")),
    "City": (("Account", "BillingCity"), ("Contact", "MailingCity")),
    "State": (("Account", "BillingState"), ("Contact", "MailingState")),
    "PostalCode": (("Account", "BillingPostalCode"), ("Contact", "MailingPostalCode")),
    "Country": (("Account", "BillingCountry"), ("Contact", "MailingCountry")),
    "AnnualRevenue": (("Account", "AnnualRevenue"),),
    "Industry": (("Account", "Industry"),),
    "NumberOfEmployees": (("Account", "NumberOfEmployees"),),
    "Rating": (("Account", "Rating"),),
    "Website": (("Account", "Website"),),
    "Company": (("Account", "Name"),),
    "FirstName": (("Contact", "FirstName"),),
    "LastName": (("Contact", "LastName"),),
    "Salutation": (("Contact", "Salutation"),),
    "Title": (("Contact", "Title"),),
    "Email": (("Contact", "Email"),),
    "MobilePhone": (("Contact", "MobilePhone"),),
    "Description": (("Contact", "Description"),),
    "DoNotCall": (("Contact", "DoNotCall"),),
    "HasOptedOutOfEmail": (("Contact", "HasOptedOutOfEmail"),),
    "HasOptedOutOfFax": (("Contact", "HasOptedOutOfFax"),),
    "Phone": (("Account", "Phone"), ("Contact", "Phone")),
    "Fax": (("Account", "Fax"), ("Contact", "Fax")),
    "LeadSource": (("Contact", "LeadSource"), ("Opportunity", "LeadSource")),
}
_LEAD_SOURCE = "LeadSource"
_TARGETS = ("Account", "Contact", "Opportunity")


class ConvertProblem(ValueError):
    """A conversion that cannot be planned as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class ConvertRequest:
    """What the steward asks for. account and contact: the existing records' values (with
    their Id), or None for new ones; opportunity: its name, '' for the company's name, None
    for no opportunity."""

    lead: Mapping[str, Value]
    account: Mapping[str, Value] | None = None
    contact: Mapping[str, Value] | None = None
    opportunity: str | None = None
    status: str = CONVERTED_STATUS
    owner_id: str | None = None  # None: the lead's owner
    overwrite_lead_source: bool = False
    ready: bool = True  # the checklist's verdict on the lead
    override: str = ""  # the steward's reason for converting a lead that is not ready
    mapping: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    stage: str = OPPORTUNITY_STAGE  # the opportunity's first stage
    close_date: str = ""  # the opportunity's close date; '' for the end of today's quarter
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class Target:
    """One record the conversion makes or fills: values are what it sets."""

    object_name: str
    record_id: str | None  # None: a new record
    values: dict[str, Value]
    kept: dict[str, Value]  # fields of an existing record left as they were (not blank)


@dataclass(frozen=True, slots=True)
class ConvertPlan:
    lead_id: str
    status: str
    account: Target
    contact: Target
    opportunity: Target | None
    override: str

    def targets(self) -> list[Target]:
        return [t for t in (self.account, self.contact, self.opportunity) if t is not None]


def plan_conversion(
    request: ConvertRequest, converted_statuses: Sequence[str] = (CONVERTED_STATUS,)
) -> ConvertPlan:
    """The plan for one lead, or ConvertProblem naming what stands in the way."""
    lead = request.lead
    lead_id = str(lead.get("Id") or "")
    if not lead_id:
        raise ConvertProblem("the lead has no id")
    if lead.get("IsConverted") is True:
        raise ConvertProblem(f"lead {lead_id} is converted already")
    if not request.ready and not request.override.strip():
        raise ConvertProblem(
            f"lead {lead_id} is not ready to convert: give the reason to convert it anyway"
        )
    if request.status not in converted_statuses:
        raise ConvertProblem(
            f"{request.status!r} is not a converted lead status: use "
            + ", ".join(repr(s) for s in converted_statuses)
        )
    account_id = _id_of(request.account)
    if request.contact is not None:
        if account_id is None:
            raise ConvertProblem("converting into an existing contact needs its account too")
        if request.contact.get("AccountId") not in (None, "", account_id):
            raise ConvertProblem(
                f"contact {_id_of(request.contact)} belongs to account "
                f"{request.contact.get('AccountId')}, not {account_id}"
            )
    for source, targets in request.mapping.items():
        for object_name, name in targets:
            spec = OBJECTS.get(object_name)
            if object_name not in _TARGETS or spec is None or name not in spec.fields:
                raise ConvertProblem(
                    f"mapping {source} -> {object_name}.{name}: a conversion fills only "
                    "fields Steward keeps of Account, Contact and Opportunity"
                )
    owner = request.owner_id or _text(lead.get("OwnerId"))
    # a lead field mapped by the org goes where the org says, instead of the standard place
    copied = _copied(lead, {**STANDARD_MAPPING, **request.mapping})
    if not _text(lead.get("Company")):  # the CRM names a company-less lead's account after them
        copied["Account"]["Name"] = _person(lead)
    account = _target("Account", request.account, copied["Account"], owner, overwrite=())
    contact_values = {**copied["Contact"], "AccountId": account_id}
    overwrite = (_LEAD_SOURCE,) if request.overwrite_lead_source else ()
    contact = _target("Contact", request.contact, contact_values, owner, overwrite=overwrite)
    opportunity = None
    if request.opportunity is not None:
        name = request.opportunity.strip() or _text(lead.get("Company")) or _person(lead)
        values = {
            **copied["Opportunity"],
            "Name": name,
            "AccountId": account_id,
            "StageName": request.stage,
            "CloseDate": request.close_date or end_of_quarter(request.today).isoformat(),
            "IsClosed": False,
            "IsWon": False,
        }
        opportunity = _target("Opportunity", None, values, owner, overwrite=())
    return ConvertPlan(
        lead_id, request.status, account, contact, opportunity, request.override.strip()
    )


def end_of_quarter(day: date) -> date:
    """The last day of day's calendar quarter: where the CRM puts a converted lead's deal."""
    last_month = (day.month - 1) // 3 * 3 + 3
    if last_month == 12:
        return date(day.year, 12, 31)
    return date(day.year, last_month + 1, 1) - timedelta(days=1)


def _copied(
    lead: Mapping[str, Value], mapping: Mapping[str, tuple[tuple[str, str], ...]]
) -> dict[str, dict[str, Value]]:
    """The lead's non-blank values by target object and field."""
    found: dict[str, dict[str, Value]] = {name: {} for name in _TARGETS}
    for source, targets in mapping.items():
        value = lead.get(source)
        if _blank(value):
            continue
        for object_name, name in targets:
            found[object_name][name] = value
    return found


def _target(
    object_name: str,
    existing: Mapping[str, Value] | None,
    values: dict[str, Value],
    owner: str | None,
    *,
    overwrite: Sequence[str],
) -> Target:
    values = {k: v for k, v in values.items() if v is not None}
    if existing is None:
        if owner:
            values["OwnerId"] = owner
        return Target(object_name, None, values, {})
    filled: dict[str, Value] = {}
    kept: dict[str, Value] = {}
    for name, value in values.items():
        if name == "AccountId":
            continue  # an existing contact stays where it is (checked above)
        if _blank(existing.get(name)) or name in overwrite:
            if existing.get(name) != value:
                filled[name] = value
        elif existing.get(name) != value:
            kept[name] = existing.get(name)
    return Target(object_name, _id_of(existing), filled, kept)


def _id_of(record: Mapping[str, Value] | None) -> str | None:
    if record is None:
        return None
    found = _text(record.get("Id"))
    if not found:
        raise ConvertProblem("an existing record without its id")
    return found


def _person(lead: Mapping[str, Value]) -> str:
    return " ".join(p for p in (_text(lead.get("FirstName")), _text(lead.get("LastName"))) if p)


def _text(value: Value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
