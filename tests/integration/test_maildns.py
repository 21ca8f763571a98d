"""lookup_deliverability against a real DNS server on 127.0.0.1 (dnslib), never the internet."""

from __future__ import annotations

import time
from collections.abc import Iterator

import dns.resolver
import pytest
from dns_testing import SLOW_SECONDS, closed_udp_port, local_resolver, zone_server

from steward.connectors.maildns import lookup_deliverability
from steward.core.checks.email import Deliverability, check_email
from steward.core.checks.result import Status

TIMEOUT = 0.5


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    with zone_server() as port:
        yield port


@pytest.fixture
def resolver(dns_port: int) -> dns.resolver.Resolver:
    return local_resolver(dns_port)


@pytest.fixture
def closed_port() -> int:
    return closed_udp_port()


@pytest.mark.parametrize(
    ("domain", "status", "detail_part", "check_status"),
    [
        ("mx.test", "deliverable", "mail.mx.test", Status.PASS),
        ("MX.test.", "deliverable", "backup.mx.test", Status.PASS),
        ("nullmx.test", "no_mail", "null MX", Status.FAIL),
        ("aonly.test", "deliverable", "192.0.2.10", Status.PASS),
        ("v6only.test", "deliverable", "2001:db8::25", Status.PASS),
        ("empty.test", "no_mail", "no MX, A or AAAA", Status.FAIL),
        ("nothere.test", "no_domain", "NXDOMAIN", Status.FAIL),
        ("slow.test", "unknown", "timed out", Status.UNKNOWN),
    ],
)
def test_each_kind_of_domain_maps_to_its_verdict_and_status(
    resolver: dns.resolver.Resolver,
    domain: str,
    status: str,
    detail_part: str,
    check_status: Status,
) -> None:
    verdict = lookup_deliverability(domain, resolver=resolver, timeout=TIMEOUT)

    assert verdict.status == status
    assert detail_part in verdict.detail
    main, sub = check_email(f"jane@{domain.rstrip('.')}", deliverability=verdict)
    assert main.check == "email"
    assert sub.check == "email.deliverability"
    assert sub.status is check_status


def test_a_slow_server_is_given_up_on_near_the_timeout(resolver: dns.resolver.Resolver) -> None:
    started = time.monotonic()

    verdict = lookup_deliverability("slow.test", resolver=resolver, timeout=TIMEOUT)

    assert verdict.status == "unknown"
    assert time.monotonic() - started < SLOW_SECONDS


def test_no_network_at_all_is_unknown_never_a_failure(closed_port: int) -> None:
    verdict = lookup_deliverability("mx.test", resolver=local_resolver(closed_port), timeout=1.0)

    assert verdict.status == "unknown"
    assert verdict.detail
    (_, sub) = check_email("jane@mx.test", deliverability=verdict)
    assert sub.status is Status.UNKNOWN
    assert sub.evidence.startswith("Could not check: ")


@pytest.mark.parametrize("domain", ["", "a..b", "x" * 300, "bad domain with spaces\x00"])
def test_names_dns_cannot_ask_about_are_no_domain(
    resolver: dns.resolver.Resolver, domain: str
) -> None:
    verdict = lookup_deliverability(domain, resolver=resolver, timeout=TIMEOUT)

    assert verdict == Deliverability("no_domain", verdict.detail)
