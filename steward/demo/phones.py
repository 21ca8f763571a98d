"""Telephone numbers that are valid in their country, written the many ways people write them.

A number is kept as its country and the groups of its national significant number (area code
first), so the same number can be written again in another style: "(415) 872-3391",
"+1 415 872 3391", "415.872.3391"; "030 12345678", "+49 30 12345678".
"""

from __future__ import annotations

import random
from collections.abc import Callable

from steward.demo.geo import City
from steward.demo.rand import below, between, pick

Phone = tuple[str, tuple[str, ...]]  # (country iso, groups of the national significant number)

_DIGITS = "0123456789"

# country -> (calling code, national styles, international styles, mobile national styles)
# In a style, {a} is the first group (the area code), {s} the other groups joined by spaces,
# {d} by dashes, {p} by dots, {r} without separators.
_US_NATIONAL = ("({a}) {d}", "({a}) {d}", "{a}-{d}", "{a}.{p}", "{a} {s}", "{a}{r}")
_US_INTL = ("+1 {a} {s}", "+1 ({a}) {d}", "+1-{a}-{d}", "+1{a}{r}", "1-{a}-{d}", "+1 {a}-{d}")
_STYLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "US": ("1", _US_NATIONAL, _US_INTL, _US_NATIONAL),
    "CA": ("1", _US_NATIONAL, _US_INTL, _US_NATIONAL),
    "GB": (
        "44",
        ("0{a} {s}", "0{a} {s}", "(0{a}) {s}", "0{a}{r}"),
        ("+44 {a} {s}", "+44 (0){a} {s}", "+44{a}{r}", "0044 {a} {s}"),
        ("0{a} {s}", "0{a}{r}"),
    ),
    "DE": (
        "49",
        ("0{a} {s}", "0{a} {s}", "0{a}/{r}", "0{a}-{r}", "(0{a}) {r}"),
        ("+49 {a} {s}", "+49 (0){a} {r}", "+49-{a}-{r}", "0049 {a} {r}"),
        ("0{a} {s}", "0{a}/{r}", "0{a}{r}"),
    ),
    "FR": (
        "33",
        ("0{a} {s}", "0{a} {s}", "0{a}.{p}", "0{a}{r}", "0{a}-{d}"),
        ("+33 {a} {s}", "+33 (0){a} {s}", "+33{a}{r}", "0033 {a} {s}"),
        ("0{a} {s}", "0{a}.{p}", "0{a}{r}"),
    ),
    "AU": (
        "61",
        ("(0{a}) {s}", "0{a} {s}", "0{a}{r}"),
        ("+61 {a} {s}", "+61 (0){a} {s}", "+61{a}{r}"),
        ("0{a} {s}", "0{a}{r}"),
    ),
    "NL": (
        "31",
        ("0{a} {s}", "0{a}-{r}", "0{a}{r}"),
        ("+31 {a} {s}", "+31 (0){a} {s}", "+31{a}{r}", "0031 {a} {r}"),
        ("0{a} {s}", "0{a}-{r}", "0{a}{r}"),
    ),
    "ES": (
        "34",
        ("{a} {s}", "{a} {s}", "{a}{r}", "{a}-{d}"),
        ("+34 {a} {s}", "+34{a}{r}", "0034 {a} {s}"),
        ("{a} {s}", "{a}{r}"),
    ),
    "IT": (
        "39",
        ("{a} {s}", "{a} {s}", "{a}-{r}", "{a}/{r}", "{a}{r}"),
        ("+39 {a} {s}", "+39{a}{r}", "0039 {a} {s}"),
        ("{a} {s}", "{a}{r}"),
    ),
    "SE": (
        "46",
        ("0{a}-{s}", "0{a} {s}", "0{a}{r}"),
        ("+46 {a} {s}", "+46 (0){a} {s}", "+46{a}{r}"),
        ("0{a}-{s}", "0{a} {s}", "0{a}{r}"),
    ),
    "IN": (
        "91",
        ("0{a} {s}", "0{a}-{r}", "0{a}{r}"),
        ("+91 {a} {s}", "+91-{a}-{r}", "+91{a}{r}"),
        ("{a} {s}", "{a}{r}", "0{a}{r}"),
    ),
    "JP": (
        "81",
        ("0{a}-{d}", "0{a}-{d}", "0{a} {s}", "0{a}{r}"),
        ("+81 {a}-{d}", "+81 {a} {s}", "+81{a}{r}"),
        ("0{a}-{d}", "0{a}{r}"),
    ),
    "BR": (
        "55",
        ("({a}) {d}", "({a}) {d}", "{a} {d}", "({a}) {r}"),
        ("+55 {a} {d}", "+55 ({a}) {d}", "+55{a}{r}"),
        ("({a}) {d}", "{a} {d}", "({a}) {r}"),
    ),
    "MX": (
        "52",
        ("{a} {s}", "({a}) {s}", "{a}{r}"),
        ("+52 {a} {s}", "+52 ({a}) {s}", "+52{a}{r}"),
        ("{a} {s}", "{a}{r}"),
    ),
    "CH": (
        "41",
        ("0{a} {s}", "0{a} {s}", "0{a}{r}"),
        ("+41 {a} {s}", "+41 (0){a} {s}", "+41{a}{r}", "0041 {a} {s}"),
        ("0{a} {s}", "0{a}{r}"),
    ),
}


def calling_code(iso: str) -> str:
    return _STYLES[iso][0]


_POWERS = [10**n for n in range(16)]


def _digits(rng: random.Random, count: int, first: str = "123456789") -> str:
    """`count` digits, the first of them one of `first`."""
    power = _POWERS[count - 1]
    return first[int(rng.random() * len(first))] + str(power + int(rng.random() * power))[1:]


def _us_exchange(rng: random.Random) -> str:
    """A central office code: 2-9 first, never N11 or the fictional 555."""
    while True:
        code = _digits(rng, 3, "23456789")
        if code[1:] != "11" and code != "555":
            return code


def fixed_line(rng: random.Random, iso: str, city: City) -> Phone:
    """A landline number in the city's area."""
    areas = city.areas
    area, first = areas[int(rng.random() * len(areas))]
    return iso, _FIXED[iso](rng, area, first)


def _nanp(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    return area, _us_exchange(rng), _digits(rng, 4, _DIGITS)


def _gb(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    if len(area) == 2:
        sub = _digits(rng, 8, first)
        return area, sub[:4], sub[4:]
    if len(area) == 3:
        sub = _digits(rng, 7, first)
        return area, sub[:3], sub[3:]
    return area, _digits(rng, 6, first)


def _de(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    return area, _digits(rng, 8 if len(area) == 2 else 7, first)


def _fr(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 8, first)
    return area, sub[:2], sub[2:4], sub[4:6], sub[6:]


def _au(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 8, first)
    return area, sub[:4], sub[4:]


def _nl(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 7, first)
    return area, sub[:3], sub[3:]


def _es(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    number = area + _digits(rng, 9 - len(area), first)
    return number[:3], number[3:6], number[6:]


def _it(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 8 if len(area) == 2 else 7, first)
    return area, sub[:4], sub[4:]


def _se(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 8 if len(area) == 1 else 7, first)
    if len(sub) == 8:
        return area, sub[:3], sub[3:6], sub[6:]
    return area, sub[:3], sub[3:5], sub[5:]


def _in(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 8, "2346")
    return area, sub[:4], sub[4:]


def _jp(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 9 - len(area), first)
    return area, sub[:-4], sub[-4:]


def _br(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 8, "2345")
    return area, sub[:4], sub[4:]


def _mx(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 10 - len(area), first)
    return area, sub[:-4], sub[-4:]


def _ch(rng: random.Random, area: str, first: str) -> tuple[str, ...]:
    sub = _digits(rng, 7, first)
    return area, sub[:3], sub[3:5], sub[5:]


_FIXED: dict[str, Callable[[random.Random, str, str], tuple[str, ...]]] = {
    "US": _nanp,
    "CA": _nanp,
    "GB": _gb,
    "DE": _de,
    "FR": _fr,
    "AU": _au,
    "NL": _nl,
    "ES": _es,
    "IT": _it,
    "SE": _se,
    "IN": _in,
    "JP": _jp,
    "BR": _br,
    "MX": _mx,
    "CH": _ch,
}

_GB_MOBILE = ("71", "72", "73", "74", "75", "78")
_DE_MOBILE: tuple[str, ...] = (
    "151",
    "152",
    "157",
    "159",
    "160",
    "162",
    "163",
    "170",
    "171",
    "172",
    "173",
    "174",
)
_DE_MOBILE += ("175", "176", "177", "178", "179")
_AU_MOBILE = "01236"
_IT_MOBILE: tuple[str, ...] = (
    "320",
    "328",
    "329",
    "333",
    "335",
    "338",
    "339",
    "340",
    "347",
    "348",
    "349",
)
_IT_MOBILE += ("366", "380", "388", "389", "392")


def mobile(rng: random.Random, iso: str, city: City) -> Phone:
    """A mobile number of the country (in the city's area where mobiles share area codes)."""
    if iso in ("US", "CA", "MX"):
        return fixed_line(rng, iso, city)
    if iso == "GB":
        sub = _digits(rng, 8, _DIGITS)
        return iso, (f"{pick(rng, _GB_MOBILE)}{sub[:2]}", sub[2:])
    if iso == "DE":
        prefix = pick(rng, _DE_MOBILE)
        return iso, (prefix, _digits(rng, 8 if prefix[1] == "5" else 7, _DIGITS))
    if iso == "FR":
        head = pick(rng, ("6", "7"))
        second = pick(rng, "0124578") if head == "6" else pick(rng, "3456789")
        sub = second + _digits(rng, 7, _DIGITS)
        return iso, (head, sub[:2], sub[2:4], sub[4:6], sub[6:])
    if iso == "AU":
        sub = _digits(rng, 6, _DIGITS)
        return iso, (f"4{pick(rng, _AU_MOBILE)}{between(rng, 0, 9)}", sub[:3], sub[3:])
    if iso == "NL":
        return iso, ("6", _digits(rng, 8, "12345"))
    if iso == "ES":
        number = "6" + _digits(rng, 8, _DIGITS)
        return iso, (number[:3], number[3:6], number[6:])
    if iso == "IT":
        sub = _digits(rng, 7, _DIGITS)
        return iso, (pick(rng, _IT_MOBILE), sub[:3], sub[3:])
    if iso == "SE":
        sub = _digits(rng, 7, _DIGITS)
        return iso, (f"7{pick(rng, '0236')}", sub[:3], sub[3:5], sub[5:])
    if iso == "IN":
        number = _digits(rng, 10, "9")
        return iso, (number[:5], number[5:])
    if iso == "JP":
        sub = _digits(rng, 8, "123456789")
        return iso, (pick(rng, ("90", "80", "70")), sub[:4], sub[4:])
    if iso == "BR":
        sub = _digits(rng, 8, "6789")
        return iso, (pick(rng, city.areas)[0], "9" + sub[:4], sub[4:])
    # Switzerland
    sub = _digits(rng, 7, _DIGITS)
    return iso, (f"7{pick(rng, '6789')}", sub[:3], sub[3:5], sub[5:])


def render(phone: Phone, style: int, international: bool, is_mobile: bool = False) -> str:
    """The number written in one of its country's styles (style is any int; it wraps)."""
    iso, groups = phone
    _, national, intl, mobile_national = _STYLES[iso]
    styles = intl if international else (mobile_national if is_mobile else national)
    rest = groups[1:]
    return styles[style % len(styles)].format(
        a=groups[0], s=" ".join(rest), d="-".join(rest), p=".".join(rest), r="".join(rest)
    )


def write(rng: random.Random, phone: Phone, intl_share: float, is_mobile: bool = False) -> str:
    """The number in a style picked at random: mostly national, intl_share international."""
    international = rng.random() < intl_share
    return render(phone, below(rng, 12), international, is_mobile)


def digits(phone: Phone) -> str:
    """The national significant number: all groups, no separators."""
    return "".join(phone[1])
