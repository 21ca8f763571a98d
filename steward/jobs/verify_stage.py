"""Judging a range of leads, in the verify job's own process or in a worker process.

Worker processes open the workspace read-only (WAL lets them read while the job writes the
results) and get the settings as plain data, because ICP rules hold compiled tests that do not
pickle. Each range comes back as ready-made lead_check rows plus the lines `steward verify`
prints, so the writing process does no checking at all.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from steward.connectors.exportfiles.formula import neutralise
from steward.core.checks.checklist import Confirmation, Kind
from steward.core.checks.email import Deliverability
from steward.core.checks.phone import CallOutcome
from steward.core.checks.verify import VerifyContext, judge_lead
from steward.core.fields import LEAD
from steward.store.checks import verdict_row
from steward.store.settings import Settings, settings_from_dict

_FIELDS = list(LEAD.fields)
_SELECT = ", ".join(f'"{f}"' for f in [*_FIELDS, "extra"])
_OPEN = 'NOT coalesce("IsConverted", 0)'
_CONFIRMATION_COLUMNS = "lead_id, item, who, confirmed_at, note, kind, outcome, role, seen_at"

# (check, status, evidence) per result, as `steward verify` writes them.
Lines = list[tuple[str, str, str]]


@dataclass(slots=True)
class Counts:
    """What a summary counts, for one batch or for a whole run."""

    leads: int = 0
    ready: int = 0
    stale: int = 0
    by_check: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, judged: Judged) -> None:
        self.leads += 1
        self.ready += bool(judged.row[2])
        self.stale += bool(judged.row[6])
        for check, status, _evidence in judged.lines:
            counts = self.by_check.setdefault(check, {})
            counts[status] = counts.get(status, 0) + 1

    def merge(self, other: Counts) -> None:
        self.leads += other.leads
        self.ready += other.ready
        self.stale += other.stale
        for check, statuses in other.by_check.items():
            counts = self.by_check.setdefault(check, {})
            for status, number in statuses.items():
                counts[status] = counts.get(status, 0) + number


@dataclass(frozen=True, slots=True)
class Batch:
    """A range of leads judged, as the writing process needs it and nothing more (everything
    here crosses a process boundary): the lead_check rows, the counts, the result lines as CSV
    text when asked for, and as tuples per lead when asked for."""

    rows: list[tuple[Any, ...]]
    counts: Counts
    csv: str = ""
    lines: list[tuple[str, Lines]] | None = None


def make_batch(judged: list[Judged], *, with_csv: bool, with_lines: bool) -> Batch:
    counts = Counts()
    for one in judged:
        counts.add(one)
    return Batch(
        [j.row for j in judged],
        counts,
        csv_lines(judged) if with_csv else "",
        [(j.row[0], j.lines) for j in judged] if with_lines else None,
    )


def csv_lines(judged: Iterable[Judged]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for one in judged:
        lead_id = one.row[0]
        # Evidence quotes the lead's own text: a formula there must not run in a spreadsheet.
        writer.writerows((lead_id, c, s, neutralise(e)) for c, s, e in one.lines)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Judged:
    """One lead: its lead_check row (see store.checks.verdict_row) and its result lines."""

    row: tuple[Any, ...]
    lines: Lines


def make_context(
    settings: Settings, now: datetime, dns: dict[str, Deliverability]
) -> VerifyContext:
    return VerifyContext(
        now=now,
        icp=settings.rules(),
        template=settings.template(),
        allowed_sources=settings.lead_sources,
        max_age_days=settings.max_age_days,
        deliverability=dns,
    )


def judge_range(
    connection: sqlite3.Connection,
    context: VerifyContext,
    low: int,
    high: int,
    checked_at: str,
) -> list[Judged]:
    """Every open lead with low <= pk <= high, in pk order."""
    words = _confirmations(connection, low, high)
    judged = []
    rows = connection.execute(
        f"SELECT {_SELECT} FROM lead WHERE pk BETWEEN ? AND ? AND {_OPEN} ORDER BY pk",
        (low, high),
    )
    for row in rows:
        lead = _lead(row)
        lead_id = str(lead["Id"])
        verdict = judge_lead(lead, context, words.get(lead_id))
        lines = [(r.check, r.status.value, r.evidence) for r in verdict.results]
        judged.append(Judged(verdict_row(lead_id, verdict, checked_at), lines))
    return judged


def read_lead(connection: sqlite3.Connection, lead_id: str) -> dict[str, object] | None:
    """One lead's fields by API name (extra columns included), open or not."""
    row = connection.execute(f'SELECT {_SELECT} FROM lead WHERE "Id" = ?', (lead_id,)).fetchone()
    return _lead(row) if row is not None else None


def read_confirmations(connection: sqlite3.Connection, lead_id: str) -> dict[str, Confirmation]:
    rows = connection.execute(
        f"SELECT {_CONFIRMATION_COLUMNS} FROM confirmation WHERE lead_id = ?", (lead_id,)
    )
    return _by_lead(rows).get(lead_id, {})


def _lead(row: Sequence[Any]) -> dict[str, object]:
    lead: dict[str, object] = json.loads(row[-1]) if row[-1] else {}
    lead.update(zip(_FIELDS, row[:-1], strict=True))
    return lead


def judge_ids(
    connection: sqlite3.Connection, context: VerifyContext, lead_ids: list[str], checked_at: str
) -> list[Judged]:
    """The given leads (re-checked after an edit), whatever their position."""
    judged: list[Judged] = []
    for lead_id in lead_ids:
        pk = connection.execute('SELECT pk FROM lead WHERE "Id" = ?', (lead_id,)).fetchone()
        if pk is not None:
            judged.extend(judge_range(connection, context, pk[0], pk[0], checked_at))
    return judged


def _confirmations(
    connection: sqlite3.Connection, low: int, high: int
) -> dict[str, dict[str, Confirmation]]:
    rows = connection.execute(
        f"SELECT {_CONFIRMATION_COLUMNS} FROM confirmation WHERE lead_id IN "
        '(SELECT "Id" FROM lead WHERE pk BETWEEN ? AND ?)',
        (low, high),
    )
    return _by_lead(rows)


def _by_lead(rows: Iterable[Sequence[Any]]) -> dict[str, dict[str, Confirmation]]:
    found: dict[str, dict[str, Confirmation]] = {}
    for lead_id, item, who, when, note, kind, outcome, role, seen_at in rows:
        found.setdefault(lead_id, {})[item] = Confirmation(
            item,
            who,
            when,
            note,
            Kind(kind),
            CallOutcome(outcome) if outcome else None,
            role or "",
            seen_at or "",
        )
    return found


def read_only_uri(path: str) -> str:
    """An SQLite URI opening the workspace read-only. The path is percent-encoded: a '#', '?'
    or '%' in a folder name would otherwise cut the URI short (and open another file)."""
    return f"{Path(path).absolute().as_uri()}?mode=ro"


# -- worker process side -------------------------------------------------------------------

_worker: dict[str, Any] = {}


def start_worker(
    path: str, settings: dict[str, Any], now: str, dns: Mapping[str, tuple[str, str]]
) -> None:
    """Process pool initializer: a read-only connection and the context, once per process."""
    connection = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
    connection.execute("PRAGMA query_only = ON")
    verdicts = {domain: Deliverability(status, detail) for domain, (status, detail) in dns.items()}  # type: ignore[arg-type]
    _worker["connection"] = connection
    _worker["context"] = make_context(
        settings_from_dict(settings), datetime.fromisoformat(now), verdicts
    )


def worker_range(low: int, high: int, checked_at: str, with_csv: bool, with_lines: bool) -> Batch:
    judged = judge_range(_worker["connection"], _worker["context"], low, high, checked_at)
    return make_batch(judged, with_csv=with_csv, with_lines=with_lines)
