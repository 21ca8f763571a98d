from __future__ import annotations

from steward.core.normalize import (
    digits,
    email_domain,
    fold,
    full_name,
    helper_values,
    search_terms,
)


def test_fold_removes_accents_case_and_extra_space() -> None:
    assert fold("  Zoë   MÜLLER ") == "zoe muller"
    assert fold("Łukasz Żółć") == "lukasz zolc"
    assert fold("Bjørn Straße") == "bjorn strasse"
    assert fold(None) == ""


def test_full_name_tolerates_missing_parts() -> None:
    assert full_name("José", "García") == "jose garcia"
    assert full_name(None, "Ōtani") == "otani"
    assert full_name(None, None) == ""


def test_email_domain_and_phone_digits() -> None:
    assert email_domain("Ann.Lee@Example.CO.UK") == "example.co.uk"
    assert email_domain("no-at-sign") == ""
    assert digits("+1 (415) 872-3391") == "14158723391"


def test_phone_like_queries_search_digits() -> None:
    assert search_terms("(415) 872-3391") == ["4158723391"]
    assert search_terms("Müller  acme") == ["muller", "acme"]
    assert search_terms('"quoted"') == ["quoted"]
    assert search_terms("   ") == []


def test_helper_values_of_a_lead() -> None:
    helpers = helper_values(
        "Lead",
        {
            "FirstName": "Zoë",
            "LastName": "Müller",
            "Company": "Acme GmbH",
            "Email": "zoe@acme.de",
            "Phone": "+49 30 1234567",
            "City": "Berlin",
        },
    )
    assert helpers["norm_name"] == "zoe muller"
    assert helpers["email_domain"] == "acme.de"
    assert helpers["phone_digits"] == "49301234567"
    for part in ("zoe muller", "acme gmbh", "zoe@acme.de", "49301234567", "berlin"):
        assert part in helpers["search_text"]
