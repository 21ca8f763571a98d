"""The phone check: are the lead's Phone and MobilePhone real, callable numbers?

Each number is parsed with phonenumbers, using the address country as the default region (so
'030 1234567' with Germany means +49 30 1234567) or as an international number when there is no
country. A number is judged on: filler patterns people type to get past a required field
(all zeros, 1111111111, 1234567890, the US fictional 555-01xx range), validity for its region,
whether its country matches the address, and, for MobilePhone, whether it is a landline. The
fix writes valid numbers in E.164 ('+14158723391'), the form dialers and Salesforce accept.

A steward's call result (reached, wrong number ...) is applied afterwards by apply_call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberFormat,
    PhoneNumberType,
)
from phonenumbers.phonenumberutil import _number_type_helper

from steward.core.checks.countries import adjective, canonical_name, resolve_country
from steward.core.checks.result import CheckResult, Fix, Status

CHECK_ID = "phone"

_MAX_LEN = 40  # longer text is not a phone number; phonenumbers would reject it anyway
_MIN_DIGITS = 6
_NON_DIGIT_RE = re.compile(r"\D+")
_ASCENDING = "01234567890"
_DESCENDING = "9876543210"
_STATUS_RANK = {Status.UNKNOWN: 0, Status.PASS: 1, Status.WARN: 2, Status.FAIL: 3}

_TYPE_NAMES: dict[int, str] = {
    PhoneNumberType.FIXED_LINE: "fixed line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed line or mobile",
    PhoneNumberType.TOLL_FREE: "toll free",
    PhoneNumberType.PREMIUM_RATE: "premium rate",
    PhoneNumberType.SHARED_COST: "shared cost",
    PhoneNumberType.VOIP: "VoIP",
    PhoneNumberType.PERSONAL_NUMBER: "personal number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "UAN",
    PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown type",
}


@dataclass(frozen=True, slots=True)
class _Verdict:
    field: str  # the Salesforce field judged
    status: Status
    evidence: str
    e164: str | None  # set when the number is valid and stored in another form
    details: dict[str, str]


def looks_made_up(digits: str) -> bool:
    """Digits nobody dials: all zeros, one repeated digit, a run, 555-01xx (for matching)."""
    national = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
    return (
        _fake_reason(digits) is not None
        or _fake_reason(digits[-7:]) is not None
        or (_fictional(national, 1))
    )


def _fake_reason(digits: str) -> str | None:
    """Why a number's digits look made up, or None when they look like a real number."""
    if set(digits) == {"0"}:
        return "all zeros"
    if len(set(digits)) == 1:
        return "one repeated digit"
    if len(digits) >= 7 and (digits in _ASCENDING or digits in _DESCENDING):
        return "a run of digits"
    return None


def _fictional(national: str, calling_code: int) -> bool:
    """North America reserves 555-0100 .. 555-0199 for films and books."""
    return calling_code == 1 and len(national) in (7, 10) and national[-7:-2] == "55501"


def _region_and_type(number: PhoneNumber, national: str) -> tuple[str | None, int]:
    """The number's region and type (UNKNOWN when invalid), each worked out once.

    phonenumbers' public is_valid_number and number_type each look the region up again, and
    for +1 numbers that means trying some twenty regions: a verify run of 100,000 leads spent
    most of its phone time there. This is is_valid_number_for_region unrolled, on one lookup.
    """
    region = phonenumbers.region_code_for_number(number)
    if region is None:
        return None, PhoneNumberType.UNKNOWN
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(number.country_code or 0, region)
    if metadata is None:
        return region, PhoneNumberType.UNKNOWN
    return region, _number_type_helper(national, metadata)


def _parse(text: str, region: str | None) -> PhoneNumber | None:
    try:
        if region is None and not text.startswith("+"):
            # No country to go by: read it as international ('0049 ...' or '49 ...').
            digits = _NON_DIGIT_RE.sub("", text)
            digits = digits[2:] if digits.startswith("00") else digits
            return phonenumbers.parse("+" + digits, None)
        return phonenumbers.parse(text, region)
    except NumberParseException:
        return None


def _country_words(region: str | None, code: int) -> str:
    """'Italian (+39)', or '+39' where the country has no adjective Steward knows."""
    adj = adjective(region) if region else None
    if adj is None and region and region != "001":
        adj = f"from {canonical_name(region)}"
    return f"{adj} (+{code})" if adj else f"+{code}"


# Leads share switchboard numbers; the verdict is a pure function of its arguments.
@lru_cache(maxsize=65536)
def _judge(field: str, label: str, text: str, region: str | None) -> _Verdict:
    """One number's verdict; label is how evidence names the field ('Phone', 'Mobile')."""
    key = field.lower()
    details: dict[str, str] = {f"{key}_input": text[:_MAX_LEN]}

    def verdict(status: Status, evidence: str) -> _Verdict:
        return _Verdict(field, status, evidence, None, details)

    digits = _NON_DIGIT_RE.sub("", text)
    if len(digits) < _MIN_DIGITS or len(text) > _MAX_LEN:
        reason = "too short" if len(digits) < _MIN_DIGITS else "too long"
        return verdict(Status.FAIL, f"{label} '{text[:20]}' is {reason}")
    number = _parse(text, region)
    national = phonenumbers.national_significant_number(number) if number else ""
    calling_code = (number.country_code or 0) if number else 0
    # Filler is judged on the typed digits and on the national number ('+1 111-111-1111').
    fake = _fake_reason(digits) or (_fake_reason(national) if national else None)
    if fake is None and _fictional(national, calling_code):
        fake = "the fictional 555-01xx range"
    if fake is not None:
        return verdict(Status.FAIL, f"{label} '{text}' looks fake ({fake})")
    # Without a country code or an address country a national number cannot be judged.
    unjudgeable = region is None and not text.startswith(("+", "00"))
    if unjudgeable and (number is None or not phonenumbers.is_valid_number(number)):
        return verdict(
            Status.WARN, f"{label} '{text}' has no country code and the address has no country"
        )
    if number is None:
        return verdict(Status.FAIL, f"{label} '{text}' is not a phone number")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    number_region, kind = _region_and_type(number, national)
    valid = kind != PhoneNumberType.UNKNOWN
    details[f"{key}_e164"] = e164
    details[f"{key}_valid"] = "yes" if valid else "no"
    if number_region and valid:  # an invalid number's region is only a guess
        details[f"{key}_region"] = number_region
    if not valid:
        if phonenumbers.is_possible_number(number):
            evidence = f"{label} {e164} is not a valid number (right length, unknown range)"
            return _Verdict(field, Status.WARN, evidence, None, details)
        return _Verdict(
            field, Status.FAIL, f"{label} '{text}' is not a valid number", None, details
        )

    details[f"{key}_type"] = _TYPE_NAMES.get(kind, "unknown type")
    status, evidence = Status.PASS, f"{label} {e164} valid ({_TYPE_NAMES.get(kind, '?')})"
    if region is not None:
        expected = phonenumbers.country_code_for_region(region)
        if expected and expected != calling_code:
            main_region = phonenumbers.region_code_for_country_code(calling_code)
            where = _country_words(main_region, calling_code)
            status = Status.WARN
            evidence = f"{label}: number is {where} but the address is in {canonical_name(region)}"
    if field == "MobilePhone" and kind == PhoneNumberType.FIXED_LINE:
        status = Status.WARN
        evidence = f"{label} {e164} is a landline"
    # E.164 has no extension: a number with one is left as typed.
    fixable = e164 != text and not number.extension
    return _Verdict(field, status, evidence, e164 if fixable else None, details)


def _clean(value: str | None) -> str:
    if not value:
        return ""
    return "".join(c for c in value if c.isprintable()).strip()


def check_phone(phone: str | None, mobile: str | None, *, country: str | None) -> CheckResult:
    """Judge Phone and MobilePhone; the worse verdict sets the status, evidence names both."""
    resolved = resolve_country(country)
    region = resolved.alpha_2 if resolved is not None else None
    if region is not None and not phonenumbers.country_code_for_region(region):
        region = None  # a country phonenumbers has no plan for (Antarctica ...)
    verdicts = [
        _judge(field, label, text, region)
        for field, label, text in (
            ("Phone", "Phone", _clean(phone)),
            ("MobilePhone", "Mobile", _clean(mobile)),
        )
        if text
    ]
    if not verdicts:
        return CheckResult(CHECK_ID, Status.UNKNOWN, "No phone")
    status = max((v.status for v in verdicts), key=_STATUS_RANK.__getitem__)
    details: dict[str, str] = {}
    for verdict in verdicts:
        details.update(verdict.details)
    fixes = {v.field: v.e164 for v in verdicts if v.e164 is not None}
    fix = Fix("Write in international format", fixes) if fixes else None
    evidence = "; ".join(v.evidence for v in verdicts)
    return CheckResult(CHECK_ID, status, evidence, fix, details)


class CallOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    DISCONNECTED = "disconnected"
    VOICEMAIL = "voicemail"


@dataclass(frozen=True, slots=True)
class CallConfirmation:
    """What happened when a steward called the lead (storage is the journal's business)."""

    outcome: CallOutcome
    when: str  # ISO date, '2026-11-20'
    who: str
    note: str = ""


_OUTCOME_WORDS = {
    CallOutcome.REACHED: "Reached",
    CallOutcome.NO_ANSWER: "No answer",
    CallOutcome.VOICEMAIL: "Voicemail",
    CallOutcome.WRONG_NUMBER: "Wrong number",
    CallOutcome.DISCONNECTED: "Disconnected",
}


def apply_call(result: CheckResult, confirmation: CallConfirmation | None) -> CheckResult:
    """The phone result as amended by a call: a dead or wrong number fails whatever it looked
    like; other outcomes keep the status and are noted in the evidence."""
    if confirmation is None:
        return result
    words = _OUTCOME_WORDS[confirmation.outcome]
    note = f": {confirmation.note}" if confirmation.note else ""
    details = {
        **result.details,
        "call_outcome": str(confirmation.outcome),
        "call_when": confirmation.when,
        "call_who": confirmation.who,
    }
    if confirmation.outcome in (CallOutcome.WRONG_NUMBER, CallOutcome.DISCONNECTED):
        evidence = f"{words} (reported {confirmation.when} by {confirmation.who}){note}"
        # Reformatting a number that reaches nobody helps no one: the fix is dropped.
        return CheckResult(result.check, Status.FAIL, evidence, None, details)
    call = f"{words} on {confirmation.when} by {confirmation.who}{note}"
    return replace(result, evidence=f"{result.evidence}; {call}", details=details)
