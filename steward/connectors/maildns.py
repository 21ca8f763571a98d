"""Does a domain take mail? One DNS lookup, turned into a core Deliverability verdict.

This is the network side of the email check: core must not import dnspython, so the check gets
the verdict from here. A network problem is always "unknown", never a verdict against the lead.
"""

from __future__ import annotations

import time
from typing import Any

import dns.exception
import dns.name
import dns.rdatatype
import dns.resolver

from steward.core.checks.email import Deliverability


def lookup_deliverability(
    domain: str, *, resolver: dns.resolver.Resolver | None = None, timeout: float = 3.0
) -> Deliverability:
    """MX first; without MX, an A or AAAA record is an implicit MX (RFC 5321 section 5.1)."""
    cleaned = domain.strip().rstrip(".")
    if not cleaned:
        return Deliverability("no_domain", "No domain to look up")
    try:
        name = dns.name.from_text(cleaned + ".")
    except (dns.exception.DNSException, ValueError) as error:
        # A name DNS cannot even ask about cannot exist: that is the domain's fault, not ours.
        return Deliverability("no_domain", f"Not a valid domain name ({error})")
    try:
        active = resolver if resolver is not None else dns.resolver.Resolver()
    except (dns.exception.DNSException, OSError) as error:
        return Deliverability("unknown", f"No DNS resolver configured ({error})")
    deadline = time.monotonic() + timeout
    try:
        return _lookup(active, name, deadline)
    except dns.resolver.NXDOMAIN:
        return Deliverability("no_domain", f"{_text(name)} does not exist (NXDOMAIN)")
    except dns.exception.Timeout:
        return Deliverability("unknown", f"DNS timed out after {timeout:g} s")
    except dns.resolver.NoNameservers as error:
        return Deliverability("unknown", f"No DNS server answered ({_first_line(error)})")
    except (dns.exception.DNSException, OSError) as error:
        return Deliverability("unknown", f"DNS lookup failed ({_first_line(error)})")


def _lookup(
    resolver: dns.resolver.Resolver, name: dns.name.Name, deadline: float
) -> Deliverability:
    mx = _records(resolver, name, dns.rdatatype.MX, deadline)
    if mx:
        exchanges = sorted((r.preference, _text(r.exchange)) for r in mx)
        if all(host == "." for _, host in exchanges):
            return Deliverability("no_mail", f"{_text(name)} publishes a null MX (takes no mail)")
        hosts = ", ".join(host for _, host in exchanges if host != ".")
        return Deliverability("deliverable", f"MX {hosts}")
    for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
        address = _records(resolver, name, rdtype, deadline)
        if address:
            kind = dns.rdatatype.to_text(rdtype)
            return Deliverability("deliverable", f"No MX; {kind} record {address[0]} (implicit MX)")
    return Deliverability("no_mail", f"{_text(name)} has no MX, A or AAAA record")


def _records(
    resolver: dns.resolver.Resolver,
    name: dns.name.Name,
    rdtype: dns.rdatatype.RdataType,
    deadline: float,
) -> list[Any]:
    """The answer's records, or [] when the name exists but has none of this type."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise dns.exception.Timeout
    try:
        answer = resolver.resolve(name, rdtype, lifetime=remaining, search=False)
    except dns.resolver.NoAnswer:
        return []
    return list(answer)


def _text(name: dns.name.Name) -> str:
    return name.to_text(omit_final_dot=True) or "."


def _first_line(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0]
