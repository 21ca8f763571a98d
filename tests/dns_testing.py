"""A real DNS server on 127.0.0.1 (dnslib) with a small test zone, never the internet."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dns.resolver
from dnslib import AAAA, MX, QTYPE, RCODE, RR, A, DNSRecord
from dnslib.server import DNSLogger, DNSServer

SLOW_SECONDS = 1.5  # how long slow.test takes to answer: longer than any test's timeout

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

    def __init__(self) -> None:
        self._slow = 0
        self._idle = threading.Condition()

    def resolve(self, request: DNSRecord, handler: object) -> DNSRecord:
        reply = request.reply()
        qname = str(request.q.qname).lower()
        if qname.startswith("slow."):
            with self._idle:
                self._slow += 1
            time.sleep(SLOW_SECONDS)  # longer than the client's timeout
            with self._idle:
                self._slow -= 1
                self._idle.notify_all()
        if qname not in ZONE:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        qtype = QTYPE[request.q.qtype]
        for rdata in ZONE[qname].get(qtype, []):
            reply.add_answer(RR(qname, getattr(QTYPE, qtype), rdata=rdata, ttl=60))
        return reply

    def wait_idle(self) -> None:
        """Until no slow answer is still on its way (it would be sent on a closed socket)."""
        with self._idle:
            self._idle.wait_for(lambda: self._slow == 0, timeout=SLOW_SECONDS + 1)


@contextmanager
def zone_server() -> Iterator[int]:
    """Serve ZONE on 127.0.0.1 over UDP; yields the port."""
    quiet = DNSLogger("-recv,-send,-request,-reply,-truncated,-error,-data", prefix=False)
    resolver = ZoneResolver()
    server = DNSServer(resolver, address="127.0.0.1", port=0, logger=quiet)
    server.start_thread()
    try:
        yield server.server.server_address[1]
    finally:
        resolver.wait_idle()
        server.stop()
        server.server.server_close()


def local_resolver(port: int) -> dns.resolver.Resolver:
    """A resolver that asks only 127.0.0.1 on this port."""
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = port
    return resolver


def closed_udp_port() -> int:
    """A UDP port nothing listens on: the OS answers 'port unreachable', as with no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
