"""Normalised forms of names, emails and phones, used for search helper columns.

These are computed once at import and stored, so that search and (later) matching never
re-parse raw values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_NON_DIGIT_RE = re.compile(r"\D+")
_PHONE_QUERY_RE = re.compile(r"^[\d\s()+\-./]+$")
# Letters that NFKD does not split into a base letter and a mark.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "Þ": "th",
        "Ð": "d",
        "ı": "i",
    }
)


def fold(text: str | None) -> str:
    """Lower case, accents removed, white space runs made one: 'Zoë  MÜLLER' -> 'zoe muller'."""
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.split()).lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split()).casefold()


def full_name(first: str | None, last: str | None) -> str:
    """The folded 'first last' name; either part may be missing."""
    return fold(f"{first or ''} {last or ''}")


def email_domain(email: str | None) -> str:
    """The domain part of an email address, lower case, or '' when there is none."""
    if not email or "@" not in email:
        return ""
    return email.rsplit("@", 1)[1].strip().strip(">").lower()


def digits(phone: str | None) -> str:
    """Only the digits of a phone number: '+1 (415) 872-3391' -> '14158723391'."""
    if not phone or phone.isdecimal():  # digits only already: most numbers in exports
        return phone or ""
    return _NON_DIGIT_RE.sub("", phone)


def search_terms(query: str) -> list[str]:
    """The terms a free-text query searches for, folded like the indexed text.

    A query that looks like a phone number becomes one digits-only term, because phone numbers
    are indexed as digits whatever way they were typed.
    """
    text = query.strip()
    if not text:
        return []
    if _PHONE_QUERY_RE.match(text) and sum(c.isdigit() for c in text) >= 5:
        return [digits(text)]
    return [term for term in fold(text).replace('"', " ").split(" ") if term]


# Which fields feed each object's helper columns: (first, last) for the name, or one field.
_NAME_FIELDS: Mapping[str, tuple[str, ...]] = {
    "Lead": ("FirstName", "LastName"),
    "Contact": ("FirstName", "LastName"),
    "User": ("FirstName", "LastName"),
    "Account": ("Name",),
    "Opportunity": ("Name",),
}
_SEARCH_EXTRA_FIELDS: Mapping[str, tuple[str, ...]] = {
    "Lead": ("Company", "Email", "City"),
    "Contact": ("Email", "MailingCity"),
    "User": ("Username", "Email"),
    "Account": ("Website", "BillingCity"),
    "Opportunity": ("StageName",),
}
_PHONE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "Lead": ("Phone", "MobilePhone"),
    "Contact": ("Phone", "MobilePhone"),
    "Account": ("Phone",),
}
_EMAIL_FIELD: Mapping[str, str] = {"Lead": "Email", "Contact": "Email", "User": "Email"}


def helper_values(object_name: str, record: Mapping[str, object]) -> dict[str, str]:
    """The helper columns of one record: norm_name, email_domain, phone_digits, search_text."""
    return dict(zip(HELPER_COLUMNS, helper_tuple(object_name, record), strict=True))


def helper_tuple(object_name: str, record: Mapping[str, object]) -> tuple[str, str, str, str]:
    """helper_values as a tuple in HELPER_COLUMNS order (imports call this millions of times)."""
    names = _NAME_FIELDS.get(object_name, ())
    if len(names) == 2:
        norm_name = full_name(_text(record.get(names[0])), _text(record.get(names[1])))
    elif names:
        norm_name = fold(_text(record.get(names[0])))
    else:
        norm_name = ""
    email_field = _EMAIL_FIELD.get(object_name)
    domain = email_domain(_text(record.get(email_field))) if email_field else ""
    phones = [digits(_text(record.get(f))) for f in _PHONE_FIELDS.get(object_name, ())]
    extras = [_text(record.get(f)) for f in _SEARCH_EXTRA_FIELDS.get(object_name, ())]
    # One fold over the joined parts costs a quarter of folding each: fold keeps the " | ".
    folded = fold(" | ".join(t for t in extras if t and not t.isspace()))
    parts = [p for p in (norm_name, folded, *phones) if p]
    return norm_name, domain, phones[0] if phones else "", " | ".join(parts)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


HELPER_COLUMNS: list[str] = ["norm_name", "email_domain", "phone_digits", "search_text"]

# The fields each object's helper columns are computed from.
HELPER_SOURCE_FIELDS: Mapping[str, frozenset[str]] = {
    name: frozenset(
        [
            *_NAME_FIELDS.get(name, ()),
            *_SEARCH_EXTRA_FIELDS.get(name, ()),
            *_PHONE_FIELDS.get(name, ()),
            *([_EMAIL_FIELD[name]] if name in _EMAIL_FIELD else []),
        ]
    )
    for name in _NAME_FIELDS
}
