"""First names and their nicknames, so that Bob matches Robert and Liz matches Elizabeth.

The list is the `nicknames` package's hand-curated CSV (about 1,100 canonical names). Its
relation is not transitive: taken as a graph, one component holds a thousand names, so names
are never reduced to one representative. Instead a first name has *forms*: the canonical names
it is a nickname of, plus itself when it is canonical. Two first names are the same name when
they are equal or share a form.
"""

from __future__ import annotations

from functools import cache

import nicknames as nickname_list


@cache
def _forms() -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for triplet in nickname_list.name_triplets():
        if triplet.relationship != "has_nickname":
            continue
        forms.setdefault(triplet.name1, set()).add(triplet.name1)
        forms.setdefault(triplet.name2, set()).add(triplet.name1)
    return {name: frozenset(found) for name, found in forms.items()}


def name_forms(first: str) -> frozenset[str]:
    """The canonical names a folded first name stands for: 'bob' -> {'robert', ...}."""
    return _forms().get(first, frozenset((first,)) if first else frozenset())


def nickname_key(first: str) -> str:
    """name_forms as one sorted, space-separated text: the blocking keys of a first name."""
    return " ".join(sorted(name_forms(first)))


def same_first_name(a: str, b: str) -> bool:
    """Equal, or one a nickname of the other, or both nicknames of one name (Bob, Rob)."""
    if a == b:
        return bool(a)
    forms = _forms()
    found_a, found_b = forms.get(a), forms.get(b)
    if found_a is None or found_b is None:
        return False
    return not found_a.isdisjoint(found_b)
