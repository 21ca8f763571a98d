"""Blocking: every likely duplicate becomes a candidate pair, and huge blocks stay cheap."""

from __future__ import annotations

import itertools
import string
from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from steward.core.matching.blocking import (
    FEW,
    WINDOW,
    BlockKey,
    block_order,
    candidate_pairs,
    company_keys,
    person_keys,
    single,
)
from steward.core.matching.engine import blocking_for, run
from steward.core.matching.keys import match_keys
from steward.core.matching.rules import default_rules
from steward.core.matching.table import KeyTable

Pair = tuple[str, str]


def _table(object_name: str, records: Mapping[str, Mapping[str, str]]) -> KeyTable:
    rows = [(rid, *match_keys(object_name, record)) for rid, record in records.items()]
    return KeyTable.from_rows(object_name, rows)


def _pairs(table: KeyTable, keys: list[BlockKey]) -> set[Pair]:
    left, right = candidate_pairs(table, keys)
    return {
        (table.ids[a], table.ids[b]) for a, b in zip(left.tolist(), right.tolist(), strict=True)
    }


def _names(count: int, length: int = 4) -> list[str]:
    """count distinct made-up words: 'bcdf', 'bcdg', ..."""
    letters = "bcdfghjklmnpqrstvwxz"
    words = ("".join(w) for w in itertools.product(letters, repeat=length))
    return list(itertools.islice(words, count))


def _strangers(count: int) -> dict[str, dict[str, str]]:
    """People who share nothing with each other or with the test's own records."""
    firsts, lasts = _names(count, 3), _names(count + 1, 5)[1:]
    return {
        f"s{i}": {
            "FirstName": first.title(),
            "LastName": last.title(),
            "Email": f"{first}.{last}@{last}.example.org",
            "Company": f"{last.title()} Holdings",
            "PostalCode": f"{10000 + i}",
        }
        for i, (first, last) in enumerate(zip(firsts, lasts, strict=True))
    }


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            {"FirstName": "Jonathan", "LastName": "Harris", "Email": "jon@acme.com"},
            {"FirstName": "Kim", "LastName": "Wood", "Email": "JON+crm@Acme.com"},
            id="only an email",
        ),
        pytest.param(
            {
                "FirstName": "Jonathan",
                "LastName": "Harris",
                "Phone": "(415) 872-3391",
                "Country": "US",
            },
            {"FirstName": "Kim", "LastName": "Wood", "MobilePhone": "+1 415 872 3391"},
            id="only a phone, as one's phone and the other's mobile",
        ),
        pytest.param(
            {"FirstName": "Jonathan", "LastName": "Harris"},
            {"FirstName": "Harris", "LastName": "Jonathan"},
            id="only swapped names",
        ),
        pytest.param(
            {"FirstName": "Bob", "LastName": "Smith"},
            {"FirstName": "Robert", "LastName": "Smith"},
            id="only a nickname and the last name",
        ),
        pytest.param(
            {"FirstName": "Liz", "LastName": "Taylor"},
            {"FirstName": "Elizabeth", "LastName": "Taylor"},
            id="only another nickname and the last name",
        ),
        pytest.param(
            {"FirstName": "Jonathan", "LastName": "Harris", "PostalCode": "SW1A 2AA"},
            {"FirstName": "JONATHAN", "LastName": "Harris", "PostalCode": "sw1a2aa"},
            id="only the name and postal code",
        ),
        pytest.param(
            {"FirstName": "Jonathan", "LastName": "Harris", "Company": "Acme Inc"},
            {"FirstName": "Jon", "LastName": "Harris", "Company": "ACME"},
            id="only the last name and company",
        ),
    ],
)
def test_a_duplicate_sharing_one_thing_is_a_candidate(a: dict[str, str], b: dict[str, str]) -> None:
    table = _table("Lead", {**_strangers(300), "a": a, "b": b})
    found = _pairs(table, person_keys())
    assert ("a", "b") in found or ("b", "a") in found


def test_sharing_only_a_last_name_or_only_a_first_name_is_no_candidate() -> None:
    table = _table(
        "Lead",
        {
            "a": {"FirstName": "Mary", "LastName": "Smith"},
            "b": {"FirstName": "Bob", "LastName": "Smith"},
            "c": {"FirstName": "Mary", "LastName": "Jones"},
        },
    )
    assert _pairs(table, person_keys()) == set()


def test_missing_values_never_put_records_together() -> None:
    table = _table(
        "Lead", {f"r{i}": {"Company": "N/A", "Email": "not an email"} for i in range(50)}
    )
    assert _pairs(table, person_keys()) == set()
    assert (
        _pairs(_table("Account", {f"a{i}": {"Name": ""} for i in range(50)}), company_keys())
        == set()
    )


def test_pairs_are_distinct_and_ordered() -> None:
    people = {
        f"p{i}": {"FirstName": "Ann", "LastName": "Lee", "Email": "ann@lee.com"} for i in range(6)
    }
    table = _table("Lead", people)
    left, right = candidate_pairs(table, person_keys())
    assert (left < right).all()
    assert len(set(zip(left.tolist(), right.tolist(), strict=True))) == len(left) == 15


def test_strangers_make_no_candidates() -> None:
    assert _pairs(_table("Lead", _strangers(500)), person_keys()) == set()


def _smiths(count: int) -> KeyTable:
    """count Smiths at one company in one postal code, each with their own first name."""
    firsts = _names(count)
    rows = [
        (f"r{i}", first, first, "smith", f"{first}.smith@acme.com", "acme", "94105")
        for i, first in enumerate(firsts)
    ]
    names = ["mk_first", "mk_nick", "mk_last", "mk_email", "mk_company", "mk_postcode"]
    return KeyTable.from_rows("Lead", rows, names)


def test_a_huge_block_of_one_last_name_gives_window_pairs_per_record_not_n_squared() -> None:
    table = _smiths(10_000)
    n = len(table)
    one_key = candidate_pairs(table, [BlockKey(single("mk_last", "mk_first"))])[0]
    assert WINDOW * (n - 1) // 2 <= len(one_key) <= WINDOW * n
    narrow = candidate_pairs(table, [BlockKey(single("mk_last", "mk_first"), 2)])[0]
    assert len(narrow) <= 2 * n
    every_key = candidate_pairs(table, person_keys())[0]
    windows = sum(key.window for key in person_keys())
    assert len(every_key) <= windows * n < n * (n - 1) // 2 // 50


def test_in_a_huge_block_the_likely_duplicates_are_neighbours() -> None:
    table = _smiths(10_000)
    # Two more Smiths at Acme with one first name, far apart in the table.
    extra = [
        ("twin1", "zebedee", "zebedee", "smith", "", "acme", "94105"),
        ("twin2", "zebedee", "zebedee", "smith", "", "acme", "94105"),
    ]
    names = ["mk_first", "mk_nick", "mk_last", "mk_email", "mk_company", "mk_postcode"]
    rows = [(rid, *(str(table.columns[c][i]) for c in names)) for i, rid in enumerate(table.ids)]
    table = KeyTable.from_rows("Lead", [extra[0], *rows, extra[1]], names)
    # Within the block of 10,002 Smiths, ordered by first name, the twins are next to each other.
    assert ("twin1", "twin2") in _pairs(table, [BlockKey(single("mk_last", "mk_first"), 1)])
    assert ("twin1", "twin2") in _pairs(table, person_keys())


def test_a_huge_block_of_one_web_domain_is_bounded_too() -> None:
    companies = _names(10_000, 5)
    rows = [(f"a{i}", "acme.com", name) for i, name in enumerate(companies)]
    table = KeyTable.from_rows("Account", rows, ["mk_domain", "mk_company"])
    n = len(table)
    one_key = candidate_pairs(table, [BlockKey(single("mk_domain", "mk_company"))])[0]
    assert len(one_key) <= WINDOW * n
    windows = sum(key.window for key in company_keys())
    assert len(candidate_pairs(table, company_keys())[0]) <= windows * n


def test_a_small_block_is_compared_whole() -> None:
    size = WINDOW + 1
    people = {
        f"p{i}": {"Email": "shared@acme.com", "LastName": f"{c}ee"}
        for i, c in zip(range(size), string.ascii_lowercase, strict=False)
    }
    assert len(_pairs(_table("Lead", people), person_keys())) == size * (size - 1) // 2


def _cross(
    left: Mapping[str, Mapping[str, str]], right: Mapping[str, Mapping[str, str]]
) -> tuple[KeyTable, KeyTable]:
    return _table("Lead", left), _table("Account", right)


LEADS = {
    "lead_acme": {"LastName": "Harris", "Company": "Acme Inc", "Email": "jon@acme.com"},
    "lead_acme_too": {"LastName": "Wood", "Company": "ACME", "Email": "kim@acme.com"},
    "lead_globex": {"LastName": "Lee", "Company": "Globex", "Website": "globex.com"},
}
ACCOUNTS = {
    "acct_acme": {"Name": "Acme, Inc.", "Website": "www.acme.com"},
    "acct_acme_dup": {"Name": "Acme Incorporated"},
    "acct_globex": {"Name": "Globex Corporation", "Website": "https://globex.com"},
}


def test_across_two_objects_only_cross_pairs_are_kept_left_to_right() -> None:
    leads, accounts = _cross(LEADS, ACCOUNTS)
    table = leads.concat(accounts)
    side = np.zeros(len(table), dtype=bool)
    side[len(leads) :] = True
    left, right = candidate_pairs(table, company_keys(), side=side)
    assert len(left) > 0
    assert (left < len(leads)).all() and (right >= len(leads)).all()
    found = {
        (table.ids[a], table.ids[b]) for a, b in zip(left.tolist(), right.tolist(), strict=True)
    }
    assert {
        ("lead_acme", "acct_acme"),
        ("lead_acme_too", "acct_acme_dup"),
        ("lead_globex", "acct_globex"),
    } <= found
    # The two Acme leads, and the two Acme accounts, are not paired with each other.
    assert _pairs(table, company_keys()) - found >= {
        ("lead_acme", "lead_acme_too"),
        ("acct_acme", "acct_acme_dup"),
    }


def test_a_run_across_objects_keeps_the_left_object_on_the_left() -> None:
    leads, accounts = _cross(LEADS, ACCOUNTS)
    rule = default_rules().for_pair("Lead", "Account")
    table, scored, candidates = run(leads, accounts, rule, threshold=0.5)
    assert candidates >= len(scored) > 0
    assert (scored.left < len(leads)).all() and (scored.right >= len(leads)).all()
    found = {(table.ids[a], table.ids[b]) for a, b in zip(scored.left, scored.right, strict=True)}
    assert ("lead_globex", "acct_globex") in found


def test_people_block_on_people_keys_and_everything_else_on_company_keys() -> None:
    assert blocking_for("Lead", "Contact") == blocking_for("Contact", "Contact") == "people"
    assert blocking_for("Lead", "Account") == blocking_for("Account", "Account") == "companies"


def test_an_empty_table_has_no_candidates() -> None:
    empty = KeyTable.from_rows("Lead", [])
    left, right = candidate_pairs(empty, person_keys())
    assert len(left) == len(right) == 0
    _, scored, candidates = run(empty, None, default_rules().for_pair("Lead", "Lead"), 0.8)
    assert candidates == len(scored) == 0


def test_a_table_from_some_key_columns_has_the_rest_empty() -> None:
    records: Sequence[tuple[str, ...]] = [("x", "ann"), ("y", "ann")]
    table = KeyTable.from_rows("Lead", records, ["mk_email"])
    assert table.ids == ["x", "y"] and len(table) == 2
    assert list(table.columns["mk_last"]) == ["", ""]
    assert _pairs(table, person_keys()) == {("x", "y")}


def test_across_objects_a_company_with_many_leads_and_one_account_pairs_them_all() -> None:
    """Forty leads of Acme and Acme's one account: a window would pair the account with its
    nearest eight leads only; every lead needs its account."""
    leads = [(f"l{i}", "acme", f"{10000 + i}") for i in range(40)]
    accounts = [("a0", "acme", "99999"), ("a1", "globex", "10000")]
    names = ["mk_company", "mk_postcode"]
    left = KeyTable.from_rows("Lead", leads, names)
    right = KeyTable.from_rows("Account", accounts, names)
    table = left.concat(right)
    side = np.zeros(len(table), dtype=bool)
    side[len(left) :] = True
    li, ri = candidate_pairs(table, [BlockKey(single("mk_company", "mk_postcode"))], side=side)
    found = {(table.ids[a], table.ids[b]) for a, b in zip(li.tolist(), ri.tolist(), strict=True)}
    assert found == {(f"l{i}", "a0") for i in range(40)}


def test_across_objects_a_block_with_many_of_the_other_object_keeps_its_window() -> None:
    leads = [(f"l{i}", "acme", f"{10000 + i}") for i in range(40)]
    accounts = [(f"a{i}", "acme", f"{20000 + i}") for i in range(FEW + 1)]
    names = ["mk_company", "mk_postcode"]
    table = KeyTable.from_rows("Lead", leads, names).concat(
        KeyTable.from_rows("Account", accounts, names)
    )
    side = np.zeros(len(table), dtype=bool)
    side[40:] = True
    li, _ = candidate_pairs(table, [BlockKey(single("mk_company", "mk_postcode"), 2)], side=side)
    assert len(li) < 40 * (FEW + 1)


@pytest.mark.parametrize("collide", [False, True])
def testblock_order_is_the_order_of_sorting_by_key_then_second(collide: bool) -> None:
    """The fast order (one sort of packed keys) is exactly lexsort's, also when two keys
    share their high bits and the packing alone would mix their blocks."""
    rng = np.random.default_rng(7)
    keys = rng.integers(-(2**62), 2**62, 300, dtype=np.int64)
    if collide:
        keys[1] = keys[0] ^ 1  # alike but for the lowest bit
    key = keys[rng.integers(0, len(keys), 20_000)]
    second = rng.integers(0, 5_000, len(key)).astype(np.int64)
    assert np.array_equal(block_order(key, second), np.lexsort((second, key)))
