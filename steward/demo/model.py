"""The demo org's shared facts: sizes, ids, who owns what, and the core of every account,
contact and opportunity.

Every core is a pure function of (seed, index): it is made from a random.Random seeded for
that one record, so a lead planted as "the same person as contact 1234" can rebuild that
contact without the generator keeping all contacts in memory.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from steward.core.ids import make_id
from steward.demo import geo, phones, vocab
from steward.demo.names import FIRST_NAMES, SURNAMES
from steward.demo.rand import below, between, pick
from steward.demo.text import DAY, REFERENCE, START, bag, legal_name, slug

# tags that keep the random streams of different purposes apart
TAG_COMPANY, TAG_ACCOUNT, TAG_CONTACT, TAG_OPPORTUNITY, TAG_ALLOCATE, TAG_USERS = range(1, 7)
TAG_PLAN, TAG_DUPLICATE, TAG_SAME_NAME, TAG_LEAD_CHUNK, TAG_ACCOUNT_CHUNK = range(7, 12)

# ids are numbered from an offset so they look like those of a few-years-old org
_ID_BASE = {
    name: 62**5 * (17 + n) + 62**3 * 5
    for n, name in enumerate(("Account", "Contact", "Opportunity", "Lead", "User"))
}

HIERARCHY_SIZE = len(vocab.HIERARCHY_PARTS)  # accounts 0..5: a parent, 4 subsidiaries, 1 grandchild
HIERARCHY_PARENT = {1: 0, 2: 0, 3: 0, 4: 0, 5: 2}  # child -> parent; Benelux sits under Europe

COUNTRY_BAG = bag(tuple(zip(geo.COUNTRY_CODES, geo.COUNTRY_WEIGHTS, strict=True)))
_CULTURE_BAG = {iso: bag(c.cultures) for iso, c in geo.COUNTRIES.items()}
_CITY_BAG = {
    iso: tuple(city for city, w in zip(c.cities, c.city_weights, strict=True) for _ in range(w))
    for iso, c in geo.COUNTRIES.items()
}
_SUFFIX_BAG = {iso: bag(options) for iso, options in vocab.SUFFIXES.items()}
_ENDING_BAG = {iso: bag(options) for iso, options in vocab.DOMAIN_ENDINGS.items()}
_TITLE_BAG = tuple(t for t in vocab.TITLES for _ in range((1, 3, 3, 1)[t[2]]))
TYPE_BAG = bag(vocab.ACCOUNT_TYPES)
EMAIL_PATTERNS = ("first.last", "first.last", "first.last", "flast", "firstl", "first", "f.last")
N_CORES = len(vocab.BRAND_CORES) + len(vocab.PARTNER_NAMES)
N_BRANDS = len(vocab.BRAND_PREFIXES) * N_CORES


_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_PAIRS = [a + b for a in _B62 for b in _B62]  # two base-62 digits
_PAIR_BITS = [(a.isupper()) | (b.isupper()) << 1 for a in _B62 for b in _B62]
_HEADS: dict[tuple[str, int], tuple[str, str]] = {}


def record_id(object_name: str, index: int) -> str:
    """The Salesforce id of the index-th record (0-based) of an object.

    Equal to make_id(object_name, base + index); the first 10 characters and 2 suffix letters
    are taken from make_id once per 62**5 ids, the rest is worked out here, as it is the
    generator's most frequent call.
    """
    high, low = divmod(_ID_BASE[object_name] + index, 62**5)
    head = _HEADS.get((object_name, high))
    if head is None:
        full = make_id(object_name, high * 62**5)
        head = _HEADS[object_name, high] = (full[:10], full[15:17])
    first, rest = divmod(low, 62**4)
    left, right = divmod(rest, 3844)
    bits = _B62[first].isupper() | _PAIR_BITS[left] << 1 | _PAIR_BITS[right] << 3
    return f"{head[0]}{_B62[first]}{_PAIRS[left]}{_PAIRS[right]}{head[1]}{_SUFFIX[bits]}"


def seeded(seed: int, tag: int, index: int) -> random.Random:
    """The random stream of one record (or one chunk) for one purpose."""
    return random.Random(((seed % 2**61) * 64 + tag) * 2**40 + index)


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    last: str
    female: bool
    culture: str
    salutation: str
    title: str
    department: str


def person(rng: random.Random, iso: str, culture: str = "", female: bool | None = None) -> Person:
    """Someone with a name of one of the country's cultures and a job title."""
    culture = culture or pick(rng, _CULTURE_BAG[iso])
    males, females = FIRST_NAMES[culture]
    chance = rng.random()
    female = chance < 0.47 if female is None else female
    first = pick(rng, females if female else males)
    last = pick(rng, SURNAMES[culture])
    salutation = ""
    if rng.random() < 0.5:
        salutation = pick(rng, vocab.SALUTATIONS_F if female else vocab.SALUTATIONS_M)
    local = vocab.LOCAL_TITLES.get(iso)
    title, department, _ = (
        pick(rng, local) if local and rng.random() < 0.2 else (pick(rng, _TITLE_BAG))
    )
    return Person(first, last, female, culture, salutation, title, department)


def email_address(first: str, last: str, pattern: str, domain: str) -> str:
    german = domain.endswith((".de", ".ch"))
    f, l_ = slug(first, german), slug(last, german)
    if not f:
        return f"{l_}@{domain}"
    local = {
        "first.last": f"{f}.{l_}",
        "flast": f"{f[0]}{l_}",
        "firstl": f"{f}{l_[:1]}",
        "first": f,
        "f.last": f"{f[0]}.{l_}",
        "first_last": f"{f}_{l_}",
    }[pattern]
    return f"{local}@{domain}"


def pick_city(rng: random.Random, iso: str) -> geo.City:
    return pick(rng, _CITY_BAG[iso])


@dataclass(frozen=True, slots=True)
class Company:
    brand: str
    suffix: str
    name: str
    iso: str
    city: geo.City
    street: str
    postal: str
    domain: str
    website: str
    industry: str
    employees: int
    revenue: float
    pattern: str
    phone: phones.Phone


def brand_name(number: int) -> tuple[str, str]:
    """The brand numbered `number` (0 <= number < N_BRANDS) and the industry it suggests."""
    prefix_at, core_at = divmod(number % N_BRANDS, N_CORES)
    prefix = vocab.BRAND_PREFIXES[prefix_at]
    if core_at < len(vocab.BRAND_CORES):
        core, industry = vocab.BRAND_CORES[core_at]
        return f"{prefix} {core}", industry
    partner = vocab.PARTNER_NAMES[core_at - len(vocab.BRAND_CORES)]
    return f"{prefix} & {partner}", vocab.PARTNER_INDUSTRIES[core_at % 5]


def make_company(rng: random.Random, brand: str, industry: str, iso: str = "") -> Company:
    """A company's fixed facts: where it sits, its legal name, web domain and size."""
    iso = iso or pick(rng, COUNTRY_BAG)
    country = geo.COUNTRIES[iso]
    suffix = pick(rng, _SUFFIX_BAG[iso])
    if " & " in brand and iso in ("US", "GB") and rng.random() < 0.5:
        suffix = "LLP"
    hyphen = rng.random() < (0.45 if iso in ("DE", "CH", "NL", "SE") else 0.15)
    words = [slug(word) for word in brand.replace("&", " ").split()]
    domain = ("-" if hyphen else "").join(words) + pick(rng, _ENDING_BAG[iso])
    website = pick(
        rng, (f"www.{domain}", f"www.{domain}", f"https://www.{domain}", f"http://{domain}", domain)
    )
    city = pick_city(rng, iso)
    employees = int(10 ** rng.uniform(0.7, 4.8))
    revenue = float(round(employees * rng.uniform(60_000, 320_000), -3))
    return Company(
        brand,
        suffix,
        legal_name(brand, suffix),
        iso,
        city,
        geo.street_line(rng, country),
        geo.postal_code(rng, city),
        domain,
        website,
        industry,
        employees,
        revenue,
        pick(rng, EMAIL_PATTERNS),
        phones.fixed_line(rng, iso, city),
    )


@dataclass(frozen=True, slots=True)
class AccountCore:
    index: int
    id: str
    company: Company
    type: str
    created: int
    owner: str


@dataclass(frozen=True, slots=True)
class ContactCore:
    index: int
    id: str
    account: int
    person: Person
    email: str
    phone: phones.Phone
    phone_text: str
    mobile: phones.Phone | None
    mobile_text: str
    street: str
    city: geo.City
    postal: str
    iso: str
    created: int
    lead_source: str


@dataclass(frozen=True, slots=True)
class OpportunityCore:
    index: int
    id: str
    account: int
    contact_id: str
    stage: str
    probability: int
    forecast: str
    amount: float
    close: int
    created: int
    type: str
    lead_source: str


_LEAD_SOURCE_BAG = bag(vocab.LEAD_SOURCES)
_OPEN_STAGES = vocab.STAGES[:8]


class World:
    """Sizes, allocations and record cores of one generated org."""

    def __init__(
        self, seed: int, leads: int, accounts: int, contacts: int, opportunities: int, users: int
    ) -> None:
        if min(leads, accounts, contacts, opportunities) < 0 or users < 1:
            raise ValueError("counts must not be negative, and there must be at least one user")
        if (contacts or opportunities) and not accounts:
            raise ValueError("contacts and opportunities need at least one account")
        self.seed = seed
        self.leads, self.accounts, self.contacts = leads, accounts, contacts
        self.opportunities, self.users = opportunities, users
        rng = seeded(seed, TAG_ALLOCATE, 0)
        self.contact_start = self._allocate(rng, contacts, 1.2)
        self.opportunity_start = self._allocate(rng, opportunities, 1.6)
        # a bijection of brand numbers, so that no two accounts (below N_BRANDS) share a brand
        self.brand_step = next(
            step
            for step in range(rng.randrange(N_BRANDS // 3, N_BRANDS), 2 * N_BRANDS)
            if _coprime(step, N_BRANDS)
        )
        self.brand_offset = below(rng, N_BRANDS)
        self.user_ids = [record_id("User", n) for n in range(users)]
        self.user_active = [n == 0 or rng.random() > 0.14 for n in range(users)]
        active = [uid for uid, on in zip(self.user_ids, self.user_active, strict=True) if on]
        self.owners = active[1:] or active  # user 0 is the integration user
        self.former_owners = [
            uid for uid, on in zip(self.user_ids, self.user_active, strict=True) if not on
        ] or self.owners
        self._accounts: dict[int, AccountCore] = {}
        self._companies: dict[int, Company] = {}

    def _allocate(self, rng: random.Random, total: int, alpha: float) -> array[int]:
        """Start positions (cumulative counts) of `total` children spread over the accounts."""
        starts = array("q", [0]) * (self.accounts + 1)
        if total and self.accounts:
            weights = [min(rng.paretovariate(alpha), 40.0) for _ in range(self.accounts)]
            counts = array("q", [0]) * self.accounts
            for at in rng.choices(range(self.accounts), weights=weights, k=total):
                counts[at] += 1
            running = 0
            for at, count in enumerate(counts):
                starts[at] = running
                running += count
            starts[self.accounts] = running
        return starts

    def owner(self, rng: random.Random) -> str:
        return pick(rng, self.former_owners if rng.random() < 0.06 else self.owners)

    # ---- companies -------------------------------------------------------------------
    def account_brand(self, index: int) -> int:
        return (index * self.brand_step + self.brand_offset) % N_BRANDS

    def lead_company(self, rng: random.Random) -> Company:
        """A company that is not an account (while the brand space lasts)."""
        spare = N_BRANDS - self.accounts
        number = self.accounts + below(rng, spare) if spare > 1000 else below(rng, N_BRANDS)
        return self.company(self.account_brand(number))

    def company(self, brand_number: int) -> Company:
        found = self._companies.get(brand_number)
        if found is None:
            if len(self._companies) > 20_000:
                self._companies.clear()
            brand, industry = brand_name(brand_number)
            rng = seeded(self.seed, TAG_COMPANY, brand_number)
            found = self._companies[brand_number] = make_company(rng, brand, industry)
        return found

    # ---- cores -----------------------------------------------------------------------
    def account(self, index: int) -> AccountCore:
        found = self._accounts.get(index)
        if found is not None:
            return found
        rng = seeded(self.seed, TAG_ACCOUNT, index)
        if index < HIERARCHY_SIZE and self.accounts >= HIERARCHY_SIZE:
            company = self._hierarchy_company(rng, index)
            kind = "Customer - Direct"
        else:
            company = self.company(self.account_brand(index))
            kind = pick(rng, TYPE_BAG)
        created = START + int(rng.random() ** 1.3 * (REFERENCE - START - 60 * DAY))
        found = AccountCore(
            index, record_id("Account", index), company, kind, created, self.owner(rng)
        )
        if len(self._accounts) > 50_000:
            self._accounts.clear()
        self._accounts[index] = found
        return found

    def _hierarchy_company(self, rng: random.Random, index: int) -> Company:
        prefix = vocab.BRAND_PREFIXES[self.account_brand(0) // N_CORES]
        part, iso = vocab.HIERARCHY_PARTS[index]
        return make_company(rng, f"{prefix} {part}", "Manufacturing", iso)

    def account_of_contact(self, contact: int) -> int:
        return bisect_right(self.contact_start, contact) - 1

    def contact(self, index: int, account: AccountCore | None = None) -> ContactCore:
        if account is None:
            account = self.account(self.account_of_contact(index))
        company = account.company
        rng = seeded(self.seed, TAG_CONTACT, index)
        who = person(rng, company.iso)
        city, street, postal = company.city, company.street, company.postal
        if rng.random() < 0.2:  # works at another office
            city = pick_city(rng, company.iso)
            street = geo.street_line(rng, geo.COUNTRIES[company.iso])
            postal = geo.postal_code(rng, city)
        phone = phones.fixed_line(rng, company.iso, city)
        cell = phones.mobile(rng, company.iso, city) if rng.random() < 0.45 else None
        created = account.created + int(rng.random() * (REFERENCE - account.created))
        return ContactCore(
            index,
            record_id("Contact", index),
            account.index,
            who,
            email_address(who.first, who.last, company.pattern, company.domain),
            phone,
            phones.write(rng, phone, 0.2),
            cell,
            phones.write(rng, cell, 0.3, True) if cell else "",
            street,
            city,
            postal,
            company.iso,
            created,
            pick(rng, _LEAD_SOURCE_BAG),
        )

    def opportunity(self, index: int, account: AccountCore) -> OpportunityCore:
        rng = seeded(self.seed, TAG_OPPORTUNITY, index)
        first, end = self.contact_start[account.index], self.contact_start[account.index + 1]
        contact_id = record_id("Contact", between(rng, first, end - 1)) if end > first else ""
        customer = account.type.startswith("Customer")
        roll = rng.random()
        if roll < (0.45 if customer else 0.1):
            stage, probability, forecast = vocab.STAGES[8]  # Closed Won
        elif roll < (0.6 if customer else 0.45):
            stage, probability, forecast = vocab.STAGES[9]  # Closed Lost
        else:
            stage, probability, forecast = pick(rng, _OPEN_STAGES)
        closed = stage.startswith("Closed")
        created = max(account.created, REFERENCE - int(rng.random() ** 0.8 * 5 * 365 * DAY))
        if closed:
            close = min(created + between(rng, 14, 240) * DAY, REFERENCE - DAY)
        else:
            created = max(created, REFERENCE - 400 * DAY)
            close = REFERENCE + between(rng, -45, 270) * DAY
        amount = float(round(10 ** rng.uniform(3.5, 6.3), -2))
        return OpportunityCore(
            index,
            record_id("Opportunity", index),
            account.index,
            contact_id,
            stage,
            probability,
            forecast,
            amount,
            close,
            created,
            "New Customer" if not customer else pick(rng, vocab.OPPORTUNITY_TYPES[1:]),
            pick(rng, _LEAD_SOURCE_BAG),
        )

    def account_status(self, index: int) -> tuple[bool, bool]:
        """(is a customer, has an open opportunity) of an account."""
        account = self.account(index)
        won = is_open = False
        for k in range(self.opportunity_start[index], self.opportunity_start[index + 1]):
            stage = self.opportunity(k, account).stage
            won = won or stage == "Closed Won"
            is_open = is_open or not stage.startswith("Closed")
        return account.type.startswith("Customer") or won, is_open


def _coprime(a: int, b: int) -> bool:
    while b:
        a, b = b, a % b
    return a == 1
