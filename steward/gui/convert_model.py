"""What the convert screen shows for one lead, read from the workspace, and its plan as rows.

No widgets here: the lead's key fields, its checklist verdict, what matching warns about, the
accounts it may go into (matching candidates best first, or found by name), the contacts of an
account it may already be, the active users who may own what it becomes; and the plan of the
steward's choices (steward.store.converting.plan_lead) turned into rows of what the conversion
creates, fills and keeps, for the preview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from steward.core.convert import STANDARD_MAPPING, ConvertPlan, Target
from steward.core.fields import OBJECTS
from steward.gui.labels import SUB_CHECK_LABELS, field_label, warning_label
from steward.gui.match_data import compare_lead, score_text
from steward.jobs.match import account_facts
from steward.store import browse
from steward.store.checks import stored_verdict
from steward.store.converting import NEW, plan_lead, read_record
from steward.store.matching import lead_match
from steward.store.models import Account, Contact, User
from steward.store.settings import Settings, load_settings
from steward.store.workspace import Workspace

# The lead's key fields, as the screen lists them: (label, the fields making up the value).
LEAD_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Name", ("Salutation", "FirstName", "LastName")),
    ("Title", ("Title",)),
    ("Company", ("Company",)),
    ("Email", ("Email",)),
    ("Phone", ("Phone",)),
    ("Mobile", ("MobilePhone",)),
    ("Address", ("Street", "PostalCode", "City", "State", "Country")),
    ("Website", ("Website",)),
    ("Industry", ("Industry",)),
    ("Lead source", ("LeadSource",)),
    ("Status", ("Status",)),
)
SEARCH_LIMIT = 50  # accounts listed for a search
CANDIDATE_LIMIT = 30  # candidates (of any object) read from matching
# What a preview row says the conversion does to a field.
NEW_VALUE, FILL, KEEP = "new", "fill", "keep"
CHANGE_WORDS = {NEW_VALUE: "set", FILL: "fills a blank", KEEP: "kept"}
_LINK_FIELDS = frozenset({"AccountId", "ContactId"})  # shown in a section's heading instead
_LABELS = {"OwnerId": "Owner"}


@dataclass(frozen=True, slots=True)
class AccountChoice:
    record_id: str
    name: str
    place: str  # city and country
    score: float | None = None  # the matching score; None: not a candidate of the lead
    warnings: tuple[str, ...] = ()  # customer, open_deal

    def text(self, *, multiline: bool = False) -> str:
        """Name, place, score and what it warns about; multiline: the name on a line of its
        own."""
        parts = []
        if self.place:
            parts.append(self.place)
        if self.score is not None:
            parts.append(f"match {score_text(self.score)}")
        parts.extend(warning_label(w) for w in self.warnings)
        name = self.name or self.record_id
        if not parts:
            return name
        return f"{name}{chr(10) if multiline else ' · '}{' · '.join(parts)}"


@dataclass(frozen=True, slots=True)
class ContactChoice:
    record_id: str
    account_id: str
    name: str
    email: str
    score: float | None = None

    def text(self) -> str:
        parts = [self.name or self.record_id]
        if self.email:
            parts.append(self.email)
        if self.score is not None:
            parts.append(f"match {score_text(self.score)}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class UserChoice:
    user_id: str
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class Readiness:
    """The checklist's stored verdict, as the screen says it."""

    checked: bool
    ready: bool
    reason: str
    failing: tuple[str, ...]  # labels of the items in the way


@dataclass(frozen=True, slots=True)
class LeadFacts:
    """Everything the convert screen shows about one lead when it opens."""

    lead_id: str
    name: str
    company: str
    converted: bool
    fields: tuple[tuple[str, str], ...]  # (label, text) of the key fields
    readiness: Readiness
    warnings: tuple[str, ...]  # words of the lead's match warnings, customer first
    warning_lines: tuple[str, ...]  # each warning as a sentence naming the record
    accounts: tuple[AccountChoice, ...]  # matching candidates, best first
    contacts: tuple[ContactChoice, ...]  # contact candidates, best first
    matched_account: str | None  # the account matching found for the lead
    matched_contact: str | None  # ... and the contact it already is
    owner_id: str
    users: tuple[UserChoice, ...]  # who may own the records: active users, the lead's owner
    converted_statuses: tuple[str, ...]
    disqualified_statuses: tuple[str, ...]

    def contacts_of(self, account_id: str | None) -> list[ContactChoice]:
        """The contacts of an existing account the lead may already be, best first."""
        if account_id is None:
            return []
        return [c for c in self.contacts if c.account_id == account_id]


@dataclass(frozen=True, slots=True)
class Choices:
    """What the steward chose on the screen."""

    account_id: str | None = None  # None: a new account
    contact_id: str | None = None  # None: a new contact
    opportunity: str | None = None  # None: none; '' named after the company
    status: str | None = None  # None: the first converted status
    owner_id: str | None = None  # None: the lead's owner
    override: str = ""
    overwrite_lead_source: bool = False


@dataclass(frozen=True, slots=True)
class PreviewRow:
    field: str  # the field's label
    value: str  # what it will hold
    change: str  # NEW_VALUE, FILL or KEEP
    lead_value: str = ""  # for a kept field: what the lead has instead


@dataclass(frozen=True, slots=True)
class PreviewSection:
    object_name: str
    heading: str
    rows: tuple[PreviewRow, ...]


class ConvertSource:
    """Reads what the convert screen shows, and plans the steward's choices. Each call takes
    its own connection and a few milliseconds; nothing here writes."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._facts: dict[str, set[str]] | None = None

    def read(self, lead_id: str) -> LeadFacts:
        """The lead as the screen opens on it (ConvertProblem when it is not there)."""
        with self.workspace.engine.connect() as connection:
            settings = load_settings(connection)
            return _read(connection, settings, lead_id, self._account_facts(connection))

    def search_accounts(
        self, text: str, known: Sequence[AccountChoice] = (), *, limit: int = SEARCH_LIMIT
    ) -> list[AccountChoice]:
        """Accounts whose name (or other searchable text) matches, in import order; those
        known as candidates keep their score."""
        scores = {a.record_id: a.score for a in known}
        with self.workspace.engine.connect() as connection:
            pks = list(browse.ids(connection, "Account", search=text)[:limit])
            found = browse.rows(
                connection, "Account", pks, ["Id", "Name", "BillingCity", "BillingCountry"]
            )
            facts = self._account_facts(connection)
        choices = []
        for pk in pks:
            if pk not in found:
                continue
            record_id, name, city, country = found[pk]
            place = ", ".join(p for p in (city, country) if p)
            warnings = tuple(w for w in ("customer", "open_deal") if w in facts.get(record_id, ()))
            choices.append(AccountChoice(record_id, name, place, scores.get(record_id), warnings))
        return choices

    def plan(self, lead_id: str, choices: Choices) -> ConvertPlan:
        """The plan of these choices; ConvertProblem says what stands in the way."""
        with self.workspace.engine.connect() as connection:
            settings = load_settings(connection)
            return plan_lead(
                connection,
                settings,
                lead_id,
                account_id=choices.account_id or NEW,
                contact_id=choices.contact_id,
                opportunity=choices.opportunity,
                status=choices.status,
                owner_id=choices.owner_id,
                override=choices.override,
                overwrite_lead_source=choices.overwrite_lead_source,
            )

    def lead_values(self, lead_id: str) -> dict[tuple[str, str], str]:
        """Per (object, field) a conversion copies to, the lead's value as text: what a kept
        field of an existing record would have been."""
        with self.workspace.engine.connect() as connection:
            settings = load_settings(connection)
            lead = read_record(connection, "Lead", lead_id)
        mapping = {**STANDARD_MAPPING, **settings.mapping()}
        values: dict[tuple[str, str], str] = {}
        for source, targets in mapping.items():
            text = _text("Lead", source, lead.get(source))
            if text:
                for target in targets:
                    values[target] = text
        return values

    def _account_facts(self, connection: Connection) -> dict[str, set[str]]:
        if self._facts is None:
            self._facts = account_facts(connection)
        return self._facts


def _read(
    connection: Connection, settings: Settings, lead_id: str, facts: Mapping[str, set[str]]
) -> LeadFacts:
    lead = read_record(connection, "Lead", lead_id)
    fields = []
    for label, names in LEAD_FIELDS:
        parts = [_text("Lead", n, lead.get(n)) for n in names]
        if label == "Address":  # street, "postcode city", state, country
            parts = [parts[0], " ".join(p for p in parts[1:3] if p), *parts[3:]]
            fields.append((label, ", ".join(p for p in parts if p)))
        else:
            fields.append((label, " ".join(p for p in parts if p)))
    owner_id = str(lead.get("OwnerId") or "")
    users = _users(connection, owner_id)
    owner = next((u.name for u in users if u.user_id == owner_id), owner_id)
    fields.append(("Owner", owner))
    comparison = compare_lead(
        connection, lead_id, settings.matching(), facts, limit=CANDIDATE_LIMIT
    )
    candidates = comparison.candidates if comparison is not None else []
    accounts = [
        AccountChoice(c.record_id, c.title, _place(c.cells), c.score, c.warnings)
        for c in sorted(candidates, key=lambda c: -(c.score or 0.0))
        if c.object_name == "Account"
    ]
    contacts = [
        ContactChoice(
            c.record_id, c.account_id, c.title, c.cells["email"].value if "email" in c.cells
            else "", c.score,
        )
        for c in sorted(candidates, key=lambda c: -(c.score or 0.0))
        if c.object_name == "Contact"
    ]  # fmt: skip
    summary = lead_match(connection, lead_id)
    matched_account = summary.account_id if summary is not None else None
    matched_contact = summary.contact_id if summary is not None else None
    warnings = tuple(summary.warnings.split()) if summary is not None else ()
    # The matched records are choices even when they are no longer among the best candidates.
    if matched_account and all(a.record_id != matched_account for a in accounts):
        found = _account_choice(connection, matched_account, facts, summary)
        if found is not None:
            accounts.insert(0, found)
    if matched_contact and all(c.record_id != matched_contact for c in contacts):
        found_contact = _contact_choice(connection, matched_contact, summary)
        if found_contact is not None:
            contacts.insert(0, found_contact)
    by_id = {a.record_id: a for a in accounts}
    contacts_by_id = {c.record_id: c for c in contacts}
    lines = _warning_lines(
        warnings,
        by_id.get(matched_account or ""),
        contacts_by_id.get(matched_contact or ""),
        by_id,
    )
    return LeadFacts(
        lead_id,
        " ".join(
            p for p in (_text("Lead", n, lead.get(n)) for n in ("FirstName", "LastName")) if p
        ),
        _text("Lead", "Company", lead.get("Company")),
        bool(lead.get("IsConverted")),
        tuple(fields),
        _readiness(connection, settings, lead_id),
        warnings,
        tuple(lines),
        tuple(accounts),
        tuple(contacts),
        matched_account,
        matched_contact,
        owner_id,
        tuple(users),
        settings.converted_statuses,
        settings.disqualified_statuses,
    )


def _readiness(connection: Connection, settings: Settings, lead_id: str) -> Readiness:
    verdict = stored_verdict(connection, lead_id)
    if verdict is None:
        return Readiness(False, False, "Not checked yet: the checklist has no verdict on it", ())
    try:
        template = settings.template()
        labels = {item.id: item.label for item in template.items}
    except ValueError:
        labels = {}
    labels |= SUB_CHECK_LABELS
    failing = tuple(labels.get(check, check.capitalize()) for check in verdict.failing)
    return Readiness(True, verdict.ready, verdict.reason, failing)


def _warning_lines(
    warnings: Sequence[str],
    account: AccountChoice | None,
    contact: ContactChoice | None,
    accounts: Mapping[str, AccountChoice],
) -> list[str]:
    """Each warning as a sentence that names the record it is about."""
    named = account.name if account is not None else "the matched account"
    score = f" (match {score_text(account.score)})" if account and account.score else ""
    lines = []
    for word in warnings:
        if word == "customer":
            lines.append(f"Existing customer: the lead matches {named}{score}, a customer.")
        elif word == "open_deal":
            lines.append(f"Open deal: {named} is in an open opportunity.")
        elif word == "contact":
            who = contact.name if contact is not None else "a contact"
            where = accounts.get(contact.account_id) if contact is not None else None
            at = f" of {where.name}" if where is not None else ""
            match = f" (match {score_text(contact.score)})" if contact and contact.score else ""
            lines.append(f"Already a contact: the lead is {who}{at}{match}.")
        else:
            lines.append(f"{warning_label(word)}.")
    return lines


def _users(connection: Connection, owner_id: str) -> list[UserChoice]:
    """The active users by name, and the lead's owner even when inactive."""
    user = User
    rows = connection.execute(
        select(user.Id, user.FirstName, user.LastName, user.Username, user.IsActive).where(
            (user.IsActive.is_(True)) | (user.Id == owner_id)
        )
    ).all()
    users = []
    for record_id, first, last, username, active in rows:
        name = " ".join(p for p in (first, last) if p) or username or record_id
        users.append(UserChoice(record_id, name, bool(active)))
    users.sort(key=lambda u: (u.name.casefold(), u.user_id))
    return users


def _account_choice(
    connection: Connection, account_id: str, facts: Mapping[str, set[str]], summary: Any
) -> AccountChoice | None:
    account = Account
    row = connection.execute(
        select(account.Name, account.BillingCity, account.BillingCountry).where(
            account.Id == account_id
        )
    ).first()
    if row is None:
        return None
    place = ", ".join(p for p in (row[1], row[2]) if p)
    warnings = tuple(w for w in ("customer", "open_deal") if w in facts.get(account_id, ()))
    return AccountChoice(account_id, row[0] or "", place, summary.account_score, warnings)


def _contact_choice(connection: Connection, contact_id: str, summary: Any) -> ContactChoice | None:
    contact = Contact
    row = connection.execute(
        select(contact.FirstName, contact.LastName, contact.Email, contact.AccountId).where(
            contact.Id == contact_id
        )
    ).first()
    if row is None:
        return None
    name = " ".join(p for p in (row[0], row[1]) if p)
    return ContactChoice(contact_id, row[3] or "", name, row[2] or "", summary.contact_score)


def _place(cells: Mapping[str, Any]) -> str:
    cell = cells.get("address")
    if cell is None or not cell.value:
        return ""
    # The grid's address ends with "postcode city, country": the last two parts name the place.
    parts = [p.strip() for p in str(cell.value).split(",")]
    return ", ".join(parts[-2:]) if len(parts) >= 2 else parts[0]


def _text(object_name: str, name: str, value: object) -> str:
    kind = OBJECTS[object_name].fields.get(name)
    return " ".join(browse.display(kind, value).split())


# ---- the plan as rows ----------------------------------------------------------------------


def preview(
    plan: ConvertPlan,
    names: Mapping[str, str],
    lead_values: Mapping[tuple[str, str], str] | None = None,
) -> list[PreviewSection]:
    """What the plan creates, fills and keeps, a section per record; names: display names of
    the ids it mentions (accounts, contacts, users)."""
    lead_values = lead_values or {}
    account_name = (
        names.get(plan.account.record_id, plan.account.record_id)
        if plan.account.record_id
        else str(plan.account.values.get("Name") or "the new account")
    )
    sections = [
        _section(plan.account, names, lead_values, new=f"New account: {account_name}",
                 existing=f"Account {account_name}"),
        _section(plan.contact, names, lead_values,
                 new=f"New contact: {_person(plan.contact.values)}, in {account_name}",
                 existing=f"Contact {names.get(plan.contact.record_id or '', '')}".strip()),
    ]  # fmt: skip
    if plan.opportunity is not None:
        name = str(plan.opportunity.values.get("Name") or "")
        sections.append(
            _section(plan.opportunity, names, lead_values,
                     new=f"New opportunity: {name}, in {account_name}", existing=name)
        )  # fmt: skip
    lead_rows = [PreviewRow("Status", plan.status, NEW_VALUE),
                 PreviewRow("Converted", "Yes", NEW_VALUE)]  # fmt: skip
    if plan.override:
        lead_rows.append(PreviewRow("Converted although not ready", plan.override, NEW_VALUE))
    sections.append(PreviewSection("Lead", "The lead is closed as converted", tuple(lead_rows)))
    return sections


def _section(
    target: Target,
    names: Mapping[str, str],
    lead_values: Mapping[tuple[str, str], str],
    *,
    new: str,
    existing: str,
) -> PreviewSection:
    object_name = target.object_name
    rows: list[PreviewRow] = []
    change = NEW_VALUE if target.record_id is None else FILL
    for name, value in target.values.items():
        if name in _LINK_FIELDS:
            continue
        rows.append(PreviewRow(_label(name), _shown(object_name, name, value, names), change))
    for name, value in target.kept.items():
        rows.append(
            PreviewRow(
                _label(name),
                _shown(object_name, name, value, names),
                KEEP,
                lead_values.get((object_name, name), ""),
            )
        )
    if target.record_id is None:
        heading = new
    else:
        filled = sum(r.change == FILL for r in rows)
        kept = len(rows) - filled
        what = []
        if filled:
            what.append(f"fills {filled} blank field{'s' if filled != 1 else ''}")
        if kept:
            what.append(f"keeps {kept} of its own")
        heading = f"{existing}: {', '.join(what) if what else 'left as it is'}"
    return PreviewSection(object_name, heading, tuple(rows))


def _label(name: str) -> str:
    return _LABELS.get(name) or field_label(name)


def _shown(object_name: str, name: str, value: object, names: Mapping[str, str]) -> str:
    if name == "OwnerId" and isinstance(value, str):
        return names.get(value, value)
    return _text(object_name, name, value)


def _person(values: Mapping[str, object]) -> str:
    parts = [str(values.get(n) or "").strip() for n in ("FirstName", "LastName")]
    return " ".join(p for p in parts if p) or "(no name)"
