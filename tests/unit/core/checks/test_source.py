from __future__ import annotations

from datetime import UTC, datetime

import pytest

from steward.core.checks.result import Status
from steward.core.checks.source import check_source

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_fresh_lead_from_a_listed_source_passes() -> None:
    result = check_source("Web", "2026-10-01T09:00:00.000Z", now=NOW)
    assert result.status is Status.PASS
    assert "Web" in result.evidence and "30 days" in result.evidence


def test_missing_source_is_a_warning() -> None:
    assert check_source("", "2026-10-01", now=NOW).status is Status.WARN
    assert "No lead source" in check_source(None, None, now=NOW).evidence


def test_a_source_spelled_differently_gets_the_lists_spelling_as_fix() -> None:
    result = check_source("trade show", "2026-10-01", now=NOW)
    assert result.status is Status.WARN
    assert result.fix is not None and result.fix.values == {"LeadSource": "Trade Show"}


def test_a_source_outside_the_organisations_list_is_named() -> None:
    result = check_source("Webinar", "2026-10-01", now=NOW, allowed_sources=["Web", "Event"])
    assert result.status is Status.WARN and "'Webinar' is not in" in result.evidence


def test_old_idle_leads_are_stale_and_active_ones_are_not() -> None:
    stale = check_source("Web", "2024-01-05T00:00:00.000Z", now=NOW, max_age_days=180)
    assert stale.status is Status.WARN and "Stale" in stale.evidence
    assert stale.details["stale"] == "yes"
    active = check_source(
        "Web", "2024-01-05T00:00:00.000Z", now=NOW, max_age_days=180, last_activity="2026-10-20"
    )
    assert active.status is Status.PASS


@pytest.mark.parametrize(
    "garbage", ["", "   ", "\x00\x01", "🙂" * 10, "x" * 10_000, "2024-13-45", "not a date"]
)
def test_garbage_never_raises(garbage: str) -> None:
    result = check_source(garbage, garbage, now=NOW, last_activity=garbage)
    assert result.status in {Status.WARN, Status.PASS}
    assert len(result.evidence) < 200
