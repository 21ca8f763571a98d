from __future__ import annotations

import pytest

from steward.core.checks.postal import normalise_postal, postal_format

# The 40 largest economies and more: each must have a known format.
_BIG_ECONOMIES = [
    "US",
    "CN",
    "JP",
    "DE",
    "IN",
    "GB",
    "FR",
    "IT",
    "CA",
    "BR",
    "RU",
    "KR",
    "AU",
    "MX",
    "ES",
    "ID",
    "NL",
    "SA",
    "TR",
    "CH",
    "PL",
    "TW",
    "BE",
    "SE",
    "AR",
    "IE",
    "AT",
    "TH",
    "IL",
    "NO",
    "AE",
    "SG",
    "PH",
    "VN",
    "BD",
    "MY",
    "DK",
    "EG",
    "NG",
    "HK",
    "ZA",
    "CO",
    "CL",
    "FI",
    "CZ",
    "PT",
    "NZ",
    "RO",
    "GR",
]


@pytest.mark.parametrize("alpha_2", _BIG_ECONOMIES)
def test_every_large_economy_has_a_format(alpha_2: str) -> None:
    fmt = postal_format(alpha_2)
    assert fmt is not None
    assert fmt.description


@pytest.mark.parametrize(
    ("alpha_2", "typed", "canonical"),
    [
        ("US", "94105", "94105"),
        ("US", "94105-1234", "94105-1234"),
        ("US", "941051234", "94105-1234"),
        ("US", " 02134 ", "02134"),
        ("CA", "K1A 0B1", "K1A 0B1"),
        ("CA", "k1a0b1", "K1A 0B1"),
        ("CA", "M5V-3L9", "M5V 3L9"),
        ("GB", "SW1A 1AA", "SW1A 1AA"),
        ("GB", "sw1a1aa", "SW1A 1AA"),
        ("GB", "M1 1AE", "M1 1AE"),
        ("GB", "m11ae", "M1 1AE"),
        ("GB", "B33 8TH", "B33 8TH"),
        ("GB", "CR2 6XH", "CR2 6XH"),
        ("GB", "DN55 1PT", "DN55 1PT"),
        ("GB", "W1A 0AX", "W1A 0AX"),
        ("GB", "EC1A 1BB", "EC1A 1BB"),
        ("DE", "80331", "80331"),
        ("DE", "D-80331", "80331"),
        ("DE", "01067", "01067"),
        ("FR", "75001", "75001"),
        ("FR", "F-75001", "75001"),
        ("IT", "00184", "00184"),
        ("ES", "28013", "28013"),
        ("NL", "1234 AB", "1234 AB"),
        ("NL", "1234ab", "1234 AB"),
        ("NL", "1012 jS", "1012 JS"),
        ("BE", "1000", "1000"),
        ("CH", "8001", "8001"),
        ("CH", "CH-8001", "8001"),
        ("AT", "1010", "1010"),
        ("AT", "A-1010", "1010"),
        ("SE", "114 55", "114 55"),
        ("SE", "11455", "114 55"),
        ("NO", "0150", "0150"),
        ("DK", "1050", "1050"),
        ("FI", "00100", "00100"),
        ("PL", "00-950", "00-950"),
        ("PL", "00950", "00-950"),
        ("CZ", "110 00", "110 00"),
        ("PT", "1000-001", "1000-001"),
        ("PT", "1000001", "1000-001"),
        ("IE", "D02 X285", "D02 X285"),
        ("IE", "a65f4e2", "A65 F4E2"),
        ("JP", "100-0001", "100-0001"),
        ("JP", "1000001", "100-0001"),
        ("CN", "100000", "100000"),
        ("IN", "110001", "110001"),
        ("KR", "03187", "03187"),
        ("AU", "2000", "2000"),
        ("NZ", "6011", "6011"),
        ("BR", "01310-100", "01310-100"),
        ("BR", "01310100", "01310-100"),
        ("MX", "06600", "06600"),
        ("AR", "C1002AAP", "C1002AAP"),
        ("AR", "c1002aap", "C1002AAP"),
        ("AR", "1002", "1002"),
        ("RU", "101000", "101000"),
        ("TR", "34000", "34000"),
        ("SA", "11564", "11564"),
        ("IL", "6100000", "6100000"),
        ("SG", "018989", "018989"),
        ("TW", "100", "100"),
        ("TW", "10048", "10048"),
        ("TW", "100001", "100001"),
        ("TH", "10200", "10200"),
        ("ID", "10110", "10110"),
        ("MY", "50450", "50450"),
        ("PH", "1000", "1000"),
        ("VN", "100000", "100000"),
        ("ZA", "8001", "8001"),
        ("EG", "11511", "11511"),
        ("NG", "100001", "100001"),
        ("CL", "8320000", "8320000"),
        ("CO", "110111", "110111"),
        ("JP", "12-34567", "123-4567"),  # a misplaced separator is only layout
        ("BR", "0131-0100", "01310-100"),
        ("us", "94105", "94105"),  # the country code's case does not matter
    ],
)
def test_valid_codes_normalise(alpha_2: str, typed: str, canonical: str) -> None:
    assert normalise_postal(alpha_2, typed) == canonical


@pytest.mark.parametrize(
    ("alpha_2", "typed"),
    [
        ("US", "9410"),  # Excel ate the leading zero: not guessed back
        ("US", "941055"),
        ("US", "ABCDE"),
        ("CA", "123456"),
        ("CA", "K1A 0B"),
        ("GB", "SW1A"),
        ("GB", "12345"),
        ("GB", "SW1A 1A1"),
        ("DE", "1234"),
        ("DE", "803310"),
        ("DE", "8O331"),  # letter O for zero
        ("FR", "7500"),
        ("NL", "1234"),
        ("NL", "AB 1234"),
        ("JP", "123456"),
        ("IN", "11000"),
        ("AU", "20000"),
        ("PL", "12-34"),
        ("DE", "X-80331"),  # not a German prefix
        ("DE", ""),
        ("DE", "   "),
        ("DE", None),
        ("DE", "😀"),
        ("DE", "\x00\x01"),
        ("DE", "1" * 10_000),
        ("GB", "\u200b"),
    ],
)
def test_invalid_codes_do_not_normalise(alpha_2: str, typed: str | None) -> None:
    assert normalise_postal(alpha_2, typed) is None


@pytest.mark.parametrize("alpha_2", ["AE", "HK"])
def test_countries_without_postal_codes(alpha_2: str) -> None:
    fmt = postal_format(alpha_2)
    assert fmt is not None
    assert not fmt.has_codes
    assert not fmt.required
    assert normalise_postal(alpha_2, "00000") is None


def test_eircode_is_optional() -> None:
    fmt = postal_format("IE")
    assert fmt is not None
    assert fmt.has_codes
    assert not fmt.required


def test_unknown_country_keeps_the_code_as_typed() -> None:
    assert postal_format("AQ") is None
    assert normalise_postal("AQ", " 12 ab ") == "12 ab"
    assert normalise_postal("ZZ", "") is None


def test_descriptions_name_the_format() -> None:
    de = postal_format("DE")
    gb = postal_format("GB")
    assert de is not None
    assert de.description == "5 digits"
    assert gb is not None
    assert "SW1A 1AA" in gb.description
