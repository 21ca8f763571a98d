"""Lead.csv: ordinary leads plus the planted phenomena a data steward has to find.

Which lead is what is decided up front in a compact plan (three arrays, one entry per lead),
so leads can be written in independent chunks, in order, without holding any rows.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field, replace
from typing import Any

from steward.demo import geo, phones, vocab
from steward.demo.model import (
    TAG_DUPLICATE,
    TAG_LEAD_CHUNK,
    TAG_PLAN,
    TAG_SAME_NAME,
    World,
    person,
    record_id,
    seeded,
)
from steward.demo.names import COMMON_NAMES
from steward.demo.prospects import (
    Prospect,
    from_contact,
    junk,
    pick_variations,
    prospect,
    vary,
)
from steward.demo.rand import below, between, pick
from steward.demo.rows import (
    columns,
    country_text,
    csv_line,
    projector,
    state_text,
    street_text,
)
from steward.demo.text import (
    DAY,
    REFERENCE,
    STALE_BEFORE,
    START,
    bag,
    company_spelling,
    date_text,
    datetime_text,
    float_text,
)

LEAD_COLUMNS = columns(
    "Id IsDeleted MasterRecordId LastName FirstName Salutation Title Company Street City State "
    "PostalCode Country Latitude Longitude GeocodeAccuracy Phone MobilePhone Fax Email Website "
    "Description LeadSource Status Industry Rating AnnualRevenue NumberOfEmployees OwnerId "
    "HasOptedOutOfEmail IsConverted ConvertedDate ConvertedAccountId ConvertedContactId "
    "ConvertedOpportunityId IsUnreadByOwner CreatedDate CreatedById LastModifiedDate "
    "LastModifiedById SystemModstamp LastActivityDate DoNotCall HasOptedOutOfFax "
    "EmailBouncedReason EmailBouncedDate CleanStatus Lead_Score__c Region__c "
    "Preferred_Language__c"
)
CHUNK = 5000  # leads per chunk; fixed, so the output does not depend on how chunks are run

NORMAL, STALE, DUPLICATE, OF_ACCOUNT, OF_CONTACT, CONVERTED, JUNK, SAME_NAME = range(8)
KIND_NAMES = (
    "normal",
    "stale",
    "duplicate",
    "of_account",
    "of_contact",
    "converted",
    "junk",
    "same_name",
)
_OPEN = ("Open - Not Contacted", "Working - Contacted")
_SOURCE_BAG = bag(vocab.LEAD_SOURCES)
_RATING_BAG = bag(vocab.RATINGS)
_CLEAN_BAG = bag(vocab.CLEAN_STATUSES)
_BOOL = ("false", "true")
_lay_out = projector(LEAD_COLUMNS)


@dataclass(slots=True)
class Plan:
    kind: array[int]
    first: array[int]  # the group, account, contact or pair a planted lead belongs to
    second: array[int]  # the member number within a group or pair
    counts: dict[str, int] = field(default_factory=dict)


def plan(world: World) -> Plan:
    """Decide which lead is planted as what; the rest are ordinary leads."""
    n = world.leads
    rng = seeded(world.seed, TAG_PLAN, 0)
    converted = min(round(n * 0.08), world.contacts // 2) if world.accounts else 0
    of_contact = min(round(n * 0.05), world.contacts - converted) if world.accounts else 0
    of_account = round(n * 0.125) if world.accounts else 0
    junk_count, pairs, stale = round(n * 0.04), round(n * 0.01), round(n * 0.10)
    groups = [pick(rng, (2, 2, 2, 2, 2, 3, 3, 3, 4, 4)) for _ in range(round(n * 0.06))]
    planted = converted + of_contact + of_account + junk_count + 2 * pairs + stale + sum(groups)
    if planted > n:  # tiny orgs: shrink every phenomenon alike
        scale = n / planted
        converted, of_contact, of_account = (
            int(x * scale) for x in (converted, of_contact, of_account)
        )
        junk_count, pairs, stale = int(junk_count * scale), int(pairs * scale), int(stale * scale)
        groups = groups[: int(len(groups) * scale)]
    entries: list[tuple[int, int, int]] = []
    people = rng.sample(range(world.contacts), converted + of_contact) if world.contacts else []
    entries += [(CONVERTED, c, 0) for c in people[:converted]]
    entries += [(OF_CONTACT, c, 0) for c in people[converted:]]
    entries += [(OF_ACCOUNT, below(rng, world.accounts), 0) for _ in range(of_account)]
    entries += [(JUNK, 0, 0) for _ in range(junk_count)]
    entries += [(SAME_NAME, pair, m) for pair in range(pairs) for m in (0, 1)]
    entries += [(STALE, 0, 0) for _ in range(stale)]
    entries += [(DUPLICATE, g, m) for g, size in enumerate(groups) for m in range(size)]
    result = Plan(array("b", bytes(n)), array("q", bytes(8 * n)), array("q", bytes(8 * n)))
    for at, (kind, first, second) in zip(rng.sample(range(n), len(entries)), entries, strict=True):
        result.kind[at], result.first[at], result.second[at] = kind, first, second
    result.counts = {name: 0 for name in KIND_NAMES}
    for kind, _, _ in entries:
        result.counts[KIND_NAMES[kind]] += 1
    result.counts["normal"] = n - len(entries)
    result.counts["duplicate_groups"] = len(groups)
    result.counts["same_name_pairs"] = pairs
    return result


Event = tuple[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Conversion:
    """Where a converted lead went."""

    account_id: str
    contact_id: str
    opportunity_id: str
    at: int
    lead_source: str


_NOT_CONVERTED = Conversion("", "", "", 0, "")


def chunk_text(world: World, lead_plan: Plan, number: int, detail: bool) -> tuple[str, list[Event]]:
    """The CSV text of chunk `number` of Lead.csv (no header) and the truth it plants."""
    rng = seeded(world.seed, TAG_LEAD_CHUNK, number)
    lines: list[str] = []
    events: list[Event] = []
    for at in range(number * CHUNK, min(world.leads, (number + 1) * CHUNK)):
        row = lead_row(world, lead_plan, at, rng, events if detail else None)
        lines.append(csv_line(_lay_out(row)))
    return "".join(lines), events


def lead_row(
    world: World, lead_plan: Plan, at: int, rng: random.Random, events: list[Event] | None
) -> dict[str, str]:
    kind, first, second = lead_plan.kind[at], lead_plan.first[at], lead_plan.second[at]
    lead_id = record_id("Lead", at)
    converted: Conversion | None = None
    if kind == DUPLICATE:
        p, variations = _duplicate(world, rng, first, second)
        _note(
            events,
            "duplicate",
            {"group": first, "member": second, "lead_id": lead_id, "variations": variations},
        )
    elif kind == OF_ACCOUNT:
        p = _of_account(world, rng, first)
        if events is not None:
            customer, has_open = world.account_status(first)
            events.append(
                (
                    "of_account",
                    {
                        "lead_id": lead_id,
                        "account_id": record_id("Account", first),
                        "is_customer": customer,
                        "has_open_opportunity": has_open,
                    },
                )
            )
    elif kind == OF_CONTACT:
        p, variations = _of_contact(world, rng, first)
        _note(
            events,
            "of_contact",
            {
                "lead_id": lead_id,
                "contact_id": record_id("Contact", first),
                "account_id": record_id("Account", world.account_of_contact(first)),
                "variations": variations,
            },
        )
    elif kind == CONVERTED:
        contact = world.contact(first)
        p = from_contact(world, contact)
        a = contact.account
        opps = range(world.opportunity_start[a], world.opportunity_start[a + 1])
        opp = record_id("Opportunity", pick(rng, opps)) if opps and rng.random() < 0.7 else ""
        converted = Conversion(
            record_id("Account", a), contact.id, opp, contact.created, contact.lead_source
        )
        _note(
            events,
            "converted",
            {
                "lead_id": lead_id,
                "account_id": converted.account_id,
                "contact_id": contact.id,
                "opportunity_id": opp,
            },
        )
    elif kind == JUNK:
        p, reasons = junk(rng, world, person(rng, pick(rng, _JUNK_COUNTRIES)))
        _note(events, "junk", {"lead_id": lead_id, "reasons": reasons})
    elif kind == SAME_NAME:
        p = _same_name(world, first, second)
        _note(
            events,
            "same_name",
            {"pair": first, "member": second, "lead_id": lead_id, "name": f"{p.first} {p.last}"},
        )
    else:
        iso = pick(rng, _COUNTRY_BAG)
        company = world.lead_company(rng)
        p = prospect(rng, person(rng, company.iso if rng.random() < 0.9 else iso), company)
        if kind == STALE:
            _note(events, "stale", {"lead_id": lead_id})
    return _fill(world, rng, lead_id, p, kind, converted)


def _note(events: list[Event] | None, key: str, payload: dict[str, object]) -> None:
    if events is not None:
        events.append((key, payload))


_COUNTRY_BAG = tuple(iso for iso in geo.COUNTRY_CODES for _ in range(geo.COUNTRIES[iso].weight))
_JUNK_COUNTRIES = ("US", "US", "US", "GB", "CA", "AU", "DE")


def _duplicate(
    world: World, rng: random.Random, group: int, member: int
) -> tuple[Prospect, list[str]]:
    base_rng = seeded(world.seed, TAG_DUPLICATE, group)
    company = world.lead_company(base_rng)
    base = prospect(base_rng, person(base_rng, company.iso), company)
    if member == 0:
        return base, []
    kinds = pick_variations(rng, base, pick(rng, (1, 1, 2, 2, 2, 3)))
    return vary(rng, base, kinds, company.brand, company.suffix), kinds


def _of_account(world: World, rng: random.Random, index: int) -> Prospect:
    company = world.account(index).company
    name = (
        company.name
        if rng.random() < 0.3
        else company_spelling(rng, company.brand, company.suffix)[0]
    )
    return prospect(rng, person(rng, company.iso), company, company_name=name)


def _of_contact(world: World, rng: random.Random, index: int) -> tuple[Prospect, list[str]]:
    contact = world.contact(index)
    company = world.account(contact.account).company
    base = from_contact(world, contact)
    kinds = pick_variations(rng, base, pick(rng, (1, 2, 2, 3)))
    if "company_spelling" not in kinds and rng.random() < 0.5:
        kinds.append("company_spelling")
    return vary(rng, base, kinds, company.brand, company.suffix), kinds


def _same_name(world: World, pair: int, member: int) -> Prospect:
    """Two different people who share a common name: other companies, other cities."""
    rng = seeded(world.seed, TAG_SAME_NAME, pair)
    culture, gender, first, last = COMMON_NAMES[pair % len(COMMON_NAMES)]
    made: list[Prospect] = []
    while len(made) < 2:
        company = world.lead_company(rng)
        who = replace(person(rng, company.iso, culture, gender == "f"), first=first, last=last)
        p = prospect(rng, who, company)
        if not made or (p.company != made[0].company and p.city.name != made[0].city.name):
            made.append(p)
    return made[member]


def _fill(
    world: World,
    rng: random.Random,
    lead_id: str,
    p: Prospect,
    kind: int,
    converted: Conversion | None,
) -> dict[str, str]:
    """The whole row: the person's fields plus status, dates, owner and the extra columns."""
    country = geo.COUNTRIES[p.iso]
    if converted is not None:
        status = "Closed - Converted"
        converted_at = converted.at
        created = max(START, converted_at - between(rng, 1, 120) * DAY)
        touched = converted_at
        last_activity = date_text(converted_at) if rng.random() < 0.6 else ""
    else:
        if kind == STALE:
            status = pick(rng, _OPEN)
            created = START + int(rng.random() * (STALE_BEFORE - START - 60 * DAY))
            touched = created + int(rng.random() * (STALE_BEFORE - created - DAY))
            last_activity = date_text(touched)
        else:
            roll = rng.random()
            status = (
                _OPEN[0] if roll < 0.38 else _OPEN[1] if roll < 0.7 else ("Closed - Not Converted")
            )
            created = START + int(rng.random() ** 0.6 * (REFERENCE - START - DAY))
            touched = created + int(rng.random() ** 2 * (REFERENCE - created))
            last_activity = ""
            if status in _OPEN and created < STALE_BEFORE:  # still worked on: not stale
                worked = (
                    STALE_BEFORE + DAY + int(rng.random() * (REFERENCE - STALE_BEFORE - 2 * DAY))
                )
                last_activity = date_text(worked)
                touched = max(touched, min(REFERENCE, worked + below(rng, DAY)))
            elif rng.random() < 0.55:
                last_activity = date_text(created + int(rng.random() * (REFERENCE - created)))
        converted = _NOT_CONVERTED
    owner = world.owner(rng) if rng.random() < 0.95 else world.user_ids[0]
    geocoded = p.street and rng.random() < 0.3
    bounced = rng.random() < 0.02
    stamp = touched if rng.random() < 0.7 or kind == STALE else min(REFERENCE, touched + DAY)
    return {
        "Id": lead_id,
        "IsDeleted": "false",
        "MasterRecordId": "",
        "LastName": p.last,
        "FirstName": p.first,
        "Salutation": p.salutation,
        "Title": p.title,
        "Company": p.company,
        "Street": street_text(rng, p.street, p.iso, 0.03) if p.street else "",
        "City": p.city.name if rng.random() < 0.95 else "",
        "State": state_text(rng, p.city, p.iso) if rng.random() < 0.9 else "",
        "PostalCode": p.postal if rng.random() < 0.92 else "",
        "Country": country_text(rng, p.iso, 0.65),
        "Latitude": f"{p.city.lat + rng.uniform(-0.05, 0.05):.6f}" if geocoded else "",
        "Longitude": f"{p.city.lon + rng.uniform(-0.05, 0.05):.6f}" if geocoded else "",
        "GeocodeAccuracy": pick(rng, vocab.GEOCODE_ACCURACIES) if geocoded else "",
        "Phone": p.phone_text,
        "MobilePhone": p.mobile_text,
        "Fax": phones.write(rng, phones.fixed_line(rng, p.iso, p.city), 0.2)
        if rng.random() < 0.03
        else "",
        "Email": p.email,
        "Website": p.website if rng.random() < 0.35 else "",
        "Description": pick(rng, vocab.LEAD_DESCRIPTIONS) if rng.random() < 0.12 else "",
        "LeadSource": converted.lead_source or pick(rng, _SOURCE_BAG),
        "Status": status,
        "Industry": p.industry if rng.random() < 0.6 else "",
        "Rating": pick(rng, _RATING_BAG),
        "AnnualRevenue": float_text(p.revenue) if rng.random() < 0.3 else "",
        "NumberOfEmployees": str(p.employees) if rng.random() < 0.4 else "",
        "OwnerId": owner,
        "HasOptedOutOfEmail": _BOOL[rng.random() < 0.06],
        "IsConverted": _BOOL[converted is not _NOT_CONVERTED],
        "ConvertedDate": date_text(converted.at) if converted is not _NOT_CONVERTED else "",
        "ConvertedAccountId": converted.account_id,
        "ConvertedContactId": converted.contact_id,
        "ConvertedOpportunityId": converted.opportunity_id,
        "IsUnreadByOwner": _BOOL[status == _OPEN[0] and rng.random() < 0.5],
        "CreatedDate": datetime_text(created),
        "CreatedById": world.user_ids[0] if rng.random() < 0.5 else owner,
        "LastModifiedDate": datetime_text(touched),
        "LastModifiedById": owner,
        "SystemModstamp": datetime_text(stamp),
        "LastActivityDate": last_activity,
        "DoNotCall": _BOOL[rng.random() < 0.03],
        "HasOptedOutOfFax": _BOOL[rng.random() < 0.01],
        "EmailBouncedReason": "550 5.1.1 User unknown" if bounced else "",
        "EmailBouncedDate": datetime_text(touched) if bounced else "",
        "CleanStatus": pick(rng, _CLEAN_BAG),
        "Lead_Score__c": str(between(rng, 0, 100)) if rng.random() < 0.7 else "",
        "Region__c": country.region if rng.random() < 0.9 else "",
        "Preferred_Language__c": country.language if rng.random() < 0.4 else "",
    }
