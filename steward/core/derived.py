"""Every column a record table derives from its fields: search helpers and match keys.

Imports, edits and undo all keep these in step with the fields through this one module.
"""

from __future__ import annotations

from collections.abc import Mapping

from steward.core.matching.keys import MATCH_COLUMNS, MATCH_OBJECTS, MATCH_SOURCE_FIELDS, match_keys
from steward.core.normalize import HELPER_COLUMNS, HELPER_SOURCE_FIELDS, helper_tuple


def derived_columns(object_name: str) -> list[str]:
    """The derived columns of an object's table, in the order derived_tuple gives them."""
    if object_name in MATCH_OBJECTS:
        return HELPER_COLUMNS + MATCH_COLUMNS
    return list(HELPER_COLUMNS)


DERIVED_SOURCE_FIELDS: Mapping[str, frozenset[str]] = {
    name: fields | MATCH_SOURCE_FIELDS.get(name, frozenset())
    for name, fields in HELPER_SOURCE_FIELDS.items()
}


def derived_tuple(object_name: str, record: Mapping[str, object]) -> tuple[str, ...]:
    """The values of derived_columns(object_name) for one record."""
    helpers = helper_tuple(object_name, record)
    if object_name in MATCH_OBJECTS:
        return helpers + match_keys(object_name, record)
    return helpers


def derived_values(object_name: str, record: Mapping[str, object]) -> dict[str, str]:
    return dict(zip(derived_columns(object_name), derived_tuple(object_name, record), strict=True))
