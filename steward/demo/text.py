"""Text helpers for the demo generator: ASCII forms for e-mail and web addresses, the small
mistakes people make when they type a name, company-name spellings, and date formatting.
"""

from __future__ import annotations

import calendar
import random
import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from math import gcd

from steward.demo.rand import below, between, pick
from steward.demo.vocab import SUFFIX_SPELLINGS

REFERENCE = calendar.timegm((2026, 11, 1, 0, 0, 0))  # "now" for every date in the demo org
START = calendar.timegm((2019, 1, 1, 0, 0, 0))  # the org's first records
DAY = 86400
STALE_BEFORE = REFERENCE - 730 * DAY  # two years before the reference date
_EPOCH = date(1970, 1, 1)

_ASCII = str.maketrans(
    {
        "ß": "ss",
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "đ": "d",
    }
)
_PLAIN_ASCII = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "ł": "l", "Ł": "L"})


def ascii_fold(text: str, german: bool = True) -> str:
    """Text without accents: Müller -> Mueller (or Muller), José -> Jose, Łukasz -> Lukasz."""
    table = _ASCII if german else _PLAIN_ASCII
    decomposed = unicodedata.normalize("NFKD", text.translate(table))
    return "".join(char for char in decomposed if ord(char) < 128)


@lru_cache(maxsize=65536)
def slug(text: str, german: bool = True) -> str:
    """Lower-case letters and digits only: "O'Brien" -> "obrien", "de la Cruz" -> "delacruz"."""
    return "".join(char for char in ascii_fold(text, german).lower() if char.isalnum())


_KEYBOARD = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
    "z": "x",
}


def typo(rng: random.Random, word: str) -> str:
    """The word with one slip of the keyboard: swapped, dropped, doubled or neighbouring key."""
    if len(word) < 4:
        return word + word[-1]
    for _ in range(8):
        at = between(rng, 1, len(word) - 2)  # people rarely get the first letter wrong
        kind = below(rng, 4)
        if kind == 0:
            changed = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == 1:
            changed = word[:at] + word[at + 1 :]
        elif kind == 2:
            changed = word[:at] + word[at] + word[at:]
        else:
            near = _KEYBOARD.get(word[at].lower(), "")
            changed = word[:at] + pick(rng, near) + word[at + 1 :] if near else word
        if changed != word:
            return changed
    return word + word[-1]


def company_spelling(rng: random.Random, brand: str, suffix: str) -> tuple[str, str]:
    """Another way of writing a company's name, and a label for the kind of variation."""
    kind = below(rng, 9)
    if kind == 0 or not suffix:
        return brand, "no_suffix"
    if kind == 1:
        return f"{brand} {pick(rng, SUFFIX_SPELLINGS.get(suffix, (suffix,)))}", "suffix"
    if kind == 2:
        return f"{brand}, {suffix}", "punctuation"
    if kind == 3:
        return f"{brand} {suffix}".upper(), "upper"
    if kind == 4:
        return brand.lower(), "lower"
    if kind == 5:
        first, _, rest = brand.partition(" ")
        return " ".join(part for part in (first.upper(), rest, suffix) if part), "upper_word"
    if kind == 6 and " & " in brand:
        return brand.replace(" & ", " and "), "ampersand"
    if kind == 6:
        return brand.replace(" ", "", 1), "spacing"
    if kind == 7:
        words = brand.split(" ")
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        words[longest] = typo(rng, words[longest])
        return " ".join(words), "typo"
    spelled = pick(rng, SUFFIX_SPELLINGS.get(suffix, (suffix,)))
    return f"{brand.title()} {spelled}", "title_case"


def legal_name(brand: str, suffix: str) -> str:
    """The usual written form: "Acme Robotics, Inc.", "Bluepeak Logistics GmbH"."""
    if not suffix:
        return brand
    if suffix in ("Inc.", "LLC") and len(brand) % 3 == 0:
        return f"{brand}, {suffix}"
    return f"{brand} {suffix}"


_CLOCK = [f"T{h:02d}:{m:02d}:{s:02d}.000Z" for h in range(24) for m in range(60) for s in range(60)]


def datetime_text(seconds: int) -> str:
    """Salesforce's datetime form: 2024-03-05T14:22:10.000Z."""
    day, rest = divmod(seconds, DAY)
    return _day_text(day) + _CLOCK[rest]


def date_text(seconds: int) -> str:
    """Salesforce's date form: 2024-03-05."""
    return _day_text(seconds // DAY)


@lru_cache(maxsize=8192)
def _day_text(day: int) -> str:
    return (_EPOCH + timedelta(days=day)).isoformat()


def float_text(value: float) -> str:
    """A number as Steward writes FLOAT fields back: 1500000.0, 12500.5."""
    return repr(float(value))


def bag(options: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """Each option repeated by its weight (weights reduced by their common divisor), so that
    pick(rng, bag) picks by weight at the cost of one plain choice."""
    divisor = 0
    for _, weight in options:
        divisor = gcd(divisor, weight)
    return tuple(value for value, weight in options for _ in range(weight // max(divisor, 1)))
