"""Email deliverability for a whole workspace: one DNS question per domain, cached.

Only when the steward turned it on (it sends every lead's email domain to a DNS server).
Answers are kept in the workspace for dns_cache_days; "unknown" (timeout, no network) is never
cached, so the next run asks again instead of remembering an outage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Connection, select

from steward.connectors.maildns import lookup_deliverability
from steward.core.checks.email import Deliverability, DeliverabilityStatus
from steward.core.values import format_datetime
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.store.models import DnsVerdict

Lookup = Callable[[str, float], Deliverability]
_PARALLEL_LOOKUPS = 16  # DNS waits on the network, not the CPU
_FEW_DOMAINS = 500


def default_lookup(domain: str, timeout: float) -> Deliverability:
    return lookup_deliverability(domain, timeout=timeout)


def open_lead_domains(connection: Connection) -> list[str]:
    return list(
        connection.exec_driver_sql(
            "SELECT DISTINCT email_domain FROM lead "
            "WHERE NOT coalesce(\"IsConverted\", 0) AND email_domain != ''"
        ).scalars()
    )


def domain_verdicts(
    connection: Connection,
    domains: Iterable[str],
    *,
    timeout: float,
    cache_days: int,
    lookup: Lookup = default_lookup,
    now: datetime | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> dict[str, Deliverability]:
    """A verdict for every domain: from the cache when fresh, else from DNS (and cached)."""
    now = now or datetime.now(UTC)
    cancel = cancel or CancelFlag()
    wanted = sorted({d for d in domains if d})
    fresh_after = format_datetime(now - timedelta(days=cache_days))
    verdicts: dict[str, Deliverability] = {}
    query = select(DnsVerdict.domain, DnsVerdict.status, DnsVerdict.detail, DnsVerdict.checked_at)
    if len(wanted) <= _FEW_DOMAINS:  # one lead's check: read only its domain from the cache
        query = query.where(DnsVerdict.domain.in_(wanted))
    for domain, status, detail, checked_at in connection.execute(query):
        if checked_at >= fresh_after:
            verdicts[domain] = Deliverability(cast(DeliverabilityStatus, status), detail)
    missing = [d for d in wanted if d not in verdicts]
    if missing:
        _ask(connection, missing, verdicts, timeout, lookup, now, progress, cancel)
    return {d: verdicts[d] for d in wanted if d in verdicts}


def _ask(
    connection: Connection,
    missing: list[str],
    verdicts: dict[str, Deliverability],
    timeout: float,
    lookup: Lookup,
    now: datetime,
    progress: ProgressCallback,
    cancel: CancelFlag,
) -> None:
    checked_at = format_datetime(now)
    done = 0
    with ThreadPoolExecutor(max_workers=min(_PARALLEL_LOOKUPS, len(missing))) as pool:
        futures = {pool.submit(_safe_lookup, lookup, d, timeout): d for d in missing}
        try:
            for future in as_completed(futures):
                cancel.check()
                domain = futures[future]
                verdict = future.result()
                verdicts[domain] = verdict
                if verdict.status != "unknown":
                    connection.exec_driver_sql(
                        "INSERT OR REPLACE INTO dns_cache (domain, status, detail, checked_at) "
                        "VALUES (?, ?, ?, ?)",
                        (domain, verdict.status, verdict.detail, checked_at),
                    )
                done += 1
                progress(
                    done / len(missing), f"Asked DNS about {done:,} of {len(missing):,} domains"
                )
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _safe_lookup(lookup: Lookup, domain: str, timeout: float) -> Deliverability:
    try:
        return lookup(domain, timeout)
    except Exception as error:  # a lookup must never decide against a lead by crashing
        return Deliverability("unknown", f"DNS lookup failed ({type(error).__name__})")
