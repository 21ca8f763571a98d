"""Verifying the open leads of a workspace: the job behind `steward verify` and the work queue.

Checks run in worker processes over ranges of leads (they are pure CPU work), while this
process writes each lead's verdict to the workspace and hands its result lines on. Everything
lands in one transaction: a cancelled run leaves the previous results as they were.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection

from steward.core.checks.email import Deliverability
from steward.core.values import format_datetime
from steward.jobs.deliverability import Lookup, default_lookup, domain_verdicts, open_lead_domains
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.jobs.verify_stage import (
    Batch,
    Counts,
    Judged,
    Lines,
    judge_ids,
    judge_range,
    make_batch,
    make_context,
    read_only_uri,
    start_worker,
    worker_range,
)
from steward.store.checks import forget_missing, save_rows
from steward.store.settings import Settings, load_settings
from steward.store.workspace import Workspace

_RANGE = 2_000  # leads per task: small enough to stream, large enough to amortise a round trip
_INLINE_BELOW = 6_000  # starting processes costs about a second: not worth it for fewer leads
_OPEN = 'NOT coalesce("IsConverted", 0)'

OnLead = Callable[[str, Lines], None]


@dataclass(slots=True)
class VerifySummary(Counts):
    dns_domains: int = 0

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


def verify_workspace(
    workspace: Workspace,
    *,
    settings: Settings | None = None,
    dns: bool | None = None,
    lookup: Lookup = default_lookup,
    now: datetime | None = None,
    on_lead: OnLead | None = None,
    csv_out: Callable[[str], object] | None = None,
    workers: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> VerifySummary:
    """Check every open lead, store the verdicts, and call on_lead with each lead's lines.

    dns: ask DNS about email domains (None: as the workspace's settings say). csv_out: called
    with the result lines of each range as CSV text (lead_id, check, status, evidence)."""
    cancel = cancel or CancelFlag()
    now = now or datetime.now(UTC)
    summary = VerifySummary()
    with workspace.engine.begin() as connection:
        settings = settings or load_settings(connection)
        settings.validate()
        verdicts: dict[str, Deliverability] = {}
        if settings.dns_enabled if dns is None else dns:
            domains = open_lead_domains(connection)
            summary.dns_domains = len(domains)
            verdicts = domain_verdicts(
                connection,
                domains,
                timeout=settings.dns_timeout,
                cache_days=settings.dns_cache_days,
                lookup=lookup,
                now=now,
                progress=lambda share, text: progress(0.1 * share, text),
                cancel=cancel,
            )
        total = _open_count(connection)
        checked_at = format_datetime(now)
        if workers is None:
            workers = 1 if total < _INLINE_BELOW else min(os.cpu_count() or 1, 4)
        # In-process ranges are small so that progress and cancel stay prompt.
        ranges = _ranges(connection, _RANGE if workers > 1 else _RANGE // 4)
        wanted = (csv_out is not None, on_lead is not None)
        if workers <= 1:
            chunks = _inline(workspace, settings, now, verdicts, ranges, checked_at, wanted)
        else:
            chunks = _pooled(
                workspace, settings, now, verdicts, ranges, checked_at, workers, wanted
            )
        forget_missing(connection)
        for batch in chunks:
            cancel.check()
            save_rows(connection, batch.rows)
            summary.merge(batch.counts)
            if csv_out is not None:
                csv_out(batch.csv)
            if on_lead is not None and batch.lines is not None:
                for lead_id, lines in batch.lines:
                    on_lead(lead_id, lines)
            share = summary.leads / (total or 1)
            progress(0.1 + 0.9 * share, f"Checked {summary.leads:,} of {total:,} leads")
        cancel.check()  # the last moment a cancel can still keep the previous results
    return summary


def reverify(
    workspace: Workspace,
    connection: Connection,
    lead_ids: Sequence[str],
    *,
    now: datetime | None = None,
) -> list[Judged]:
    """Check these leads again (after an edit, a confirmation or an undo) and store the results;
    cached DNS answers are used, DNS itself is not asked."""
    if not lead_ids:
        return []
    now = now or datetime.now(UTC)
    settings = load_settings(connection)
    verdicts: dict[str, Deliverability] = {}
    if settings.dns_enabled:
        domains = connection.exec_driver_sql(
            'SELECT DISTINCT email_domain FROM lead WHERE "Id" IN '
            f"({', '.join('?' * len(lead_ids))})",
            tuple(lead_ids),
        ).scalars()
        verdicts = domain_verdicts(
            connection, domains, timeout=settings.dns_timeout,
            cache_days=settings.dns_cache_days, lookup=cached_only, now=now,
        )  # fmt: skip
    raw: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
    context = make_context(settings, now, verdicts)
    judged = judge_ids(raw, context, list(lead_ids), format_datetime(now))
    save_rows(connection, [j.row for j in judged])
    gone = set(lead_ids) - {j.row[0] for j in judged}
    for lead_id in gone:  # converted or deleted since: it has no place in the queue
        connection.exec_driver_sql("DELETE FROM lead_check WHERE lead_id = ?", (lead_id,))
    return judged


def cached_only(_domain: str, _timeout: float) -> Deliverability:
    """A lookup that never asks: single-lead checks must not wait on the network."""
    return Deliverability("unknown", "Not asked yet (run the checks with DNS on)")


def _open_count(connection: Connection) -> int:
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM lead WHERE {_OPEN}").scalar_one())


def _ranges(connection: Connection, size: int) -> list[tuple[int, int]]:
    """pk ranges of about `size` open leads each."""
    pks = connection.exec_driver_sql(f"SELECT pk FROM lead WHERE {_OPEN} ORDER BY pk").scalars()
    ranges: list[tuple[int, int]] = []
    first = last = None
    for count, pk in enumerate(pks, 1):
        if first is None:
            first = pk
        last = pk
        if count % size == 0:
            ranges.append((first, last))
            first = None
    if first is not None and last is not None:
        ranges.append((first, last))
    return ranges


def _inline(
    workspace: Workspace,
    settings: Settings,
    now: datetime,
    verdicts: dict[str, Deliverability],
    ranges: list[tuple[int, int]],
    checked_at: str,
    wanted: tuple[bool, bool],
) -> Iterable[Batch]:
    context = make_context(settings, now, verdicts)
    reader = _read_only(workspace)
    try:
        for low, high in ranges:
            judged = judge_range(reader, context, low, high, checked_at)
            yield make_batch(judged, with_csv=wanted[0], with_lines=wanted[1])
    finally:
        reader.close()


def _pooled(
    workspace: Workspace,
    settings: Settings,
    now: datetime,
    verdicts: dict[str, Deliverability],
    ranges: list[tuple[int, int]],
    checked_at: str,
    workers: int,
    wanted: tuple[bool, bool],
) -> Iterable[Batch]:
    """Results in range order, with a few ranges in flight per worker to keep them busy."""
    dns = {domain: (v.status, v.detail) for domain, v in verdicts.items()}
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=partial(
            start_worker, str(workspace.path), settings.as_dict(), now.isoformat(), dns
        ),
    )
    pending: deque[Future[Batch]] = deque()
    todo = iter(ranges)
    try:
        for low, high in todo:
            pending.append(pool.submit(worker_range, low, high, checked_at, *wanted))
            if len(pending) >= 3 * workers:
                break
        while pending:
            judged = pending.popleft().result()
            following = next(todo, None)
            if following is not None:
                pending.append(pool.submit(worker_range, *following, checked_at, *wanted))
            yield judged
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read_only(workspace: Workspace) -> sqlite3.Connection:
    connection = sqlite3.connect(read_only_uri(str(workspace.path)), uri=True)
    connection.execute("PRAGMA query_only = ON")
    return connection
