from __future__ import annotations

import pytest

from steward.core.fields import Kind
from steward.core.values import ValueProblem, format_value, parse_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("FALSE", False),
        ("yes", True),
        ("No", False),
        ("y", True),
        ("n", False),
        ("on", True),
        ("off", False),
        ("1", True),
        ("0", False),
        (" true ", True),
        ("", None),
    ],
)
def test_booleans_in_every_data_loader_form(text: str, expected: bool | None) -> None:
    assert parse_value(Kind.BOOL, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05T14:22:10.000Z", "2024-03-05T14:22:10.000Z"),
        ("2024-03-05T14:22:10.000+0000", "2024-03-05T14:22:10.000Z"),
        ("2024-03-05T16:22:10.000+0200", "2024-03-05T14:22:10.000Z"),
        ("2024-03-05T09:22:10.123-0500", "2024-03-05T14:22:10.123Z"),
        ("2024-03-05T14:22:10Z", "2024-03-05T14:22:10.000Z"),
        ("2024-03-05 14:22:10", "2024-03-05T14:22:10.000Z"),
        ("2024-03-05", "2024-03-05T00:00:00.000Z"),
    ],
)
def test_datetimes_become_utc_in_salesforce_form(text: str, expected: str) -> None:
    assert parse_value(Kind.DATETIME, text) == expected


def test_dates_are_checked_for_real_calendar_days() -> None:
    assert parse_value(Kind.DATE, "2024-02-29") == "2024-02-29"
    with pytest.raises(ValueProblem, match="not a real date"):
        parse_value(Kind.DATE, "2023-02-29")
    with pytest.raises(ValueProblem, match="yyyy-MM-dd"):
        parse_value(Kind.DATE, "05/03/2024")


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Kind.BOOL, "maybe"),
        (Kind.INT, "12.5"),
        (Kind.INT, "twelve"),
        (Kind.FLOAT, "1e999"),
        (Kind.FLOAT, "NaN"),
        (Kind.DATETIME, "yesterday"),
        (Kind.DATETIME, "2024-13-01T00:00:00Z"),
        (Kind.ID, "not-an-id"),
    ],
)
def test_bad_values_raise_a_readable_problem(kind: Kind, text: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_value(kind, text)
    assert repr(text)[:20].strip("'") in str(caught.value) or text[:10] in str(caught.value)


def test_numbers_accept_thousands_separators_and_signs() -> None:
    assert parse_value(Kind.INT, "1,250") == 1250
    assert parse_value(Kind.INT, "250.0") == 250
    assert parse_value(Kind.FLOAT, "-1,234.50") == -1234.5


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Kind.BOOL, True),
        (Kind.BOOL, False),
        (Kind.INT, 250),
        (Kind.FLOAT, 1500000.0),
        (Kind.FLOAT, 0.1),
        (Kind.FLOAT, 1e20),
        (Kind.DATE, "2024-03-05"),
        (Kind.DATETIME, "2024-03-05T14:22:10.000Z"),
        (Kind.STR, 'Zoë, "the" boss\nline 2'),
        (Kind.ID, "001D000000IRFmaIAH"),
    ],
)
def test_formatted_values_parse_back_to_the_same_value(kind: Kind, value: object) -> None:
    assert parse_value(kind, format_value(kind, value)) == value  # type: ignore[arg-type]


def test_empty_text_is_none_for_every_kind() -> None:
    for kind in Kind:
        assert parse_value(kind, "") is None
    assert format_value(Kind.STR, None) == ""
