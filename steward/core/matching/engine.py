"""One matching run over key tables: blocking, then scoring, in chunks with progress."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from steward.core.matching.blocking import candidate_pairs, company_keys, person_keys
from steward.core.matching.rules import PairRule
from steward.core.matching.score import ScoredPairs, score_pairs
from steward.core.matching.table import KeyTable

CHUNK = 500_000  # pairs scored at a time: bounds memory and lets a run be cancelled
_PEOPLE = frozenset({"Lead", "Contact"})

Tick = Callable[[float, str], None]


def _no_tick(fraction: float, message: str) -> None:
    del fraction, message


def blocking_for(left: str, right: str) -> str:
    """Which blocking keys a pair of objects uses: 'people' or 'companies'."""
    return "people" if left in _PEOPLE and right in _PEOPLE else "companies"


def run(
    left: KeyTable,
    right: KeyTable | None,
    rule: PairRule,
    threshold: float,
    tick: Tick = _no_tick,
) -> tuple[KeyTable, ScoredPairs, int]:
    """Pairs at or above threshold, within left (right None) or between left and right.

    Returns the table the pairs index into (left, or left followed by right), the scored
    pairs (left index always on the left object's side) and the number of candidates.
    """
    if right is None:
        table, side = left, None
    else:
        table = left.concat(right)
        side = np.zeros(len(table), dtype=bool)
        side[len(left) :] = True
    keys = (
        person_keys()
        if blocking_for(left.object_name, (right or left).object_name) == "people"
        else company_keys()
    )
    tick(0.0, "Finding candidate pairs")
    li, ri = candidate_pairs(table, keys, side=side)
    parts: list[ScoredPairs] = []
    for start in range(0, max(len(li), 1), CHUNK):
        tick(start / max(len(li), 1), f"Scoring {len(li):,} candidate pairs")
        parts.append(
            score_pairs(
                table, li[start : start + CHUNK], ri[start : start + CHUNK], rule, threshold
            )
        )
    return table, _joined(rule, parts), len(li)


def _joined(rule: PairRule, parts: list[ScoredPairs]) -> ScoredPairs:
    if len(parts) == 1:
        return parts[0]
    return ScoredPairs(
        rule,
        np.concatenate([p.left for p in parts]),
        np.concatenate([p.right for p in parts]),
        np.concatenate([p.score for p in parts]),
        np.concatenate([p.similarity for p in parts]),
        np.concatenate([p.present for p in parts]),
        np.concatenate([p.points for p in parts]),
        np.concatenate([p.swapped for p in parts]),
    )
