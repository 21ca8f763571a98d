"""Rows of Account.csv, Contact.csv, Opportunity.csv and User.csv, in Salesforce's column order.

Each file carries every typed field of steward.core.fields plus standard and custom fields that
Steward does not model, so an import followed by an export can be checked for losses.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from operator import itemgetter

from steward.core.ids import to18
from steward.demo import geo, phones, vocab
from steward.demo.model import HIERARCHY_PARENT, HIERARCHY_SIZE, AccountCore, record_id
from steward.demo.names import FIRST_NAMES, SURNAMES
from steward.demo.rand import below, between, pick
from steward.demo.text import (
    DAY,
    REFERENCE,
    bag,
    date_text,
    datetime_text,
    float_text,
    slug,
)
from steward.demo.world import World


def columns(text: str) -> tuple[str, ...]:
    """Column names from a space-separated list."""
    return tuple(text.split())


ACCOUNT_COLUMNS = columns(
    "Id IsDeleted MasterRecordId Name Type ParentId BillingStreet BillingCity BillingState "
    "BillingPostalCode BillingCountry ShippingStreet ShippingCity ShippingState "
    "ShippingPostalCode ShippingCountry Phone Fax AccountNumber Website Sic Industry "
    "AnnualRevenue NumberOfEmployees Ownership TickerSymbol Description Rating OwnerId "
    "CreatedDate CreatedById LastModifiedDate LastModifiedById SystemModstamp LastActivityDate "
    "AccountSource CustomerPriority__c SLA__c"
)
CONTACT_COLUMNS = columns(
    "Id IsDeleted MasterRecordId AccountId LastName FirstName Salutation MailingStreet "
    "MailingCity MailingState MailingPostalCode MailingCountry Phone Fax MobilePhone "
    "ReportsToId Email Title Department AssistantName LeadSource Birthdate Description OwnerId "
    "HasOptedOutOfEmail HasOptedOutOfFax DoNotCall CreatedDate CreatedById LastModifiedDate "
    "LastModifiedById SystemModstamp LastActivityDate EmailBouncedReason EmailBouncedDate "
    "LinkedIn_URL__c"
)
OPPORTUNITY_COLUMNS = columns(
    "Id IsDeleted AccountId Name Description StageName Amount Probability CloseDate Type "
    "NextStep LeadSource IsClosed IsWon ForecastCategoryName ContactId OwnerId CreatedDate "
    "CreatedById LastModifiedDate LastModifiedById SystemModstamp Competitor__c"
)
USER_COLUMNS = columns(
    "Id Username LastName FirstName Email Alias Title Department IsActive TimeZoneSidKey "
    "LocaleSidKey UserRoleId ProfileId ManagerId CreatedDate LastModifiedDate SystemModstamp"
)

Row = dict[str, str]
_BOOL = ("false", "true")
ORG_DOMAIN = "stewarddemo.com"  # the demo org's own users
_RATING_BAG = bag(vocab.RATINGS)
_SOURCE_BAG = bag(vocab.ACCOUNT_SOURCES)
_BOUNCES = ("550 5.1.1 User unknown", "552 Mailbox full", "554 Delivery not authorized")
_ACCOUNT_NOTES = (
    'Key account, renewal in Q2. Prefers "net 60" terms.',
    "Parent company handles procurement; invoices go to the AP mailbox.",
    "Signed MSA 2021, uses SSO, 3 regional offices.",
    'Former name: "{brand} Holdings".',
    "Strategic partner.\nQuarterly business review with the CIO.",
)


def csv_line(values: Sequence[str]) -> str:
    """One CSV record as Salesforce exports write it: every value quoted, quotes doubled,
    line breaks kept inside the quotes; the same text as csv.writer with QUOTE_ALL, faster."""
    line = "\x00".join(values)
    if '"' in line:
        line = line.replace('"', '""')
    return '"' + line.replace("\x00", '","') + '"\n'


def projector(names: Sequence[str]) -> Callable[[Row], tuple[str, ...]]:
    """A function that lays a row dict out in column order (a missing field is a KeyError)."""
    return itemgetter(*names)


_SPELLINGS = {iso: bag(country.spellings) for iso, country in geo.COUNTRIES.items()}
_NAMES = {iso: country.name for iso, country in geo.COUNTRIES.items()}
_SHORT_STATES = frozenset(("US", "CA", "AU", "IN", "BR", "MX", "CH", "IT", "ES"))


def country_text(rng: random.Random, iso: str, messy: float) -> str:
    """The country as written on a record: mostly the English name, else any of the ways
    people write it ("USA", "Deutschland", "UK"), now and then nothing."""
    if rng.random() >= messy:
        return _NAMES[iso]
    spellings = _SPELLINGS[iso]
    return spellings[int(rng.random() * len(spellings))]


def state_text(rng: random.Random, city: geo.City, iso: str) -> str:
    if iso in _SHORT_STATES:
        return city.state if rng.random() < 0.88 else city.state_long
    return city.state_long if rng.random() < 0.35 else ""


def street_text(rng: random.Random, street: str, iso: str, share: float = 0.04) -> str:
    """The street line, sometimes with a suite or floor, on its own line or after a comma."""
    roll = rng.random()
    if roll >= share * 4:
        return street
    extra = geo.secondary_line(rng, geo.COUNTRIES[iso])
    if not extra:
        return street
    return f"{extra}\n{street}" if roll < share else f"{street}, {extra}"


def modified(rng: random.Random, created: int) -> tuple[str, str, int]:
    """LastModifiedDate and SystemModstamp after `created`, and the former as seconds."""
    last = created + int(rng.random() ** 2 * (REFERENCE - created))
    stamp = min(REFERENCE, last + (below(rng, 3 * DAY) if rng.random() < 0.3 else 0))
    return datetime_text(last), datetime_text(stamp), last


def activity(rng: random.Random, created: int, share: float) -> str:
    if rng.random() >= share:
        return ""
    return date_text(created + int(rng.random() * (REFERENCE - created)))


def account_row(world: World, account: AccountCore, rng: random.Random) -> Row:
    random_ = rng.random
    company = account.company
    iso = company.iso
    city = company.city
    billing_country = country_text(rng, iso, 0.12)
    state = state_text(rng, city, iso)
    street = street_text(rng, company.street, iso)
    ship = random_()
    public = company.employees > 3000 and random_() < 0.5
    customer = account.type.startswith("Customer")
    last_modified, stamp, _ = modified(rng, account.created)
    parent = HIERARCHY_PARENT.get(account.index) if world.accounts >= HIERARCHY_SIZE else None
    ownership = "Public" if public else pick(rng, ("Private", "Private", "Other", ""))
    return {
        "Id": account.id,
        "IsDeleted": "false",
        "MasterRecordId": "",
        "Name": company.name,
        "Type": account.type,
        "ParentId": record_id("Account", parent) if parent is not None else "",
        "BillingStreet": street,
        "BillingCity": city.name,
        "BillingState": state,
        "BillingPostalCode": company.postal,
        "BillingCountry": billing_country,
        "ShippingStreet": street if ship < 0.55 else "",
        "ShippingCity": city.name if ship < 0.55 else "",
        "ShippingState": state if ship < 0.55 else "",
        "ShippingPostalCode": company.postal if ship < 0.55 else "",
        "ShippingCountry": billing_country if ship < 0.55 else "",
        "Phone": phones.render(company.phone, account.index % 3, random_() < 0.2),
        "Fax": phones.write(rng, phones.fixed_line(rng, iso, city), 0.2)
        if random_() < 0.12
        else "",
        "AccountNumber": f"CD{400000 + account.index * 7 % 599999:06d}" if random_() < 0.6 else "",
        "Website": company.website if random_() < 0.93 else "",
        "Sic": str(between(rng, 1000, 8999)) if random_() < 0.3 else "",
        "Industry": company.industry if random_() < 0.85 else "",
        "AnnualRevenue": float_text(company.revenue) if random_() < 0.7 else "",
        "NumberOfEmployees": str(company.employees) if random_() < 0.8 else "",
        "Ownership": "Subsidiary" if parent is not None else ownership,
        "TickerSymbol": slug(company.brand)[:4].upper() if public else "",
        "Description": pick(rng, _ACCOUNT_NOTES).format(brand=company.brand)
        if random_() < 0.15
        else "",
        "Rating": pick(rng, _RATING_BAG),
        "OwnerId": account.owner,
        "CreatedDate": datetime_text(account.created),
        "CreatedById": world.user_ids[0] if random_() < 0.3 else account.owner,
        "LastModifiedDate": last_modified,
        "LastModifiedById": world.owner(rng),
        "SystemModstamp": stamp,
        "LastActivityDate": activity(rng, account.created, 0.7),
        "AccountSource": pick(rng, _SOURCE_BAG),
        "CustomerPriority__c": pick(rng, ("High", "Medium", "Low")) if customer else "",
        "SLA__c": pick(rng, ("Platinum", "Gold", "Silver", "Bronze")) if customer else "",
    }


def contact_row(
    world: World, index: int, account: AccountCore, rng: random.Random, referred: bool
) -> Row:
    """A contact; one that leads refer to (`referred`) is made from its own seeded stream."""
    random_ = rng.random
    core = world.contact(index, account, None if referred else rng)
    who = core.person
    first_colleague = world.contact_start[account.index]
    reports_to = ""
    if index > first_colleague and random_() < 0.25:
        reports_to = record_id("Contact", between(rng, first_colleague, index - 1))
    last_modified, stamp, _ = modified(rng, core.created)
    phone = core.phone_text
    if core.iso == "US" and random_() < 0.08:
        phone += f" x{between(rng, 100, 899)}"
    bounced = random_() < 0.02
    owner = account.owner if random_() < 0.85 else world.owner(rng)
    return {
        "Id": core.id,
        "IsDeleted": "false",
        "MasterRecordId": "",
        "AccountId": account.id,
        "LastName": who.last,
        "FirstName": who.first,
        "Salutation": who.salutation,
        "MailingStreet": street_text(rng, core.street, core.iso),
        "MailingCity": core.city.name,
        "MailingState": state_text(rng, core.city, core.iso),
        "MailingPostalCode": core.postal,
        "MailingCountry": country_text(rng, core.iso, 0.2),
        "Phone": phone if random_() < 0.9 else "",
        "Fax": phones.write(rng, phones.fixed_line(rng, core.iso, core.city), 0.2)
        if random_() < 0.05
        else "",
        "MobilePhone": core.mobile_text,
        "ReportsToId": reports_to,
        "Email": core.email if random_() < 0.95 else "",
        "Title": who.title if random_() < 0.9 else "",
        "Department": who.department if random_() < 0.6 else "",
        "AssistantName": pick(rng, FIRST_NAMES["en"][1]) if random_() < 0.05 else "",
        "LeadSource": core.lead_source,
        "Birthdate": date_text(between(rng, -470_000_000, 970_000_000)) if random_() < 0.12 else "",
        "Description": 'Met at the user conference, "very keen".\nSend the case study.'
        if random_() < 0.03
        else "",
        "OwnerId": owner,
        "HasOptedOutOfEmail": _BOOL[random_() < 0.08],
        "HasOptedOutOfFax": _BOOL[random_() < 0.02],
        "DoNotCall": _BOOL[random_() < 0.04],
        "CreatedDate": datetime_text(core.created),
        "CreatedById": owner if random_() < 0.6 else world.user_ids[0],
        "LastModifiedDate": last_modified,
        "LastModifiedById": owner,
        "SystemModstamp": stamp,
        "LastActivityDate": activity(rng, core.created, 0.6),
        "EmailBouncedReason": pick(rng, _BOUNCES) if bounced else "",
        "EmailBouncedDate": datetime_text(core.created + DAY * between(rng, 1, 200))
        if bounced and core.created + 200 * DAY < REFERENCE
        else "",
        "LinkedIn_URL__c": f"https://www.linkedin.com/in/{slug(who.first)}-{slug(who.last)}"
        f"-{rng.getrandbits(24):06x}"
        if random_() < 0.35
        else "",
    }


def opportunity_row(world: World, index: int, account: AccountCore, rng: random.Random) -> Row:
    random_ = rng.random
    core = world.opportunity(index, account)
    closed = core.stage.startswith("Closed")
    product = pick(rng, vocab.PRODUCTS)
    year = 1970 + core.close // (365 * DAY + DAY // 4)
    owner = account.owner if random_() < 0.8 else world.owner(rng)
    last_modified, stamp, _ = modified(rng, core.created)
    return {
        "Id": core.id,
        "IsDeleted": "false",
        "AccountId": account.id,
        "Name": f"{account.company.brand} - {product} {year}",
        "Description": f"Scope: {product.lower()}, {between(rng, 2, 40) * 25} users."
        if random_() < 0.15
        else "",
        "StageName": core.stage,
        "Amount": float_text(core.amount) if random_() < 0.95 else "",
        "Probability": float_text(core.probability),
        "CloseDate": date_text(core.close),
        "Type": core.type,
        "NextStep": pick(rng, vocab.NEXT_STEPS) if not closed and random_() < 0.5 else "",
        "LeadSource": core.lead_source,
        "IsClosed": _BOOL[closed],
        "IsWon": _BOOL[core.stage == "Closed Won"],
        "ForecastCategoryName": core.forecast,
        "ContactId": core.contact_id,
        "OwnerId": owner,
        "CreatedDate": datetime_text(core.created),
        "CreatedById": owner,
        "LastModifiedDate": last_modified,
        "LastModifiedById": owner,
        "SystemModstamp": stamp,
        "Competitor__c": pick(rng, vocab.COMPETITORS) if random_() < 0.2 else "",
    }


_USER_TITLES = (
    ("Sales Development Rep", "Sales"),
    ("Account Executive", "Sales"),
    ("Account Executive", "Sales"),
    ("Senior Account Executive", "Sales"),
    ("Customer Success Manager", "Customer Success"),
    ("Marketing Operations Manager", "Marketing"),
)
_USER_COUNTRIES = ("US", "US", "US", "GB", "DE", "FR", "CA", "AU", "NL", "JP")
_ROLES = tuple(to18(f"00E5g00000{n:05d}") for n in range(1, 7))
_PROFILES = tuple(to18(f"00e5g00000{n:05d}") for n in (11, 12, 13))  # admin, standard, marketing


def user_rows(world: World, rng: random.Random) -> list[Row]:
    """All users: an integration user, an administrator, sales managers and their reps."""
    rows: list[Row] = []
    seen: set[str] = set()
    managers = max(1, world.users // 8)
    for n, uid in enumerate(world.user_ids):
        iso = pick(rng, _USER_COUNTRIES)
        country = geo.COUNTRIES[iso]
        males, females = FIRST_NAMES[pick(rng, country.cultures)[0]]
        first = pick(rng, females if rng.random() < 0.5 else males)
        last = pick(rng, SURNAMES[pick(rng, country.cultures)[0]])
        title, department = pick(rng, _USER_TITLES)
        profile, role = _PROFILES[1], _ROLES[3]
        manager = world.user_ids[1 + n % managers] if n > managers else ""
        if n == 0:
            first, last, title, department, profile, role = (
                "Integration",
                "User",
                "",
                "IT",
                _PROFILES[0],
                "",
            )
        elif n == 1:
            title, department, profile, role = "Salesforce Administrator", "IT", _PROFILES[0], ""
        elif n <= managers:
            title, department, role = "Sales Manager", "Sales", _ROLES[1]
            manager = world.user_ids[1]
        elif department == "Marketing":
            profile, role = _PROFILES[2], _ROLES[5]
        local = f"{slug(first)}.{slug(last)}"
        while local in seen:
            local += str(n % 10)
        seen.add(local)
        created = 1546300800 + int(rng.random() * 5 * 365 * DAY)
        stamp = datetime_text(created + below(rng, 300 * DAY))
        rows.append(
            {
                "Id": uid,
                "Username": f"{local}@{ORG_DOMAIN}",
                "LastName": last,
                "FirstName": first,
                "Email": f"{local}@{ORG_DOMAIN}",
                "Alias": (slug(first)[:1] + slug(last))[:8],
                "Title": title,
                "Department": department,
                "IsActive": _BOOL[world.user_active[n]],
                "TimeZoneSidKey": country.timezone,
                "LocaleSidKey": country.locale,
                "UserRoleId": role,
                "ProfileId": profile,
                "ManagerId": manager,
                "CreatedDate": datetime_text(created),
                "LastModifiedDate": stamp,
                "SystemModstamp": stamp,
            }
        )
    return rows
