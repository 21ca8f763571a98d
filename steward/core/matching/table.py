"""A set of records as columns of match keys: what blocking and scoring work on.

Columns are numpy object arrays of str ('' for missing), so a million records cost a few
arrays rather than a million objects, and pairs are gathered by fancy indexing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from steward.core.matching.keys import MATCH_COLUMNS

Strings = npt.NDArray[np.object_]
Hashes = npt.NDArray[np.int64]


def strings(values: Sequence[str]) -> Strings:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def hashes(values: Strings) -> Hashes:
    """A 64-bit hash per value, 0 for '' (missing never blocks or agrees)."""
    found = np.fromiter((hash(v) if v else 0 for v in values), dtype=np.int64, count=len(values))
    return found


@dataclass
class KeyTable:
    """Match keys of records of one object: ids[i] has column[i] in every column."""

    object_name: str
    ids: list[str]
    columns: dict[str, Strings]
    # Extra per-record facts some rules use (an account's company key for a contact).
    _hashes: dict[str, Hashes] = field(default_factory=dict, repr=False)

    @classmethod
    def from_rows(
        cls, object_name: str, rows: Sequence[Sequence[str]], names: Sequence[str] | None = None
    ) -> KeyTable:
        """rows of (Id, *keys in `names` order; MATCH_COLUMNS by default)."""
        names = list(names or MATCH_COLUMNS)
        transposed = list(zip(*rows, strict=True)) if rows else [() for _ in range(len(names) + 1)]
        ids = [str(v) for v in transposed[0]]
        columns = {
            name: strings([v or "" for v in values])
            for name, values in zip(names, transposed[1:], strict=True)
        }
        for name in MATCH_COLUMNS:
            columns.setdefault(name, strings([""] * len(ids)))
        return cls(object_name, ids, columns)

    @classmethod
    def from_records(cls, object_name: str, records: Sequence[Mapping[str, str]]) -> KeyTable:
        rows = [(r["Id"], *[r.get(c, "") or "" for c in MATCH_COLUMNS]) for r in records]
        return cls.from_rows(object_name, rows)

    def __len__(self) -> int:
        return len(self.ids)

    def hashed(self, name: str) -> Hashes:
        found = self._hashes.get(name)
        if found is None:
            found = self._hashes[name] = hashes(self.columns[name])
        return found

    def concat(self, other: KeyTable) -> KeyTable:
        """This table's records followed by other's (for matching two objects together)."""
        columns = {
            name: np.concatenate([self.columns[name], other.columns[name]])
            for name in self.columns
            if name in other.columns
        }
        return KeyTable(self.object_name, [*self.ids, *other.ids], columns)
