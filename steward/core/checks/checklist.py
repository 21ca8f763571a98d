"""Checklist templates and readiness: which checks count, and whether a lead may be converted.

The default template is NAMER (name, address, phone, email, relationship) plus source and ICP.
An organisation turns checks off, marks which are required before conversion, and adds manual
items of its own (BANT: budget, authority, need, timing) that a steward ticks with a note.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from steward.core.checks.phone import CallConfirmation, CallOutcome, apply_call
from steward.core.checks.result import PASSING, CheckResult, Status

AUTOMATIC_CHECKS = ("name", "address", "phone", "email", "relationship", "source", "icp")
_LABELS = {
    "name": "Name",
    "address": "Address",
    "phone": "Mobile/phone",
    "email": "Email",
    "relationship": "Relationship",
    "source": "Source",
    "icp": "ICP fit",
}


class TemplateProblem(ValueError):
    """The checklist file cannot be used; the message says which item and why."""


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    label: str
    required: bool
    manual: bool  # ticked by a steward; no automatic check behind it


@dataclass(frozen=True, slots=True)
class Template:
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)


DEFAULT_TEMPLATE = Template(
    tuple(
        Item(check, _LABELS[check], required=check not in {"icp", "source"}, manual=False)
        for check in AUTOMATIC_CHECKS
    )
)


class Kind(StrEnum):
    CONFIRM = "confirm"  # the steward checked it: true as recorded (or ticked, for manual items)
    OVERRIDE = "override"  # the check is wrong or does not matter here, for the reason noted
    CALL = "call"  # the phone was called; the outcome says what happened


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A steward's own word on an item, with who, when and a note."""

    item: str
    who: str
    when: str
    note: str = ""
    kind: Kind = Kind.CONFIRM
    outcome: CallOutcome | None = None  # for calls
    role: str = ""  # for a confirmed relationship: the person's role ...
    seen_at: str = ""  # ... and where it was seen (company website, LinkedIn, phone call)

    @property
    def counts(self) -> bool:
        """Whether it settles the item for readiness: a call does only when someone answered."""
        return self.kind is not Kind.CALL or self.outcome is CallOutcome.REACHED


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    reason: str  # one line a steward understands
    blocking: tuple[str, ...] = ()  # the ids of the items that stand in the way, in order


def load_template(text: str, *, source: str = "checklist") -> Template:
    """A template from TOML: [checks] name = "required" | "optional" | "off", and
    [[manual]] items with id, label and required."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateProblem(f"{source}: not valid TOML ({error})") from None
    settings = data.get("checks", {})
    if not isinstance(settings, dict):
        raise TemplateProblem(f"{source}: [checks] must be a table")
    items: list[Item] = []
    for check in AUTOMATIC_CHECKS:
        default = DEFAULT_TEMPLATE.item(check)
        assert default is not None
        setting = settings.get(check, "required" if default.required else "optional")
        if not isinstance(setting, str) or setting not in {"required", "optional", "off"}:
            raise TemplateProblem(
                f"{source}: checks.{check} must be required, optional or off, not {setting!r}"
            )
        if setting != "off":
            items.append(Item(check, default.label, setting == "required", manual=False))
    unknown = set(settings) - set(AUTOMATIC_CHECKS)
    if unknown:
        raise TemplateProblem(f"{source}: unknown checks {', '.join(sorted(unknown))}")
    manual = data.get("manual", [])
    if not isinstance(manual, list):
        raise TemplateProblem(f"{source}: manual items must be [[manual]] tables")
    for number, raw in enumerate(manual, 1):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("label"):
            raise TemplateProblem(f"{source}: manual item {number} needs an id and a label")
        item_id = str(raw["id"])
        if any(item.id == item_id for item in items):
            raise TemplateProblem(f"{source}: manual item {number} reuses the id {item_id!r}")
        items.append(Item(item_id, str(raw["label"]), bool(raw.get("required")), manual=True))
    return Template(tuple(items))


def amend(
    template: Template,
    results: Sequence[CheckResult],
    confirmations: Mapping[str, Confirmation],
) -> list[CheckResult]:
    """The results as the steward's confirmations change them, plus a result per manual item.

    A confirmation or override makes its check "confirmed" and says by whom and why; a call
    adds its outcome to the phone result (a wrong or dead number fails it, an answered call
    confirms it)."""
    amended = [_amended(r, confirmations.get(r.check)) for r in results]
    for item in template.items:
        if item.manual:
            ticked = confirmations.get(item.id)
            if ticked is None:
                amended.append(CheckResult(item.id, Status.UNKNOWN, "Not ticked yet"))
            else:
                amended.append(_amended(CheckResult(item.id, Status.UNKNOWN, ""), ticked))
    return amended


def _amended(result: CheckResult, word: Confirmation | None) -> CheckResult:
    if word is None:
        return result
    by = f"by {word.who} on {word.when[:10]}"
    note = f": {word.note}" if word.note else ""
    if word.kind is Kind.CALL and word.outcome is not None:
        called = apply_call(
            result, CallConfirmation(word.outcome, word.when[:10], word.who, word.note)
        )
        if word.outcome is CallOutcome.REACHED:
            return replace(called, status=Status.CONFIRMED)
        return called
    was = f" (the check said: {_short(result.evidence)})" if result.evidence else ""
    if word.kind is Kind.OVERRIDE:
        evidence = f"Overridden {by}{note}{was}"
    elif word.role:
        seen = f" via {word.seen_at}" if word.seen_at else ""
        evidence = f"Confirmed as {word.role}{seen} {by}{note}"
    elif result.evidence:
        evidence = f"Confirmed {by}{note}{was}"
    else:
        evidence = f"Ticked {by}{note}"
    details = dict(result.details)
    details.update({"confirmed_by": word.who, "confirmed_on": word.when, "confirmation": word.kind})
    if word.role:
        details["confirmed_role"] = word.role
    return CheckResult(result.check, Status.CONFIRMED, evidence, result.fix, details)


def readiness(
    template: Template,
    results: Mapping[str, CheckResult],
    confirmations: Mapping[str, Confirmation] | None = None,
) -> Readiness:
    """A lead is ready when every required item passes or a steward confirmed it."""
    confirmations = confirmations or {}
    blocking: list[str] = []
    ids: list[str] = []
    for item in template.items:
        word = confirmations.get(item.id)
        if not item.required or (word is not None and word.counts):
            continue
        result = results.get(item.id)
        if item.manual and (result is None or result.status is not Status.CONFIRMED):
            blocking.append(f"{item.label} not confirmed")
        elif result is None or result.status is Status.UNKNOWN:
            blocking.append(f"{item.label} unchecked")
        elif result.status not in PASSING:
            blocking.append(f"{item.label} {result.status.value}s ({_short(result.evidence)})")
        else:
            continue
        ids.append(item.id)
    if not blocking:
        return Readiness(True, "Ready to convert")
    return Readiness(False, "Not ready: " + "; ".join(blocking), tuple(ids))


def required_ids(template: Template) -> Sequence[str]:
    return [item.id for item in template.items if item.required]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
