"""Lead.csv: ordinary leads plus the planted phenomena a data steward has to find.

Which lead is what is decided up front in a compact plan (three arrays, one entry per lead),
so leads can be written in independent chunks, in order, without holding any rows.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from steward.demo import geo, phones, vocab
from steward.demo.identity import GROUP_BASE, LEAD_BASE, Identity, identity
from steward.demo.model import (
    TAG_DUPLICATE,
    TAG_LEAD_CHUNK,
    TAG_PLAN,
    TAG_SAME_NAME,
    Company,
    email_address,
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
from steward.demo.rand import below, pick
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
from steward.demo.world import World

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
_CLOSED = "Closed - Not Converted"
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
    contacts: set[int] = field(default_factory=set)  # the contacts that leads refer to


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
    entries += [(CONVERTED, 0, 0)] * converted + [(OF_CONTACT, 0, 0)] * of_contact
    entries += [(OF_ACCOUNT, 0, 0)] * of_account
    entries += [(JUNK, 0, 0) for _ in range(junk_count)]
    entries += [(SAME_NAME, pair, m) for pair in range(pairs) for m in (0, 1)]
    entries += [(STALE, 0, 0) for _ in range(stale)]
    entries += [(DUPLICATE, 0, 0)] * sum(groups)
    result = Plan(array("b", bytes(n)), array("q", bytes(8 * n)), array("q", bytes(8 * n)))
    positions = rng.sample(range(n), len(entries))
    for at, (kind, member_of, second) in zip(positions, entries, strict=True):
        first = member_of
        if kind in (CONVERTED, OF_CONTACT):  # each a different contact
            first = _near(rng, at, n, world.contacts, result.contacts)
        elif kind == OF_ACCOUNT:
            first = _near(rng, at, n, world.accounts, None)
        result.kind[at], result.first[at], result.second[at] = kind, first, second
    # the members of a duplicate group go to nearby places (shuffled within windows of the
    # file), so that each group's original is rebuilt once and then found in a cache
    slots = sorted(
        at for at, entry in zip(positions, entries, strict=True) if entry[0] == DUPLICATE
    )
    width = max(64, len(slots) // 50)
    for start in range(0, len(slots), width):
        window = slots[start : start + width]
        rng.shuffle(window)
        slots[start : start + width] = window
    members = ((g, m) for g, size in enumerate(groups) for m in range(size))
    for at, (group, member) in zip(slots, members, strict=True):
        result.first[at], result.second[at] = group, member
    result.counts = {name: 0 for name in KIND_NAMES}
    for kind, _, _ in entries:
        result.counts[KIND_NAMES[kind]] += 1
    result.counts["normal"] = n - len(entries)
    result.counts["duplicate_groups"] = len(groups)
    result.counts["same_name_pairs"] = pairs
    return result


def _near(rng: random.Random, at: int, leads: int, total: int, taken: set[int] | None) -> int:
    """A record for lead `at` to refer to, from a window of records as far into their file as
    the lead is into its own, so that the cores leads rebuild stay in the caches."""
    window = min(total, max(400, total // 100))
    start = at * total // leads - window // 2
    for attempt in range(total + 20):
        found = (start + below(rng, window)) % total if attempt < 20 else (start + attempt) % total
        if taken is None:
            return found
        if found not in taken:
            taken.add(found)
            return found
    raise ValueError("more references than records")


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


# A record's Email field, its own person number, what makes it a person (identity.py), and
# whether the address is the person's own mailbox (junk and role addresses are not).
Mail = tuple[str, int, Identity | None, bool]


def chunk_lines(
    world: World, lead_plan: Plan, number: int, detail: bool
) -> tuple[list[str], list[Mail], list[Event]]:
    """The CSV lines of chunk `number` of Lead.csv (no header), who each line is, and the
    truth the chunk plants."""
    rng = seeded(world.seed, TAG_LEAD_CHUNK, number)
    lines: list[str] = []
    mails: list[Mail] = []
    events: list[Event] = []
    for at in range(number * CHUNK, min(world.leads, (number + 1) * CHUNK)):
        row, who = lead_row(world, lead_plan, at, rng, events if detail else None)
        lines.append(csv_line(_lay_out(row)))
        own_mailbox = lead_plan.kind[at] != JUNK
        mails.append((row["Email"], lead_person(lead_plan, at), who, own_mailbox))
    return lines, mails, events


def lead_person(lead_plan: Plan, at: int) -> int:
    """Lead `at`'s own person number (identity.py) before namesakes are merged."""
    kind = lead_plan.kind[at]
    if kind in (OF_CONTACT, CONVERTED):
        return lead_plan.first[at]  # the contact's own person number
    if kind == DUPLICATE:
        return GROUP_BASE + lead_plan.first[at]
    return LEAD_BASE + at


def lead_row(
    world: World, lead_plan: Plan, at: int, rng: random.Random, events: list[Event] | None
) -> tuple[dict[str, str], Identity | None]:
    """A lead's row and who it is (None for junk, which is nobody in particular)."""
    kind, first, second = lead_plan.kind[at], lead_plan.first[at], lead_plan.second[at]
    lead_id = record_id("Lead", at)
    converted: Conversion | None = None
    who: Identity | None
    if kind == DUPLICATE:
        p, variations, original = _duplicate(world, rng, first, second)
        who = identity(original.website, original.first, original.last)
        account = duplicate_group_account(world, first)
        _note(
            events,
            "duplicate",
            {
                "group": first,
                "member": second,
                "lead_id": lead_id,
                "variations": variations,
                "account_id": record_id("Account", account) if account is not None else "",
            },
        )
    elif kind == OF_ACCOUNT:
        p = _of_account(world, rng, first)
        who = identity(p.website, p.first, p.last)
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
        who = contact_identity(world, first)
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
        who = contact_identity(world, first)
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
        # a role mailbox entered twice is one entry twice; other junk is nobody in particular
        who = ("role", p.email.lower()) if "role_email" in reasons else None
        _note(events, "junk", {"lead_id": lead_id, "reasons": reasons})
    elif kind == SAME_NAME:
        p = _same_name(world, first, second)
        who = identity(p.website, p.first, p.last)
        _note(
            events,
            "same_name",
            {"pair": first, "member": second, "lead_id": lead_id, "name": f"{p.first} {p.last}"},
        )
    else:
        iso = pick(rng, _COUNTRY_BAG)
        company = world.lead_company(rng)
        p = prospect(rng, person(rng, company.iso if rng.random() < 0.9 else iso), company)
        who = identity(p.website, p.first, p.last)
        if kind == STALE:
            _note(events, "stale", {"lead_id": lead_id})
    return _fill(world, rng, lead_id, p, kind, converted), who


def contact_identity(world: World, index: int) -> Identity:
    contact = world.contact(index)
    company = world.account(contact.account).company
    return identity(company.website, contact.person.first, contact.person.last)


def _note(events: list[Event] | None, key: str, payload: dict[str, object]) -> None:
    if events is not None:
        events.append((key, payload))


_COUNTRY_BAG = tuple(iso for iso in geo.COUNTRY_CODES for _ in range(geo.COUNTRIES[iso].weight))
_JUNK_COUNTRIES = ("US", "US", "US", "GB", "CA", "AU", "DE")


# the original person of each duplicate group, per world, for the group's later members
_ORIGINALS: WeakKeyDictionary[World, dict[int, tuple[Prospect, Company]]] = WeakKeyDictionary()


# Every so many duplicate groups are people of an existing account: a customer's employee
# entered twice is the case a steward most needs to see.
ACCOUNT_GROUP_EVERY = 5


def duplicate_group_account(world: World, group: int) -> int | None:
    """The account whose employee duplicate group `group` is, or None for a prospect."""
    if not world.accounts or group % ACCOUNT_GROUP_EVERY:
        return None
    return (group * 7919) % world.accounts


def _duplicate(
    world: World, rng: random.Random, group: int, member: int
) -> tuple[Prospect, list[str], Prospect]:
    """Member `member` of duplicate group `group`, its variations, and the group's original."""
    originals = _ORIGINALS.setdefault(world, {})
    found = originals.get(group)
    if found is None:
        base_rng = seeded(world.seed, TAG_DUPLICATE, group)
        account = duplicate_group_account(world, group)
        company = (
            world.lead_company(base_rng) if account is None else world.account(account).company
        )
        found = prospect(base_rng, person(base_rng, company.iso), company), company
        if len(originals) >= 20_000:
            del originals[next(iter(originals))]
        originals[group] = found
    base, company = found
    if member == 0:
        return base, [], base
    kinds = pick_variations(rng, base, pick(rng, (1, 1, 2, 2, 2, 3)))
    return vary(rng, base, kinds, company.brand, company.suffix), kinds, base


def _of_account(world: World, rng: random.Random, index: int) -> Prospect:
    company = world.account(index).company
    name = (
        company.name
        if rng.random() < 0.3
        else company_spelling(rng, company.brand, company.suffix)[0]
    )
    who = person(rng, company.iso)
    email = email_address(who.first, who.last, company.pattern, company.domain)
    return prospect(rng, who, company, company_name=name, email=email)


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
        who = person(rng, company.iso, culture, gender == "f", first, last)
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
    random_ = rng.random
    country = geo.COUNTRIES[p.iso]
    if converted is not None:
        status = "Closed - Converted"
        created = max(START, converted.at - (1 + int(random_() * 120)) * DAY)
        touched = converted.at
        last_activity = date_text(converted.at) if random_() < 0.6 else ""
        source = converted.lead_source
    else:
        if kind == STALE:
            status = _OPEN[random_() < 0.5]
            created = START + int(random_() * (STALE_BEFORE - START - 60 * DAY))
            touched = created + int(random_() * (STALE_BEFORE - created - DAY))
            last_activity = date_text(touched)
        else:
            roll = random_()
            status = _OPEN[0] if roll < 0.38 else _OPEN[1] if roll < 0.7 else _CLOSED
            created = START + int(random_() ** 0.6 * (REFERENCE - START - DAY))
            touched = created + int(random_() ** 2 * (REFERENCE - created))
            last_activity = ""
            if status is not _CLOSED and created < STALE_BEFORE:  # still worked on: not stale
                worked = STALE_BEFORE + DAY + int(random_() * (REFERENCE - STALE_BEFORE - 2 * DAY))
                last_activity = date_text(worked)
                touched = max(touched, min(REFERENCE, worked + int(random_() * DAY)))
            elif random_() < 0.55:
                last_activity = date_text(created + int(random_() * (REFERENCE - created)))
        converted = _NOT_CONVERTED
        source = _SOURCE_BAG[int(random_() * len(_SOURCE_BAG))]
    owner = world.owner(rng) if random_() < 0.95 else world.user_ids[0]
    geocoded = p.street and random_() < 0.3
    bounced = random_() < 0.02
    stamp = touched if random_() < 0.7 or kind == STALE else min(REFERENCE, touched + DAY)
    city = p.city
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
        "City": city.name if random_() < 0.95 else "",
        "State": state_text(rng, city, p.iso) if random_() < 0.9 else "",
        "PostalCode": p.postal if random_() < 0.92 else "",
        "Country": country_text(rng, p.iso, 0.65),
        "Latitude": f"{city.lat + random_() / 10 - 0.05:.6f}" if geocoded else "",
        "Longitude": f"{city.lon + random_() / 10 - 0.05:.6f}" if geocoded else "",
        "GeocodeAccuracy": pick(rng, vocab.GEOCODE_ACCURACIES) if geocoded else "",
        "Phone": p.phone_text,
        "MobilePhone": p.mobile_text,
        "Fax": phones.write(rng, phones.fixed_line(rng, p.iso, city), 0.2)
        if random_() < 0.03
        else "",
        "Email": p.email,
        "Website": p.website if random_() < 0.35 else "",
        "Description": pick(rng, vocab.LEAD_DESCRIPTIONS) if random_() < 0.12 else "",
        "LeadSource": source,
        "Status": status,
        "Industry": p.industry if random_() < 0.6 else "",
        "Rating": _RATING_BAG[int(random_() * len(_RATING_BAG))],
        "AnnualRevenue": float_text(p.revenue) if random_() < 0.3 else "",
        "NumberOfEmployees": str(p.employees) if random_() < 0.4 else "",
        "OwnerId": owner,
        "HasOptedOutOfEmail": _BOOL[random_() < 0.06],
        "IsConverted": _BOOL[converted is not _NOT_CONVERTED],
        "ConvertedDate": date_text(converted.at) if converted is not _NOT_CONVERTED else "",
        "ConvertedAccountId": converted.account_id,
        "ConvertedContactId": converted.contact_id,
        "ConvertedOpportunityId": converted.opportunity_id,
        "IsUnreadByOwner": _BOOL[status is _OPEN[0] and random_() < 0.5],
        "CreatedDate": datetime_text(created),
        "CreatedById": world.user_ids[0] if random_() < 0.5 else owner,
        "LastModifiedDate": datetime_text(touched),
        "LastModifiedById": owner,
        "SystemModstamp": datetime_text(stamp),
        "LastActivityDate": last_activity,
        "DoNotCall": _BOOL[random_() < 0.03],
        "HasOptedOutOfFax": _BOOL[random_() < 0.01],
        "EmailBouncedReason": "550 5.1.1 User unknown" if bounced else "",
        "EmailBouncedDate": datetime_text(touched) if bounced else "",
        "CleanStatus": _CLEAN_BAG[int(random_() * len(_CLEAN_BAG))],
        "Lead_Score__c": str(int(random_() * 101)) if random_() < 0.7 else "",
        "Region__c": country.region if random_() < 0.9 else "",
        "Preferred_Language__c": country.language if random_() < 0.4 else "",
    }
