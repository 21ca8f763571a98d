"""What every check returns: a status, evidence a steward can read, and a fix where there is one."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"  # nothing to judge by (empty, or the network could not tell)
    CONFIRMED = "confirmed"  # a steward's own word, whatever the check said


PASSING = frozenset({Status.PASS, Status.CONFIRMED})


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested change: new values for fields of the lead, and a label for its button."""

    label: str
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's verdict on one lead.

    check: the check id ("name", "address", "phone", "email", ... or a sub-check such as
    "email.deliverability"). evidence: one short line a steward reads. persona: for the name
    check, the record names a role ("Accounts Payable", info@) rather than a person.
    """

    check: str
    status: Status
    evidence: str
    fix: Fix | None = None
    details: dict[str, str] = field(default_factory=dict)  # parsed parts, for the screen
