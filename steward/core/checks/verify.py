"""Running the whole checklist on one lead: every check, in the template's order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from steward.core.checks.address import check_address
from steward.core.checks.checklist import (
    DEFAULT_TEMPLATE,
    Confirmation,
    Readiness,
    Template,
    amend,
    readiness,
)
from steward.core.checks.email import Deliverability, check_email
from steward.core.checks.icp import IcpRules, check_icp
from steward.core.checks.name import check_name
from steward.core.checks.phone import check_phone
from steward.core.checks.relationship import check_relationship
from steward.core.checks.result import CheckResult, Status
from steward.core.checks.source import DEFAULT_MAX_AGE_DAYS, STANDARD_SOURCES, check_source
from steward.core.normalize import email_domain


@dataclass(frozen=True, slots=True)
class VerifyContext:
    """What checks need besides the lead itself, the same for every lead of a run."""

    now: datetime
    icp: IcpRules
    template: Template = DEFAULT_TEMPLATE
    allowed_sources: tuple[str, ...] = STANDARD_SOURCES
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    # Deliverability verdicts by email domain, when the steward turned the DNS check on.
    deliverability: Mapping[str, Deliverability] = field(default_factory=dict)


def verify_lead(lead: Mapping[str, object], context: VerifyContext) -> list[CheckResult]:
    """The results of the template's automatic checks for one lead (fields by API name)."""
    wanted = {item.id for item in context.template.items if not item.manual}
    text = {key: value if isinstance(value, str) else None for key, value in lead.items()}
    results: list[CheckResult] = []
    if "name" in wanted:
        results.append(
            check_name(
                text.get("FirstName"),
                text.get("LastName"),
                company=text.get("Company"),
                email=text.get("Email"),
                salutation=text.get("Salutation"),
            )
        )
    if "address" in wanted:
        results.append(
            check_address(
                text.get("Street"),
                text.get("City"),
                text.get("State"),
                text.get("PostalCode"),
                text.get("Country"),
            )
        )
    if "phone" in wanted:
        results.append(
            check_phone(text.get("Phone"), text.get("MobilePhone"), country=text.get("Country"))
        )
    if "email" in wanted:
        email = text.get("Email")
        domain = email_domain(email)
        results.extend(
            check_email(
                email,
                bounced_date=text.get("EmailBouncedDate"),
                bounced_reason=text.get("EmailBouncedReason"),
                company=text.get("Company"),
                deliverability=context.deliverability.get(domain),
            )
        )
    if "relationship" in wanted:
        results.append(
            check_relationship(
                email=text.get("Email"),
                company=text.get("Company"),
                website=text.get("Website"),
                title=text.get("Title"),
            )
        )
    if "source" in wanted:
        results.append(
            check_source(
                text.get("LeadSource"),
                text.get("CreatedDate"),
                now=context.now,
                allowed_sources=context.allowed_sources,
                max_age_days=context.max_age_days,
                last_activity=text.get("LastActivityDate"),
            )
        )
    if "icp" in wanted:
        results.append(check_icp(lead, context.icp))
    return results


@dataclass(frozen=True, slots=True)
class Verdict:
    """A lead's results as the steward's confirmations amend them, and its readiness."""

    results: list[CheckResult]
    readiness: Readiness

    @property
    def failing(self) -> list[str]:
        """Required items not passed or confirmed, in template order (for the work queue)."""
        return list(self.readiness.blocking)

    @property
    def stale(self) -> bool:
        return any(r.check == "source" and r.details.get("stale") == "yes" for r in self.results)

    @property
    def icp_score(self) -> int | None:
        icp = next((r for r in self.results if r.check == "icp"), None)
        if icp is None or icp.status is Status.UNKNOWN:
            return None
        score = icp.details.get("score", "")
        return int(score) if score.isdigit() else None


def judge_lead(
    lead: Mapping[str, object],
    context: VerifyContext,
    confirmations: Mapping[str, Confirmation] | None = None,
) -> Verdict:
    """Every check on one lead, amended by the steward's confirmations, and its readiness."""
    words = confirmations or {}
    results = amend(context.template, verify_lead(lead, context), words)
    by_check = {r.check: r for r in results}
    return Verdict(results, readiness(context.template, by_check, words))
