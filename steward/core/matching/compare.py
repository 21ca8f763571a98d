"""Field comparators: the similarity (0..1) of one field across many candidate pairs at once.

Each comparator takes a KeyTable and two index arrays (the left and right record of every
pair) and returns the similarities and where both sides have a value: a missing value on
either side makes the field absent for that pair, so it neither helps nor hurts. Strings are
compared with rapidfuzz's pairwise `cpdist`, in C++ on all cores; equality goes through 64-bit
hashes first, so fuzzy scoring only runs where values differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from steward.core.checks.email import is_free_mail
from steward.core.matching.companies import acronym
from steward.core.matching.contact_points import registrable_domain
from steward.core.matching.nicknames import name_forms
from steward.core.matching.table import KeyTable, Strings

Floats = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]
Indexes = npt.NDArray[np.int64]
WORKERS = 2  # rapidfuzz threads; the machine this is tuned on has two cores
_FORMS = 4  # canonical forms kept per first name (few names have more)


@dataclass(frozen=True, slots=True)
class Comparison:
    similarity: Floats
    present: Bools


Comparator = Callable[[KeyTable, Indexes, Indexes], Comparison]


def _fuzzy(
    scorer: Callable[..., float], left: Strings, right: Strings, scale: float = 1.0
) -> Floats:
    if len(left) == 0:
        return np.zeros(0, dtype=np.float32)
    # Threads cost more than they save on the few pairs of one record's candidates.
    workers = WORKERS if len(left) >= 20_000 else 1
    found = process.cpdist(left, right, scorer=scorer, workers=workers, dtype=np.float32)
    return np.asarray(found, dtype=np.float32) / np.float32(scale)


def _similar(
    table: KeyTable,
    column: str,
    li: Indexes,
    ri: Indexes,
    scorer: Callable[..., float] = JaroWinkler.normalized_similarity,
    scale: float = 1.0,
) -> Comparison:
    """Equal (by hash) is 1.0; otherwise the scorer's similarity."""
    h = table.hashed(column)
    hl, hr = h[li], h[ri]
    present = (hl != 0) & (hr != 0)
    similarity = np.zeros(len(li), dtype=np.float32)
    equal = present & (hl == hr)
    similarity[equal] = 1.0
    differ = np.flatnonzero(present & ~equal)
    values = table.columns[column]
    similarity[differ] = _fuzzy(scorer, values[li[differ]], values[ri[differ]], scale)
    return Comparison(similarity, present)


def _equal(table: KeyTable, column: str, li: Indexes, ri: Indexes) -> Comparison:
    h = table.hashed(column)
    hl, hr = h[li], h[ri]
    present = (hl != 0) & (hr != 0)
    return Comparison((present & (hl == hr)).astype(np.float32), present)


# ---- people ---------------------------------------------------------------------------------
def _forms(first: str) -> tuple[str, ...]:
    return tuple(sorted(name_forms(first.split(" ", 1)[0])))


def _first_names(table: KeyTable, li: Indexes, ri: Indexes, last: Floats) -> Comparison:
    """Nickname-aware similarity of first names: Bob and Robert are 1.0 (they share the
    canonical form 'robert'). Only looked at where the last names agree: elsewhere a
    nickname cannot make a pair match."""
    result = _similar(table, "mk_first", li, ri)
    similarity = result.similarity
    maybe = np.flatnonzero(result.present & (similarity < 0.999) & (last >= 0.85))
    if len(maybe):
        forms = table.derived_many("first_forms", "mk_first", _forms, _FORMS)
        left, right = forms[li[maybe]], forms[ri[maybe]]
        related = np.zeros(len(maybe), dtype=bool)
        for a in range(_FORMS):
            for b in range(_FORMS):
                related |= (left[:, a] == right[:, b]) & (left[:, a] != 0)
        similarity[maybe[related]] = 1.0
    return result


@dataclass(frozen=True, slots=True)
class NameParts:
    first: Comparison
    last: Comparison
    swapped: Bools  # the names compare better the other way round


def compare_names(table: KeyTable, li: Indexes, ri: Indexes) -> NameParts:
    """First and last names, also swapped (a 'Harris Jonathan' for 'Jonathan Harris').

    Swapping is tried only where one name equals the other record's other name, which is
    how swapped names arrive (a form filled the wrong way round); typos on top of a swap
    are left to the other fields."""
    last = _similar(table, "mk_last", li, ri)
    first = _first_names(table, li, ri, last.similarity)
    hf, hl = table.hashed("mk_first"), table.hashed("mk_last")
    cross = ((hf[li] == hl[ri]) | (hl[li] == hf[ri])) & first.present & last.present
    straight = first.similarity + last.similarity
    doubt = np.flatnonzero(cross & (straight < 1.9))
    swapped = np.zeros(len(li), dtype=bool)
    if len(doubt):
        firsts, lasts = table.columns["mk_first"], table.columns["mk_last"]
        a = _fuzzy(JaroWinkler.normalized_similarity, firsts[li[doubt]], lasts[ri[doubt]])
        b = _fuzzy(JaroWinkler.normalized_similarity, lasts[li[doubt]], firsts[ri[doubt]])
        better = (a + b) > straight[doubt] + 0.05
        chosen = doubt[better]
        swapped[chosen] = True
        first.similarity[chosen] = a[better]
        last.similarity[chosen] = b[better]
    return NameParts(first, last, swapped)


def _local_part(email: str) -> str:
    return email.partition("@")[0]


def compare_email(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """The same mailbox is 1.0. The same local part elsewhere is 0.7 when the other address
    could be the same person's (a personal mailbox, the company's other domain such as
    acme.es and acme.com), and 0.55 at another company's domain: there it only repeats the
    name, which the name fields already count."""
    result = _equal(table, "mk_email", li, ri)
    local = table.derived("email_local", "mk_email", _local_part, mostly_distinct=True)
    same_local = np.flatnonzero(
        result.present & (result.similarity < 1.0) & (local[li] == local[ri])
    )
    if len(same_local):
        a, b = li[same_local], ri[same_local]
        result.similarity[same_local] = np.where(
            _could_be_one_person(table, a, b), np.float32(0.7), np.float32(0.55)
        )
    return result


def _domain_part(email: str) -> str:
    return email.partition("@")[2]


def _could_be_one_person(table: KeyTable, a: Indexes, b: Indexes) -> Bools:
    """Whether the mail domains of records a[i] and b[i] could be one person's: either is
    free mail, or both are the same organisation's (acme.es and acme.com).

    Each distinct domain among them is looked at once: at a million leads some 400,000
    candidate pairs share a local part (john.smith@), and looking at each pair took 0.4 s."""
    domain = table.derived("email_domain", "mk_email", _domain_part, mostly_distinct=True)
    ends = np.concatenate((a, b))
    codes = domain[ends]
    order = np.argsort(codes, kind="stable")
    first = np.ones(len(order), dtype=bool)
    first[1:] = codes[order][1:] != codes[order][:-1]
    emails = table.columns["mk_email"][ends[order[first]]].tolist()
    brand = np.zeros(len(emails), dtype=np.int64)
    personal = np.zeros(len(emails), dtype=bool)
    for index, email in enumerate(emails):
        name, free = _mail_domain(_domain_part(email))
        brand[index], personal[index] = hash(name), free
    number = np.empty(len(ends), dtype=np.int64)  # each end's distinct domain
    number[order] = np.cumsum(first) - 1
    left, right = number[: len(a)], number[len(a) :]
    one: Bools = personal[left] | personal[right] | (brand[left] == brand[right])
    return one


@lru_cache(maxsize=65536)
def _mail_domain(domain: str) -> tuple[str, bool]:
    """(the organisation's name in the domain: 'acme' for mail.acme.co.uk, free mail or not)"""
    return registrable_domain(domain).partition(".")[0], is_free_mail(domain)


def compare_phone(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """1.0 when any number of one record is any number of the other (phone or mobile)."""
    phone, mobile = table.hashed("mk_phone"), table.hashed("mk_mobile")
    lp, lm, rp, rm = phone[li], mobile[li], phone[ri], mobile[ri]
    present = ((lp != 0) | (lm != 0)) & ((rp != 0) | (rm != 0))
    same = (
        ((lp != 0) & ((lp == rp) | (lp == rm))) | ((lm != 0) & ((lm == rp) | (lm == rm)))
    ) & present
    return Comparison(same.astype(np.float32), present)


def single_word(key: str) -> str:
    return "" if " " in key else key


def compare_company(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """Company keys: equal 1.0, one the acronym of the other 0.9, else their Indel similarity
    (twice as fast as token-sort on millions of pairs, and company keys rarely reorder)."""
    result = _similar(table, "mk_company", li, ri, fuzz.ratio, 100.0)
    short = table.derived("company_single", "mk_company", single_word)
    initials = table.derived("company_initials", "mk_company", acronym)
    hit = (
        ((initials[li] == short[ri]) & (short[ri] != 0))
        | ((short[li] == initials[ri]) & (short[li] != 0))
    ) & result.present
    result.similarity[hit & (result.similarity < 0.9)] = 0.9
    return result


def compare_domain(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    return _equal(table, "mk_domain", li, ri)


def compare_address(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """A weighted mean of what both records have: the street (0.6), the postal code (0.25)
    and the city (0.15). The street weighs most: a postal code is one typo from another.
    Without both streets the mean is taken as if the street were there, so a shared city
    (Houston) or postal code is weak evidence, never "same address"."""
    street = _similar(table, "mk_street", li, ri, fuzz.token_sort_ratio, 100.0)
    _other_building(table, li, ri, street)
    postcode = _equal(table, "mk_postcode", li, ri)
    city = _equal(table, "mk_city", li, ri)
    total = np.zeros(len(li), dtype=np.float32)
    weight = np.zeros(len(li), dtype=np.float32)
    for part, share in ((street, 0.6), (postcode, 0.25), (city, 0.15)):
        total += np.where(part.present, part.similarity * share, 0)
        weight += np.where(part.present, share, 0)
    present = weight > 0
    similarity = np.zeros(len(li), dtype=np.float32)
    similarity[present] = total[present] / np.maximum(weight[present], 0.6)
    return Comparison(similarity, present)


_HOUSE_NUMBER_CAP = 0.7


def _other_building(table: KeyTable, li: Indexes, ri: Indexes, street: Comparison) -> None:
    """Streets alike but for the house number (Rua Augusta 17 and 175) are other
    buildings: their similarity is capped at 0.7, whatever the letters say (a harder cap
    cost recall on Febrl, whose typos hit house numbers too)."""
    close = np.flatnonzero(street.present & (street.similarity < 1.0)
                           & (street.similarity > _HOUSE_NUMBER_CAP))  # fmt: skip
    if not len(close):
        return
    values = table.columns["mk_street"]
    numbers = _house_numbers
    differ = [
        numbers(a) != numbers(b)
        for a, b in zip(values[li[close]].tolist(), values[ri[close]].tolist(), strict=True)
    ]
    capped = close[np.asarray(differ, dtype=bool)]
    street.similarity[capped] = _HOUSE_NUMBER_CAP


@lru_cache(maxsize=65536)
def _house_numbers(street: str) -> str:
    return " ".join(word for word in street.split() if any(c.isdigit() for c in word))


@cache
def comparators() -> dict[str, Comparator]:
    """Comparators by the name rules use; 'first_name' and 'last_name' share one name pass."""
    return {
        "email": compare_email,
        "phone": compare_phone,
        "company": compare_company,
        "domain": compare_domain,
        "address": compare_address,
    }
