"""Scoring candidate pairs with a PairRule, field by field, with the reasons kept.

Cheap fields (hash equality: phone, domain, email) are scored first. After each field the
pairs that could no longer reach the threshold even if every remaining field agreed are
dropped, so the fuzzy comparisons only run on pairs still in play.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from steward.core.matching.compare import (
    Bools,
    Comparison,
    Floats,
    Indexes,
    NameParts,
    comparators,
    compare_names,
)
from steward.core.matching.rules import FieldRule, PairRule
from steward.core.matching.table import KeyTable

_COST = {"domain": 0, "phone": 0, "email": 0, "last_name": 2, "first_name": 2, "company": 3}
_NAME_COMPARES = ("first_name", "last_name")


@dataclass(frozen=True, slots=True)
class ScoredPairs:
    """Pairs that reached the threshold: indexes into the table, scores and reasons."""

    rule: PairRule
    left: Indexes
    right: Indexes
    score: Floats
    similarity: npt.NDArray[np.float32]  # pairs x rule.fields
    present: npt.NDArray[np.bool_]  # pairs x rule.fields
    points: npt.NDArray[np.float32]  # pairs x rule.fields, 0 where absent
    swapped: Bools  # names compared the other way round

    def __len__(self) -> int:
        return len(self.left)


def _points(rule: FieldRule, comparison: Comparison) -> Floats:
    span = rule.high - rule.low
    if span <= 0:
        share = (comparison.similarity >= rule.high).astype(np.float32)
    else:
        share = np.clip((comparison.similarity - rule.low) / span, 0.0, 1.0)
    points = rule.disagree + (rule.agree - rule.disagree) * share
    return np.where(comparison.present, points, np.float32(0)).astype(np.float32)


def score_pairs(
    table: KeyTable, left: Indexes, right: Indexes, rule: PairRule, threshold: float = 0.0
) -> ScoredPairs:
    """Score pairs (left[i], right[i]) of table; keep those scoring at least threshold."""
    count = len(rule.fields)
    order = sorted(range(count), key=lambda i: _COST.get(rule.fields[i].compare, 4))
    logit_needed = -np.inf if threshold <= 0 else float(np.log(threshold / (1 - threshold)))
    alive = np.arange(len(left))
    li, ri = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    similarity = np.zeros((len(li), count), dtype=np.float32)
    present = np.zeros((len(li), count), dtype=bool)
    points = np.zeros((len(li), count), dtype=np.float32)
    swapped = np.zeros(len(li), dtype=bool)
    total = np.full(len(li), rule.prior, dtype=np.float32)
    # The most a field can still add, whichever way it goes (a rule may make disagreement
    # the stronger signal).
    remaining_best = sum(max(f.agree, f.disagree, 0.0) for f in rule.fields)
    names: NameParts | None = None
    for position, index in enumerate(order):
        field = rule.fields[index]
        a, b = li[alive], ri[alive]
        if field.compare in _NAME_COMPARES:
            if (
                names is None
                or position == 0
                or rule.fields[order[position - 1]].compare not in _NAME_COMPARES
            ):
                names = compare_names(table, a, b)
                swapped[alive] = names.swapped
            comparison = names.first if field.compare == "first_name" else names.last
        else:
            comparison = comparators()[field.compare](table, a, b)
        gained = _points(field, comparison)
        similarity[alive, index] = comparison.similarity
        present[alive, index] = comparison.present
        points[alive, index] = gained
        total[alive] += gained
        remaining_best -= max(field.agree, field.disagree, 0.0)
        keep = total[alive] + remaining_best >= logit_needed
        if not keep.all():
            alive = alive[keep]
            if names is not None and field.compare in _NAME_COMPARES:
                names = NameParts(
                    Comparison(names.first.similarity[keep], names.first.present[keep]),
                    Comparison(names.last.similarity[keep], names.last.present[keep]),
                    names.swapped[keep],
                )
    score = (1.0 / (1.0 + np.exp(-total[alive]))).astype(np.float32)
    return ScoredPairs(
        rule,
        li[alive],
        ri[alive],
        score,
        similarity[alive],
        present[alive],
        points[alive],
        swapped[alive],
    )
