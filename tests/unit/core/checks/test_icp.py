from __future__ import annotations

import pytest

from steward.core.checks.icp import RulesProblem, check_icp, load_rules
from steward.core.checks.result import Status
from steward.resources import resource_path


@pytest.fixture(scope="module")
def default_rules():  # type: ignore[no-untyped-def]
    return load_rules(resource_path("rules", "icp.toml").read_text(encoding="utf-8"))


def test_an_ideal_lead_scores_high_with_the_rules_that_fired(default_rules) -> None:  # type: ignore[no-untyped-def]
    lead = {
        "Industry": "technology",
        "NumberOfEmployees": 1200,
        "AnnualRevenue": 5.0e7,
        "Country": "Deutschland",
        "Website": "acme.de",
        "Title": "CTO",
    }
    result = check_icp(lead, default_rules)
    assert result.status is Status.PASS
    assert result.details == {"score": "100", "tier": "A"}
    assert (
        "Target industry (+30)" in result.evidence and "In a sales region (+15)" in result.evidence
    )


def test_a_poor_fit_fails_and_negative_rules_subtract(default_rules) -> None:  # type: ignore[no-untyped-def]
    lead = {
        "Industry": "Retail",
        "NumberOfEmployees": "12",
        "Country": "Narnia",
        "Website": "x.example",
        "Title": "Student",
    }
    result = check_icp(lead, default_rules)
    assert result.status is Status.FAIL
    assert result.details["score"] == "0"
    assert "Student, intern or retired (-25)" in result.evidence


def test_empty_fields_are_unknown_not_held_against_the_reader(default_rules) -> None:  # type: ignore[no-untyped-def]
    result = check_icp({"Industry": "Finance"}, default_rules)
    assert "unknown: NumberOfEmployees, AnnualRevenue, Country" in result.evidence
    assert check_icp({}, default_rules).status in {Status.UNKNOWN, Status.FAIL}


def test_every_operator() -> None:
    rules = load_rules(
        """
        [tiers]
        A = 90
        B = 50
        [[rule]]
        name = "eq"
        field = "Rating"
        op = "equals"
        value = "Hot"
        points = 1
        [[rule]]
        name = "contains"
        field = "Title"
        op = "contains"
        values = ["procure"]
        points = 1
        [[rule]]
        name = "lt"
        field = "NumberOfEmployees"
        op = "<"
        value = 50
        points = 1
        [[rule]]
        name = "absent"
        field = "Fax"
        op = "absent"
        points = 1
        """
    )
    lead = {"Rating": "hot", "Title": "Head of Procurement", "NumberOfEmployees": "1,0"}
    assert check_icp(lead, rules).details["score"] == "100"
    assert check_icp({"Rating": "Cold", "Fax": "1"}, rules).details["score"] == "0"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not toml [", "not valid TOML"),
        ("version = 9\n[[rule]]\nfield='A'\nop='present'", "version 9"),
        ("[[rule]]\nname='x'\nop='present'", "rule 1 (x): needs a field"),
        ("[[rule]]\nname='x'\nfield='A'\nop='near'", "unknown op 'near'"),
        ("[[rule]]\nname='x'\nfield='A'\nop='between'\nvalues=[1]", "two numbers"),
        ("[[rule]]\nname='x'\nfield='A'\nop='matches'\nvalue='('", "rule 1 (x)"),
        (
            "[[rule]]\nname='x'\nfield='Country'\nop='country_in'\nvalues=['Narnia']",
            "'Narnia' is not recognised",
        ),
        ("version = 1", "has no [[rule]]"),
        ("rule = 5", "rules must be [[rule]] tables"),
    ],
)
def test_bad_rule_files_name_the_rule_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(
        RulesProblem, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")
    ):
        load_rules(text)


@pytest.mark.parametrize("garbage", ["", "   ", "🙂", "x" * 10_000, "\x00", "-1e400"])
def test_garbage_values_never_raise(default_rules, garbage: str) -> None:  # type: ignore[no-untyped-def]
    lead = dict.fromkeys(
        ("Industry", "NumberOfEmployees", "AnnualRevenue", "Country", "Website", "Title"), garbage
    )
    assert check_icp(lead, default_rules).status in set(Status)
