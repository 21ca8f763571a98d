"""Which country a free-text Country field means: 'Deutschland', 'U.S.A.', 'GB', '日本' ...

Lead data is typed by people and imported from forms, so the same country turns up in many
spellings. resolve_country maps them to one ISO 3166 country with a canonical English name.
Lookups are cached because a verify run asks about the same few hundred spellings 100,000 times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from steward.core.normalize import fold


@dataclass(frozen=True, slots=True)
class Country:
    """An ISO 3166-1 country: its alpha-2 code and the English name Steward writes back."""

    alpha_2: str
    name: str


# What people actually type, keyed by match_key() form (folded, no punctuation). Only spellings that
# pycountry's names and codes do not already cover, or cover wrongly ("UK" is not a code).
_ALIASES: dict[str, str] = {
    "us": "US",
    "usa": "US",
    "u s": "US",
    "united states of america": "US",
    "america": "US",
    "the united states": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "deutschland": "DE",
    "allemagne": "DE",
    "germania": "DE",
    "espana": "ES",
    "espagne": "ES",
    "italia": "IT",
    "italie": "IT",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "osterreich": "AT",
    "autriche": "AT",
    "nederland": "NL",
    "holland": "NL",
    "the netherlands": "NL",
    "pays bas": "NL",
    "belgie": "BE",
    "belgique": "BE",
    "brasil": "BR",
    "mexico": "MX",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "polska": "PL",
    "cesko": "CZ",
    "czech republic": "CZ",
    "russia": "RU",
    "rossiya": "RU",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "uae": "AE",
    "u a e": "AE",
    "emirates": "AE",
    "turkiye": "TR",
    "turkey": "TR",
    "nippon": "JP",
    "nihon": "JP",
    "日本": "JP",
    "中国": "CN",
    "prc": "CN",
    "peoples republic of china": "CN",
    "hong kong": "HK",
    "hong kong sar": "HK",
    "taiwan": "TW",
    "ivory coast": "CI",
    "vietnam": "VN",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "macedonia": "MK",
    "vatican": "VA",
    "palestine": "PS",
    "drc": "CD",
    "dr congo": "CD",
    "eire": "IE",
    "ireland": "IE",
    "republic of ireland": "IE",
    "new zealand": "NZ",
    "aotearoa": "NZ",
    "kingdom of saudi arabia": "SA",
    "ksa": "SA",
}

# Canonical names that differ from pycountry's name/common_name ('Russian Federation').
_NAME_OVERRIDES: dict[str, str] = {
    "RU": "Russia",
    "CD": "Democratic Republic of the Congo",
    "FM": "Micronesia",
    "PS": "Palestine",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}

_PUNCT_RE = re.compile(r"[^\w\s]+")
_SEP_RE = re.compile(r"[-_/]+")
_MAX_LEN = 80  # longer text is not a country name; do not spend time on it
_FUZZY_MIN_LEN = 5  # shorter words are too close to each other for one-typo matching


def match_key(text: str) -> str:
    """Folded, with separators as spaces and other punctuation removed: 'U.S.A.' -> 'usa'."""
    folded = _SEP_RE.sub(" ", fold(text))
    return " ".join(_PUNCT_RE.sub("", folded).split())


def canonical_name(alpha_2: str) -> str:
    """The English name Steward writes: pycountry's common name where it has one."""
    if alpha_2 in _NAME_OVERRIDES:
        return _NAME_OVERRIDES[alpha_2]
    record = pycountry.countries.get(alpha_2=alpha_2)
    if record is None:
        return alpha_2
    return str(getattr(record, "common_name", None) or record.name)


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Every known spelling (in match_key form) -> alpha-2; built once, on first use."""
    index: dict[str, str] = {}
    variants: dict[str, set[str]] = {}
    for record in pycountry.countries:
        code = str(record.alpha_2)
        names = [record.name, getattr(record, "official_name", None)]
        names.append(getattr(record, "common_name", None))
        for name in names:
            if not name:
                continue
            index[match_key(name)] = code
            # 'Korea, Republic of' -> 'republic of korea' and 'korea';
            # 'Falkland Islands (Malvinas)' -> 'falkland islands'.
            base = name.split("(")[0]
            if "," in base:
                head, tail = (part.strip() for part in base.split(",", 1))
                for variant in (head, f"{tail} {head}"):
                    variants.setdefault(match_key(variant), set()).add(code)
            elif base != name:
                variants.setdefault(match_key(base), set()).add(code)
        index[match_key(str(record.alpha_3))] = code
    # A shortened variant is only safe when it names one country and is not a name already
    # ('Congo' stays the Republic of the Congo; 'Virgin Islands' means nothing).
    for variant, codes in variants.items():
        if len(codes) == 1 and variant and variant not in index:
            index[variant] = next(iter(codes))
    index.update(_ALIASES)
    return index


def _flag(text: str) -> str | None:
    """A flag emoji is two regional indicator letters: '🇩🇪' -> 'DE'."""
    if len(text) == 2 and all(0x1F1E6 <= ord(c) <= 0x1F1FF for c in text):
        return "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in text)
    return None


def _within_one_edit(a: str, b: str) -> bool:
    """True when b is a, or a with one letter inserted, dropped, changed or two swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) <= 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _fuzzy(key: str) -> str | None:
    """One typo away from exactly one country name ('germnay'); otherwise nothing."""
    if len(key) < _FUZZY_MIN_LEN:
        return None
    found = {
        code
        for name, code in _index().items()
        if len(name) >= _FUZZY_MIN_LEN and _within_one_edit(key, name)
    }
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=8192)
def resolve_country(text: str | None) -> Country | None:
    """The country a Country field names, or None when it names none (or is empty)."""
    if not text:
        return None
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_LEN:
        return None
    code = _flag(stripped)
    if code is None:
        key = match_key(stripped)
        if key.startswith("the ") and key not in _index():
            key = key[4:]
        code = _index().get(key)
        if code is None and len(key) == 2 and key.isascii() and key.isalpha():
            record = pycountry.countries.get(alpha_2=key.upper())
            code = str(record.alpha_2) if record is not None else None
        if code is None:
            code = _fuzzy(key)
    if code is None or pycountry.countries.get(alpha_2=code) is None:
        return None
    return Country(alpha_2=code, name=canonical_name(code))


# Adjectives for evidence lines ("'1234' is not a German postal code"); other countries are
# written as "a postal code of <name>" by the callers.
_ADJECTIVES: dict[str, str] = {
    "US": "US",
    "CA": "Canadian",
    "GB": "UK",
    "DE": "German",
    "FR": "French",
    "IT": "Italian",
    "ES": "Spanish",
    "NL": "Dutch",
    "BE": "Belgian",
    "CH": "Swiss",
    "AT": "Austrian",
    "SE": "Swedish",
    "NO": "Norwegian",
    "DK": "Danish",
    "FI": "Finnish",
    "PL": "Polish",
    "CZ": "Czech",
    "PT": "Portuguese",
    "IE": "Irish",
    "JP": "Japanese",
    "CN": "Chinese",
    "IN": "Indian",
    "KR": "South Korean",
    "AU": "Australian",
    "NZ": "New Zealand",
    "BR": "Brazilian",
    "MX": "Mexican",
    "AR": "Argentine",
    "RU": "Russian",
    "TR": "Turkish",
    "SA": "Saudi",
    "AE": "Emirati",
    "IL": "Israeli",
    "SG": "Singaporean",
    "HK": "Hong Kong",
    "TW": "Taiwanese",
    "TH": "Thai",
    "ID": "Indonesian",
    "MY": "Malaysian",
    "PH": "Philippine",
    "VN": "Vietnamese",
    "ZA": "South African",
    "EG": "Egyptian",
    "NG": "Nigerian",
    "CL": "Chilean",
    "CO": "Colombian",
    "GR": "Greek",
    "HU": "Hungarian",
    "RO": "Romanian",
    "UA": "Ukrainian",
    "LU": "Luxembourgish",
}


def adjective(alpha_2: str) -> str | None:
    """The English adjective for a country's things ('German'), where Steward knows one."""
    return _ADJECTIVES.get(alpha_2)
