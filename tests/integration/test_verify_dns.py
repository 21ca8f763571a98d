"""Deliverability in the verify job: one DNS question per domain to a real DNS server on
127.0.0.1, answers cached in the workspace, outages never cached and never held against a lead."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dns.resolver
import pytest
from dns_testing import closed_udp_port, local_resolver, zone_server
from steward_testing import LEAD_HEADER, lead_row, write_csv

from steward.connectors.maildns import lookup_deliverability
from steward.core.checks.email import Deliverability
from steward.core.ids import make_id
from steward.jobs.desk import Desk
from steward.jobs.importer import import_files
from steward.jobs.verify import verify_workspace
from steward.store.settings import Settings, save_settings
from steward.store.workspace import Workspace

NOW = datetime(2026, 11, 1, tzinfo=UTC)
FAST = Settings(dns_timeout=0.5)
DOMAINS = {
    1: "mx.test",
    2: "mx.test",  # a second lead at the same domain: still one question
    3: "nullmx.test",
    4: "nothere.test",
    5: "slow.test",
}
CONVERTED = 6  # its domain is never asked about: converted leads are not checked
NO_EMAIL = 7
Lines = dict[str, list[tuple[str, str, str]]]


class CountingLookup:
    """lookup_deliverability against one resolver, counting the questions per domain."""

    def __init__(self, resolver: dns.resolver.Resolver) -> None:
        self.resolver = resolver
        self.asked: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, domain: str, timeout: float) -> Deliverability:
        with self._lock:
            self.asked[domain] += 1
        return lookup_deliverability(domain, resolver=self.resolver, timeout=timeout)


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    with zone_server() as port:
        yield port


@pytest.fixture
def lookup(dns_port: int) -> CountingLookup:
    return CountingLookup(local_resolver(dns_port))


@pytest.fixture
def leads(tmp_path: Path, workspace: Workspace) -> Workspace:
    rows = [lead_row(n, Email=f"person{n}@{domain}") for n, domain in DOMAINS.items()]
    rows.append(lead_row(CONVERTED, Email="person6@aonly.test", IsConverted="true"))
    rows.append(lead_row(NO_EMAIL, Email=""))
    import_files(workspace, [write_csv(tmp_path / "Lead.csv", LEAD_HEADER, rows)])
    return workspace


def _verify(
    workspace: Workspace,
    lookup: CountingLookup,
    *,
    dns: bool | None = None,
    settings: Settings | None = FAST,
    now: datetime = NOW,
) -> Lines:
    """Run the verify job; settings None: as the workspace's settings say."""
    lines: Lines = {}
    verify_workspace(
        workspace, settings=settings, dns=dns, lookup=lookup, now=now, on_lead=lines.__setitem__
    )
    return lines


def _deliverability(lines: Lines, number: int) -> str | None:
    found = [s for check, s, _ in lines[make_id("Lead", number)] if check == "email.deliverability"]
    assert len(found) <= 1
    return found[0] if found else None


def _cache(workspace: Workspace) -> dict[str, str]:
    with workspace.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT domain, status FROM dns_cache")
        return {domain: status for domain, status in rows}


def _ready(workspace: Workspace) -> dict[str, tuple[bool, str]]:
    with workspace.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT lead_id, ready, failing FROM lead_check")
        return {lead_id: (bool(ready), failing) for lead_id, ready, failing in rows}


def test_dns_verdicts_decide_email_deliverability(leads: Workspace, lookup: CountingLookup) -> None:
    lines = _verify(leads, lookup, dns=True)

    assert _deliverability(lines, 1) == _deliverability(lines, 2) == "pass"
    assert _deliverability(lines, 3) == "fail"  # null MX: takes no mail
    assert _deliverability(lines, 4) == "fail"  # NXDOMAIN
    assert _deliverability(lines, 5) == "unknown"  # timed out
    evidence = {check: text for check, _, text in lines[make_id("Lead", 4)]}
    assert "NXDOMAIN" in evidence["email.deliverability"]


def test_each_domain_is_asked_once_and_only_for_open_leads(
    leads: Workspace, lookup: CountingLookup
) -> None:
    _verify(leads, lookup, dns=True)

    assert lookup.asked == {"mx.test": 1, "nullmx.test": 1, "nothere.test": 1, "slow.test": 1}


def test_answers_are_cached_but_unknown_is_not(leads: Workspace, lookup: CountingLookup) -> None:
    _verify(leads, lookup, dns=True)

    assert _cache(leads) == {
        "mx.test": "deliverable",
        "nullmx.test": "no_mail",
        "nothere.test": "no_domain",
    }


def test_a_second_run_asks_only_about_what_is_not_cached(
    leads: Workspace, lookup: CountingLookup
) -> None:
    first = _verify(leads, lookup, dns=True)
    second = _verify(leads, lookup, dns=True)

    assert lookup.asked == {"mx.test": 1, "nullmx.test": 1, "nothere.test": 1, "slow.test": 2}
    assert second == first


def test_cached_answers_expire_after_the_cache_days(
    leads: Workspace, lookup: CountingLookup
) -> None:
    settings = Settings(dns_timeout=0.5, dns_cache_days=30)
    _verify(leads, lookup, dns=True, settings=settings)
    _verify(leads, lookup, dns=True, settings=settings, now=NOW + timedelta(days=29))
    assert lookup.asked["mx.test"] == 1

    _verify(leads, lookup, dns=True, settings=settings, now=NOW + timedelta(days=31))

    assert lookup.asked["mx.test"] == 2


def test_no_network_at_all_is_unknown_never_a_failure(leads: Workspace) -> None:
    offline = CountingLookup(local_resolver(closed_udp_port()))
    without_dns = _verify(leads, offline, dns=False)
    ready_without_dns = _ready(leads)

    lines = _verify(leads, offline, dns=True)

    for number in DOMAINS:
        assert _deliverability(lines, number) == "unknown"
    others = {
        lead_id: [line for line in found if line[0] != "email.deliverability"]
        for lead_id, found in lines.items()
    }
    assert others == without_dns  # the outage changes no other result ...
    assert _ready(leads) == ready_without_dns  # ... and no lead's readiness
    assert _cache(leads) == {}
    assert set(offline.asked) == set(DOMAINS.values())


def test_dns_is_off_unless_asked_for(leads: Workspace, lookup: CountingLookup) -> None:
    lines = _verify(leads, lookup)

    assert all(_deliverability(lines, number) is None for number in DOMAINS)
    assert not lookup.asked
    assert _cache(leads) == {}


def test_the_workspace_setting_turns_dns_on(leads: Workspace, lookup: CountingLookup) -> None:
    with leads.transaction() as session:
        save_settings(session, Settings(dns_enabled=True, dns_timeout=0.5))

    lines = _verify(leads, lookup, settings=None)

    assert _deliverability(lines, 3) == "fail"
    assert lookup.asked["nullmx.test"] == 1
    assert _deliverability(_verify(leads, lookup, settings=None, dns=False), 3) is None


def test_the_desk_uses_cached_answers_without_asking(
    leads: Workspace, lookup: CountingLookup
) -> None:
    with leads.transaction() as session:
        save_settings(session, Settings(dns_enabled=True, dns_timeout=0.5))
    _verify(leads, lookup, settings=None)
    desk = Desk(leads)

    null_mx = desk.view(make_id("Lead", 3)).verdict.results
    slow = desk.edit(make_id("Lead", 5), {"Title": "Buyer"}).verdict.results

    by_check = {r.check: r for r in null_mx}
    assert by_check["email.deliverability"].status == "fail"
    assert "null MX" in by_check["email.deliverability"].evidence
    assert {r.check: r.status for r in slow}["email.deliverability"] == "unknown"
    assert lookup.asked["slow.test"] == 1  # the desk never waits on the network
