"""First names and nicknames: Bob is Robert and Liz is Elizabeth, Bob is not Mary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steward.core.matching.nicknames import name_forms, nickname_key, same_first_name

SAME = [
    ("bob", "robert"),
    ("rob", "robert"),
    ("bobby", "robert"),
    ("bob", "rob"),  # both nicknames of Robert
    ("liz", "elizabeth"),
    ("beth", "elizabeth"),
    ("betty", "elizabeth"),
    ("bill", "william"),
    ("will", "william"),
    ("peggy", "margaret"),
    ("jim", "james"),
    ("kate", "katherine"),
    ("dick", "richard"),
    ("tony", "anthony"),
]
DIFFERENT = [
    ("bob", "mary"),
    ("liz", "robert"),
    ("james", "john"),
    ("peggy", "elizabeth"),
    ("david", "daniel"),
    ("michael", "matthew"),
    ("xavier", "zoltan"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_nicknames_are_the_same_first_name(a: str, b: str) -> None:
    assert same_first_name(a, b)
    assert same_first_name(b, a)
    assert not name_forms(a).isdisjoint(name_forms(b))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_other_names_are_not(a: str, b: str) -> None:
    assert not same_first_name(a, b)
    assert not same_first_name(b, a)


def test_a_name_is_the_same_as_itself_even_when_no_list_knows_it() -> None:
    assert same_first_name("zebedee", "zebedee")
    assert name_forms("zebedee") == {"zebedee"}
    assert nickname_key("zebedee") == "zebedee"


def test_no_name_is_no_name() -> None:
    assert not same_first_name("", "")
    assert not same_first_name("", "bob")
    assert name_forms("") == frozenset()
    assert nickname_key("") == ""


def test_forms_are_the_canonical_names_a_nickname_stands_for() -> None:
    assert "robert" in name_forms("bob")
    assert "elizabeth" in name_forms("liz")
    assert "robert" in name_forms("robert")  # a canonical name is one of its own forms
    assert nickname_key("bob") == " ".join(sorted(name_forms("bob")))


_KNOWN = sorted({n for pair in SAME + DIFFERENT for n in pair})


@given(st.sampled_from(_KNOWN), st.sampled_from(_KNOWN))
def test_sameness_is_symmetric_and_reflexive(a: str, b: str) -> None:
    assert same_first_name(a, b) == same_first_name(b, a)
    assert same_first_name(a, a)
