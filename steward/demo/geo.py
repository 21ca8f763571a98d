"""Countries and cities for the demo org: real city names with their states, postal-code formats,
telephone area codes and coordinates, and the ways people write each country's name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from steward.demo import places
from steward.demo.rand import between, pick

_PLAIN_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters of a UK inward code
_CA_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"  # Canadian postal letters (no D, F, I, O, Q, U)
_NL_LETTERS = "ABCDEFGHJKLMNPRTVWXZ"


@dataclass(frozen=True, slots=True)
class City:
    name: str
    state: str  # the short form: "CA", "ON", "BY"; "" where none is used
    state_long: str  # "California"; "" where none is used
    postal: tuple[str, ...]  # (kind, arguments...) see `postal_code`
    areas: tuple[tuple[str, str], ...]  # telephone (area code, first digits of subscribers)
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Country:
    iso: str
    name: str  # the English name, as accounts usually carry it
    spellings: tuple[tuple[str, int], ...]  # how leads write it, with weights
    weight: int  # share of records from this country
    cultures: tuple[tuple[str, int], ...]  # which name cultures its people have
    cities: tuple[City, ...]
    city_weights: tuple[int, ...]
    street_style: str  # "num_first", "num_last", "num_comma", "jp", "in", "fr"
    streets: tuple[str, ...]
    region: str
    language: str
    locale: str
    timezone: str


def _weights(text: str) -> tuple[tuple[str, int], ...]:
    pairs = (item.rsplit("=", 1) for item in text.split(";"))
    return tuple((key.strip(), int(value)) for key, value in pairs)


def _area(text: str) -> tuple[str, str]:
    """ "20/378" -> ("20", "378"): area 20, where subscriber numbers start with 3, 7 or 8."""
    code, _, first = text.partition("/")
    return code, first or "23456789"


def _load_cities() -> dict[str, tuple[City, ...]]:
    found: dict[str, list[City]] = {}
    for line in places.CITIES.strip().splitlines():
        iso, name, state, state_long, postal, areas, lat, lon = line.strip().split("|")
        city = City(
            name,
            state,
            state_long,
            tuple(postal.split()),
            tuple(_area(code) for code in areas.split()),
            float(lat),
            float(lon),
        )
        found.setdefault(iso, []).append(city)
    return {iso: tuple(cities) for iso, cities in found.items()}


def _load_countries() -> dict[str, Country]:
    cities = _load_cities()
    lines = places.COUNTRIES.strip().splitlines()
    countries: dict[str, Country] = {}
    for at in range(0, len(lines), 3):
        iso, name, weight, style, misc = (part.strip() for part in lines[at].split("|"))
        region, language, locale, timezone = misc.split()
        own = cities[iso]
        countries[iso] = Country(
            iso=iso,
            name=name,
            spellings=_weights(lines[at + 1]),
            weight=int(weight),
            cultures=_weights(lines[at + 2]),
            cities=own,
            city_weights=tuple(max(1, 12 - index) for index in range(len(own))),
            street_style=style,
            streets=places.STREETS[iso],
            region=region,
            language=language,
            locale=locale,
            timezone=timezone,
        )
    return countries


COUNTRIES: dict[str, Country] = _load_countries()
COUNTRY_CODES: tuple[str, ...] = tuple(COUNTRIES)
COUNTRY_WEIGHTS: tuple[int, ...] = tuple(c.weight for c in COUNTRIES.values())


def postal_code(rng: random.Random, city: City) -> str:
    """A postal code in the city's real format and range."""
    kind, *args = city.postal
    if kind == "zip":
        return f"{args[0]}{between(rng, 1, 99):02d}"
    if kind == "num":
        low, high = args
        return f"{between(rng, int(low), int(high)):0{len(low)}d}"
    if kind == "uk":
        letters = _PLAIN_LETTERS
        return f"{pick(rng, args)} {between(rng, 1, 9)}{pick(rng, letters)}{pick(rng, letters)}"
    if kind == "ca":
        letters = _CA_LETTERS
        return f"{pick(rng, args)} {between(rng, 0, 9)}{pick(rng, letters)}{between(rng, 0, 9)}"
    if kind == "nl":
        number = between(rng, int(args[0]), int(args[1]))
        return f"{number} {pick(rng, _NL_LETTERS)}{pick(rng, _NL_LETTERS)}"
    if kind == "se":
        return f"{between(rng, int(args[0]), int(args[1]))} {between(rng, 10, 99)}"
    if kind == "jp":
        return f"{pick(rng, args)}-{between(rng, 1, 9999):04d}"
    if kind == "br":
        return f"{between(rng, int(args[0]), int(args[1])):05d}-{between(rng, 0, 999):03d}"
    raise ValueError(f"unknown postal kind {kind}")


_US_SECONDARY = ("Suite", "Suite", "Ste", "Floor", "Unit", "#")
_GB_SECONDARY = ("Unit", "Floor", "Suite", "Flat")


def street_line(rng: random.Random, country: Country) -> str:
    """One street address line, numbered the way the country numbers its houses."""
    street = pick(rng, country.streets)
    style = country.street_style
    if style == "num_first":
        number = pick(rng, (between(rng, 1, 299), between(rng, 100, 9999)))
        if country.iso == "US" and rng.random() < 0.35:
            street = _abbreviate(street)
        return f"{number} {street}"
    if style == "num_last":
        number = between(rng, 1, 180)
        letter = pick(rng, "abc") if rng.random() < 0.06 else ""
        return f"{street} {number}{letter}"
    if style == "num_comma":
        return f"{street}, {between(rng, 1, 250)}"
    if style == "fr":
        bis = " bis" if rng.random() < 0.05 else ""
        return f"{between(rng, 1, 180)}{bis} {street}"
    if style == "in":
        return f"{between(rng, 1, 400)}, {street}"
    # Japan: chome-block-building, then the district
    return f"{between(rng, 1, 9)}-{between(rng, 1, 30)}-{between(rng, 1, 20)} {street}"


def secondary_line(rng: random.Random, country: Country) -> str:
    """A suite, floor or unit, for the countries that use them in addresses."""
    if country.iso in ("US", "CA", "AU"):
        kind = pick(rng, _US_SECONDARY)
        if kind == "Floor":
            return f"Floor {between(rng, 2, 45)}"
        if kind == "Unit":
            return f"Unit {between(rng, 1, 40)}"
        number = between(rng, 1, 24) * 100 + pick(rng, (0, 0, 10, 20, 50))
        return f"#{number}" if kind == "#" else f"{kind} {number}"
    if country.iso == "GB":
        return f"{pick(rng, _GB_SECONDARY)} {between(rng, 1, 30)}"
    if country.iso in ("DE", "CH"):
        return f"{between(rng, 1, 6)}. OG"
    if country.iso == "FR":
        return f"Bâtiment {pick(rng, 'ABCD')}"
    return ""


_ABBREVIATIONS = (
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Drive", "Dr"),
    ("Boulevard", "Blvd"),
    ("Parkway", "Pkwy"),
    ("Lane", "Ln"),
    ("Road", "Rd"),
)


def _abbreviate(street: str) -> str:
    for long, short in _ABBREVIATIONS:
        if street.endswith(long):
            return street[: -len(long)] + short
        if f"{long} " in street:
            return street.replace(f"{long} ", f"{short} ")
    return street
