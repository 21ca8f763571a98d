"""The source check: where the lead came from, and whether it has gone stale.

Leads are meant to be short-lived: a lead nobody converted or discarded within the
organisation's limit is flagged for a decision, whatever else is right about it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from steward.core.checks.result import CheckResult, Fix, Status
from steward.core.normalize import fold

# Salesforce's standard Lead Source picklist; an org's own list replaces it.
STANDARD_SOURCES = (
    "Web",
    "Phone Inquiry",
    "Partner Referral",
    "Purchased List",
    "Other",
    "Advertisement",
    "Employee Referral",
    "External Referral",
    "Partner",
    "Public Relations",
    "Seminar - Internal",
    "Seminar - Partner",
    "Trade Show",
    "Word of mouth",
)
DEFAULT_MAX_AGE_DAYS = 180


def check_source(
    lead_source: str | None,
    created: str | None,
    *,
    now: datetime,
    allowed_sources: Collection[str] = STANDARD_SOURCES,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    last_activity: str | None = None,
) -> CheckResult:
    """created and last_activity are Salesforce datetimes or dates ('2024-03-05...')."""
    problems: list[str] = []
    status = Status.PASS
    fix = None
    source = (lead_source or "").strip()
    by_fold = {fold(s): s for s in allowed_sources}
    if not source:
        status = Status.WARN
        problems.append("No lead source")
    elif source not in allowed_sources:
        canonical = by_fold.get(fold(source))
        if canonical is not None:
            fix = Fix(f"Set source to {canonical}", {"LeadSource": canonical})
            problems.append(f"Source '{source}' is spelled unlike the list's '{canonical}'")
        else:
            problems.append(f"Source '{_short(source)}' is not in the organisation's list")
        status = Status.WARN
    age = _age_days(created, now)
    idle = _age_days(last_activity, now)
    if age is not None and age > max_age_days and (idle is None or idle > max_age_days):
        problems.append(f"Stale: created {age} days ago (limit {max_age_days}); convert or discard")
        status = Status.WARN
    if not problems:
        when = f", created {age} days ago" if age is not None else ""
        return CheckResult("source", Status.PASS, f"Source: {source}{when}")
    details = {"age_days": str(age)} if age is not None else {}
    if age is not None and age > max_age_days:
        details["stale"] = "yes"
    return CheckResult("source", status, "; ".join(problems), fix, details)


def _age_days(text: str | None, now: datetime) -> int | None:
    if not text or len(text) < 10:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, (now - moment).days)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
