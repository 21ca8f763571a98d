"""Verifying every open lead of a workspace: the job behind `steward verify`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from steward.core.checks.checklist import readiness
from steward.core.checks.icp import IcpRules, load_rules
from steward.core.checks.result import CheckResult
from steward.core.checks.verify import VerifyContext, verify_lead
from steward.core.fields import LEAD
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.resources import resource_path
from steward.store.workspace import Workspace

_FETCH_ROWS = 2_000


@dataclass(slots=True)
class VerifySummary:
    leads: int = 0
    ready: int = 0
    stale: int = 0
    by_check: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def not_ready(self) -> int:
        return self.leads - self.ready

    def line(self) -> str:
        return (
            f"{self.leads:,} open leads: {self.ready:,} ready, {self.not_ready:,} not ready, "
            f"{self.stale:,} stale"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "leads": self.leads,
            "ready": self.ready,
            "not_ready": self.not_ready,
            "stale": self.stale,
            "by_check": self.by_check,
        }


@dataclass(frozen=True, slots=True)
class LeadVerdict:
    lead_id: str
    results: list[CheckResult]
    ready: bool
    reason: str


def default_icp_rules() -> IcpRules:
    path = resource_path("rules", "icp.toml")
    return load_rules(path.read_text(encoding="utf-8"), source=path.name)


def verify_leads(
    workspace: Workspace,
    *,
    context: VerifyContext | None = None,
    summary: VerifySummary | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> Iterator[LeadVerdict]:
    """Every open (unconverted) lead's results, in import order; fills summary as it goes."""
    context = context or VerifyContext(now=datetime.now(UTC), icp=default_icp_rules())
    summary = summary if summary is not None else VerifySummary()
    cancel = cancel or CancelFlag()
    fields = list(LEAD.fields)
    select_list = ", ".join(f'"{f}"' for f in [*fields, "extra"])
    with workspace.engine.connect() as connection:
        total = connection.exec_driver_sql(
            'SELECT count(*) FROM lead WHERE NOT coalesce("IsConverted", 0)'
        ).scalar_one()
        cursor: Any = connection.connection.driver_connection
        rows = cursor.execute(
            f'SELECT {select_list} FROM lead WHERE NOT coalesce("IsConverted", 0) ORDER BY pk'
        )
        while batch := rows.fetchmany(_FETCH_ROWS):
            cancel.check()
            for row in batch:
                lead: dict[str, object] = json.loads(row[-1]) if row[-1] else {}
                lead.update(zip(fields, row[:-1], strict=True))
                results = verify_lead(lead, context)
                verdict = readiness(context.template, {r.check: r for r in results}, {})
                _count(summary, results, verdict.ready)
                yield LeadVerdict(str(lead["Id"]), results, verdict.ready, verdict.reason)
            progress(summary.leads / (total or 1), f"{summary.leads:,} of {total:,} leads")


def _count(summary: VerifySummary, results: list[CheckResult], ready: bool) -> None:
    summary.leads += 1
    summary.ready += ready
    for result in results:
        counts = summary.by_check.setdefault(result.check, {})
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
        if result.check == "source" and result.details.get("stale") == "yes":
            summary.stale += 1
