"""The match keys of a record, computed once at import and stored beside it.

Every key is plain text, '' when the record has nothing for it, so matching reads them back
without parsing anything again. The same columns exist on Lead, Contact and Account; each
object fills the ones that mean something for it (an account has no first name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from steward.core.checks.countries import resolve_country
from steward.core.checks.name import is_placeholder_name, is_placeholder_pair
from steward.core.matching.companies import company_key
from steward.core.matching.contact_points import (
    company_domain,
    e164,
    email_key,
    postcode_key,
    street_key,
)
from steward.core.matching.nicknames import nickname_key
from steward.core.normalize import fold

MATCH_COLUMNS: list[str] = [
    "mk_first",  # folded first name: 'bob', 'mary ann'
    "mk_nick",  # the canonical names its first word stands for: 'bert bobby robert'
    "mk_last",  # folded last name, letters and spaces: 'obrien'
    "mk_email",  # the mailbox: 'bob@acme.com'
    "mk_domain",  # the organisation's registrable domain: 'acme.co.uk'
    "mk_phone",  # E.164
    "mk_mobile",  # E.164
    "mk_company",  # company key: 'acme' for 'The ACME Company, Inc.'
    "mk_postcode",
    "mk_street",
    "mk_city",
    "mk_country",  # ISO 3166 alpha-2
]

# Which field feeds each part, per object: first, last, email, website, phone, mobile,
# company, street, city, postal code, country.
_SOURCES: Mapping[str, tuple[str, ...]] = {
    "Lead": (
        "FirstName",
        "LastName",
        "Email",
        "Website",
        "Phone",
        "MobilePhone",
        "Company",
        "Street",
        "City",
        "PostalCode",
        "Country",
    ),
    "Contact": (
        "FirstName",
        "LastName",
        "Email",
        "",
        "Phone",
        "MobilePhone",
        "",
        "MailingStreet",
        "MailingCity",
        "MailingPostalCode",
        "MailingCountry",
    ),
    "Account": (
        "",
        "",
        "",
        "Website",
        "Phone",
        "",
        "Name",
        "BillingStreet",
        "BillingCity",
        "BillingPostalCode",
        "BillingCountry",
    ),
}
MATCH_OBJECTS = frozenset(_SOURCES)
MATCH_SOURCE_FIELDS: Mapping[str, frozenset[str]] = {
    name: frozenset(f for f in fields if f) for name, fields in _SOURCES.items()
}
T = TypeVar("T")
_NOT_LETTERS_RE = re.compile(r"[^\w\s]|[\d_]")
_EMPTY = ("",) * len(MATCH_COLUMNS)
# Company names typed to get past a required field: no evidence of anything.
_PLACEHOLDER_COMPANIES = frozenset(
    {"na", "n a", "none", "self", "self employed", "tbd", "company", "xxx", "test", "unknown",
     "private", "individual", "home", "abc", "not provided", "null", "nil", "other", "x"}
)  # fmt: skip


def person_name(text: str | None) -> str:
    """Folded, letters and single spaces only: "O'Brien-Smith" -> 'obrien smith'."""
    if not text:
        return ""
    folded = fold(text)
    if folded.isalpha():
        return folded
    return " ".join(_NOT_LETTERS_RE.sub("", folded.replace("-", " ")).split())


def first_given_name(text: str | None) -> str:
    """The first given name only: 'Mary-Ann' and 'Mary Ann' -> 'mary', 'J. Robert' -> 'robert'."""
    words = person_name(text).split()
    for word in words:
        if len(word) > 1:
            return word
    return words[0] if words else ""


def _memo(function: Callable[[str], T], limit: int = 100_000) -> Callable[[str], T]:
    """A plain-dict cache: imports ask about the same first names, cities and countries
    millions of times, and a dict look-up is several times cheaper than lru_cache's."""
    cache: dict[str, T] = {}

    def cached(value: str) -> T:
        found = cache.get(value)
        if found is None:
            if len(cache) >= limit:
                cache.clear()
            found = cache[value] = function(value)
        return found

    return cached


def _given(text: str) -> tuple[str, str, bool]:
    name = person_name(text)
    return name, nickname_key(first_given_name(text)), is_placeholder_name(text, None, weak=False)


def _family(text: str) -> tuple[str, bool]:
    return person_name(text), is_placeholder_name(None, text, weak=False)


def _region_of(text: str) -> str:
    found = resolve_country(text)
    return found.alpha_2 if found else ""


def _company(text: str) -> str:
    key = company_key(text)
    return "" if key in _PLACEHOLDER_COMPANIES else key


_given_memo = _memo(_given)
_family_memo = _memo(_family)
_region_memo = _memo(_region_of)
_city_memo = _memo(fold)
_company_memo = _memo(_company)
_NO_NAME = ("", "", False)


# The parsing process of an import computes the early keys and the writing process the late
# ones: measured on 200,000 leads, this split keeps the two processes about equally busy.
EARLY_COLUMNS = ["mk_first", "mk_nick", "mk_last", "mk_email", "mk_mobile", "mk_postcode",
                 "mk_city", "mk_country"]  # fmt: skip
LATE_COLUMNS = ["mk_domain", "mk_company", "mk_street", "mk_phone"]
_ORDER = [(EARLY_COLUMNS + LATE_COLUMNS).index(c) for c in MATCH_COLUMNS]
_EARLY_COUNTRY = EARLY_COLUMNS.index("mk_country")


# The fields each part of the keys reads, per object ('' where the object has none).
_EARLY_SOURCES = {name: tuple(fields[i] for i in (0, 1, 2, 5, 8, 9, 10))
                  for name, fields in _SOURCES.items()}  # fmt: skip
# website, company, street, phone (with the early keys' mailbox and country)
LATE_SOURCES: Mapping[str, tuple[str, ...]] = {
    name: tuple(fields[i] for i in (3, 6, 7, 4)) for name, fields in _SOURCES.items()
}
_EARLY_MAILBOX = EARLY_COLUMNS.index("mk_email")


def early_keys(object_name: str, record: Mapping[str, object]) -> tuple[str, ...]:
    """EARLY_COLUMNS of one record: names, mailbox, mobile and places.

    Keys come in two parts so an import can compute them in its two processes."""
    sources = _EARLY_SOURCES.get(object_name)
    if sources is None:
        return ("",) * len(EARLY_COLUMNS)
    get = record.get
    first, last, email, mobile, city, postal, country = [
        _text(get(f)) if f else None for f in sources
    ]
    region = _region_memo(country) if country else ""
    given, nick, fake_first = _given_memo(first) if first else _NO_NAME
    family, fake_last = _family_memo(last) if last else ("", False)
    if fake_first or fake_last or is_placeholder_pair(given, family):
        given = nick = family = ""
    return (
        given,
        nick,
        family,
        email_key(email),
        e164(mobile, region or None) if mobile else "",
        postcode_key(postal) if postal else "",
        _city_memo(city) if city else "",
        region,
    )


def late_keys(
    object_name: str,
    record: Mapping[str, object],
    region: str | None = None,
    mailbox: str | None = None,
) -> tuple[str, ...]:
    """LATE_COLUMNS of one record: the organisation's domain and name, the street, the phone.
    region and mailbox: the record's mk_country and mk_email (early_keys'), worked out again
    when not given."""
    sources = LATE_SOURCES.get(object_name)
    if sources is None:
        return ("",) * len(LATE_COLUMNS)
    if region is None:
        country = _text(record.get(_SOURCES[object_name][10]))
        region = _region_memo(country) if country else ""
    if mailbox is None:
        mailbox = email_key(_text(record.get(_SOURCES[object_name][2])))
    return late_key_values([_text(record.get(f)) if f else None for f in sources], region, mailbox)


def late_key_values(values: Sequence[str | None], region: str, mailbox: str) -> tuple[str, ...]:
    """late_keys from the values of LATE_SOURCES (region and mailbox: the record's mk_country
    and mk_email, which the early keys have worked out already)."""
    website, company, street, phone = values
    return (
        company_domain(mailbox, website) if mailbox or website else "",
        _company_memo(company) if company else "",
        street_key(street) if street else "",
        e164(phone, region or None) if phone else "",
    )


def match_keys(object_name: str, record: Mapping[str, object]) -> tuple[str, ...]:
    """The MATCH_COLUMNS of one record, in order."""
    if object_name not in _SOURCES:
        return _EMPTY
    early = early_keys(object_name, record)
    both = early + late_keys(object_name, record, early[_EARLY_COUNTRY], early[_EARLY_MAILBOX])
    return tuple(both[i] for i in _ORDER)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
