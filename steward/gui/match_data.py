"""What the match screen shows for one lead, read from the workspace: the lead and its
candidates as cards of field values, each candidate's cells carrying the agreement and note of
its reasons, its score, its warnings and the steward's decision.

The values are the records' own fields (what the steward knows them by); the reasons compared
normalised keys, which the tooltips show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from steward.core.matching.explain import Agreement, Reason
from steward.core.matching.rules import Rules
from steward.jobs.match import WARNING_WORDS, candidates
from steward.store.matching import DIFFERENT, DUPLICATE, MEMBER, lead_match

# The grid's field rows: (key, label). A candidate's reasons land on them by comparator.
FIELD_ROWS = (
    ("name", "Name"),
    ("company", "Company"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("address", "Address"),
    ("domain", "Web domain"),
)
_ROW_OF_COMPARE = {
    "first_name": "name",
    "last_name": "name",
    "email": "email",
    "phone": "phone",
    "company": "company",
    "domain": "domain",
    "address": "address",
}
# Worst first: a row's agreement is that of its least agreeing reason (a name whose last name
# differs is a different name, however well the first name agrees).
_AGREEMENT_ORDER = (Agreement.DIFFERENT, Agreement.SIMILAR, Agreement.SAME)
VERDICT_WORDS = {
    DIFFERENT: "Not a duplicate",
    DUPLICATE: "Duplicate",
    MEMBER: "Linked: same company",
}
OBJECT_ORDER = {"Account": 0, "Contact": 1, "Lead": 2}

# Per object: Id, first, last, company, email, phone, mobile, street, postcode, city, country,
# website, the account whose customer and deal facts count, pk.
_CARD_SQL = {
    "Lead": (
        'SELECT t."Id", t."FirstName", t."LastName", t."Company", t."Email", t."Phone", '
        't."MobilePhone", t."Street", t."PostalCode", t."City", t."Country", t."Website", '
        'NULL, t.pk FROM lead t WHERE t."Id" IN ({marks})'
    ),
    "Contact": (
        'SELECT t."Id", t."FirstName", t."LastName", a."Name", t."Email", t."Phone", '
        't."MobilePhone", t."MailingStreet", t."MailingPostalCode", t."MailingCity", '
        't."MailingCountry", a."Website", t."AccountId", t.pk '
        'FROM contact t LEFT JOIN account a ON a."Id" = t."AccountId" WHERE t."Id" IN ({marks})'
    ),
    "Account": (
        'SELECT t."Id", NULL, NULL, t."Name", NULL, t."Phone", NULL, t."BillingStreet", '
        't."BillingPostalCode", t."BillingCity", t."BillingCountry", t."Website", t."Id", t.pk '
        'FROM account t WHERE t."Id" IN ({marks})'
    ),
}


@dataclass(frozen=True, slots=True)
class Cell:
    value: str
    agreement: Agreement | None = None  # None: not compared (the lead's own column)
    note: str = ""  # 'nickname', 'names swapped', ...
    reason: str = ""  # the reasons' words, with what was compared


@dataclass(frozen=True, slots=True)
class Card:
    """One record of the grid: the lead itself (score None) or a candidate."""

    object_name: str
    record_id: str
    pk: int
    title: str
    cells: Mapping[str, Cell]
    score: float | None = None
    verdict: str = ""
    warnings: tuple[str, ...] = ()  # words of WARNING_WORDS
    reasons: tuple[Reason, ...] = ()
    account_id: str = ""


@dataclass(frozen=True, slots=True)
class Comparison:
    lead: Card
    candidates: list[Card]
    threshold: float
    warnings: tuple[str, ...] = ()  # the lead's own, from the latest matching
    account: Card | None = None  # what the warnings are about: the lead's best account ...
    contact: Card | None = None  # ... and the contact it already is


def score_text(score: float) -> str:
    """A score in percent; never "100%" for a score below 1, which would read as certain."""
    if score >= 1.0:
        return "100%"
    if score >= 0.995:
        return f"{min(score, 0.999):.1%}"
    return f"{score:.0%}"


def _record_values(row: Sequence[Any]) -> tuple[dict[str, str], str]:
    """The grid's field values and a title from one _CARD_SQL row."""
    text = ["" if value is None else str(value).strip() for value in row]
    first, last, company, email, phone, mobile = text[1:7]
    street, postcode, city, country, web = text[7:12]
    name = " ".join(part for part in (first, last) if part)
    place = " ".join(part for part in (postcode, city) if part)
    # A street may hold line breaks: one line in a grid cell, which wraps it as it needs.
    street = " ".join(street.split())
    address = ", ".join(part for part in (street, place, country) if part)
    values = {
        "name": name,
        "company": company,
        "email": email,
        "phone": " / ".join(part for part in (phone, mobile) if part),
        "address": address,
        "domain": web,
    }
    return values, name or company


def read_cards(
    connection: Connection, object_name: str, ids: Iterable[str]
) -> dict[str, tuple[dict[str, str], str, str, int]]:
    """Per record id: (field values by row key, title, account id, pk)."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, tuple[dict[str, str], str, str, int]] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        sql = _CARD_SQL[object_name].format(marks=", ".join("?" * len(chunk)))
        for row in connection.exec_driver_sql(sql, tuple(chunk)):
            values, title = _record_values(row)
            found[str(row[0])] = (values, title, str(row[12] or ""), int(row[13]))
    return found


def candidate_cells(values: Mapping[str, str], reasons: Sequence[Reason]) -> dict[str, Cell]:
    """A candidate's cells: its own values, coloured by the reasons that compared them."""
    by_row: dict[str, list[Reason]] = {}
    for reason in reasons:
        by_row.setdefault(_ROW_OF_COMPARE.get(reason.compare, reason.compare), []).append(reason)
    cells: dict[str, Cell] = {}
    for key, _label in FIELD_ROWS:
        value = values.get(key, "")
        found = by_row.get(key, [])
        if not found:
            cells[key] = Cell(value)  # this pair's rule does not compare the field
            continue
        present = [r.agreement for r in found if r.agreement is not Agreement.MISSING]
        agreement = (
            next(a for a in _AGREEMENT_ORDER if a in present) if present else Agreement.MISSING
        )
        notes = list(dict.fromkeys(r.note for r in found if r.note))
        words = []
        for r in found:
            compared = f" ({r.left or '–'} ↔ {r.right or '–'})" if r.left or r.right else ""
            words.append(r.text() + compared)
        # A value the record leaves blank may still have been compared (a web domain read
        # from the email address): show what was compared rather than nothing.
        shown = value or " / ".join(dict.fromkeys(r.right for r in found if r.right))
        cells[key] = Cell(shown, agreement, ", ".join(notes), "\n".join(words))
    return cells


def candidate_warnings(
    object_name: str, account_id: str, facts: Mapping[str, set[str]]
) -> tuple[str, ...]:
    """What a lead matched to this record warns about, in WARNING_WORDS order."""
    found = set(facts.get(account_id, set())) if account_id else set()
    if object_name == "Contact":
        found.add("contact")
    return tuple(word for word in WARNING_WORDS if word in found)


def compare_lead(
    connection: Connection,
    lead_id: str,
    rules: Rules,
    facts: Mapping[str, set[str]],
    *,
    limit: int = 12,
) -> Comparison | None:
    """The lead and its candidates, grouped by object and best first (the limit best ones, and
    any the steward decided on), or None when the lead is gone."""
    own = read_cards(connection, "Lead", [lead_id]).get(lead_id)
    if own is None:
        return None
    values, title, _account, pk = own
    lead = Card("Lead", lead_id, pk, title, {k: Cell(v) for k, v in values.items()})
    found = candidates(connection, "Lead", lead_id, rules=rules)
    # Grouped by object, accounts first (linking one decides what a conversion does), then
    # best first within each.
    found.sort(key=lambda c: (OBJECT_ORDER.get(c.object_name, 9), -c.score, c.record_id))
    ranked = sorted(found, key=lambda c: -c.score)[:limit]
    shown = [c for c in found if c in ranked or c.verdict]
    records: dict[str, dict[str, tuple[dict[str, str], str, str, int]]] = {}
    for object_name in {c.object_name for c in shown}:
        ids = [c.record_id for c in shown if c.object_name == object_name]
        records[object_name] = read_cards(connection, object_name, ids)
    cards: list[Card] = []
    for candidate in shown:
        record = records[candidate.object_name].get(candidate.record_id)
        if record is None:
            continue
        other_values, other_title, account_id, other_pk = record
        cards.append(
            Card(
                candidate.object_name,
                candidate.record_id,
                other_pk,
                other_title,
                candidate_cells(other_values, candidate.reasons),
                candidate.score,
                candidate.verdict,
                candidate_warnings(candidate.object_name, account_id, facts),
                tuple(candidate.reasons),
                account_id,
            )
        )
    summary = lead_match(connection, lead_id)
    if summary is None:
        return Comparison(lead, cards, rules.threshold)
    account = contact = None
    if summary.account_id:
        account = _plain_card(connection, "Account", summary.account_id)
    if summary.contact_id:
        contact = _plain_card(connection, "Contact", summary.contact_id)
    return Comparison(
        lead,
        cards,
        rules.threshold,
        tuple(summary.warnings.split()),
        account,
        contact,
    )


def _plain_card(connection: Connection, object_name: str, record_id: str) -> Card | None:
    record = read_cards(connection, object_name, [record_id]).get(record_id)
    if record is None:
        return None
    values, title, account_id, pk = record
    cells = {k: Cell(v) for k, v in values.items()}
    return Card(object_name, record_id, pk, title, cells, account_id=account_id)
