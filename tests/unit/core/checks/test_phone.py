from __future__ import annotations

import pytest

from steward.core.checks.phone import CallConfirmation, CallOutcome, apply_call, check_phone
from steward.core.checks.result import CheckResult, Fix, Status


@pytest.mark.parametrize(
    ("phone", "country", "e164", "kind"),
    [
        ("(415) 872-3391", "United States", "+14158723391", "fixed line or mobile"),
        ("415.872.3391", "USA", "+14158723391", "fixed line or mobile"),
        ("+1 416-555-1234", "Canada", "+14165551234", "fixed line or mobile"),
        ("020 7946 0958", "UK", "+442079460958", "fixed line"),
        ("07911 123456", "United Kingdom", "+447911123456", "mobile"),
        ("030 1234567", "Deutschland", "+49301234567", "fixed line"),
        ("+49 89 32168-0", "Germany", "+4989321680", "fixed line"),
        ("01 42 68 53 00", "France", "+33142685300", "fixed line"),
        ("06 12 34 56 78", "France", "+33612345678", "mobile"),
        ("06 6982 0000", "Italy", "+390669820000", "fixed line"),
        ("91 555 12 34", "Spain", "+34915551234", "fixed line"),
        ("020 555 1234", "Netherlands", "+31205551234", "fixed line"),
        ("03-3224-5000", "Japan", "+81332245000", "fixed line"),
        ("090-1234-5678", "日本", "+819012345678", "mobile"),
        ("098450 12345", "India", "+919845012345", "mobile"),
        ("(11) 3456-7890", "Brazil", "+551134567890", "fixed line"),
        ("02 9374 4000", "Australia", "+61293744000", "fixed line"),
        ("0412 345 678", "Australia", "+61412345678", "mobile"),
        ("010 6552 9988", "China", "+861065529988", "fixed line"),
        ("1800 123 456", "Australia", "+611800123456", "toll free"),
        ("(800) 275-8777", "US", "+18002758777", "toll free"),
    ],
)
def test_valid_numbers_pass_with_e164_fix(phone: str, country: str, e164: str, kind: str) -> None:
    result = check_phone(phone, None, country=country)
    assert result.check == "phone"
    assert result.status is Status.PASS, result.evidence
    assert result.fix == Fix("Write in international format", {"Phone": e164})
    assert result.details["phone_e164"] == e164
    assert result.details["phone_type"] == kind
    assert result.details["phone_valid"] == "yes"
    assert e164 in result.evidence


def test_number_already_in_e164_needs_no_fix() -> None:
    result = check_phone("+14158723391", None, country="US")
    assert result.status is Status.PASS
    assert result.fix is None


def test_international_number_without_country_is_judged() -> None:
    result = check_phone("+44 20 7946 0958", None, country=None)
    assert result.status is Status.PASS
    assert result.details["phone_region"] == "GB"
    result = check_phone("0044 20 7946 0958", None, country="")
    assert result.status is Status.PASS
    assert result.fix is not None
    assert result.fix.values == {"Phone": "+442079460958"}


def test_national_number_without_any_country_warns() -> None:
    result = check_phone("020 7946 0958", None, country=None)
    assert result.status is Status.WARN
    assert "no country code" in result.evidence
    assert result.fix is None


@pytest.mark.parametrize(
    ("phone", "country", "words"),
    [
        ("+39 06 6982 0000", "Germany", "Italian (+39) but the address is in Germany"),
        ("+33 1 42 68 53 00", "Deutschland", "French (+33) but the address is in Germany"),
        ("+44 20 7946 0958", "USA", "UK (+44) but the address is in United States"),
        ("+49 30 1234567", "Austria", "German (+49) but the address is in Austria"),
    ],
)
def test_foreign_number_warns(phone: str, country: str, words: str) -> None:
    result = check_phone(phone, None, country=country)
    assert result.status is Status.WARN
    assert words in result.evidence


def test_shared_calling_code_is_not_foreign() -> None:
    # Canada and the US share +1: a Toronto number for a US address is not flagged.
    assert check_phone("+1 416 555 1234", None, country="US").status is Status.PASS


@pytest.mark.parametrize(
    ("phone", "country", "reason"),
    [
        ("555-0123", "US", "555-01xx"),
        ("(212) 555-0142", "US", "555-01xx"),
        ("+1 310 555 0199", None, "555-01xx"),
        ("000-000-0000", "US", "all zeros"),
        ("0000000", "Germany", "all zeros"),
        ("1111111111", "US", "one repeated digit"),
        ("(999) 999-9999", "US", "one repeated digit"),
        ("+1 111-111-1111", None, "one repeated digit"),
        ("1234567890", "US", "a run of digits"),
        ("123-456-7890", None, "a run of digits"),
        ("0123456789", "France", "a run of digits"),
        ("9876543210", "India", "a run of digits"),
    ],
)
def test_fake_numbers_fail(phone: str, country: str | None, reason: str) -> None:
    result = check_phone(phone, None, country=country)
    assert result.status is Status.FAIL
    assert "looks fake" in result.evidence
    assert reason in result.evidence
    assert result.fix is None


def test_real_555_numbers_outside_the_fictional_range_are_not_fake() -> None:
    result = check_phone("(212) 555-0242", None, country="US")
    assert "looks fake" not in result.evidence


@pytest.mark.parametrize("phone", ["12", "123", "12345", "+1", "(0)", "ext 12"])
def test_too_short_fails(phone: str) -> None:
    result = check_phone(phone, None, country="US")
    assert result.status is Status.FAIL
    assert "too short" in result.evidence


@pytest.mark.parametrize(
    ("phone", "country"),
    [("(800) 123-4567", "US"), ("+44 20 7946 09588888", "UK"), ("+1 415 872 33", "US")],
)
def test_invalid_numbers_do_not_pass(phone: str, country: str) -> None:
    result = check_phone(phone, None, country=country)
    assert result.status in (Status.WARN, Status.FAIL)
    assert "valid" in result.evidence
    assert result.fix is None


def test_landline_in_mobile_field_warns() -> None:
    result = check_phone(None, "030 12345678", country="Germany")
    assert result.status is Status.WARN
    assert "landline" in result.evidence
    assert result.details["mobilephone_type"] == "fixed line"
    # The number is still written in E.164: it is a real number, just in the wrong field.
    assert result.fix is not None
    assert result.fix.values == {"MobilePhone": "+493012345678"}


def test_mobile_in_mobile_field_passes() -> None:
    result = check_phone(None, "0151 23456789", country="Germany")
    assert result.status is Status.PASS
    assert result.details["mobilephone_type"] == "mobile"
    assert result.fix == Fix("Write in international format", {"MobilePhone": "+4915123456789"})


def test_both_numbers_are_judged_and_the_worst_wins() -> None:
    result = check_phone("030 1234567", "1111111111", country="Germany")
    assert result.status is Status.FAIL
    assert result.evidence.startswith("Phone +49301234567 valid")
    assert "Mobile '1111111111' looks fake" in result.evidence
    assert result.fix is not None
    assert result.fix.values == {"Phone": "+49301234567"}


def test_both_good_numbers_give_two_fixes() -> None:
    result = check_phone("030 1234567", "0151 23456789", country="DE")
    assert result.status is Status.PASS
    assert result.fix is not None
    assert result.fix.values == {"Phone": "+49301234567", "MobilePhone": "+4915123456789"}
    assert "Phone" in result.evidence
    assert "Mobile" in result.evidence


def test_extension_is_not_dropped_by_a_fix() -> None:
    result = check_phone("+1 415 872 3391 ext. 12", None, country="US")
    assert result.status is Status.PASS
    assert result.fix is None


@pytest.mark.parametrize(
    ("phone", "mobile"),
    [(None, None), ("", ""), ("   ", "\t"), ("\x00\x01", None), ("\u200b", "\x7f")],
)
def test_no_phone_is_unknown(phone: str | None, mobile: str | None) -> None:
    result = check_phone(phone, mobile, country="US")
    assert result.status is Status.UNKNOWN
    assert result.evidence == "No phone"


@pytest.mark.parametrize(
    "value",
    [
        "😀",
        "☎️ 415 872 3391 📞",
        "x" * 10_000,
        "1" * 10_000,
        "+" * 50,
        "call me maybe",
        "\x00415\x00872\x003391",
        "n/a",
        "+999 123 456 789",
        "(((())))-----",
    ],
)
@pytest.mark.parametrize("country", [None, "US", "Narnia", "x" * 10_000, "😀"])
def test_garbage_never_raises(value: str, country: str | None) -> None:
    result = check_phone(value, value, country=country)
    assert result.check == "phone"
    assert result.status in set(Status)
    assert len(result.evidence) < 300
    assert all(len(v) <= 40 for v in result.details.values())


_PASSING = CheckResult(
    "phone",
    Status.PASS,
    "Phone +14158723391 valid (fixed line or mobile)",
    Fix("Write in international format", {"Phone": "+14158723391"}),
    {"phone_e164": "+14158723391"},
)


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (CallOutcome.WRONG_NUMBER, "Wrong number (reported 2026-11-20 by ann)"),
        (CallOutcome.DISCONNECTED, "Disconnected (reported 2026-11-20 by ann)"),
    ],
)
def test_dead_number_fails_whatever_it_looked_like(outcome: CallOutcome, words: str) -> None:
    result = apply_call(_PASSING, CallConfirmation(outcome, "2026-11-20", "ann"))
    assert result.status is Status.FAIL
    assert result.evidence == words
    assert result.fix is None
    assert result.details["call_outcome"] == outcome.value


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (CallOutcome.REACHED, "Reached on 2026-11-20 by ann"),
        (CallOutcome.NO_ANSWER, "No answer on 2026-11-20 by ann"),
        (CallOutcome.VOICEMAIL, "Voicemail on 2026-11-20 by ann"),
    ],
)
def test_other_outcomes_keep_the_status(outcome: CallOutcome, words: str) -> None:
    result = apply_call(_PASSING, CallConfirmation(outcome, "2026-11-20", "ann"))
    assert result.status is Status.PASS
    assert result.evidence.startswith(_PASSING.evidence)
    assert words in result.evidence
    assert result.fix == _PASSING.fix
    assert result.details["phone_e164"] == "+14158723391"
    assert result.details["call_who"] == "ann"


def test_call_note_is_kept_and_no_call_changes_nothing() -> None:
    confirmation = CallConfirmation(CallOutcome.REACHED, "2026-11-20", "ann", "asked for Bob")
    assert "asked for Bob" in apply_call(_PASSING, confirmation).evidence
    assert apply_call(_PASSING, None) is _PASSING


def test_call_outcome_values() -> None:
    assert [o.value for o in CallOutcome] == [
        "reached",
        "no_answer",
        "wrong_number",
        "disconnected",
        "voicemail",
    ]
