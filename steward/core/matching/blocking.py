"""Blocking: the few candidate pairs worth scoring, out of the n² possible.

Each blocking key puts records that share a value (an email, a phone number, a last name with
a postal code, ...) next to each other; pairs are taken only between near neighbours in that
order (a sorted-neighbourhood window). A small block is compared whole; a huge one (gmail.com,
"Smith") gives at most `window` pairs per record, ordered by a second key so that the
neighbours are the likely ones. Several keys together keep recall high when any one value is
missing or mistyped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from steward.core.matching.compare import Bools, Indexes
from steward.core.matching.table import Hashes, KeyTable

WINDOW = 8
_MIX = np.int64(0x9E3779B97F4A7C15 - (1 << 64))  # odd 64-bit constant: mixes two hashes


@dataclass(frozen=True, slots=True)
class Entries:
    """One blocking key's entries: record i has key value key[i], ordered by second[i]
    (a KeyTable.ranked column, so neighbours are the same in every run)."""

    record: Indexes
    key: Hashes
    second: Hashes


KeyMaker = Callable[[KeyTable], Entries]


@dataclass(frozen=True, slots=True)
class BlockKey:
    """A blocking key and its window: how many neighbours each record is paired with.

    Keys on names get a narrow window: "John Smith" is a block of hundreds in a million
    leads, and the second key (postal code, company) has already put the likely ones next
    to each other."""

    make: KeyMaker
    window: int = WINDOW


def _combine(a: Hashes, b: Hashes) -> Hashes:
    with np.errstate(over="ignore"):
        mixed = a * _MIX + b
    return np.where((a != 0) & (b != 0), mixed, np.int64(0))


def single(column: str, second: str) -> KeyMaker:
    def make(table: KeyTable) -> Entries:
        return Entries(np.arange(len(table)), table.hashed(column), table.ranked(second))

    return make


def either(columns: tuple[str, ...], second: str) -> KeyMaker:
    """A record with values in several columns (phone and mobile) is in each one's block."""

    def make(table: KeyTable) -> Entries:
        n = len(table)
        records = np.concatenate([np.arange(n)] * len(columns))
        keys = np.concatenate([table.hashed(c) for c in columns])
        seconds = np.concatenate([table.ranked(second)] * len(columns))
        return Entries(records, keys, seconds)

    return make


def joint(first: str, other: str, second: str) -> KeyMaker:
    """Records that share both values: last name and postal code, say."""

    def make(table: KeyTable) -> Entries:
        keys = _combine(table.hashed(first), table.hashed(other))
        return Entries(np.arange(len(table)), keys, table.ranked(second))

    return make


def unordered_names(second: str) -> KeyMaker:
    """First and last name as a set, so a swapped name lands in the same block."""

    def make(table: KeyTable) -> Entries:
        a, b = table.hashed("mk_first"), table.hashed("mk_last")
        low, high = np.minimum(a, b), np.maximum(a, b)
        return Entries(np.arange(len(table)), _combine(low, high), table.ranked(second))

    return make


def nickname_names(second: str) -> KeyMaker:
    """Each canonical form of the first name with the last name: Bob Smith and Robert Smith."""

    def make(table: KeyTable) -> Entries:
        records, forms = table.nickname_forms()
        return Entries(
            records,
            _combine(forms, table.hashed("mk_last")[records]),
            table.ranked(second)[records],
        )

    return make


def candidate_pairs(
    table: KeyTable, keys: list[BlockKey], side: Bools | None = None
) -> tuple[Indexes, Indexes]:
    """Distinct candidate pairs (left < right) from all keys.

    With side (True for the records of the second object), only pairs across the two sides
    are kept, left being the first object's record.
    """
    found: list[Hashes] = []
    n = np.int64(max(len(table), 1))
    for block in keys:
        window = block.window
        entries = block.make(table)
        usable = entries.key != 0
        record, key, second = entries.record[usable], entries.key[usable], entries.second[usable]
        order = block_order(key, second)
        record, key = record[order], key[order]
        # Records alone in their block pair with nobody: most emails and phones are unique,
        # so dropping them first makes the window passes work on a fraction of the entries.
        same_next = key[1:] == key[:-1]
        shared = np.zeros(len(key), dtype=bool)
        shared[1:] |= same_next
        shared[:-1] |= same_next
        record, key = record[shared], key[shared]
        # how many entries follow each one in its block: the window only looks that far
        count = len(key)
        boundaries = np.flatnonzero(key[1:] != key[:-1]) + 1
        starts = np.concatenate(([0], boundaries))
        ends = np.concatenate((boundaries, [count]))
        after = np.repeat(ends, ends - starts) - np.arange(count) - 1
        live = np.flatnonzero(after >= 1)
        for step in range(1, window + 1):
            live = live[after[live] >= step]
            if not len(live):
                break
            a, b = record[live], record[live + step]
            low, high = np.minimum(a, b), np.maximum(a, b)
            distinct = low != high
            low, high = low[distinct], high[distinct]
            if side is not None:
                across = side[low] != side[high]
                low, high = low[across], high[across]
            found.append(low * n + high)
        if side is not None:
            found.append(_with_few_others(record, key, side, n))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes = _distinct(np.concatenate(found))
    left, right = codes // n, codes % n
    if side is not None:  # left is the first object's record
        flip = side[left]
        left, right = np.where(flip, right, left), np.where(flip, left, right)
    return left, right


def block_order(key: Hashes, second: Indexes) -> Indexes:
    """The order np.lexsort((second, key)) gives (by key, then second, ties as they come),
    from one stable sort of the key's high bits with the second key in the low ones: three
    times faster. Two keys alike in their high bits would share a block, so then the slow
    sort is taken after all (a chance of about 1 in 30 per key at a million records)."""
    bits = int(second.max()).bit_length() if len(second) else 0
    if not len(key) or bits > 32:
        return np.lexsort((second, key))
    high = key >> bits  # arithmetic shift: keeps the keys' order
    order = np.argsort((high << bits) | second, kind="stable")
    ordered_high, ordered_key = high[order], key[order]
    if np.any((ordered_high[1:] == ordered_high[:-1]) & (ordered_key[1:] != ordered_key[:-1])):
        return np.lexsort((second, key))
    return order


FEW = 3  # a block with at most this many records of the other object pairs them with all


def _with_few_others(record: Indexes, key: Hashes, side: Bools, n: np.int64) -> Hashes:
    """Across two objects, every record of a block paired with each of the other object's
    records in it when those are few. A window would pair an account with only its nearest
    few leads, but a company with 40 leads and one account needs all 40 pairs (and they
    are only 40). Entries are sorted by key; returns pair codes left * n + right."""
    if not len(key):
        return np.zeros(0, dtype=np.int64)
    block = np.cumsum(np.concatenate(([True], key[1:] != key[:-1]))) - 1
    blocks = int(block[-1]) + 1
    others = np.flatnonzero(side[record])
    if not len(others):
        return np.zeros(0, dtype=np.int64)
    other_block = block[others]
    starts = np.flatnonzero(np.concatenate(([True], other_block[1:] != other_block[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(others)])))
    rank = np.arange(len(others)) - np.repeat(starts, sizes)
    count = np.zeros(blocks, dtype=np.int64)
    count[other_block[starts]] = sizes
    mine = np.flatnonzero(~side[record] & (count[block] >= 1) & (count[block] <= FEW))
    codes: list[Hashes] = []
    for k in range(FEW):
        partner = np.full(blocks, -1, dtype=np.int64)
        chosen = rank == k
        partner[other_block[chosen]] = record[others[chosen]]
        b = partner[block[mine]]
        keep = b >= 0
        a, b = record[mine[keep]], b[keep]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    return np.concatenate(codes)


def _distinct(codes: Hashes) -> Hashes:
    """Sorted distinct values. np.unique does the same but, in numpy 2.4, some hundred times
    slower on a few million int64 (measured: 2 s against 10 ms)."""
    ordered = np.sort(codes)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def person_keys() -> list[BlockKey]:
    """Blocking keys for people (leads and contacts)."""
    return [
        BlockKey(single("mk_email", "mk_last")),
        BlockKey(either(("mk_phone", "mk_mobile"), "mk_last")),
        BlockKey(unordered_names("mk_company"), 1),
        BlockKey(nickname_names("mk_company"), 2),
        BlockKey(joint("mk_last", "mk_company", "mk_first"), 4),
        BlockKey(joint("mk_first", "mk_company", "mk_last"), 4),
        BlockKey(joint("mk_last", "mk_postcode", "mk_first"), 3),
        BlockKey(joint("mk_first", "mk_postcode", "mk_last"), 3),
        BlockKey(joint("mk_street", "mk_postcode", "mk_last"), 3),
    ]


def company_keys() -> list[BlockKey]:
    """Blocking keys for organisations (accounts, and leads against accounts)."""
    return [
        BlockKey(single("mk_company", "mk_postcode")),
        BlockKey(single("mk_domain", "mk_company")),
        BlockKey(either(("mk_phone",), "mk_company")),
        BlockKey(joint("mk_postcode", "mk_street", "mk_company"), 4),
    ]
