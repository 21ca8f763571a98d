"""The building blocks of the demo org: record ids, seeded random streams, people, companies,
and the cores of accounts, contacts and opportunities (see steward.demo.world).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from steward.core.ids import make_id
from steward.demo import geo, phones, vocab
from steward.demo.names import FIRST_NAMES, SURNAMES
from steward.demo.rand import pick
from steward.demo.text import bag, legal_name, slug

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
N_BASE = len(vocab.BRAND_PREFIXES) * N_CORES  # plain brands; qualified ones come after them
N_BRANDS = N_BASE * (1 + len(vocab.QUALIFIERS))


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


def person(
    rng: random.Random,
    iso: str,
    culture: str = "",
    female: bool | None = None,
    first: str = "",
    last: str = "",
) -> Person:
    """Someone with a name of one of the country's cultures and a job title."""
    random_ = rng.random
    if not culture:
        bag_ = _CULTURE_BAG[iso]
        culture = bag_[int(random_() * len(bag_))]
    males, females = FIRST_NAMES[culture]
    chance = random_()
    female = chance < 0.47 if female is None else female
    names = females if female else males
    first = first or names[int(random_() * len(names))]
    surnames = SURNAMES[culture]
    last = last or surnames[int(random_() * len(surnames))]
    salutation = ""
    if random_() < 0.5:
        salutation = pick(rng, vocab.SALUTATIONS_F if female else vocab.SALUTATIONS_M)
    local = vocab.LOCAL_TITLES.get(iso)
    if local and random_() < 0.2:
        title, department, _ = pick(rng, local)
    else:
        title, department, _ = _TITLE_BAG[int(random_() * len(_TITLE_BAG))]
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
    """The brand numbered `number` and the industry it suggests: "Northwind Analytics";
    beyond the first N_BASE brands with a qualifier: "Northwind Analytics Worldwide"."""
    tier, base = divmod(number % N_BRANDS, N_BASE)
    prefix_at, core_at = divmod(base, N_CORES)
    prefix = vocab.BRAND_PREFIXES[prefix_at]
    if core_at < len(vocab.BRAND_CORES):
        core, industry = vocab.BRAND_CORES[core_at]
        name = f"{prefix} {core}"
    else:
        name = f"{prefix} & {vocab.PARTNER_NAMES[core_at - len(vocab.BRAND_CORES)]}"
        industry = vocab.PARTNER_INDUSTRIES[core_at % 5]
    return (f"{name} {vocab.QUALIFIERS[tier - 1]}" if tier else name), industry


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
