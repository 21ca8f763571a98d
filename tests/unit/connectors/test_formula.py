from __future__ import annotations

import pytest

from steward.connectors.exportfiles.formula import neutralise, restore


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://x")',
        "+SUM(A1)",
        "-2+3-A1",
        "@SUM(A1)",
        "\tabc",
        "\rabc",
        "- see notes",
        "+",
    ],
)
def test_formula_like_values_are_neutralised(value: str) -> None:
    written = neutralise(value)
    assert written == "'" + value
    assert restore(written) == value


@pytest.mark.parametrize(
    "value", ["+1 415 872 3391", "-5", "-1,234.50", "(415) 872-3391", "Acme", "", "'quoted'"]
)
def test_numbers_phones_and_plain_text_are_left_alone(value: str) -> None:
    assert neutralise(value) == value
    assert restore(value) == value


@pytest.mark.parametrize("value", ["'=x", "''=x", "'@", "'-note"])
def test_values_that_already_look_neutralised_survive_a_round_trip(value: str) -> None:
    assert restore(neutralise(value)) == value
