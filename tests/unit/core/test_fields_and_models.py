"""The store's typed models carry exactly the fields of the core vocabulary."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String, Text

from steward.core.fields import OBJECTS, Kind, object_spec
from steward.core.matching.keys import MATCH_COLUMNS
from steward.store.models import RECORD_MODELS

_COLUMN_TYPES = {
    Kind.ID: String,
    Kind.REF: String,
    Kind.STR: Text,
    Kind.BOOL: Boolean,
    Kind.INT: Integer,
    Kind.FLOAT: Float,
    Kind.DATE: String,
    Kind.DATETIME: String,
}
_HELPERS = {
    "pk",
    "extra",
    "norm_name",
    "email_domain",
    "phone_digits",
    "search_text",
    *MATCH_COLUMNS,
}


def test_every_object_has_a_model() -> None:
    assert set(RECORD_MODELS) == set(OBJECTS)


def test_model_columns_match_the_vocabulary_in_kind_and_order() -> None:
    for name, spec in OBJECTS.items():
        table = RECORD_MODELS[name].__table__
        fields = [c.name for c in table.columns if c.name not in _HELPERS]
        assert sorted(fields) == sorted(spec.fields), name
        for field, kind in spec.fields.items():
            column_type = table.columns[field].type
            assert isinstance(column_type, _COLUMN_TYPES[kind]), f"{name}.{field}"


def test_browse_and_title_fields_exist() -> None:
    for spec in OBJECTS.values():
        assert set(spec.browse_columns) <= set(spec.fields), spec.name
        assert set(spec.title_fields) <= set(spec.fields), spec.name


def test_object_names_are_matched_case_insensitively() -> None:
    assert object_spec("lead") is OBJECTS["Lead"]
    assert object_spec(" OPPORTUNITY ") is OBJECTS["Opportunity"]
    assert object_spec("Campaign") is None
