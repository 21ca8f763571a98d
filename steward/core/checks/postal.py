"""Postal code formats by country, and the canonical way of writing each one.

A format is a list of shapes such as '99999-9999' (9 a digit, A a letter, X either; anything
else a separator). A typed code is made canonical by dropping its spaces and hyphens, upper
casing it, and laying it out on the first shape whose letters and digits it matches: 'sw1a1aa'
-> 'SW1A 1AA', '1234ab' -> '1234 AB', '1234567' in Japan -> '123-4567'. Only the layout changes,
never a character, so a fix never invents a code. Shapes are compiled once, at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SHAPE_CHARS = {"9": "[0-9]", "A": "[A-Z]", "X": "[A-Z0-9]"}
_STRIP_RE = re.compile(r"[\s\-.]+")
_MAX_LEN = 20  # no postal code is longer; longer text is not one


@dataclass(frozen=True, slots=True)
class _Shape:
    compact: re.Pattern[str]  # matches the code without separators
    layout: str  # the shape, used to put the separators back

    def render(self, compact: str) -> str:
        chars = iter(compact)
        return "".join(next(chars) if c in _SHAPE_CHARS else c for c in self.layout)


def _shape(layout: str) -> _Shape:
    pattern = "".join(_SHAPE_CHARS[c] for c in layout if c in _SHAPE_CHARS)
    return _Shape(re.compile(pattern), layout)


@dataclass(frozen=True, slots=True)
class PostalFormat:
    """One country's postal codes.

    description: how a steward reads the expected format ('5 digits'). has_codes: False where
    the country does not use postal codes (AE, HK). required: False where codes exist but are
    commonly left out of addresses (IE's Eircode).
    """

    alpha_2: str
    description: str
    shapes: tuple[_Shape, ...] = ()
    has_codes: bool = True
    required: bool = True

    def normalise(self, code: str) -> str | None:
        """The canonical form of code, or None when it fits none of the shapes."""
        compact = _STRIP_RE.sub("", code).upper()
        if not compact or len(compact) > _MAX_LEN:
            return None
        for shape in self.shapes:
            if shape.compact.fullmatch(compact):
                return shape.render(compact)
        return None


def _fmt(alpha_2: str, description: str, *layouts: str, required: bool = True) -> PostalFormat:
    return PostalFormat(alpha_2, description, tuple(_shape(x) for x in layouts), required=required)


def _none(alpha_2: str) -> PostalFormat:
    return PostalFormat(alpha_2, "no postal codes", has_codes=False, required=False)


def _digits(alpha_2: str, count: int) -> PostalFormat:
    return _fmt(alpha_2, f"{count} digits", "9" * count)


_GB_LAYOUTS = ("A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA")

_FORMATS: dict[str, PostalFormat] = {
    f.alpha_2: f
    for f in (
        _fmt("US", "ZIP code: 5 digits or ZIP+4 (12345-6789)", "99999", "99999-9999"),
        _fmt("CA", "A1A 1A1", "A9A 9A9"),
        _fmt("GB", "UK postcode such as SW1A 1AA", *_GB_LAYOUTS),
        _fmt("NL", "1234 AB", "9999 AA"),
        _fmt("SE", "123 45", "999 99"),
        _fmt("CZ", "123 45", "999 99"),
        _fmt("SK", "123 45", "999 99"),
        _fmt("GR", "123 45", "999 99"),
        _fmt("PL", "12-345", "99-999"),
        _fmt("PT", "1234-567", "9999-999"),
        _fmt("IE", "Eircode such as A65 F4E2", "AXX XXXX", required=False),
        _fmt("JP", "123-4567", "999-9999"),
        _fmt("BR", "12345-678", "99999-999"),
        _fmt("AR", "A1234ABC or 4 digits", "A9999AAA", "9999"),
        _fmt("TW", "3, 5 or 6 digits", "999", "99999", "999999"),
        _fmt("MT", "ABC 1234", "AAA 9999"),
        _fmt("LV", "LV-1234", "AA-9999"),
        _fmt("IL", "7 digits", "9999999"),
        _fmt("CL", "7 digits", "9999999"),
        _fmt("LU", "4 digits", "9999"),
        _none("AE"),
        _none("HK"),
        _none("QA"),
        _none("MO"),
        _none("PA"),
        _none("JM"),
        _none("BS"),
        _none("BO"),
        _none("GH"),
        _none("AO"),
        *(_digits(c, 4) for c in ("BE", "CH", "AT", "NO", "DK", "AU", "NZ", "PH", "ZA", "HU")),
        *(_digits(c, 4) for c in ("BG", "SI", "CY", "GE", "AM", "BD", "TN", "LI")),
        *(_digits(c, 5) for c in ("DE", "FR", "IT", "ES", "FI", "KR", "MX", "TR", "SA")),
        *(_digits(c, 5) for c in ("TH", "ID", "MY", "EG", "EE", "LT", "HR", "UA", "PK")),
        *(_digits(c, 5) for c in ("MA", "DZ", "KW", "LK", "NP", "GT", "IQ", "JO", "SN")),
        *(_digits(c, 6) for c in ("CN", "IN", "RU", "SG", "VN", "NG", "CO", "RO", "KZ")),
        *(_digits(c, 6) for c in ("BY", "EC", "KG", "UZ", "TJ", "TM")),
    )
}

# Country prefixes Europeans still write before a code ('D-80331', 'CH-8001', 'F-75001').
_PREFIX_RE = re.compile(r"^([A-Za-z]{1,3})\s*-\s*(.+)$")
_OLD_PREFIXES: dict[str, frozenset[str]] = {
    "DE": frozenset({"D", "DE"}),
    "FR": frozenset({"F", "FR"}),
    "AT": frozenset({"A", "AT"}),
    "BE": frozenset({"B", "BE"}),
    "IT": frozenset({"I", "IT"}),
    "ES": frozenset({"E", "ES"}),
    "LU": frozenset({"L", "LU"}),
    "CH": frozenset({"CH"}),
    "NL": frozenset({"NL"}),
    "DK": frozenset({"DK"}),
    "NO": frozenset({"N", "NO"}),
    "SE": frozenset({"S", "SE"}),
    "FI": frozenset({"FI", "SF"}),
    "PL": frozenset({"PL"}),
    "CZ": frozenset({"CZ"}),
    "PT": frozenset({"P", "PT"}),
    "HU": frozenset({"H", "HU"}),
}


def postal_format(alpha_2: str) -> PostalFormat | None:
    """The postal code format of a country, or None when Steward does not know it."""
    return _FORMATS.get(alpha_2.upper())


def normalise_postal(alpha_2: str, code: str | None) -> str | None:
    """The canonical form of a postal code for the country, or None when it cannot be valid.

    For a country Steward has no format for, the trimmed code is returned as it is (nothing
    to judge it by). For a country without postal codes, every non-empty code is None.
    """
    if code is None:
        return None
    text = code.strip()
    if not text or len(text) > _MAX_LEN * 2:
        return None
    fmt = postal_format(alpha_2)
    if fmt is None:
        return text
    if not fmt.has_codes:
        return None
    normalised = fmt.normalise(text)
    if normalised is None:
        match = _PREFIX_RE.match(text)
        if match and match.group(1).upper() in _OLD_PREFIXES.get(fmt.alpha_2, frozenset()):
            normalised = fmt.normalise(match.group(2))
    return normalised
