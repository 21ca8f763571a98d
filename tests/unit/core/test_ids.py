from __future__ import annotations

import pytest

from steward.core.ids import is_salesforce_id, make_id, to18


def test_fifteen_character_id_gets_its_documented_suffix() -> None:
    # The example from Salesforce's own documentation of the case-safe id.
    assert to18("001D000000IRFma") == "001D000000IRFmaIAH"


def test_eighteen_character_id_is_kept_and_its_suffix_case_does_not_matter() -> None:
    assert to18("001D000000IRFmaIAH") == "001D000000IRFmaIAH"
    assert to18("001D000000IRFmaiah") == "001D000000IRFmaIAH"


def test_ids_differing_only_in_case_are_different_records() -> None:
    assert to18("001D000000IRFma") != to18("001d000000irfma")


@pytest.mark.parametrize(
    "value", ["", "abc", "001D000000IRFma!", "001D000000IRFmaXXX", "001D000000IRFmaIAHX", "é" * 15]
)
def test_non_ids_are_refused_with_the_value_in_the_message(value: str) -> None:
    with pytest.raises(ValueError, match="not a Salesforce id"):
        to18(value)
    assert not is_salesforce_id(value)


def test_local_ids_pass_through() -> None:
    assert to18("local-7") == "local-7"


def test_made_ids_are_valid_distinct_and_prefixed() -> None:
    ids = {make_id("Lead", n) for n in range(1000)}
    assert len(ids) == 1000
    assert all(is_salesforce_id(i) and i.startswith("00Q") and len(i) == 18 for i in ids)
    assert to18(make_id("Account", 99)[:15]) == make_id("Account", 99)
