"""Match keys as an import stores them: what each record of each object is compared by."""

from __future__ import annotations

import pytest

from steward.core.derived import derived_columns, derived_values
from steward.core.matching.keys import (
    EARLY_COLUMNS,
    LATE_COLUMNS,
    MATCH_COLUMNS,
    early_keys,
    first_given_name,
    late_keys,
    match_keys,
    person_name,
)

BOB = {
    "FirstName": "Bob",
    "LastName": "O'Brien",
    "Email": "Bob.OBrien+crm@Acme.co.uk",
    "Website": "https://www.acme.co.uk",
    "Phone": "+44 (0)20 7946 0958",
    "MobilePhone": "07911 123456",
    "Company": "The Acme Company Ltd",
    "Street": "10 Downing Street, Floor 2",
    "City": "LONDON",
    "PostalCode": "sw1a 2aa",
    "Country": "United Kingdom",
}


def _keys(object_name: str, record: dict[str, str]) -> dict[str, str]:
    return dict(zip(MATCH_COLUMNS, match_keys(object_name, record), strict=True))


def test_a_lead_gets_every_key_in_its_comparable_form() -> None:
    assert _keys("Lead", BOB) == {
        "mk_first": "bob",
        "mk_nick": "bert bob bobby robert",
        "mk_last": "obrien",
        "mk_email": "bob.obrien@acme.co.uk",
        "mk_domain": "acme.co.uk",
        "mk_phone": "+442079460958",
        "mk_mobile": "+447911123456",
        "mk_company": "acme",
        "mk_postcode": "SW1A2AA",
        "mk_street": "10 downing st",
        "mk_city": "london",
        "mk_country": "GB",
    }


def test_a_contact_reads_its_mailing_address_and_has_no_company_of_its_own() -> None:
    contact = {
        "FirstName": "Liz",
        "LastName": "Taylor",
        "Email": "Liz.Taylor@Globex.com",
        "Phone": "(415) 872-3391",
        "MailingStreet": "1 High Street",
        "MailingCity": "Springfield",
        "MailingPostalCode": "94105-1234",
        "MailingCountry": "USA",
        # Lead-only fields on a contact are not its fields: ignored.
        "Company": "Globex",
        "Street": "99 Elsewhere Road",
    }
    keys = _keys("Contact", contact)
    assert keys["mk_nick"] == "elizabeth lisa lizzie"
    assert keys["mk_email"] == "liz.taylor@globex.com"
    assert keys["mk_domain"] == "globex.com"
    assert keys["mk_phone"] == "+14158723391"
    assert keys["mk_company"] == ""
    assert (keys["mk_street"], keys["mk_postcode"], keys["mk_country"]) == (
        "1 high st",
        "94105",
        "US",
    )


def test_an_account_has_organisation_keys_and_no_person_keys() -> None:
    account = {
        "Name": "Acme GmbH & Co. KG",
        "Website": "http://shop.acme.de/impressum",
        "Phone": "030 2758 1934",
        "BillingStreet": "Hauptstraße 5",
        "BillingCity": "Berlin",
        "BillingPostalCode": "10115",
        "BillingCountry": "Deutschland",
        "FirstName": "Not",  # not an account field
    }
    keys = _keys("Account", account)
    assert keys["mk_first"] == keys["mk_nick"] == keys["mk_last"] == keys["mk_email"] == ""
    assert keys["mk_company"] == "acme"
    assert keys["mk_domain"] == "acme.de"
    assert keys["mk_phone"] == "+493027581934"
    assert keys["mk_street"] == "haupt st 5"
    assert keys["mk_country"] == "DE"


def test_objects_matching_does_not_cover_get_only_empty_keys() -> None:
    assert match_keys("Opportunity", {"Name": "Acme renewal"}) == ("",) * len(MATCH_COLUMNS)
    assert early_keys("User", {}) == ("",) * len(EARLY_COLUMNS)
    assert late_keys("User", {}) == ("",) * len(LATE_COLUMNS)


def test_an_empty_record_has_only_empty_keys() -> None:
    assert match_keys("Lead", {}) == ("",) * len(MATCH_COLUMNS)
    assert match_keys("Lead", dict.fromkeys(BOB, "")) == ("",) * len(MATCH_COLUMNS)


def test_the_two_halves_an_import_computes_make_the_same_keys() -> None:
    halves = dict(
        zip(
            EARLY_COLUMNS + LATE_COLUMNS,
            early_keys("Lead", BOB) + late_keys("Lead", BOB),
            strict=True,
        )
    )
    assert sorted(halves) == sorted(MATCH_COLUMNS)
    assert halves == _keys("Lead", BOB)


def test_derived_columns_carry_the_match_keys_of_people_and_accounts_only() -> None:
    values = derived_values("Lead", BOB)
    assert {c: values[c] for c in MATCH_COLUMNS} == _keys("Lead", BOB)
    assert set(MATCH_COLUMNS) <= set(derived_columns("Account"))
    assert not set(MATCH_COLUMNS) & set(derived_columns("Opportunity"))


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("OBRIEN", "obrien"),
        ("D'Angelo", "dangelo"),
        ("José María", "jose maria"),
        ("ÉLODIE", "elodie"),
        ("Zoë", "zoe"),
        ("Müller", "muller"),
        ("Łukasz", "lukasz"),
        ("Øyvind", "oyvind"),
        ("Nguyễn", "nguyen"),
        ("Þórunn", "thorunn"),
        ("þórunn", "thorunn"),
        ("Ðorđe", "dorde"),
        ("Jean-Luc", "jean luc"),
        ("van der  Berg", "van der berg"),
        ("  SMITH  ", "smith"),
        ("Smith3", "smith"),
        ("", ""),
    ],
)
def test_names_are_folded_to_letters_and_single_spaces(written: str, folded: str) -> None:
    assert person_name(written) == folded


def test_variants_of_one_name_get_one_key() -> None:
    spellings = [("Sean", "O'Brien"), ("SEAN", "O’Brien"), ("sean", "OBRIEN"), ("Seán", "OBrien")]
    keys = [_keys("Lead", {"FirstName": f, "LastName": last}) for f, last in spellings]
    assert {(k["mk_first"], k["mk_nick"], k["mk_last"]) for k in keys} == {
        ("sean", "sean", "obrien")
    }


@pytest.mark.parametrize(
    ("written", "first"),
    [("Mary-Ann", "mary"), ("Mary Ann", "mary"), ("J. Robert", "robert"), ("J", "j"), ("", "")],
)
def test_the_first_given_name_skips_initials(written: str, first: str) -> None:
    assert first_given_name(written) == first


def test_the_nickname_key_comes_from_the_first_given_name_only() -> None:
    keys = _keys("Lead", {"FirstName": "J. Robert", "LastName": "Smith"})
    assert keys["mk_first"] == "j robert"
    assert "robert" in keys["mk_nick"].split()


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Test", "Lead"),
        ("N/A", "N/A"),
        ("N/A", "Smith"),
        ("John", "N/A"),
        ("Aaa", "Bbb"),
        ("asdf", "asdf"),
        ("Mickey", "Mouse"),
        ("John", "Doe"),
        ("First", "Last"),
        ("Unknown", "Unknown"),
        ("Anna", "Test"),
    ],
)
def test_placeholder_names_give_no_name_keys(first: str, last: str) -> None:
    keys = _keys(
        "Lead", {"FirstName": first, "LastName": last, "Email": "info@acme.com", "Company": "Acme"}
    )
    assert keys["mk_first"] == keys["mk_nick"] == keys["mk_last"] == ""
    # The rest of the record is still evidence.
    assert (keys["mk_email"], keys["mk_company"]) == ("info@acme.com", "acme")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Bo", "Ek", ("bo", "ek")),
        ("Wei", "Ng", ("wei", "ng")),
        ("Eve", "Ng", ("eve", "ng")),
        # 'Na' is a real family and given name (Li Na, Na Hye-sung), not 'n/a'.
        ("Li", "Na", ("li", "na")),
        ("Hye-sung", "Na", ("hye sung", "na")),
        ("Na", "Li", ("na", "li")),
    ],
)
def test_short_real_names_keep_their_keys(first: str, last: str, expected: tuple[str, str]) -> None:
    keys = _keys("Lead", {"FirstName": first, "LastName": last})
    assert (keys["mk_first"], keys["mk_last"]) == expected


@pytest.mark.parametrize(
    "company",
    ["N/A", "n.a.", "None", "Self-employed", "Self", "TBD", "Unknown", "Test", "Private",
     "Individual", "Company", "The Company Inc", "-", "x", "Test Company"],
)  # fmt: skip
def test_placeholder_companies_give_no_company_key(company: str) -> None:
    assert _keys("Lead", {"LastName": "Smith", "Company": company})["mk_company"] == ""
    assert _keys("Account", {"Name": company})["mk_company"] == ""


@pytest.mark.parametrize(
    ("country", "code"),
    [("United Kingdom", "GB"), ("UK", "GB"), ("Deutschland", "DE"), ("USA", "US"), ("", "")],
)
def test_the_country_key_is_iso_alpha_2(country: str, code: str) -> None:
    assert _keys("Lead", {"LastName": "Smith", "Country": country})["mk_country"] == code


def test_the_country_decides_how_a_national_phone_number_is_read() -> None:
    number = "020 7946 0958"
    assert _keys("Lead", {"Phone": number, "Country": "UK"})["mk_phone"] == "+442079460958"
    assert _keys("Lead", {"Phone": number, "Country": "Netherlands"})["mk_phone"] == "+312079460958"
    # Without a country the number keeps its digits, so it still matches itself.
    assert _keys("Lead", {"Phone": number})["mk_phone"] == "02079460958"


def test_a_free_mail_address_leaves_the_domain_to_the_website() -> None:
    lead = {"Email": "bob.smith@gmail.com", "Website": "www.initech.com.au"}
    keys = _keys("Lead", lead)
    assert keys["mk_email"] == "bobsmith@gmail.com"
    assert keys["mk_domain"] == "initech.com.au"
    assert _keys("Lead", {"Email": "bob.smith@gmail.com"})["mk_domain"] == ""
