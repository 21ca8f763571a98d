"""The email check: syntax, normal form, bounces, throw-away, role and free-mail addresses."""

from __future__ import annotations

import pytest

from steward.core.checks.email import (
    Deliverability,
    check_email,
    deliverability_result,
    is_disposable,
    is_free_mail,
)
from steward.core.checks.result import Fix, Status


@pytest.mark.parametrize(
    "email",
    [
        "jane.roe@acme.com",
        "j.o'neil@acme.co.uk",
        "first+crm@acme.io",
        "ann_lee@sub.example.org",
        "jöhn@müller.de",
        "李伟@例子.中国",
        "a@acme.museum",
    ],
)
def test_good_company_addresses_pass(email: str) -> None:
    (result,) = check_email(email, company="Acme")

    assert result.status is Status.PASS, result.evidence
    assert result.check == "email"
    assert result.fix is None
    assert result.details["free_mail"] == "no"


@pytest.mark.parametrize("email", [None, "", "   ", "\t\n"])
def test_no_email_is_unknown(email: str | None) -> None:
    (result,) = check_email(email)

    assert result.status is Status.UNKNOWN
    assert result.evidence == "No email"


@pytest.mark.parametrize(
    ("email", "message_part"),
    [
        ("jane.roe", "@-sign"),
        ("jane@", "after the @-sign"),
        ("@acme.com", "before the @-sign"),
        ("jane@@acme.com", "@"),
        ("jane roe@acme.com", "invalid characters"),
        ("jane@acme", "period"),
        ("jane..roe@acme.com", "period"),
        ("jane@acme..com", "period"),
        ("jane@-acme.com", "hyphen"),
        ("ja\x00ne@acme.com", "invalid characters"),
        ("x" * 10_000, "@-sign"),
        ("x" * 10_000 + "@acme.com", "too long"),
        ("jane@" + "x" * 10_000 + ".com", "too long"),
    ],
)
def test_bad_syntax_fails_with_the_libraries_message(email: str, message_part: str) -> None:
    (result,) = check_email(email)

    assert result.status is Status.FAIL
    assert result.evidence.startswith("Not a valid address: ")
    assert message_part.lower() in result.evidence.lower()


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Jane.Roe@ACME.COM", "Jane.Roe@acme.com"),
        ("  jane@acme.com ", "jane@acme.com"),
        ("<jane@acme.com>", "jane@acme.com"),
        ("Jane Roe <jane@Acme.com>", "jane@acme.com"),
        ("mailto:jane@acme.com", "jane@acme.com"),
    ],
)
def test_untidy_addresses_get_a_fix_to_the_normal_form(raw: str, normalized: str) -> None:
    (result,) = check_email(raw)

    assert result.status is Status.WARN
    assert result.fix == Fix("Use the normalised address", {"Email": normalized})
    assert result.details["normalized"] == normalized


@pytest.mark.parametrize(
    "email", ["x@mailinator.com", "x@guerrillamail.com", "x@10minutemail.com", "x@a.mailinator.com"]
)
def test_disposable_domains_fail(email: str) -> None:
    (result,) = check_email(email)

    assert result.status is Status.FAIL
    assert result.evidence.startswith("Disposable address")
    assert result.details["disposable"] == "yes"


def test_bounce_fields_fail_with_date_and_reason() -> None:
    (result,) = check_email(
        "jane@acme.com", bounced_date="2024-03-01T10:00:00Z", bounced_reason="550 5.1.1 no user"
    )

    assert result.status is Status.FAIL
    assert result.evidence == "Bounced on 2024-03-01T10:00:00Z: 550 5.1.1 no user"


def test_a_bounce_without_a_reason_still_fails() -> None:
    (result,) = check_email("jane@acme.com", bounced_date="2024-03-01", bounced_reason="  ")

    assert result.status is Status.FAIL
    assert result.evidence.startswith("Bounced on 2024-03-01")


def test_blank_bounce_fields_are_no_bounce() -> None:
    (result,) = check_email("jane@acme.com", bounced_date=" ", bounced_reason="")

    assert result.status is Status.PASS


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("info@acme.com", "info"),
        ("Sales@acme.com", "sales"),
        ("support@acme.com", "support"),
        ("admin@acme.com", "admin"),
        ("billing@acme.com", "billing"),
        ("accounts@acme.com", "accounts"),
        ("ap@acme.com", "ap"),
        ("hr@acme.com", "hr"),
        ("contact@acme.com", "contact"),
        ("office@acme.com", "office"),
        ("team@acme.com", "team"),
        ("hello@acme.com", "hello"),
        ("marketing@acme.com", "marketing"),
        ("noreply@acme.com", "noreply"),
        ("no-reply@acme.com", "noreply"),
        ("accounts.payable@acme.com", "accountspayable"),
        ("info+leads@acme.com", "info"),
    ],
)
def test_role_addresses_warn(email: str, role: str) -> None:
    (result,) = check_email(email)

    assert result.status is Status.WARN
    assert result.evidence == f"A role address ({role}@), not a person"
    assert result.details["role"] == role


@pytest.mark.parametrize(
    "email", ["information.smith@acme.com", "infoman@acme.com", "jap@acme.com"]
)
def test_personal_addresses_that_resemble_roles_pass(email: str) -> None:
    (result,) = check_email(email)

    assert result.status is Status.PASS


@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "hotmail.com",
        "hotmail.de",
        "outlook.com",
        "live.co.uk",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "t-online.de",
        "orange.fr",
        "free.fr",
        "wanadoo.fr",
        "libero.it",
        "mail.ru",
        "yandex.ru",
        "qq.com",
        "163.com",
        "126.com",
        "naver.com",
        "proton.me",
        "protonmail.com",
        "zoho.com",
    ],
)
def test_free_mail_warns_only_for_a_company_lead(domain: str) -> None:
    (with_company,) = check_email(f"jane.roe@{domain}", company="Acme GmbH")
    (without,) = check_email(f"jane.roe@{domain}", company="  ")

    assert with_company.status is Status.WARN
    assert with_company.evidence.startswith("Free-mail address for a company lead")
    assert without.status is Status.PASS
    assert without.details["free_mail"] == "yes"


@pytest.mark.parametrize(
    "domain", ["acme.com", "outlook.acme.com", "gmailer.com", "yahoo-inc.example", "live.acme.io"]
)
def test_company_domains_are_not_free_mail(domain: str) -> None:
    assert not is_free_mail(domain)


def test_disposable_matches_parents_but_not_lookalikes() -> None:
    assert is_disposable("mailinator.com")
    assert is_disposable("eu.mailinator.com")
    assert not is_disposable("acme.com")
    assert not is_disposable("com")


def test_emoji_in_the_local_part_fails() -> None:
    (result,) = check_email("😀@acme.com")

    assert result.status is Status.FAIL
    assert "Emoji" in result.evidence


def test_the_worst_finding_wins_and_the_fix_rides_along() -> None:
    (result,) = check_email(" JANE@MAILINATOR.COM ", bounced_reason="mailbox full")

    assert result.status is Status.FAIL
    assert result.evidence == "Bounced: mailbox full"
    assert result.fix == Fix("Use the normalised address", {"Email": "JANE@mailinator.com"})


@pytest.mark.parametrize(
    ("verdict", "status", "evidence_start"),
    [
        (Deliverability("deliverable", "MX mail.acme.com"), Status.PASS, "Domain takes mail"),
        (Deliverability("no_mail", "null MX"), Status.FAIL, "Domain takes no mail"),
        (Deliverability("no_domain", "NXDOMAIN"), Status.FAIL, "Domain does not exist"),
        (Deliverability("unknown", "DNS timed out"), Status.UNKNOWN, "Could not check: DNS timed"),
        (Deliverability("unknown"), Status.UNKNOWN, "Could not check: unknown"),
    ],
)
def test_deliverability_becomes_a_sub_result(
    verdict: Deliverability, status: Status, evidence_start: str
) -> None:
    main, sub = check_email("jane@acme.com", deliverability=verdict)

    assert main.check == "email"
    assert main.status is Status.PASS
    assert sub == deliverability_result(verdict)
    assert sub.check == "email.deliverability"
    assert sub.status is status
    assert sub.evidence.startswith(evidence_start)


def test_a_network_problem_is_never_a_failure() -> None:
    _, sub = check_email("jane@acme.com", deliverability=Deliverability("unknown", "no network"))

    assert sub.status is not Status.FAIL


@pytest.mark.parametrize(
    "garbage",
    [
        "\x00",
        "\x00@\x00",
        "@",
        "@@@",
        "<>",
        "<<jane@acme.com>>",
        "😀",
        "😀@😀.😀",
        "jane@acme.com\n",
        "jane@acme.com\r\nBcc: x@y.com",
        "\ud800@acme.com",
        "jane@\u202eacme.com",
        "jane@[127.0.0.1]",
        "jane@localhost",
        "jane@acme.com" * 1000,
        "a" * 10_000,
    ],
)
def test_garbage_never_raises(garbage: str) -> None:
    results = check_email(garbage, bounced_date="\x00", company="\x00")

    assert [r.check for r in results] == ["email"]
    assert results[0].evidence
