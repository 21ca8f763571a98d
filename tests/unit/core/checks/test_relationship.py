from __future__ import annotations

import pytest

from steward.core.checks.relationship import (
    RelationshipConfirmation,
    SeenAt,
    check_relationship,
    site_domain,
)
from steward.core.checks.result import Status
from steward.core.checks.title import read_title


@pytest.mark.parametrize(
    ("title", "seniority", "department"),
    [
        ("CEO", "C-level", "Executive"),
        ("Chief Financial Officer", "C-level", "Finance"),
        ("SVP, Global Procurement", "VP", "Procurement"),
        ("Head of IT", "VP", "IT"),
        ("Director of Marketing", "Director", "Marketing"),
        ("Leiter Einkauf", "Director", "Procurement"),
        ("Accounts Payable Clerk", "Staff", "Finance"),
        ("Software Engineer", "Staff", "IT"),
        ("Marketing Intern", "Intern", "Marketing"),
        ("Co-Founder", "Owner", "Executive"),
        ("Office Manager", "Manager", "Operations"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_titles_read_as_seniority_and_department(
    title: str | None, seniority: str, department: str
) -> None:
    reading = read_title(title)
    assert (reading.seniority, reading.department) == (seniority, department)


def test_website_domains_are_normalised() -> None:
    assert site_domain("https://www.Acme.com/about") == "acme.com"
    assert site_domain("acme.co.uk") == "acme.co.uk"
    assert site_domain("http://www2.acme.de:8080") == "acme.de"
    assert site_domain(None) == ""


def test_company_email_and_clear_title_is_high_confidence() -> None:
    result = check_relationship(
        email="ann@eu.acme.com", company="Acme", website="www.acme.com", title="VP Sales"
    )
    assert result.status is Status.PASS
    assert result.details["confidence"] == "high"
    assert "email domain eu.acme.com is the company's" in result.evidence
    assert result.details["seniority"] == "VP" and result.details["department"] == "Sales"


def test_the_matched_accounts_domain_counts_too() -> None:
    result = check_relationship(
        email="bo@globex.de",
        company="Globex GmbH",
        website=None,
        title="Einkauf",
        account_domain="https://globex.de",
    )
    assert result.details["confidence"] == "high"


def test_free_mail_for_a_company_lead_is_low_or_medium() -> None:
    result = check_relationship(
        email="ann.lee@gmail.com", company="Acme", website="acme.com", title=""
    )
    assert result.status is Status.FAIL and result.details["confidence"] == "low"
    assert "free-mail address (gmail.com) for a company lead" in result.evidence


def test_a_different_domain_is_named() -> None:
    result = check_relationship(email="x@other.io", company="Acme", website="acme.com", title="CTO")
    assert "differs from the company's acme.com" in result.evidence
    assert result.status is Status.FAIL


def test_a_stewards_confirmation_makes_it_high_with_role_and_source() -> None:
    confirmation = RelationshipConfirmation(
        "Head of Procurement", SeenAt.LINKEDIN, "ann", "2026-11-20"
    )
    result = check_relationship(
        email="x@gmail.com",
        company="Acme",
        website="acme.com",
        title=None,
        confirmation=confirmation,
    )
    assert result.status is Status.PASS
    assert result.evidence == ("Confirmed as Head of Procurement via LinkedIn by ann on 2026-11-20")


def test_nothing_to_go_by_is_unknown() -> None:
    result = check_relationship(email=None, company=None, website=None, title=None)
    assert result.status is Status.UNKNOWN


@pytest.mark.parametrize(
    "garbage", ["", " ", "🙂@🙂", "x" * 10_000, "a@" + "x" * 10_000, "\x00", "@", "a@b@c"]
)
def test_garbage_never_raises(garbage: str) -> None:
    result = check_relationship(email=garbage, company=garbage, website=garbage, title=garbage)
    assert result.status in set(Status)
    assert len(result.evidence) < 700


@pytest.mark.parametrize(
    ("email", "company", "named"),
    [
        ("ann@polariscreditunion.com.au", "Polaris Credit Union Ltd", True),
        ("bo@acme.de", "ACME AG", True),
        ("cy@harbor-finch.com", "Harbor & Finch LLP", True),
        ("di@northwind.io", "Northwind Analytics", True),
        ("ed@other.com", "Acme Inc", False),
        ("fa@ab.com", "AB", False),  # too short to tell
    ],
)
def test_without_a_website_the_domain_may_name_the_company(
    email: str, company: str, named: bool
) -> None:
    result = check_relationship(email=email, company=company, website=None, title="CTO")
    assert ("carries the company's name" in result.evidence) is named
    assert (result.details["confidence"] == "high") is named
