"""The relationship check: does this person really belong to this organisation, and as what?

Evidence comes from the email domain against the company's website (or the matched account's
domain), the title, and a steward's own confirmation (a role, and where it was seen: company
website, LinkedIn, a phone call). The verdict is a confidence level with its reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from steward.core.checks.email import is_free_mail
from steward.core.checks.result import CheckResult, Status
from steward.core.checks.title import read_title
from steward.core.normalize import email_domain, fold

_URL_PREFIX_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\d*\.)?", re.IGNORECASE)


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class SeenAt(StrEnum):
    COMPANY_WEBSITE = "company website"
    LINKEDIN = "LinkedIn"
    PHONE_CALL = "phone call"
    EMAIL_SIGNATURE = "email signature"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class RelationshipConfirmation:
    role: str
    seen_at: SeenAt
    who: str
    when: str
    note: str = ""


def site_domain(website: str | None) -> str:
    """'https://www.Acme.com/about' -> 'acme.com'."""
    if not website:
        return ""
    text = _URL_PREFIX_RE.sub("", website.strip()).lower()
    return text.split("/", 1)[0].split(":", 1)[0].strip(".")


def same_organisation(mail_domain: str, domain: str) -> bool:
    """Equal, or one a subdomain of the other (eu.acme.com and acme.com)."""
    if not mail_domain or not domain:
        return False
    return (
        mail_domain == domain
        or mail_domain.endswith("." + domain)
        or domain.endswith("." + mail_domain)
    )


def check_relationship(
    *,
    email: str | None,
    company: str | None,
    website: str | None,
    title: str | None,
    account_domain: str | None = None,
    confirmation: RelationshipConfirmation | None = None,
) -> CheckResult:
    """account_domain: the website domain of the account this lead was matched to, if any."""
    reasons: list[str] = []
    score = 0
    mail = email_domain(email)
    domains = [d for d in (site_domain(website), site_domain(account_domain)) if d]
    if mail and any(same_organisation(mail, d) for d in domains):
        score += 2
        reasons.append(f"email domain {_show(mail)} is the company's")
    elif mail and not domains and _domain_names_company(mail, company):
        score += 2
        reasons.append(f"email domain {_show(mail)} carries the company's name")
    elif is_free_mail(mail):
        score -= 1
        reasons.append(f"free-mail address ({mail})" + (" for a company lead" if company else ""))
    elif mail and domains:
        score -= 1
        reasons.append(f"email domain {_show(mail)} differs from the company's {_show(domains[0])}")
    elif mail:
        reasons.append(f"email domain {_show(mail)}, no company website to compare")
    else:
        reasons.append("no email")
    reading = read_title(title)
    if reading.seniority or reading.department:
        score += 1
        reasons.append(f"title reads as {reading.describe()}")
    else:
        reasons.append("no title")
    if not (company or "").strip():
        score -= 1
        reasons.append("no company")
    details = {"seniority": reading.seniority, "department": reading.department}
    if confirmation is not None:
        details["confirmed_role"] = confirmation.role
        evidence = (
            f"Confirmed as {confirmation.role} via {confirmation.seen_at.value} "
            f"by {confirmation.who} on {confirmation.when}"
        )
        details["confidence"] = Confidence.HIGH.value
        return CheckResult("relationship", Status.PASS, evidence, details=details)
    confidence = (
        Confidence.HIGH if score >= 3 else Confidence.MEDIUM if score >= 1 else Confidence.LOW
    )
    details["confidence"] = confidence.value
    status = {
        Confidence.HIGH: Status.PASS,
        Confidence.MEDIUM: Status.WARN,
        Confidence.LOW: Status.FAIL,
    }[confidence]
    if not mail and not (title or "").strip() and not (company or "").strip():
        status = Status.UNKNOWN
    evidence = f"{confidence.value.capitalize()} confidence: " + "; ".join(reasons)
    return CheckResult("relationship", status, evidence, details=details)


# Legal forms left out when a company's name is compared with a domain.
_LEGAL_FORMS = frozenset({
    "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "plc", "corp", "corporation",
    "co", "company", "gmbh", "ag", "kg", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv",
    "ab", "as", "oy", "pty", "kk", "sl", "the", "group", "holding", "holdings",
})  # fmt: skip
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def _domain_names_company(mail_domain: str, company: str | None) -> bool:
    """'polariscreditunion.com.au' names 'Polaris Credit Union Ltd'; 'acme.de' names 'ACME AG'."""
    words = [w for w in _NON_ALNUM_RE.split(fold(company)) if w and w not in _LEGAL_FORMS]
    key = "".join(words)
    label = _NON_ALNUM_RE.sub("", mail_domain.split(".", 1)[0])
    if len(key) < 3 or len(label) < 3:
        return False
    return key == label or key.startswith(label) or label.startswith(key)


def _show(domain: str) -> str:
    """A domain as quoted in evidence: real ones are short, junk is cut to keep one line."""
    return domain if len(domain) <= 60 else domain[:57] + "..."
