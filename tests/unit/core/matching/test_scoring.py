"""Scoring pairs: what counts, what does not, and reasons that add up to the score."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steward.core.matching.compare import compare_address, compare_email, compare_phone
from steward.core.matching.engine import run
from steward.core.matching.explain import Agreement, reason_lines, reason_text, reasons
from steward.core.matching.keys import match_keys
from steward.core.matching.rules import DEFAULT_THRESHOLD, FieldRule, PairRule, default_rules
from steward.core.matching.score import ScoredPairs, score_pairs
from steward.core.matching.table import KeyTable

Record = Mapping[str, str]
PEOPLE = default_rules().for_pair("Lead", "Lead")
COMPANIES = default_rules().for_pair("Account", "Account")

JON = {
    "FirstName": "Jonathan",
    "LastName": "Harris",
    "Email": "jon.harris@acme.com",
    "Phone": "(415) 872-3391",
    "Company": "Acme Inc",
    "Street": "1 Main Street",
    "City": "Springfield",
    "PostalCode": "94105",
    "Country": "US",
}
NAMES_ONLY = {"FirstName": "Jonathan", "LastName": "Harris"}


def _table(records: Sequence[Record], object_name: str = "Lead") -> KeyTable:
    rows = [(f"r{i}", *match_keys(object_name, r)) for i, r in enumerate(records)]
    return KeyTable.from_rows(object_name, rows)


def _score_of(
    a: Record, b: Record, rule: PairRule = PEOPLE, object_name: str = "Lead"
) -> tuple[ScoredPairs, KeyTable]:
    table = _table([a, b], object_name)
    return score_pairs(table, np.array([0]), np.array([1]), rule), table


def _score(a: Record, b: Record, rule: PairRule = PEOPLE, object_name: str = "Lead") -> float:
    return float(_score_of(a, b, rule, object_name)[0].score[0])


def _only(rule: PairRule, *compares: str) -> PairRule:
    return replace(rule, fields=tuple(f for f in rule.fields if f.compare in compares))


def _field(scored: ScoredPairs, compare: str, row: int = 0) -> tuple[bool, float]:
    index = next(i for i, f in enumerate(scored.rule.fields) if f.compare == compare)
    return bool(scored.present[row, index]), float(scored.points[row, index])


# ---- what counts --------------------------------------------------------------------------


def test_a_field_missing_on_one_side_neither_helps_nor_hurts() -> None:
    full, _ = _score_of(JON, NAMES_ONLY)
    for compare in ("email", "phone", "company", "address"):
        assert _field(full, compare) == (False, 0.0)
    names_rule = _only(PEOPLE, "first_name", "last_name")
    assert _score(JON, NAMES_ONLY) == pytest.approx(_score(JON, NAMES_ONLY, names_rule))


@pytest.mark.parametrize("field", ["Email", "Phone", "Company", "Street"])
def test_leaving_a_field_out_of_one_record_is_the_same_as_leaving_it_out_of_both(
    field: str,
) -> None:
    other = {**JON, "Email": "jharris@acme.com", "Phone": "(415) 872-9000"}
    one_side = _score({k: v for k, v in JON.items() if k != field}, other)
    both_sides = _score(
        {k: v for k, v in JON.items() if k != field}, {k: v for k, v in other.items() if k != field}
    )
    assert one_side == pytest.approx(both_sides)


def test_placeholder_values_count_as_missing() -> None:
    fake = {**NAMES_ONLY, "Company": "N/A", "Phone": "000-000-0000", "Email": "none"}
    assert _score(JON, fake) == pytest.approx(_score(JON, NAMES_ONLY))


def test_swapped_names_score_as_well_as_straight_ones() -> None:
    swapped = {"FirstName": "Harris", "LastName": "Jonathan"}
    straight, _ = _score_of(NAMES_ONLY, NAMES_ONLY)
    turned, table = _score_of(NAMES_ONLY, swapped)
    assert float(turned.score[0]) == pytest.approx(float(straight.score[0]))
    assert bool(turned.swapped[0]) and not bool(straight.swapped[0])
    assert "names swapped" in reason_text(turned, 0, table)
    assert _score(JON, {**JON, **swapped}) == pytest.approx(_score(JON, dict(JON)))


def test_a_nickname_scores_as_the_name_itself() -> None:
    bob = {"FirstName": "Bob", "LastName": "Smith", "Company": "Initech"}
    robert = {**bob, "FirstName": "Robert"}
    scored, table = _score_of(bob, robert)
    assert float(scored.score[0]) == pytest.approx(_score(robert, dict(robert)))
    agree = PEOPLE.fields[0].agree
    assert f"First name: same, nickname ({agree:+.1f})" in reason_text(scored, 0, table)
    assert _score(bob, {**bob, "FirstName": "Mary"}) < 0.2


def test_the_same_name_at_different_companies_is_two_people() -> None:
    other = {
        "FirstName": "Jonathan",
        "LastName": "Harris",
        "Email": "jharris@globex.com",
        "Phone": "(212) 873-4410",
        "Company": "Globex",
        "Street": "200 Park Avenue",
        "City": "New York",
        "PostalCode": "10166",
        "Country": "US",
    }
    assert _score(JON, other) < DEFAULT_THRESHOLD
    assert _score(NAMES_ONLY, NAMES_ONLY) < DEFAULT_THRESHOLD  # a name alone proves nothing
    assert _score(JON, {**other, "Company": "Acme"}) < _score(JON, {**other, "Phone": JON["Phone"]})


def test_a_duplicate_that_changed_some_details_still_scores_above_the_threshold() -> None:
    moved = {
        **JON,
        "FirstName": "Jon",
        "Email": "JON.HARRIS+x@Acme.com",
        "Street": "9 Elm Road",
        "PostalCode": "94110",
        "Phone": "+1 415 872 3391",
    }
    assert _score(JON, moved) >= DEFAULT_THRESHOLD
    typo = {**JON, "LastName": "Harirs", "Email": "", "Phone": ""}
    assert _score(JON, typo) >= DEFAULT_THRESHOLD


def test_an_acronym_is_nearly_the_name() -> None:
    ibm = {"Name": "IBM"}
    full = {"Name": "International Business Machines Corporation"}
    rule = _only(COMPANIES, "company")
    scored, table = _score_of(ibm, full, rule, "Account")
    present, points = _field(scored, "company")
    assert present and float(scored.similarity[0, 0]) == pytest.approx(0.9)
    assert points > 0
    assert "acronym" in reason_text(scored, 0, table)


def test_a_phone_matches_the_other_records_mobile() -> None:
    table = _table(
        [
            {"Phone": "(415) 872-3391", "Country": "US"},
            {"MobilePhone": "+14158723391"},
            {"Phone": "(415) 872-3392", "Country": "US"},
            {},
        ]
    )
    left, right = np.array([0, 0, 0]), np.array([1, 2, 3])
    found = compare_phone(table, left, right)
    assert found.similarity.tolist() == [1.0, 0.0, 0.0]
    assert found.present.tolist() == [True, True, False]


def test_the_same_mailbox_name_at_another_domain_is_partly_the_same() -> None:
    """Weaker at another company's domain: there the local part only repeats the name."""
    table = _table(
        [
            {"Email": "jon.harris@acme.com"},
            {"Email": "jon.harris@globex.com"},
            {"Email": "kim@acme.com"},
            {"Email": "jon.harris@outlook.com"},
            {"Email": "jon.harris@mail.acme.es"},
        ]
    )
    found = compare_email(table, np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4]))
    assert found.similarity.tolist() == pytest.approx([0.55, 0.0, 0.7, 0.7])
    scored, table = _score_of({"Email": "jon.harris@acme.com"}, {"Email": "jon.harris@globex.com"})
    assert "same name at another company" in reason_text(scored, 0, table)
    scored, table = _score_of({"Email": "jon.harris@acme.com"}, {"Email": "jon.harris@acme.es"})
    assert "same name at another domain" in reason_text(scored, 0, table)


def test_a_street_alike_but_for_the_house_number_is_another_building() -> None:
    table = _table(
        [
            {"Street": "Rua Augusta, 17"},
            {"Street": "Rua Augusta, 175"},
            {"Street": "Rua Augusta 17"},
            {"Street": "Rua Augustaa, 17"},
        ]
    )
    found = compare_address(table, np.array([0, 0, 0]), np.array([1, 2, 3]))
    street_only = found.similarity.tolist()
    assert street_only[0] == pytest.approx(0.7)  # capped: another building
    assert street_only[1] == pytest.approx(1.0)
    assert street_only[2] > 0.9  # a typo in the name of the street is still the street


# ---- reasons ------------------------------------------------------------------------------


def test_points_add_up_to_the_score() -> None:
    others = [
        NAMES_ONLY,
        {"FirstName": "Jon", "LastName": "Harris", "Company": "ACME"},
        {"FirstName": "Jonathan", "LastName": "Harriss", "Phone": "415-872-3391"},
        {"FirstName": "Harris", "LastName": "Jonathan", "Email": "jon.harris@gmail.com"},
        {"FirstName": "Kim", "LastName": "Harris", "Company": "Acme"},
    ]
    table = _table([JON, *others])
    left, right = np.zeros(len(others), dtype=np.int64), np.arange(1, len(others) + 1)
    scored = score_pairs(table, left, right, PEOPLE)
    assert len(scored) == len(others)
    for row in range(len(scored)):
        score = float(scored.score[row])
        assert 0.001 < score < 0.999, "pick pairs whose logit is measurable"
        found = reasons(scored, row, table)
        assert [r.field for r in found] == [f.name for f in PEOPLE.fields]
        total = sum(r.points for r in found)
        assert total == pytest.approx(float(scored.points[row].sum()), abs=1e-5)
        assert total == pytest.approx(math.log(score / (1 - score)) - PEOPLE.prior, abs=1e-3)
        for reason in found:
            if reason.agreement is Agreement.MISSING:
                assert reason.points == 0.0 and reason.similarity is None


def test_reason_text_leaves_missing_fields_out_and_shows_signed_points() -> None:
    scored, table = _score_of(JON, NAMES_ONLY)
    first, last = (f.agree for f in PEOPLE.fields[:2])
    assert (
        reason_text(scored, 0, table)
        == f"First name: same ({first:+.1f}); Last name: same ({last:+.1f})"
    )
    found = reasons(scored, 0, table)
    email = next(r for r in found if r.compare == "email")
    assert (email.agreement, email.left, email.right) == (
        Agreement.MISSING,
        "jon.harris@acme.com",
        "",
    )
    assert email.text() == "Email: missing"


def test_a_reason_shows_what_was_compared() -> None:
    bob = {"FirstName": "Bob", "LastName": "Smith", "Phone": "020 7946 0958", "Country": "UK"}
    robert = {"FirstName": "Robert", "LastName": "Smith", "MobilePhone": "+44 20 7946 0958"}
    scored, table = _score_of(bob, robert)
    by_field = {r.compare: r for r in reasons(scored, 0, table)}
    assert (by_field["first_name"].left, by_field["first_name"].right) == ("bob", "robert")
    assert by_field["first_name"].note == "nickname"
    assert by_field["phone"].agreement is Agreement.SAME
    assert by_field["phone"].right == "+442079460958"


def test_a_name_ninety_percent_alike_is_not_called_an_acronym() -> None:
    names = [{"Name": "Globex Abc"}, {"Name": "Globex Abd"}, {"Name": "IBM"},
             {"Name": "International Business Machines"}]  # fmt: skip
    table = _table(names, "Account")
    scored = score_pairs(table, np.array([0, 2]), np.array([1, 3]), _only(COMPANIES, "company"))
    assert scored.similarity[:, 0].tolist() == pytest.approx([0.9, 0.9])
    one_by_one = [reason_text(scored, row, table) for row in range(len(scored))]
    assert "acronym" not in one_by_one[0] and "acronym" in one_by_one[1]
    assert reason_lines(scored, table) == one_by_one


# ---- thresholds and pruning ---------------------------------------------------------------

FIRSTS = ["Bob", "Robert", "Jon", "Jonathan", "Harris", "Mary", "Liz", "Elizabeth", ""]
LASTS = ["Smith", "Smyth", "Harris", "Jonathan", "Taylor", ""]
COMPANY_NAMES = ["Acme Inc", "ACME", "Globex", "International Business Machines", "IBM", ""]
PHONES = ["(415) 872-3391", "+1 415 872 3391", "(212) 873-4410", ""]
STREETS = ["1 Main Street", "1 Main St", "9 Elm Road", ""]
POSTCODES = ["94105", "94110", ""]

_people = st.fixed_dictionaries(
    {
        "FirstName": st.sampled_from(FIRSTS),
        "LastName": st.sampled_from(LASTS),
        "Email": st.sampled_from(["jon@acme.com", "jon@globex.com", "bob@acme.com", ""]),
        "Phone": st.sampled_from(PHONES),
        "MobilePhone": st.sampled_from(PHONES),
        "Company": st.sampled_from(COMPANY_NAMES),
        "Website": st.sampled_from(["acme.com", "globex.com", ""]),
        "Street": st.sampled_from(STREETS),
        "PostalCode": st.sampled_from(POSTCODES),
        "City": st.sampled_from(["Springfield", "Shelbyville", ""]),
        "Country": st.just("US"),
    }
)


def _all_pairs(count: int) -> tuple[np.ndarray, np.ndarray]:
    left, right = np.triu_indices(count, k=1)
    return left.astype(np.int64), right.astype(np.int64)


def _kept(scored: ScoredPairs) -> dict[tuple[int, int], float]:
    return {
        (int(a), int(b)): float(s)
        for a, b, s in zip(scored.left, scored.right, scored.score, strict=True)
    }


def _assert_pruning_is_exact(table: KeyTable, rule: PairRule, threshold: float) -> None:
    left, right = _all_pairs(len(table))
    everything = _kept(score_pairs(table, left, right, rule, 0.0))
    assert len(everything) == len(left)
    pruned = _kept(score_pairs(table, left, right, rule, threshold))
    should = {pair: score for pair, score in everything.items() if score >= threshold + 1e-6}
    assert should.keys() <= pruned.keys()
    for pair, score in pruned.items():
        assert score == pytest.approx(everything[pair], abs=1e-6)
        assert score >= threshold - 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(_people, min_size=2, max_size=14),
    threshold=st.floats(0.05, 0.99),
    object_pair=st.sampled_from([("Lead", "Lead"), ("Lead", "Account")]),
)
def test_pruning_never_drops_a_pair_that_reaches_the_threshold(
    records: list[dict[str, str]], threshold: float, object_pair: tuple[str, str]
) -> None:
    rule = default_rules().for_pair(*object_pair)
    _assert_pruning_is_exact(_table(records), rule, threshold)


_weights = st.floats(-6, 8, allow_nan=False).map(lambda x: round(x, 2))
_COMPARES = ["first_name", "last_name", "email", "phone", "company", "address"]


@st.composite
def _field_rules(draw: st.DrawFn) -> FieldRule:
    """A field rule as stewards write them: agreeing is worth at least disagreeing."""
    one, other = draw(_weights), draw(_weights)
    return FieldRule(
        "field",
        draw(st.sampled_from(_COMPARES)),
        agree=max(one, other),
        disagree=min(one, other),
        low=draw(st.sampled_from([0.0, 0.5, 0.8])),
        high=draw(st.sampled_from([0.9, 1.0])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(_people, min_size=2, max_size=10),
    fields=st.lists(_field_rules(), min_size=1, max_size=5),
    prior=st.floats(-8, 2),
    threshold=st.floats(0.05, 0.99),
)
def test_pruning_is_exact_for_any_rule_a_steward_can_write(
    records: list[dict[str, str]], fields: list[FieldRule], prior: float, threshold: float
) -> None:
    rule = PairRule("Lead", "Lead", prior, tuple(fields))
    _assert_pruning_is_exact(_table(records), rule, threshold)


def test_pruning_is_exact_when_disagreeing_is_what_scores() -> None:
    """parse_rules accepts disagree above agree ("a different address is a sign"); pruning
    must then count on disagree, not agree, as the best a field can still add."""
    rule = PairRule(
        "Lead",
        "Lead",
        -3.0,
        (
            FieldRule("Email", "email", agree=3.0, disagree=0.0),
            FieldRule("Address", "address", agree=0.0, disagree=1.5, low=0.4, high=0.9),
        ),
    )
    same_mail_elsewhere = [
        {"Email": "jon@acme.com", "Street": "1 Main Street", "PostalCode": "94105"},
        {"Email": "jon@acme.com", "Street": "9 Elm Road", "PostalCode": "10166"},
    ]
    table = _table(same_mail_elsewhere)
    unpruned = score_pairs(table, np.array([0]), np.array([1]), rule)
    assert float(unpruned.score[0]) == pytest.approx(1 / (1 + math.exp(-1.5)))  # 0.82
    _assert_pruning_is_exact(table, rule, 0.8)


def test_a_run_keeps_only_pairs_at_or_above_the_threshold() -> None:
    records = [JON, dict(JON), NAMES_ONLY, {**JON, "FirstName": "Jon"}, {"LastName": "Taylor"}]
    table, scored, candidates = run(_table(records), None, PEOPLE, DEFAULT_THRESHOLD)
    assert candidates >= len(scored) >= 3
    assert (scored.score >= DEFAULT_THRESHOLD).all()
    found = {(table.ids[a], table.ids[b]) for a, b in zip(scored.left, scored.right, strict=True)}
    assert {("r0", "r1"), ("r0", "r3"), ("r1", "r3")} <= found
    assert not any("r2" in pair or "r4" in pair for pair in found)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(_people, min_size=2, max_size=12),
    object_pair=st.sampled_from([("Lead", "Lead"), ("Lead", "Account")]),
)
def test_reasons_for_every_pair_at_once_read_as_one_by_one(
    records: list[dict[str, str]], object_pair: tuple[str, str]
) -> None:
    table = _table(records)
    left, right = _all_pairs(len(table))
    scored = score_pairs(table, left, right, default_rules().for_pair(*object_pair))
    assert reason_lines(scored, table) == [
        reason_text(scored, row, table) for row in range(len(scored))
    ]
