"""Clusters: pairs above the threshold joined into groups (connected components) for review."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def clusters(pairs: Iterable[tuple[T, T]]) -> list[list[T]]:
    """The connected components of the pairs, largest first, members in first-seen order."""
    parent: dict[T, T] = {}

    def root(item: T) -> T:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps the trees flat
            item = parent[item]
        return item

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[T, list[T]] = {}
    for item in parent:
        groups.setdefault(root(item), []).append(item)
    return sorted(groups.values(), key=len, reverse=True)
