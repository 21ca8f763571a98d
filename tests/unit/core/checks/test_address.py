from __future__ import annotations

import pytest

from steward.core.checks.address import check_address
from steward.core.checks.result import Status


@pytest.mark.parametrize(
    ("street", "city", "state", "postal", "country"),
    [
        ("1 Market St", "San Francisco", "CA", "94105", "United States"),
        ("350 Fifth Ave", "New York", "NY", "10118-0110", "United States"),
        ("24 Sussex Dr", "Ottawa", "ON", "K1M 1M4", "Canada"),
        ("10 Downing St", "London", "", "SW1A 2AA", "United Kingdom"),
        ("Marienplatz 8", "München", "Bayern", "80331", "Germany"),
        ("Unter den Linden 1", "Berlin", "", "10117", "Germany"),
        ("5 Rue de Rivoli", "Paris", "", "75001", "France"),
        ("Via del Corso 1", "Roma", "", "00186", "Italy"),
        ("Calle de Alcalá 1", "Madrid", "", "28014", "Spain"),
        ("Damrak 1", "Amsterdam", "", "1012 LG", "Netherlands"),
        ("1-1 Marunouchi", "Chiyoda", "Tokyo", "100-0005", "Japan"),
        ("1 Rajpath", "New Delhi", "Delhi", "110001", "India"),
        ("Av. Paulista 1000", "São Paulo", "SP", "01310-100", "Brazil"),
        ("1 Macquarie St", "Sydney", "NSW", "2000", "Australia"),
        ("1 Chang'an Ave", "Beijing", "", "100000", "China"),
        ("Sheikh Zayed Rd", "Dubai", "", "", "United Arab Emirates"),
        ("1 Queen's Rd", "Central", "", "", "Hong Kong"),
        ("1 Grafton St", "Dublin", "", "", "Ireland"),
    ],
)
def test_good_addresses_pass_without_fix(
    street: str, city: str, state: str, postal: str, country: str
) -> None:
    result = check_address(street, city, state, postal, country)
    assert result.check == "address"
    assert result.status is Status.PASS, result.evidence
    assert result.fix is None
    assert "present" in result.evidence


def test_pass_evidence_lists_what_is_present() -> None:
    result = check_address("1 Market St", "San Francisco", "CA", "94105", "United States")
    assert result.evidence == "Street, city, state, postal code and country present"
    result = check_address("10 Downing St", "London", None, "SW1A 2AA", "United Kingdom")
    assert result.evidence == "Street, city, postal code and country present"


@pytest.mark.parametrize(
    ("country", "canonical", "code"),
    [
        ("Deutschland", "Germany", "DE"),
        ("germany", "Germany", "DE"),
        ("DE", "Germany", "DE"),
        ("Allemagne", "Germany", "DE"),
        ("U.S.A.", "United States", "US"),
        ("UK", "United Kingdom", "GB"),
        ("England", "United Kingdom", "GB"),
        ("Holland", "Netherlands", "NL"),
        ("日本", "Japan", "JP"),
    ],
)
def test_country_is_normalised_with_a_fix(country: str, canonical: str, code: str) -> None:
    result = check_address("Street 1", "City", None, None, country)
    assert result.fix is not None
    assert result.fix.values["Country"] == canonical
    assert result.details["country_code"] == code
    assert result.details["country"] == canonical


def test_unknown_country_fails_naming_it() -> None:
    result = check_address("1 Main St", "Springfield", "", "12345", "Narnia")
    assert result.status is Status.FAIL
    assert "Country 'Narnia' not recognised" in result.evidence
    assert "country_code" not in result.details


@pytest.mark.parametrize(
    ("country", "state", "fixed"),
    [
        ("US", "California", "CA"),
        ("US", "california", "CA"),
        ("US", "ca", "CA"),
        ("US", "US-CA", "CA"),
        ("USA", "New York", "NY"),
        ("Canada", "Ontario", "ON"),
        ("Canada", "Québec", "QC"),
        ("Canada", "Quebec", "QC"),
        ("Australia", "New South Wales", "NSW"),
        ("Australia", "vic", "VIC"),
        ("Brazil", "São Paulo", "SP"),
        ("Germany", "BY", "Bayern"),
        ("Germany", "bayern", "Bayern"),
        ("Germany", "Thuringen", "Thüringen"),
        ("India", "MH", "Mahārāshtra"),
    ],
)
def test_state_gets_the_conventional_form(country: str, state: str, fixed: str) -> None:
    result = check_address("Street 1", "City", state, None, country)
    assert result.fix is not None
    assert result.fix.values["State"] == fixed
    assert result.details["state"] == fixed


@pytest.mark.parametrize(
    ("country", "state"),
    [
        ("United States", "CA"),
        ("Germany", "Bavaria"),  # English names are accepted as typed
        ("Germany", "Bayern"),
        ("Italy", "MI"),  # elsewhere any recognised form stays
        ("Italy", "Lombardia"),
        ("Spain", "Madrid"),
        ("Switzerland", "ZH"),
        ("China", "Guangdong"),
    ],
)
def test_recognised_state_needs_no_fix(country: str, state: str) -> None:
    result = check_address("Street 1", "City", state, None, country)
    assert result.fix is None or "State" not in result.fix.values


@pytest.mark.parametrize(
    ("country", "state"),
    [("United States", "Texsa"), ("United States", "Bavaria"), ("Canada", "XX"), ("DE", "Texas")],
)
def test_unknown_state_warns(country: str, state: str) -> None:
    result = check_address("Street 1", "City", state, "", country)
    assert result.status is Status.WARN
    assert f"'{state}' is not a state of" in result.evidence
    assert result.fix is None or "State" not in result.fix.values


def test_state_evidence_reads_naturally() -> None:
    result = check_address("Street 1", "City", "Texsa", "73301", "USA")
    assert "'Texsa' is not a state of the United States" in result.evidence


@pytest.mark.parametrize(
    ("country", "postal", "message"),
    [
        ("Germany", "1234", "'1234' is not a German postal code (5 digits)"),
        ("Deutschland", "803310", "'803310' is not a German postal code (5 digits)"),
        ("France", "7500", "'7500' is not a French postal code (5 digits)"),
        ("United States", "9410", "'9410' is not a US postal code (ZIP code"),
        ("Canada", "123456", "'123456' is not a Canadian postal code (A1A 1A1)"),
        ("UK", "12345", "'12345' is not a UK postal code (UK postcode such as SW1A 1AA)"),
        ("Netherlands", "1234", "'1234' is not a Dutch postal code (1234 AB)"),
        ("Japan", "123456", "'123456' is not a Japanese postal code (123-4567)"),
        ("India", "1100", "'1100' is not an Indian postal code"),
        ("Brazil", "0131", "is not a Brazilian postal code (12345-678)"),
        ("Australia", "20000", "is not an Australian postal code (4 digits)"),
        ("Luxembourg", "L-12", "is not a Luxembourgish postal code (4 digits)"),
        ("Kazakhstan", "123", "is not a postal code of Kazakhstan (6 digits)"),
    ],
)
def test_bad_postal_code_fails_naming_the_format(country: str, postal: str, message: str) -> None:
    result = check_address("Street 1", "City", None, postal, country)
    assert result.status is Status.FAIL
    assert message in result.evidence


@pytest.mark.parametrize(
    ("country", "postal", "fixed"),
    [
        ("United Kingdom", "sw1a1aa", "SW1A 1AA"),
        ("Netherlands", "1234ab", "1234 AB"),
        ("Canada", "k1a0b1", "K1A 0B1"),
        ("Japan", "1000005", "100-0005"),
        ("Germany", "D-80331", "80331"),
        ("Poland", "00950", "00-950"),
        ("Brazil", "01310100", "01310-100"),
        ("United States", " 94105 ", "94105"),  # stray spaces are trimmed silently
    ],
)
def test_postal_code_layout_is_fixed(country: str, postal: str, fixed: str) -> None:
    result = check_address("Street 1", "City", None, postal, country)
    assert result.status is not Status.FAIL
    assert result.details["postal_code"] == fixed
    if postal.strip() != fixed:
        assert result.fix is not None
        assert result.fix.values["PostalCode"] == fixed


def test_country_without_postal_codes_does_not_miss_one() -> None:
    result = check_address("Sheikh Zayed Rd", "Dubai", None, None, "UAE")
    assert result.status is Status.PASS
    assert "Missing" not in result.evidence


def test_filler_code_in_country_without_postal_codes_warns() -> None:
    result = check_address("Sheikh Zayed Rd", "Dubai", None, "00000", "UAE")
    assert result.status is Status.WARN
    assert "does not use postal codes" in result.evidence


@pytest.mark.parametrize(
    ("street", "city", "postal", "country", "missing"),
    [
        ("", "Berlin", "10117", "Germany", "Missing: street"),
        ("Unter den Linden 1", "", "10117", "Germany", "Missing: city"),
        ("Unter den Linden 1", "Berlin", "", "Germany", "Missing: postal code"),
        ("", "Berlin", "", "Germany", "Missing: street, postal code"),
        ("Unter den Linden 1", "Berlin", "10117", "", "Missing: country"),
        ("", "", "", "Germany", "Missing: street, city, postal code"),
    ],
)
def test_incomplete_address_warns_listing_what_is_missing(
    street: str, city: str, postal: str, country: str, missing: str
) -> None:
    result = check_address(street, city, None, postal, country)
    assert result.status is Status.WARN
    assert missing in result.evidence


def test_us_address_without_state_is_incomplete() -> None:
    result = check_address("1 Market St", "San Francisco", None, "94105", "United States")
    assert result.status is Status.WARN
    assert "Missing: state" in result.evidence


def test_worst_finding_wins_and_all_are_mentioned() -> None:
    result = check_address("", "München", "Texas", "1234", "Deutschland")
    assert result.status is Status.FAIL
    assert "German postal code" in result.evidence
    assert "'Texas' is not a state" in result.evidence
    assert "Missing: street" in result.evidence
    assert result.fix is not None
    assert result.fix.values == {"Country": "Germany"}


@pytest.mark.parametrize(
    "parts",
    [
        (None, None, None, None, None),
        ("", "", "", "", ""),
        ("  ", "\t", "\n", " ", "   "),
        ("\x00", "\x01", "\x02", "\x7f", "\x1b"),
    ],
)
def test_empty_address_is_unknown(parts: tuple[str | None, ...]) -> None:
    result = check_address(*parts)
    assert result.status is Status.UNKNOWN
    assert result.evidence == "No address"
    assert result.fix is None


@pytest.mark.parametrize(
    "value",
    ["😀", "🏠🏠🏠", "x" * 10_000, "\x00Germany\x00", "' OR 1=1 --", "<script>", "\u202e", "日本"],
)
def test_garbage_never_raises(value: str) -> None:
    for i in range(5):
        parts: list[str | None] = [None] * 5
        parts[i] = value
        result = check_address(*parts)
        assert result.status in set(Status)
        assert len(result.evidence) < 300
    result = check_address(value, value, value, value, value)
    assert result.check == "address"
    assert len(result.evidence) < 400


def test_control_characters_are_ignored_in_the_country() -> None:
    result = check_address("Street 1", "City", None, "80331", "\x00Germany\x00")
    assert result.status is Status.PASS
    assert result.details["country_code"] == "DE"
