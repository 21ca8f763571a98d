"""Matching rules as a steward reads, writes and tunes them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steward.core.matching.rules import (
    COMPARES,
    DEFAULT_THRESHOLD,
    FieldRule,
    PairRule,
    RuleProblem,
    Rules,
    default_rules,
    parse_rules,
    rules_toml,
)

EMAIL_ONLY = 'fields = [{ name = "Email", compare = "email", agree = 7.0, disagree = -1.0 }]'


def test_the_default_rules_cover_every_pair_matching_runs() -> None:
    rules = default_rules()
    assert rules.threshold == DEFAULT_THRESHOLD == 0.8
    for left, right in [
        ("Lead", "Lead"),
        ("Lead", "Contact"),
        ("Lead", "Account"),
        ("Contact", "Contact"),
        ("Account", "Account"),
    ]:
        rule = rules.for_pair(left, right)
        assert rule is rules.for_pair(right, left)
        assert {f.compare for f in rule.fields} <= set(COMPARES)
        assert all(f.agree > f.disagree for f in rule.fields)


def test_a_pair_without_a_rule_says_which() -> None:
    with pytest.raises(RuleProblem, match=r"^no matching rule for Opportunity against Lead$"):
        default_rules().for_pair("Opportunity", "Lead")
    with pytest.raises(RuleProblem, match="Contact against Account"):
        default_rules().for_pair("Contact", "Account")


def test_points_run_from_disagree_to_agree_between_low_and_high() -> None:
    rule = FieldRule("Last name", "last_name", agree=4.0, disagree=-4.0, low=0.8, high=0.95)
    assert rule.points(0.0) == rule.points(0.8) == -4.0
    assert rule.points(0.875) == pytest.approx(0.0)
    assert rule.points(0.95) == rule.points(1.0) == 4.0


def test_a_step_rule_agrees_only_at_high() -> None:
    """low == high: 'disagree at or below low, agree at or above high', as scoring does it."""
    step = FieldRule("Phone", "phone", agree=5.0, disagree=-0.5, low=1.0, high=1.0)
    assert (step.points(0.99), step.points(1.0)) == (-0.5, 5.0)


def test_score_is_the_logistic_of_prior_plus_points() -> None:
    rule = PairRule("Lead", "Lead", -6.0, ())
    assert rule.score(6.0) == 0.5
    assert rule.score(6.0 + 4.6) == pytest.approx(0.99, abs=0.001)


def test_the_default_rules_round_trip_through_toml() -> None:
    text = rules_toml(default_rules())
    assert "[Lead-Lead]" in text and 'compare = "first_name"' in text
    assert parse_rules(text) == default_rules()


def test_tuned_rules_round_trip_through_toml() -> None:
    name = (
        '{ name = "Name", compare = "company", agree = 5, disagree = -4, low = 0.7, high = 0.95 }'
    )
    rules = parse_rules(
        f"[Lead-Lead]\nprior = -5\n{EMAIL_ONLY}\n"
        f"[Account-Account]\nprior = -3.5\nfields = [\n  {name},\n"
        '  { compare = "domain", agree = 4, disagree = -1 },\n]\n'
    )
    assert rules.for_pair("Account", "Account").fields[1].name == "domain"
    assert parse_rules(rules_toml(rules)) == rules


@given(
    name=st.text(
        alphabet=st.characters(exclude_categories=["Cs", "Cc"], exclude_characters='"\\'),
        min_size=1,
        max_size=20,
    ),
    agree=st.floats(-20, 20),
    disagree=st.floats(-20, 20),
    prior=st.floats(-20, 5),
)
def test_any_field_name_and_weights_round_trip(
    name: str, agree: float, disagree: float, prior: float
) -> None:
    base = default_rules()
    lead = base.pairs["Lead-Lead"]
    field = FieldRule(name, "email", agree=agree, disagree=disagree, low=0.25, high=0.75)
    changed = replace(lead, prior=prior, fields=(field, *lead.fields[1:]))
    rules = replace(base, pairs={**base.pairs, "Lead-Lead": changed})
    assert parse_rules(rules_toml(rules)) == rules


@pytest.mark.parametrize("name", ['Say "hi"', "Back\\slash", "C:\\rules"])
def test_field_names_with_quotes_and_backslashes_round_trip(name: str) -> None:
    base = default_rules()
    lead = base.pairs["Lead-Lead"]
    field = replace(lead.fields[0], name=name)
    rules = replace(base, pairs={**base.pairs, "Lead-Lead": replace(lead, fields=(field,))})
    assert parse_rules(rules_toml(rules)) == rules


def test_pairs_the_text_leaves_out_keep_the_defaults() -> None:
    rules = parse_rules(f"[Lead-Lead]\nprior = -5.0\n{EMAIL_ONLY}\n")
    assert rules.for_pair("Lead", "Lead").prior == -5.0
    assert [f.name for f in rules.for_pair("Lead", "Lead").fields] == ["Email"]
    assert rules.for_pair("Account", "Account") == default_rules().for_pair("Account", "Account")
    assert rules.threshold == DEFAULT_THRESHOLD
    assert parse_rules("") == default_rules()


def test_a_field_takes_its_defaults() -> None:
    rules = parse_rules(f"[Lead-Lead]\n{EMAIL_ONLY}\n")
    (field,) = rules.for_pair("Lead", "Lead").fields
    assert (field.low, field.high) == (0.0, 1.0)
    assert rules.for_pair("Lead", "Lead").prior == -6.0


@pytest.mark.parametrize("key", ["Account-Lead", "Contact-Lead"])
def test_a_rule_written_the_other_way_round_is_the_one_used(key: str) -> None:
    left, right = key.split("-")
    rules = parse_rules(f"[{key}]\nprior = -1.5\n{EMAIL_ONLY}\n")
    assert rules.for_pair(left, right).prior == -1.5
    assert rules.for_pair(right, left).prior == -1.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The threshold is a workspace setting (match_threshold), not part of the rules.
        ("threshold = 0.9", "[threshold] is not a pair like [Lead-Account]"),
        ("[Lead-Opportunity]\nfields = []", "[Lead-Opportunity] is not a pair like [Lead-Account]"),
        ("[Leads]\nfields = []", "[Leads] is not a pair like"),
        ("Lead-Lead = 3", "[Lead-Lead] must be a table"),
        ("[Lead-Lead]\nprior = -6", "[Lead-Lead] needs a list of fields"),
        ("[Lead-Lead]\nfields = []", "[Lead-Lead] needs a list of fields"),
        ('[Lead-Lead]\nprior = "low"\n' + EMAIL_ONLY, "[Lead-Lead] prior must be a number"),
        ("[Lead-Lead]\nprior = true\n" + EMAIL_ONLY, "[Lead-Lead] prior must be a number"),
        ("[Lead-Lead]\nfields = [3]", "[Lead-Lead] field 1 must be a table"),
        (
            "[Lead-Account]\nfields = [\n"
            '  { compare = "company", agree = 5, disagree = -4 },\n'
            '  { compare = "zip", agree = 1, disagree = 0 },\n]',
            "[Lead-Account] field 2: compare must be one of first_name, last_name, email",
        ),
        (
            '[Contact-Contact]\nfields = [{ compare = "email", disagree = -1 }]',
            "[Contact-Contact] field 1: agree must be a number",
        ),
        (
            '[Lead-Lead]\nfields = [{ compare = "email", agree = true, disagree = -1 }]',
            "[Lead-Lead] field 1: agree must be a number",
        ),
        (
            '[Lead-Lead]\nfields = [{ compare = "email", agree = 1, disagree = -1, low = "a" }]',
            "[Lead-Lead] field 1: low must be a number",
        ),
        ("[Lead-Lead\nprior = 1", "matching rules: "),
    ],
)
def test_unusable_rules_say_which_pair_and_field(text: str, message: str) -> None:
    with pytest.raises(RuleProblem) as raised:
        parse_rules(text)
    assert str(raised.value).startswith("matching rules: ")
    assert message in str(raised.value)


def test_parsing_onto_other_base_rules_keeps_theirs() -> None:
    base = Rules({"Lead-Lead": PairRule("Lead", "Lead", -2.0, ())}, threshold=0.5)
    rules = parse_rules(f"[Account-Account]\n{EMAIL_ONLY}\n", base)
    assert rules.threshold == 0.5
    assert set(rules.pairs) == {"Lead-Lead", "Account-Account"}
