"""Emails, domains, phone numbers and addresses in the one form matching compares."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from steward.core.checks.phone import looks_made_up
from steward.core.matching.contact_points import (
    company_domain,
    e164,
    email_key,
    postcode_key,
    registrable_domain,
    street_key,
)

# ---- email ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Bob@Acme.com", "bob@acme.com"),
        ("  BOB@ACME.COM  ", "bob@acme.com"),
        ("bob+crm@acme.com", "bob@acme.com"),
        ("bob+crm+2024@acme.com", "bob@acme.com"),
        ("mailto:Bob@Acme.com", "bob@acme.com"),
        ("B.O.B@gmail.com", "bob@gmail.com"),
        ("bob.smith@googlemail.com", "bobsmith@gmail.com"),
        ("Bob.Smith+news@GMail.com", "bobsmith@gmail.com"),
        # Dots count everywhere but Gmail.
        ("bob.smith@acme.com", "bob.smith@acme.com"),
        ("bob.smith@outlook.com", "bob.smith@outlook.com"),
    ],
)
def test_an_address_becomes_its_owners_mailbox(written: str, key: str) -> None:
    assert email_key(written) == key


@pytest.mark.parametrize(
    "written", [None, "", "nobody", "@acme.com", "bob@", "bob@localhost", "+tag@acme.com"]
)
def test_what_is_not_an_address_has_no_key(written: str | None) -> None:
    assert email_key(written) == ""


@pytest.mark.parametrize(
    "written", ["smith@noemail.com", "Smith@None.com", "jo@example.org", "a@b.test", "x@y.invalid"]
)
def test_a_placeholder_address_is_no_evidence(written: str) -> None:
    assert email_key(written) == ""


def test_one_mailbox_written_differently_has_one_key() -> None:
    spellings = ["Bob.Smith@gmail.com", "bobsmith@gmail.com", "BOBSMITH+crm@googlemail.com"]
    assert len({email_key(s) for s in spellings}) == 1
    assert email_key("bob.smith@acme.com") != email_key("bobsmith@acme.com")


# ---- domains --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("acme.com", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("mail.eu.acme.co.uk", "acme.co.uk"),
        ("acme.co.uk", "acme.co.uk"),
        ("www.acme.com.au", "acme.com.au"),
        ("shop.acme.co.jp", "acme.co.jp"),
        ("ACME.COM.", "acme.com"),
        # Private suffixes: each customer's site is its own organisation.
        ("foo.github.io", "foo.github.io"),
        ("docs.foo.github.io", "foo.github.io"),
        ("bar.blogspot.com", "bar.blogspot.com"),
        # A public suffix alone, or no dot at all, is nobody's domain.
        ("co.uk", ""),
        ("com.au", ""),
        ("github.io", ""),
        ("localhost", ""),
        ("", ""),
    ],
)
def test_registrable_domains(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_two_people_on_one_github_io_are_not_one_organisation() -> None:
    assert company_domain("", "https://alice.github.io") != company_domain(
        "", "https://bob.github.io"
    )


@pytest.mark.parametrize(
    ("mailbox", "website", "domain"),
    [
        ("bob@sales.acme.co.uk", None, "acme.co.uk"),
        ("bob@acme.com", "other.com", "acme.com"),  # the mailbox wins
        ("bob@gmail.com", "https://www.acme.de/contact", "acme.de"),
        ("bob@yahoo.co.uk", "acme.com", "acme.com"),
        ("bob@hotmail.com", None, ""),
        ("", "http://shop.acme.com.au", "acme.com.au"),
        ("", None, ""),
    ],
)
def test_the_organisation_domain_skips_free_mail(
    mailbox: str, website: str | None, domain: str
) -> None:
    assert company_domain(mailbox, website) == domain


# ---- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "region", "number"),
    [
        # United States and Canada
        ("(415) 872-3391", "US", "+14158723391"),
        ("415.872.3391", "US", "+14158723391"),
        ("415 872 3391", "US", "+14158723391"),
        ("1-415-872-3391", "US", "+14158723391"),
        ("+1 415 872 3391", "US", "+14158723391"),
        ("+1 (415) 872-3391", None, "+14158723391"),
        ("4158723391", None, "+14158723391"),
        ("(416) 872-3391", "CA", "+14168723391"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        # Extensions are not part of the number
        ("415-872-3391 ext. 204", "US", "+14158723391"),
        ("415-872-3391 x204", "US", "+14158723391"),
        ("415-872-3391 #204", "US", "+14158723391"),
        # United Kingdom
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "GB", "+442079460958"),
        ("+44 (0)20 7946 0958", "GB", "+442079460958"),
        ("+44 (0) 20 7946 0958", None, "+442079460958"),
        ("0044 20 7946 0958", "GB", "+442079460958"),
        ("07911 123456", "GB", "+447911123456"),
        # Germany
        ("030 2758 1934", "DE", "+493027581934"),
        ("+49 (0)30 2758 1934", "DE", "+493027581934"),
        ("0049 30 2758 1934", "DE", "+493027581934"),
        ("+49 89 32168-0", None, "+4989321680"),
        # France
        ("01 42 68 53 00", "FR", "+33142685300"),
        ("+33 1 42 68 53 00", "FR", "+33142685300"),
        ("06 71 84 29 17", "FR", "+33671842917"),
        # Netherlands
        ("020 555 1234", "NL", "+31205551234"),
        ("+31 20 555 1234", None, "+31205551234"),
        # Australia
        ("02 9374 4000", "AU", "+61293744000"),
        ("0412 978 316", "AU", "+61412978316"),
        ("+61 2 9374 4000", "AU", "+61293744000"),
        # India
        ("098450 12345", "IN", "+919845012345"),
        ("+91 98450 12345", None, "+919845012345"),
        # Italy keeps the leading zero of fixed lines
        ("06 6982 0000", "IT", "+390669820000"),
        ("+39 06 6982 0000", None, "+390669820000"),
        ("348 921 4412", "IT", "+393489214412"),
        # Japan
        ("03-3224-5000", "JP", "+81332245000"),
        ("090-2731-8846", "JP", "+819027318846"),
        ("+81 3-3224-5000", None, "+81332245000"),
    ],
)
def test_phone_numbers_in_e164(written: str, region: str | None, number: str) -> None:
    assert e164(written, region) == number


@pytest.mark.parametrize(
    ("written", "region", "number"),
    [
        # Belarus: the trunk prefix is '8' and the area code then starts with '0'.
        ("8 0152 45-09-11", "BY", "+375152450911"),
        ("8 029 491-19-11", "BY", "+375294911911"),
        # Argentina: a mobile is written '0 area 15 number' at home, '+54 9 area number' abroad.
        ("011 15-2345-0480", "AR", "+5491123450480"),
    ],
)
def test_national_forms_with_more_than_a_trunk_zero(written: str, region: str, number: str) -> None:
    assert number == phonenumbers.format_number(
        phonenumbers.parse(written, region), PhoneNumberFormat.E164
    )
    assert e164(written, region) == number


@pytest.mark.parametrize(
    ("written", "region"),
    [
        ("000-000-0000", "US"),
        ("000-000-0000", None),
        ("555-0123", "US"),
        ("(415) 555-0123", "US"),
        ("1-415-555-0199", None),
        ("111-111-1111", "US"),
        ("123-456-7890", None),
        ("(123) 456-7890", "US"),
        ("1-123-456-7890", "CA"),
        ("9999999999", "GB"),
        ("", "US"),
        (None, None),
        ("abc", None),
        ("12345", "US"),  # too short to be anyone's number
    ],
)
def test_made_up_numbers_are_no_number(written: str | None, region: str | None) -> None:
    assert e164(written, region) == ""


def test_one_number_written_many_ways_has_one_key() -> None:
    spellings = [
        ("020 7946 0958", "GB"),
        ("+44 20 7946 0958", None),
        ("+44 (0)20 7946 0958", "GB"),
        ("0044 (0)20 7946 0958", "GB"),
        ("+44-20-7946-0958 ext 12", "DE"),  # written internationally: the country is moot
    ]
    assert {e164(text, region) for text, region in spellings} == {"+442079460958"}


def test_without_a_country_a_number_still_matches_itself() -> None:
    assert e164("020 7946 0958", None) == e164("020-7946-0958", None) == "02079460958"


REGIONS = ["US", "CA", "GB", "DE", "FR", "NL", "AU", "IN", "IT", "JP"]
TYPES = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE]
FORMATS = [PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _variant(example: phonenumbers.PhoneNumber, tail: int) -> phonenumbers.PhoneNumber:
    """The example number with its last four digits replaced by tail's."""
    national = str(example.national_number)
    kept = national[: max(1, len(national) - 4)]
    changed = (kept + f"{tail:04d}")[: len(national)]
    number = phonenumbers.PhoneNumber()
    number.merge_from(example)
    number.national_number = int(changed)
    return number


@settings(max_examples=300, deadline=None)
@given(
    region=st.sampled_from(REGIONS),
    kind=st.sampled_from(TYPES),
    tail=st.integers(0, 9999),
    style=st.sampled_from(FORMATS),
)
def test_e164_agrees_with_phonenumbers_on_valid_numbers(
    region: str, kind: int, tail: int, style: int
) -> None:
    example = phonenumbers.example_number_for_type(region, kind)
    assume(example is not None)
    assert example is not None
    number = _variant(example, tail)
    assume(phonenumbers.is_valid_number_for_region(number, region))
    written = phonenumbers.format_number(number, style)
    assume(not looks_made_up(_digits(written)))
    assert e164(written, region) == phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _examples(kinds: Sequence[int]) -> Iterator[tuple[str, phonenumbers.PhoneNumber]]:
    """phonenumbers' example number of each kind in every region it knows (numbers of under
    six digits, which Steward never takes for a phone number, left out)."""
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in kinds:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None and len(str(example.national_number)) >= 6:
                yield region, example


def _disagreements(
    cases: Iterable[tuple[str, str, str]],
) -> tuple[int, list[tuple[str, str, str, str]]]:
    """(region, written, expected) cases, made-up numbers left out: how many were checked,
    and those where e164 differs from phonenumbers."""
    checked = 0
    wrong: list[tuple[str, str, str, str]] = []
    for region, written, expected in cases:
        if looks_made_up(_digits(written)):
            continue
        checked += 1
        found = e164(written, region)
        if found != expected:
            wrong.append((region, written, found, expected))
    return checked, wrong


def test_e164_agrees_with_phonenumbers_on_every_regions_example_numbers() -> None:
    """Every region's example numbers, written the national and the international way."""
    checked, wrong = _disagreements(
        (region, phonenumbers.format_number(example, style),
         phonenumbers.format_number(example, PhoneNumberFormat.E164))
        for region, example in _examples((*TYPES, PhoneNumberType.FIXED_LINE_OR_MOBILE))
        for style in FORMATS
    )  # fmt: skip
    assert checked > 600
    assert wrong == []


def test_e164_agrees_with_phonenumbers_on_numbers_written_without_their_trunk_prefix() -> None:
    """'20 7946 0958' in Britain, '912 345 678' in Spain: the national significant number
    alone, as people type it after '(0)' or in countries without a trunk prefix."""
    written = [
        (region, phonenumbers.national_significant_number(example))
        for region, example in _examples(TYPES)
    ]
    checked, wrong = _disagreements(
        (region, text, phonenumbers.format_number(phonenumbers.parse(text, region),
                                                  PhoneNumberFormat.E164))
        for region, text in written
    )  # fmt: skip
    assert checked > 300
    assert wrong == []


# ---- postal codes and streets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("sw1a 1aa", "SW1A1AA"),
        ("SW1A1AA", "SW1A1AA"),
        ("94105", "94105"),
        ("94105-1234", "94105"),
        ("941051234", "94105"),
        (" 75008 ", "75008"),
        ("1234 AB", "1234AB"),
        ("k1a-0b1", "K1A0B1"),
        ("D02 X285", "D02X285"),
        ("100-0001", "1000001"),
        ("", ""),
        (None, ""),
    ],
)
def test_postcode_keys(written: str | None, key: str) -> None:
    assert postcode_key(written) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("64 Center Street, Floor 44", "64 CENTER ST."),
        ("1 Main Street, Suite 200", "1 Main St"),
        ("1 Main Street Suite 200", "1 main st."),
        ("500 Oak Road, Apt 3", "500 Oak Rd"),
        ("100 North Avenue", "100 N Ave"),
        ("Hauptstraße 5", "Hauptstr. 5"),
        ("Hauptstraße 5", "Haupt Strasse 5"),
        ("12 Rue de Rivoli\nBâtiment B", "12 rue de Rivoli"),
        ("1 Infinite Loop, #300", "1 Infinite Loop"),
        ("Floor 10\n7531 Research Boulevard", "7531 Research Blvd"),
        ("Ste 400\n712 2nd Street", "712 2nd St"),
        ("Suite 5, 100 Main Street", "100 Main St"),
    ],
)
def test_one_street_written_two_ways_has_one_key(a: str, b: str) -> None:
    assert street_key(a) == street_key(b) != ""


def test_street_keys_keep_what_tells_addresses_apart() -> None:
    assert street_key("64 Center Street") == "64 center st"
    assert street_key("64 Center Street") != street_key("66 Center Street")
    assert street_key("1 Main Street") != street_key("1 Main Avenue")
    assert street_key("") == street_key(None) == ""
