"""Salesforce record ids: 15-character (case-sensitive) and 18-character (case-safe) forms.

The 18-character form appends three characters that encode, five characters at a time,
which letters of the 15-character id are upper case. Steward stores every id in its
18-character form so that a record exported with either form is recognised as the same one.
"""

from __future__ import annotations

import re
from functools import cache

_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID_RE = re.compile(r"^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$")
_ID18_RE = re.compile(r"^[a-zA-Z0-9]{15}[a-zA-Z0-5]{3}$")
LOCAL_PREFIX = "local-"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# Key prefixes of the objects Steward keeps: the first three characters of their ids.
KEY_PREFIXES: dict[str, str] = {
    "Account": "001",
    "Contact": "003",
    "User": "005",
    "Opportunity": "006",
    "Lead": "00Q",
}


@cache
def _chunk_letter(chunk: str) -> str:
    bits = 0
    for offset, char in enumerate(chunk):
        if "A" <= char <= "Z":
            bits |= 1 << offset
    return _SUFFIX_ALPHABET[bits]


def _suffix(id15: str) -> str:
    # Cached per five-character chunk: ids share prefixes, and imports check millions of them.
    return _chunk_letter(id15[0:5]) + _chunk_letter(id15[5:10]) + _chunk_letter(id15[10:15])


def is_salesforce_id(value: str) -> bool:
    """True for a well-formed 15- or 18-character id (the suffix is checked too)."""
    if not _ID_RE.match(value):
        return False
    return len(value) == 15 or value[15:].upper() == _suffix(value[:15])


def to18(value: str) -> str:
    """The 18-character form of a 15- or 18-character id.

    Raises ValueError for anything that is not an id; locally created ids (records made
    offline that the CRM has not numbered yet) pass through unchanged.
    """
    if len(value) == 18 and _ID18_RE.match(value):  # the common case, kept fast for imports
        suffix = _suffix(value[:15])
        if value[15:].upper() == suffix:
            return value[:15] + suffix
    text = value.strip()
    if text.startswith(LOCAL_PREFIX):
        return text
    if len(text) == 15 and _ID_RE.match(text):
        return text + _suffix(text)
    if len(text) == 18 and _ID_RE.match(text[:15] + text[15:].upper()):
        suffix = _suffix(text[:15])
        if text[15:].upper() != suffix:
            raise ValueError(f"{value!r} is not a Salesforce id (its last 3 characters do not fit)")
        return text[:15] + suffix
    raise ValueError(f"{value!r} is not a Salesforce id (15 or 18 letters and digits)")


def make_id(object_name: str, number: int, instance: str = "5g0") -> str:
    """A synthetic but well-formed 18-character id, for demo and test data."""
    if not 0 <= number < 62**9:
        raise ValueError(f"number {number} does not fit in an id")
    digits = []
    for _ in range(9):
        number, rest = divmod(number, 62)
        digits.append(_BASE62[rest])
    body = KEY_PREFIXES[object_name] + instance + "".join(reversed(digits))
    return body + _suffix(body)
