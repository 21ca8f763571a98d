"""Checklist templates and readiness: which checks count, and whether a lead may be converted.

The default template is NAMER (name, address, phone, email, relationship) plus source and ICP.
An organisation turns checks off, marks which are required before conversion, and adds manual
items of its own (BANT: budget, authority, need, timing) that a steward ticks with a note.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from steward.core.checks.result import CheckResult, Status

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


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A steward's own word on an item: confirmed (or overridden) with a note."""

    item: str
    who: str
    when: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    reason: str  # one line a steward understands


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
        if setting not in {"required", "optional", "off"}:
            raise TemplateProblem(
                f"{source}: checks.{check} must be required, optional or off, not {setting!r}"
            )
        if setting != "off":
            items.append(Item(check, default.label, setting == "required", manual=False))
    unknown = set(settings) - set(AUTOMATIC_CHECKS)
    if unknown:
        raise TemplateProblem(f"{source}: unknown checks {', '.join(sorted(unknown))}")
    for number, raw in enumerate(data.get("manual", []), 1):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("label"):
            raise TemplateProblem(f"{source}: manual item {number} needs an id and a label")
        item_id = str(raw["id"])
        if any(item.id == item_id for item in items):
            raise TemplateProblem(f"{source}: manual item {number} reuses the id {item_id!r}")
        items.append(Item(item_id, str(raw["label"]), bool(raw.get("required")), manual=True))
    return Template(tuple(items))


def readiness(
    template: Template,
    results: Mapping[str, CheckResult],
    confirmations: Mapping[str, Confirmation],
) -> Readiness:
    """A lead is ready when every required item passes or a steward confirmed it."""
    blocking: list[str] = []
    for item in template.items:
        if not item.required or item.id in confirmations:
            continue
        if item.manual:
            blocking.append(f"{item.label} not confirmed")
            continue
        result = results.get(item.id)
        if result is None or result.status is Status.UNKNOWN:
            blocking.append(f"{item.label} unchecked")
        elif result.status is not Status.PASS:
            blocking.append(f"{item.label} {result.status.value}s ({_short(result.evidence)})")
    if not blocking:
        return Readiness(True, "Ready to convert")
    return Readiness(False, "Not ready: " + "; ".join(blocking))


def required_ids(template: Template) -> Sequence[str]:
    return [item.id for item in template.items if item.required]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
