"""Keeping spreadsheets from running cell values as formulas (CSV injection).

A value that a spreadsheet would evaluate gets a leading apostrophe on export, which every
spreadsheet shows as text. Steward leaves a manifest beside the files it writes; importing a
file the manifest lists removes exactly one such apostrophe again, so Steward's own exports
read back to the same values, while files from anywhere else are read verbatim.
"""

from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Numbers and phone numbers start with + or - legitimately and are not formulas.
_PLAIN_NUMBER_RE = re.compile(r"^[+-]?[\d\s().,/\-]*\d[\d\s().,/\-]*$")
_NEUTRALISED_RE = re.compile(r"^'+[=+\-@\t\r]")


def _dangerous(value: str) -> bool:
    return value.startswith(_TRIGGERS) and not _PLAIN_NUMBER_RE.match(value)


def neutralise(value: str) -> str:
    """The value as written to a CSV: a formula-like value gets a leading apostrophe."""
    stripped = value.lstrip("'")
    if _dangerous(stripped) and (stripped is value or _NEUTRALISED_RE.match(value)):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The value as read from a CSV written by neutralise()."""
    if value.startswith("'") and _NEUTRALISED_RE.match(value) and _dangerous(value.lstrip("'")):
        return value[1:]
    return value


MANIFEST_NAME = "steward-export.json"
