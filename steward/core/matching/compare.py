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
from functools import cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from steward.core.matching.companies import acronym
from steward.core.matching.nicknames import same_first_name
from steward.core.matching.table import KeyTable, Strings

Floats = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]
Indexes = npt.NDArray[np.int64]
WORKERS = 2  # rapidfuzz threads; the machine this is tuned on has two cores


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
    found = process.cpdist(left, right, scorer=scorer, workers=WORKERS, dtype=np.float32)
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
def _first_names(table: KeyTable, li: Indexes, ri: Indexes) -> Floats:
    """Nickname-aware similarity of first names: Bob and Robert are 1.0."""
    result = _similar(table, "mk_first", li, ri)
    similarity = result.similarity
    maybe = np.flatnonzero(result.present & (similarity < 1.0))
    if len(maybe):
        first = table.columns["mk_first"]
        related = np.fromiter(
            (
                same_first_name(a.split(" ", 1)[0], b.split(" ", 1)[0])
                for a, b in zip(first[li[maybe]], first[ri[maybe]], strict=True)
            ),
            dtype=bool,
            count=len(maybe),
        )
        similarity[maybe[related]] = 1.0
    return similarity


@dataclass(frozen=True, slots=True)
class NameParts:
    first: Comparison
    last: Comparison
    swapped: Bools  # the names compare better the other way round


def compare_names(table: KeyTable, li: Indexes, ri: Indexes) -> NameParts:
    """First and last names, also swapped (a 'Harris Jonathan' for 'Jonathan Harris')."""
    last = _similar(table, "mk_last", li, ri)
    first_present = (table.hashed("mk_first")[li] != 0) & (table.hashed("mk_first")[ri] != 0)
    first = np.where(first_present, _first_names(table, li, ri), np.float32(0))
    straight = np.where(first_present, first, 0) + last.similarity
    # Only pairs that are not already near-identical are tried the other way round.
    doubt = np.flatnonzero(first_present & last.present & (straight < 1.9))
    swapped = np.zeros(len(li), dtype=bool)
    if len(doubt):
        firsts, lasts = table.columns["mk_first"], table.columns["mk_last"]
        a = _fuzzy(JaroWinkler.normalized_similarity, firsts[li[doubt]], lasts[ri[doubt]])
        b = _fuzzy(JaroWinkler.normalized_similarity, lasts[li[doubt]], firsts[ri[doubt]])
        better = (a + b) > straight[doubt] + 0.05
        chosen = doubt[better]
        swapped[chosen] = True
        first = first.copy()
        last_similarity = last.similarity.copy()
        first[chosen] = a[better]
        last_similarity[chosen] = b[better]
        last = Comparison(last_similarity, last.present)
    return NameParts(Comparison(first, first_present), last, swapped)


def compare_email(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """The same mailbox is 1.0; the same local part at another domain is 0.7."""
    result = _equal(table, "mk_email", li, ri)
    differ = np.flatnonzero(result.present & (result.similarity < 1.0))
    if len(differ):
        emails = table.columns["mk_email"]
        same_local = np.fromiter(
            (
                a.partition("@")[0] == b.partition("@")[0]
                for a, b in zip(emails[li[differ]], emails[ri[differ]], strict=True)
            ),
            dtype=bool,
            count=len(differ),
        )
        result.similarity[differ[same_local]] = 0.7
    return result


def compare_phone(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """1.0 when any number of one record is any number of the other (phone or mobile)."""
    phone, mobile = table.hashed("mk_phone"), table.hashed("mk_mobile")
    lp, lm, rp, rm = phone[li], mobile[li], phone[ri], mobile[ri]
    present = ((lp != 0) | (lm != 0)) & ((rp != 0) | (rm != 0))
    same = (
        ((lp != 0) & ((lp == rp) | (lp == rm))) | ((lm != 0) & ((lm == rp) | (lm == rm)))
    ) & present
    return Comparison(same.astype(np.float32), present)


def compare_company(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """Company keys: equal 1.0, one the acronym of the other 0.9, else token-sort similarity."""
    result = _similar(table, "mk_company", li, ri, fuzz.token_sort_ratio, 100.0)
    low = np.flatnonzero(result.present & (result.similarity < 0.9))
    if len(low):
        keys = table.columns["mk_company"]
        hit = np.fromiter(
            (_acronym_pair(a, b) for a, b in zip(keys[li[low]], keys[ri[low]], strict=True)),
            dtype=bool,
            count=len(low),
        )
        result.similarity[low[hit]] = 0.9
    return result


def _acronym_pair(a: str, b: str) -> bool:
    if " " in a and " " not in b:
        return b == acronym(a)
    if " " in b and " " not in a:
        return a == acronym(b)
    return False


def compare_domain(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    return _equal(table, "mk_domain", li, ri)


def compare_address(table: KeyTable, li: Indexes, ri: Indexes) -> Comparison:
    """The mean of what both records have: street similarity, same postal code, same city
    (the city only counts when a postal code is missing)."""
    street = _similar(table, "mk_street", li, ri, fuzz.token_sort_ratio, 100.0)
    postcode = _equal(table, "mk_postcode", li, ri)
    city = _equal(table, "mk_city", li, ri)
    city_counts = city.present & ~postcode.present
    total = (
        np.where(street.present, street.similarity, 0)
        + np.where(postcode.present, postcode.similarity, 0)
        + np.where(city_counts, city.similarity, 0)
    )
    parts = street.present.astype(np.int8) + postcode.present + city_counts
    present = parts > 0
    similarity = np.zeros(len(li), dtype=np.float32)
    similarity[present] = total[present] / parts[present]
    return Comparison(similarity.astype(np.float32), present)


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
