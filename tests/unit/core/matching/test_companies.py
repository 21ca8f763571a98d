"""Company keys: one key for one company however its name is written, in many countries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steward.core.matching.companies import acronym, company_key, is_acronym_of

LEGAL_FORMS = [
    # United States, United Kingdom, Ireland, Canada
    "Inc", "Inc.", ", Inc.", "Incorporated", "LLC", "L.L.C.", "Corp", "Corp.", "Corporation",
    "Co", "Co.", "Company", "Ltd", "Ltd.", "Limited", "PLC", "LLP", "Co., Ltd.",
    # Germany, Austria, Switzerland
    "GmbH", "G.m.b.H.", "GmbH & Co. KG", "AG", "KGaA", "e.V.",
    # France, Belgium
    "SAS", "S.A.S.", "SARL",
    # Spain, Mexico, Latin America
    "S.A.", "SA", "S.L.", "S.A. de C.V.", "S.A.B. de C.V.", "Ltda",
    # Italy
    "S.p.A.", "SpA", "S.r.l.", "SRL",
    # Netherlands
    "B.V.", "BV", "N.V.",
    # Nordics
    "Oy", "Oyj", "AB", "A/S", "AS", "ApS",
    # Australia, India
    "Pty Ltd", "Pty. Ltd.", "Pvt. Ltd.", "Private Limited",
    # Japan, Poland
    "K.K.", "sp. z o.o.",
]  # fmt: skip


@pytest.mark.parametrize("form", LEGAL_FORMS)
def test_legal_forms_are_stripped(form: str) -> None:
    joiner = "" if form.startswith(",") else " "
    assert company_key(f"Northwind{joiner}{form}") == "northwind"
    assert company_key(f"Blue Harbor Logistics{joiner}{form}") == "blue harbor logistics"


@pytest.mark.parametrize(
    "written",
    [
        "The Acme Company, Inc.",
        "ACME",
        "Acme Inc",
        "acme, inc",
        "Acme Corp.",
        "The ACME Corporation",
        "Acme Co., Ltd.",
        "Acme Ltd",
        "  Acme   Limited  ",
    ],
)
def test_one_company_written_many_ways_has_one_key(written: str) -> None:
    assert company_key(written) == "acme"


def test_stacked_legal_forms_are_all_stripped() -> None:
    assert company_key("Acme Holdings Company Inc") == "acme holdings"
    assert company_key("Acme Company Limited") == "acme"


def test_a_name_that_is_only_a_legal_form_is_kept() -> None:
    # Nothing else names the company: stripping it would leave nothing to compare.
    assert company_key("Inc") == "inc"
    assert company_key("Company") == "company"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Johnson & Johnson", "Johnson and Johnson"),
        ("Procter & Gamble Co.", "Procter and Gamble"),
        ("Cascade & Snow", "Cascade + Snow"),
        ("Marks & Spencer plc", "Marks and Spencer"),
        ("Müller und Söhne GmbH", "Muller & Sohne"),
    ],
)
def test_ampersand_and_and_are_the_same(a: str, b: str) -> None:
    assert company_key(a) == company_key(b) != ""


def test_a_tight_ampersand_is_part_of_the_name() -> None:
    assert company_key("AT&T Inc.") == "att"
    assert company_key("AT & T") != company_key("AT&T")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Home Depot", "Home Depot, Inc."),
        ("The Boeing Company", "Boeing"),
        ("The Coca-Cola Company", "Coca Cola"),
    ],
)
def test_a_leading_the_does_not_count(a: str, b: str) -> None:
    assert company_key(a) == company_key(b)


def test_the_alone_names_nothing_else_but_is_kept() -> None:
    assert company_key("The") == "the"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Société Générale S.A.", "Societe Generale"),
        ("Nestlé S.A.", "NESTLE"),
        ("McDonald's Corporation", "McDonalds"),
        ("Siemens AG", "SIEMENS"),
        ("Ab.Inbev", "AbInbev"),
    ],
)
def test_accents_case_and_joining_punctuation_do_not_count(a: str, b: str) -> None:
    assert company_key(a) == company_key(b)


def test_different_companies_keep_different_keys() -> None:
    names = ["Acme", "Acme Logistics", "Globex", "Initech", "Northwind Traders", "Contoso"]
    assert len({company_key(n) for n in names}) == len(names)


def test_no_name_is_no_key() -> None:
    assert company_key(None) == company_key("") == company_key("   ") == ""


def test_acronyms_of_multi_word_names() -> None:
    assert acronym("international business machines") == "ibm"
    assert acronym("ibm") == ""
    assert is_acronym_of("ibm", company_key("International Business Machines Corp."))
    assert is_acronym_of(company_key("International Business Machines"), "ibm")
    assert is_acronym_of("hp", "hewlett packard")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ibm", "international brands"),  # 'ib' is its acronym, not 'ibm'
        ("ibm", "ibm"),
        ("i", "international"),
        ("", "international business machines"),
        ("general electric", "general motors"),
    ],
)
def test_what_is_not_an_acronym(a: str, b: str) -> None:
    assert not is_acronym_of(a, b)


_ASCII_NAMES = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ &.,-'"),
    max_size=40,
)


@given(_ASCII_NAMES)
def test_a_key_is_folded_text_whatever_the_case(name: str) -> None:
    key = company_key(name)
    assert key == key.strip() and "  " not in key
    assert key == key.lower()
    assert company_key(name.upper()) == company_key(name.lower()) == key
