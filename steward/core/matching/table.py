"""A set of records as columns of match keys: what blocking and scoring work on.

Columns are numpy object arrays of str ('' for missing), so a million records cost a few
arrays rather than a million objects, and pairs are gathered by fancy indexing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from steward.core.matching.keys import MATCH_COLUMNS

# Key columns whose values repeat across records, so each distinct value is kept once.
# (Each costs a quarter of a second per million records; these five have the fewest
# distinct values, so they save the most memory for the time.)
_REPEATED = frozenset({"mk_first", "mk_nick", "mk_last", "mk_city", "mk_country"})


Strings = npt.NDArray[np.object_]
Hashes = npt.NDArray[np.int64]
Indexes = npt.NDArray[np.int64]


def strings(values: Sequence[str]) -> Strings:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def hashes(values: Strings) -> Hashes:
    """A 64-bit hash per value, 0 for '' (missing never blocks or agrees): CPython hashes ''
    to 0, and a non-empty string to 0 only by a 1 in 2**64 chance."""
    return np.fromiter(map(hash, values), dtype=np.int64, count=len(values))


class KeyTableBuilder:
    """A KeyTable put together from slices of records, as a bulk read delivers them.

    Values repeated across records (countries, cities, first names) are kept as one string
    object each, slice by slice: a database hands out a new string per value, and at a
    million records those copies were a third of the memory."""

    def __init__(self, object_name: str, names: Sequence[str]) -> None:
        self._object_name = object_name
        self._names = list(names)
        self._ids: list[str] = []
        self._parts: list[list[list[str]]] = [[] for _ in self._names]
        self._shared: list[dict[str, str] | None] = [
            {} if name in _REPEATED else None for name in self._names
        ]

    def add(self, ids: list[str], columns: Sequence[list[str]]) -> None:
        """A slice: its ids and one list of values per column ('' for none), in `names`
        order."""
        self._ids += ids
        for parts, values, shared in zip(self._parts, columns, self._shared, strict=True):
            parts.append(values if shared is None else [shared.setdefault(v, v) for v in values])

    def table(self) -> KeyTable:
        """The table (a column left out is all ''); the builder is empty afterwards."""
        columns: dict[str, Strings] = {}
        for name, parts in zip(self._names, self._parts, strict=True):
            array = np.empty(sum(map(len, parts)), dtype=object)
            at = 0
            while parts:  # each slice let go once copied, so it is never held twice
                part = parts.pop(0)
                array[at : at + len(part)] = part
                at += len(part)
            columns[name] = array
        ids, self._ids = self._ids, []
        for name in MATCH_COLUMNS:
            columns.setdefault(name, strings([""] * len(ids)))
        return KeyTable(self._object_name, ids, columns)


@dataclass
class KeyTable:
    """Match keys of records of one object: ids[i] has column[i] in every column."""

    object_name: str
    ids: list[str]
    columns: dict[str, Strings]
    _hashes: dict[str, Hashes] = field(default_factory=dict, repr=False)
    _groups: dict[str, tuple[Indexes, Indexes]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_rows(
        cls, object_name: str, rows: Sequence[Sequence[str]], names: Sequence[str] | None = None
    ) -> KeyTable:
        """rows of (Id, *keys in `names` order; MATCH_COLUMNS by default); None is ''."""
        names = list(names or MATCH_COLUMNS)
        columns: list[list[str]] = [[] for _ in range(len(names) + 1)]
        for row in rows:
            for column, value in zip(columns, row, strict=True):
                column.append(value or "")
        builder = KeyTableBuilder(object_name, names)
        builder.add(columns[0], columns[1:])
        return builder.table()

    def __len__(self) -> int:
        return len(self.ids)

    def hashed(self, name: str) -> Hashes:
        found = self._hashes.get(name)
        if found is None:
            found = self._hashes[name] = hashes(self.columns[name])
        return found

    def _distinct(self, column: str) -> tuple[Indexes, Indexes]:
        """One record per distinct value of a column, and each record's distinct number."""
        found = self._groups.get(column)
        if found is None:
            codes = self.hashed(column)
            order = np.argsort(codes, kind="stable")
            ordered = codes[order]
            starts = np.empty(len(ordered), dtype=bool)
            starts[:1] = True
            np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
            group = np.empty(len(codes), dtype=np.int64)
            group[order] = np.cumsum(starts) - 1
            found = self._groups[column] = (order[starts], group)
        return found

    def ranked(self, column: str) -> Indexes:
        """Each record's value as its place in alphabetical order ('' first): a sort key
        that is the same in every run (string hashes change from process to process) and
        that puts 'Smith' next to 'Smithe'."""
        name = f"{column}#rank"
        found = self._hashes.get(name)
        if found is None:
            representatives, group = self._distinct(column)
            values = self.columns[column][representatives]
            order = np.argsort(values, kind="stable")
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order), dtype=np.int64)
            found = self._hashes[name] = rank[group] if len(group) else rank
        return found

    def derived(
        self,
        name: str,
        column: str,
        function: Callable[[str], str],
        *,
        mostly_distinct: bool = False,
    ) -> Hashes:
        """Hashes of function(value) per record ('' must give ''), worked out once per
        distinct value: the local part of an email, a company key's acronym. A column whose
        values are mostly distinct (emails) is worked through record by record, which is
        then three times faster than finding the distinct values first."""
        found = self._hashes.get(name)
        if found is None and mostly_distinct:
            values = self.columns[column].tolist()
            found = self._hashes[name] = np.fromiter(
                map(hash, map(function, values)), dtype=np.int64, count=len(values)
            )
        if found is None:
            representatives, group = self._distinct(column)
            values = self.columns[column][representatives].tolist()
            codes = np.fromiter(map(hash, map(function, values)), dtype=np.int64, count=len(values))
            found = self._hashes[name] = codes[group] if len(group) else codes
        return found

    def derived_many(
        self, name: str, column: str, function: Callable[[str], tuple[str, ...]], width: int
    ) -> npt.NDArray[np.int64]:
        """Up to `width` hashes per record (0 where fewer): a first name's canonical forms."""
        found = self._hashes.get(name)
        if found is None:
            representatives, group = self._distinct(column)
            values = self.columns[column][representatives].tolist()
            codes = np.zeros((len(values), width), dtype=np.int64)
            for row, value in enumerate(values):
                for slot, part in enumerate(function(value)[:width]):
                    codes[row, slot] = hash(part)
            found = self._hashes[name] = codes[group] if len(group) else codes
        return found

    def nickname_forms(self) -> tuple[Indexes, Hashes]:
        """(record, hash of one canonical form of its first name) for every form of every
        record with a last name (Bob: bert bobby robert); a name that is its own only form
        is left out (the plain name blocks have it already).

        Worked out per distinct nickname entry, which are a few thousand: a loop over a
        million records took most of a second."""
        representatives, group = self._distinct("mk_nick")
        nick_values = self.columns["mk_nick"][representatives].tolist()
        lengths = np.zeros(len(nick_values), dtype=np.int64)
        flat: list[int] = []
        for number, nick in enumerate(nick_values):
            forms = nick.split()
            lengths[number] = len(forms)
            flat += map(hash, forms)
        first_word = self.derived("first_word", "mk_first", _first_word)
        nick = self.hashed("mk_nick")
        records = np.flatnonzero((nick != 0) & (nick != first_word) & (self.hashed("mk_last") != 0))
        counts = lengths[group[records]]
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[group[records]]
        # each record's forms: its group's slice of `flat`, one entry per form
        within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        codes = np.asarray(flat, dtype=np.int64)[np.repeat(starts, counts) + within]
        return np.repeat(records, counts), codes

    def concat(self, other: KeyTable) -> KeyTable:
        """This table's records followed by other's (for matching two objects together)."""
        columns = {
            name: np.concatenate([self.columns[name], other.columns[name]])
            for name in self.columns
            if name in other.columns
        }
        return KeyTable(self.object_name, [*self.ids, *other.ids], columns)


def _first_word(name: str) -> str:
    return name.split(" ", 1)[0]
