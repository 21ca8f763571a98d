"""Labelled company duplicates for evaluating account matching.

Takes accounts as the demo generator writes them and enters some of them again the way
companies drift apart in a CRM: with or without the legal form, as an acronym, '&' spelled
'and', a typo in the name, the phone written another way, the website missing or with 'www',
the office moved. Returns the extra rows and the true pairs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from steward.demo.model import record_id
from steward.demo.text import typo

VARIATIONS = ("legal_form", "acronym", "ampersand", "typo", "phone_format", "website",
              "moved", "case")  # fmt: skip


_LEGAL_FORMS = frozenset(
    {"inc", "ltd", "llc", "llp", "gmbh", "corp", "co", "sa", "sas", "bv", "ag", "plc", "limited",
     "pty", "srl", "spa", "nv", "ab", "oy", "kk"}
)  # fmt: skip


def _acronym(name: str) -> str:
    """The initials people use for a company, without its legal form: 'Redwood Bay UK
    Limited' -> 'RBU'."""
    words = [w for w in name.replace("&", " ").replace(",", " ").split() if w[:1].isalpha()]
    while words and words[-1].lower().replace(".", "") in _LEGAL_FORMS:
        words.pop()
    return "".join(w[0].upper() for w in words) if len(words) >= 3 else name


def _vary(rng: random.Random, row: dict[str, str], kinds: Sequence[str]) -> dict[str, str]:
    out = dict(row)
    for kind in kinds:
        name = out["Name"]
        if kind == "legal_form":
            words = name.split()
            suffixes = ("Inc.", "Ltd", "LLC", "GmbH", "Corp.", "S.A.", "B.V.", "Co.")
            if words and words[-1].strip(",.") in {s.strip(".") for s in suffixes}:
                out["Name"] = " ".join(words[:-1]).rstrip(",")
            else:
                out["Name"] = f"{name} {rng.choice(suffixes)}"
        elif kind == "acronym":
            out["Name"] = _acronym(name)
        elif kind == "ampersand":
            out["Name"] = (
                name.replace(" & ", " and ") if "&" in name else name.replace(" and ", " & ")
            )
        elif kind == "typo":
            out["Name"] = typo(rng, name)
        elif kind == "phone_format":
            digits = "".join(c for c in out["Phone"] if c.isdigit())
            out["Phone"] = " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))
        elif kind == "website":
            site = out["Website"]
            out["Website"] = (
                "" if rng.random() < 0.5 or not site else f"https://{site.removeprefix('www.')}/"
            )
        elif kind == "moved":
            out["BillingStreet"] = (
                f"{rng.randint(1, 999)} {rng.choice(('Main', 'Park', 'Oak'))} Street"
            )
            out["BillingPostalCode"] = ""
            out["Phone"] = ""
        elif kind == "case":
            out["Name"] = name.upper()
    return out


def company_duplicates(
    accounts: Sequence[dict[str, str]], *, seed: int = 7, share: float = 0.2
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """New account rows re-entering about `share` of the accounts, and the true (original id,
    copy id) pairs. Copies get ids after the last account's."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    pairs: list[tuple[str, str]] = []
    number = len(accounts) + 1_000_000
    for row in accounts:
        if rng.random() >= share:
            continue
        kinds = rng.sample(VARIATIONS, rng.choice((1, 1, 2, 2, 3)))
        copy = _vary(rng, row, kinds)
        copy["Id"] = record_id("Account", number)
        number += 1
        rows.append(copy)
        pairs.append((row["Id"], copy["Id"]))
    return rows, pairs
