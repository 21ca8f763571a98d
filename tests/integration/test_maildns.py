"""lookup_deliverability against a real DNS server on 127.0.0.1 (dnslib), never the internet."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import dns.resolver
import pytest
from dnslib import AAAA, MX, QTYPE, RCODE, RR, A, DNSRecord
from dnslib.server import DNSLogger, DNSServer

from steward.connectors.maildns import lookup_deliverability
from steward.core.checks.email import Deliverability, check_email
from steward.core.checks.result import Status

SLOW_SECONDS = 1.5
TIMEOUT = 0.5

# name -> {query type -> records}; a name not listed answers NXDOMAIN.
ZONE: dict[str, dict[str, list[Any]]] = {
    "mx.test.": {"MX": [MX("mail.mx.test.", 10), MX("backup.mx.test.", 20)]},
    "nullmx.test.": {"MX": [MX(".", 0)]},
    "aonly.test.": {"A": [A("192.0.2.10")]},
    "v6only.test.": {"AAAA": [AAAA("2001:db8::25")]},
    "empty.test.": {},  # exists (NOERROR) but has no records at all
    "slow.test.": {"MX": [MX("mail.slow.test.", 10)]},
}


class ZoneResolver:
    """dnslib calls resolve() once per query, on a thread of its own."""

    def resolve(self, request: DNSRecord, handler: object) -> DNSRecord:
        reply = request.reply()
        qname = str(request.q.qname).lower()
        if qname.startswith("slow."):
            time.sleep(SLOW_SECONDS)  # longer than the client's timeout
        if qname not in ZONE:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        qtype = QTYPE[request.q.qtype]
        for rdata in ZONE[qname].get(qtype, []):
            reply.add_answer(RR(qname, getattr(QTYPE, qtype), rdata=rdata, ttl=60))
        return reply


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    quiet = DNSLogger("-recv,-send,-request,-reply,-truncated,-error,-data", prefix=False)
    server = DNSServer(ZoneResolver(), address="127.0.0.1", port=0, logger=quiet)
    server.start_thread()
    yield server.server.server_address[1]
    server.stop()
    server.server.server_close()


def _resolver(port: int) -> dns.resolver.Resolver:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = port
    return resolver


@pytest.fixture
def resolver(dns_port: int) -> dns.resolver.Resolver:
    return _resolver(dns_port)


@pytest.fixture
def closed_port() -> int:
    """A UDP port nothing listens on: the OS answers 'port unreachable', as with no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


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
    verdict = lookup_deliverability("mx.test", resolver=_resolver(closed_port), timeout=1.0)

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
