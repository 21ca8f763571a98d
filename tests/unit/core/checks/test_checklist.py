from __future__ import annotations

import pytest

from steward.core.checks.checklist import (
    DEFAULT_TEMPLATE,
    Confirmation,
    TemplateProblem,
    load_template,
    readiness,
)
from steward.core.checks.result import CheckResult, Status


def _results(**statuses: Status) -> dict[str, CheckResult]:
    return {
        check: CheckResult(check, status, f"{check} evidence") for check, status in statuses.items()
    }


ALL_PASS = dict.fromkeys(("name", "address", "phone", "email", "relationship"), Status.PASS)


def test_default_template_is_namer_plus_source_and_icp() -> None:
    assert [item.id for item in DEFAULT_TEMPLATE.items] == [
        "name",
        "address",
        "phone",
        "email",
        "relationship",
        "source",
        "icp",
    ]
    assert [i.id for i in DEFAULT_TEMPLATE.items if i.required] == [
        "name",
        "address",
        "phone",
        "email",
        "relationship",
    ]


def test_ready_when_every_required_check_passes() -> None:
    verdict = readiness(DEFAULT_TEMPLATE, _results(**ALL_PASS, icp=Status.FAIL), {})
    assert verdict.ready and verdict.reason == "Ready to convert"


def test_the_reason_names_each_blocking_check_in_one_line() -> None:
    results = _results(**{**ALL_PASS, "email": Status.FAIL, "phone": Status.UNKNOWN})
    verdict = readiness(DEFAULT_TEMPLATE, results, {})
    assert not verdict.ready
    assert verdict.reason == "Not ready: Mobile/phone unchecked; Email fails (email evidence)"
    assert "\n" not in verdict.reason


def test_a_confirmation_stands_in_for_a_failing_check() -> None:
    results = _results(**{**ALL_PASS, "phone": Status.WARN})
    confirmed = {"phone": Confirmation("phone", "ann", "2026-11-20", "called, reached")}
    assert readiness(DEFAULT_TEMPLATE, results, confirmed).ready


def test_an_organisations_template_with_manual_bant_items() -> None:
    template = load_template(
        """
        [checks]
        icp = "required"
        relationship = "off"
        [[manual]]
        id = "budget"
        label = "Budget confirmed"
        required = true
        [[manual]]
        id = "timing"
        label = "Timing"
        """
    )
    assert [i.id for i in template.items] == [
        "name",
        "address",
        "phone",
        "email",
        "source",
        "icp",
        "budget",
        "timing",
    ]
    results = _results(**ALL_PASS, icp=Status.PASS)
    verdict = readiness(template, results, {})
    assert verdict.reason == "Not ready: Budget confirmed not confirmed"
    ticked = {"budget": Confirmation("budget", "ann", "2026-11-20", "50k approved")}
    assert readiness(template, results, ticked).ready


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[checks]\nname = 'maybe'", "checks.name must be required, optional or off"),
        ("[checks]\nbudget = 'required'", "unknown checks budget"),
        ("[[manual]]\nlabel = 'x'", "manual item 1 needs an id"),
        ("[[manual]]\nid = 'email'\nlabel = 'x'", "reuses the id 'email'"),
        ("[checks", "not valid TOML"),
        ("[checks]\nname = ['required']", "checks.name must be required, optional or off"),
        ("manual = 5", "manual items must be \\[\\[manual\\]\\] tables"),
    ],
)
def test_bad_templates_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(TemplateProblem, match=message):
        load_template(text)
