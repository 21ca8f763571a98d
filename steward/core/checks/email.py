"""The email check: is the address well formed, personal, and (when looked up) deliverable?

Syntax and normal form come from email_validator; the network lookup lives in
steward.connectors.maildns and arrives here as a Deliverability, so this module stays pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from disposable_email_domains import blocklist
from email_validator import EmailNotValidError, validate_email

from steward.core.checks.result import CheckResult, Fix, Status
from steward.core.checks.roles import role_local_part

CHECK = "email"
DELIVERABILITY_CHECK = "email.deliverability"

DeliverabilityStatus = Literal["deliverable", "no_mail", "no_domain", "unknown"]


@dataclass(frozen=True, slots=True)
class Deliverability:
    """What DNS says about a domain taking mail.

    deliverable: MX (or an A/AAAA record as implicit MX); no_mail: null MX or nothing to send
    to; no_domain: NXDOMAIN; unknown: the lookup itself failed (timeout, network down).
    """

    status: DeliverabilityStatus
    detail: str = ""


_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Sm", "Cs", "Co"})

# Free-mail providers listed by exact domain.
_FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "web.de",
        "t-online.de",
        "freenet.de",
        "orange.fr",
        "free.fr",
        "wanadoo.fr",
        "sfr.fr",
        "laposte.net",
        "libero.it",
        "virgilio.it",
        "mail.ru",
        "bk.ru",
        "inbox.ru",
        "list.ru",
        "rambler.ru",
        "qq.com",
        "163.com",
        "126.com",
        "sina.com",
        "naver.com",
        "daum.net",
        "hanmail.net",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "zoho.com",
        "tutanota.com",
        "fastmail.com",
        "mail.com",
        "rediffmail.com",
        "seznam.cz",
        "wp.pl",
        "o2.pl",
        "interia.pl",
        "bluewin.ch",
        "btinternet.com",
        "comcast.net",
        "verizon.net",
        "att.net",
        "sbcglobal.net",
        "yahoo.co.jp",
        "uol.com.br",
        "bol.com.br",
    }
)
# Providers with a domain per country: yahoo.com, yahoo.co.uk, hotmail.fr, gmx.de, yandex.ru...
_FREE_MAIL_BRANDS = frozenset({"yahoo", "ymail", "hotmail", "outlook", "live", "gmx", "yandex"})
# The country part after a brand: "com", "de", "co.uk", "com.br" (short labels only, so that
# "outlook.mycompany.com" is not taken for Outlook).
_COUNTRY_SUFFIX_RE = re.compile(r"^[a-z]{2,3}(\.[a-z]{2,3})?$")
# "Jane Roe <jane@example.com>" or "<jane@example.com>": the address inside the brackets.
_BRACKETED_RE = re.compile(r"<([^<>]*)>\s*$")


def check_email(
    email: str | None,
    *,
    bounced_date: str | None = None,
    bounced_reason: str | None = None,
    company: str | None = None,
    deliverability: Deliverability | None = None,
) -> list[CheckResult]:
    """The main "email" result, then "email.deliverability" when a verdict is given."""
    results = [_main(email, bounced_date, bounced_reason, company)]
    if deliverability is not None:
        results.append(deliverability_result(deliverability))
    return results


def _main(
    email: str | None, bounced_date: str | None, bounced_reason: str | None, company: str | None
) -> CheckResult:
    raw = email or ""
    candidate = _unwrap(raw)
    if not candidate:
        return CheckResult(CHECK, Status.UNKNOWN, "No email")
    try:
        info = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        return CheckResult(CHECK, Status.FAIL, f"Not a valid address: {error}")
    normalized: str = info.normalized
    domain: str = info.ascii_domain.lower()
    local: str = info.local_part
    fix = None if normalized == raw else Fix("Use the normalised address", {"Email": normalized})
    details = {
        "normalized": normalized,
        "domain": domain,
        "free_mail": _yes(is_free_mail(domain)),
        "disposable": _yes(is_disposable(domain)),
        "role": role_local_part(local),
    }
    status, evidence = _verdict(
        normalized, domain, local, raw, bounced_date, bounced_reason, company
    )
    return CheckResult(CHECK, status, evidence, fix, details)


def _verdict(
    normalized: str,
    domain: str,
    local: str,
    raw: str,
    bounced_date: str | None,
    bounced_reason: str | None,
    company: str | None,
) -> tuple[Status, str]:
    """The worst finding first: a bounce outweighs a disposable domain outweighs a role."""
    date = (bounced_date or "").strip()
    reason = (bounced_reason or "").strip()
    if date or reason:
        when = f" on {date}" if date else ""
        return Status.FAIL, f"Bounced{when}: {reason or 'no reason given'}"
    if is_disposable(domain):
        return Status.FAIL, f"Disposable address ({domain})"
    symbol = next((c for c in local if not c.isascii() and _is_symbol(c)), None)
    if symbol is not None:
        # RFC 6531 allows them, but no real mailbox of a business contact has emoji in it.
        return Status.FAIL, f"Emoji or symbols in the address ({symbol})"
    role = role_local_part(local)
    if role:
        return Status.WARN, f"A role address ({role}@), not a person"
    if is_free_mail(domain) and (company or "").strip():
        return Status.WARN, f"Free-mail address for a company lead ({domain})"
    if normalized != raw:
        return Status.WARN, f"Written untidily; normalised form is {normalized}"
    return Status.PASS, f"Well-formed address at {domain}"


def deliverability_result(verdict: Deliverability) -> CheckResult:
    """The "email.deliverability" sub-result; a network failure is UNKNOWN, never FAIL."""
    detail = verdict.detail or verdict.status
    match verdict.status:
        case "deliverable":
            status, evidence = Status.PASS, f"Domain takes mail: {detail}"
        case "no_mail":
            status, evidence = Status.FAIL, f"Domain takes no mail: {detail}"
        case "no_domain":
            status, evidence = Status.FAIL, f"Domain does not exist: {detail}"
        case _:
            status, evidence = Status.UNKNOWN, f"Could not check: {detail}"
    return CheckResult(DELIVERABILITY_CHECK, status, evidence, None, {"dns": verdict.status})


def _unwrap(raw: str) -> str:
    """The address without surrounding spaces, a display name or angle brackets."""
    text = raw.strip()
    bracketed = _BRACKETED_RE.search(text)
    if bracketed is not None:
        text = bracketed.group(1).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :].strip()
    return text


def is_disposable(domain: str) -> bool:
    """The domain or any parent of it is a known throw-away mail service."""
    labels = domain.lower().split(".")
    return any(".".join(labels[i:]) in blocklist for i in range(len(labels) - 1))


def is_free_mail(domain: str) -> bool:
    """A consumer mail provider (Gmail, Yahoo, GMX...) rather than a company's own domain."""
    domain = domain.lower()
    if domain in _FREE_MAIL_DOMAINS:
        return True
    brand, _, country = domain.partition(".")
    return brand in _FREE_MAIL_BRANDS and bool(_COUNTRY_SUFFIX_RE.match(country))


def _is_symbol(char: str) -> bool:
    # Only non-ASCII symbols: "+", "=", "~" and the like are ordinary RFC 5322 characters.
    return unicodedata.category(char) in _SYMBOL_CATEGORIES


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
