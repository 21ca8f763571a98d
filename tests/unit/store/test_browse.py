"""The record browser's queries, on a small real workspace imported from CSV files."""

from __future__ import annotations

import csv
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest

from steward.core.fields import OBJECTS
from steward.core.ids import to18
from steward.jobs.importer import import_files
from steward.store import browse
from steward.store.workspace import Workspace

LEAD_HEADER = [
    "Id",
    "LastName",
    "FirstName",
    "Company",
    "City",
    "Phone",
    "MobilePhone",
    "Email",
    "Title",
    "NumberOfEmployees",
    "AnnualRevenue",
    "DoNotCall",
    "CreatedDate",
    "Lead_Score__c",
]
# pk follows file order: 1..8.
LEADS = [
    ["00Q000000000001", "Smith", "John", "Acme", "London", "(415) 555-0101", "", "john@acme.com",
     "CEO", "1200", "2500000", "false", "2024-03-05T14:22:10.000Z", "80"],
    ["00Q000000000002", "Müller", "Zoë", "Globex", "Berlin", "+49 30 1234567", "", "zoe@globex.de",
     "CTO", "40", "", "true", "2024-01-01T00:00:00.000Z", "55"],
    ["00Q000000000003", "de la Cruz", "", "Initech", "Madrid", "", "", "cruz@initech.es",
     "", "", "1234.5", "", "", ""],
    ["00Q000000000004", "Diaz", "Ana", "Acme", "Madrid", "", "", "ana@acme.com",
     "Buyer", "7", "", "false", "2023-12-31T23:59:59.000Z", "10"],
    ["00Q000000000005", "smith", "Jo", "Hooli", "Boston", "", "", "jo@hooli.com",
     "", "300", "", "", "", ""],
    ["00Q000000000006", "Brown", "Bob", "Umbrella", "Joburg", "", "", "bob@umbrella.co.za",
     "", "", "", "", "", ""],
    ["00Q000000000007", "Smythe", "Ann", "Acme 100%", "Paris", "", "", "ann_s@acme.fr",
     "", "", "", "", "", "99"],
    ["00Q000000000008", "Young", "Joan", "Wonka", "Leeds", "", "", "joan@wonka.com",
     "", "", "", "", "", ""],
]  # fmt: skip
ACCOUNT_HEADER = ["Id", "Name", "Website", "BillingCity", "Region__c"]
ACCOUNTS = [
    ["001000000000001", "Acme", "acme.com", "London", "EMEA"],
    ["001000000000002", "Globex", "globex.de", "Berlin", ""],
]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    export = tmp_path / "export"
    export.mkdir()
    _write(export / "Lead.csv", LEAD_HEADER, LEADS)
    _write(export / "Account.csv", ACCOUNT_HEADER, ACCOUNTS)
    opened = Workspace.open(tmp_path / "test.steward", create=True)
    summary = import_files(opened, [export])
    assert summary.inserted == len(LEADS) + len(ACCOUNTS), summary.problems
    # A contact that came from no file: typed fields and one extra column, nothing else.
    with opened.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO contact (Id, FirstName, LastName, extra, norm_name, email_domain, "
            "phone_digits, search_text) VALUES ('003000000000001AAA', 'Kim', 'Lee', "
            "'{\"Nickname__c\": \"Kimmy\"}', 'kim lee', '', '', 'kim lee')"
        )
    yield opened
    opened.close()


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so datetimes display predictably."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _last_names(workspace: Workspace, pks: array[int]) -> list[str]:
    found = browse.rows(workspace, "Lead", pks, ["LastName"])
    return [found[pk][0] for pk in pks]


# -- count


def test_count_of_each_object(workspace: Workspace) -> None:
    assert browse.count(workspace, "Lead") == 8
    assert browse.count(workspace, "Account") == 2
    assert browse.count(workspace, "Opportunity") == 0
    assert browse.counts(workspace) == {
        "Lead": 8,
        "Account": 2,
        "Contact": 1,
        "Opportunity": 0,
        "User": 0,
    }
    assert set(browse.counts(workspace)) == set(OBJECTS)


def test_count_with_search(workspace: Workspace) -> None:
    assert browse.count(workspace, "Lead", "smith") == 2
    assert browse.count(workspace, "Lead", "  ") == 8
    assert browse.count(workspace, "Lead", "nobody-at-all") == 0
    assert browse.count(workspace, "Lead", "jo") == 4  # John, Jo, Joburg (Bob), Joan


def test_count_takes_a_connection_too(workspace: Workspace) -> None:
    with workspace.engine.connect() as connection:
        assert browse.count(connection, "Lead", "acme") == 3


# -- ids


def test_ids_default_to_import_order(workspace: Workspace) -> None:
    pks = browse.ids(workspace, "Lead")
    assert isinstance(pks, array)
    assert pks.typecode == "q"
    assert list(pks) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert list(browse.ids(workspace, "Lead", descending=True)) == [8, 7, 6, 5, 4, 3, 2, 1]


def test_sort_text_ignores_case_and_ties_break_by_pk(workspace: Workspace) -> None:
    pks = browse.ids(workspace, "Lead", sort="LastName")
    assert _last_names(workspace, pks) == [
        "Brown", "de la Cruz", "Diaz", "Müller", "Smith", "smith", "Smythe", "Young",
    ]  # fmt: skip
    assert list(pks[4:6]) == [1, 5]  # Smith and smith tie: pk order


def test_sort_descending_reverses_values_and_ties(workspace: Workspace) -> None:
    pks = browse.ids(workspace, "Lead", sort="LastName", descending=True)
    assert _last_names(workspace, pks) == [
        "Young", "Smythe", "smith", "Smith", "Müller", "Diaz", "de la Cruz", "Brown",
    ]  # fmt: skip


@pytest.mark.parametrize("descending", [False, True])
def test_empty_values_sort_last_both_ways(workspace: Workspace, descending: bool) -> None:
    pks = browse.ids(workspace, "Lead", sort="NumberOfEmployees", descending=descending)
    employees = browse.rows(workspace, "Lead", pks, ["NumberOfEmployees"])
    shown = [employees[pk][0] for pk in pks]
    filled = ["7", "40", "300", "1,200"]
    assert shown[:4] == (filled[::-1] if descending else filled)  # numbers, not text order
    assert shown[4:] == ["", "", "", ""]
    assert list(pks[4:]) == ([8, 7, 6, 3] if descending else [3, 6, 7, 8])


def test_sort_by_an_unknown_column_is_refused(workspace: Workspace) -> None:
    with pytest.raises(browse.UnknownColumn):
        browse.ids(workspace, "Lead", sort="Lead_Score__c")
    with pytest.raises(browse.UnknownColumn):
        browse.ids(workspace, "Lead", sort='LastName"; DROP TABLE lead; --')


def test_search_finds_substrings_in_any_searched_field(workspace: Workspace) -> None:
    assert list(browse.ids(workspace, "Lead", "smith")) == [1, 5]
    assert list(browse.ids(workspace, "Lead", "SMI")) == [1, 5]
    assert list(browse.ids(workspace, "Lead", "SM")) == [1, 5, 7]  # Smythe too
    assert list(browse.ids(workspace, "Lead", "acme")) == [1, 4, 7]  # company and email
    assert list(browse.ids(workspace, "Lead", "madrid")) == [3, 4]  # city


def test_search_folds_accents_like_the_index(workspace: Workspace) -> None:
    assert list(browse.ids(workspace, "Lead", "muller")) == [2]
    assert list(browse.ids(workspace, "Lead", "Zoë Müller")) == [2]


def test_search_terms_are_anded(workspace: Workspace) -> None:
    assert list(browse.ids(workspace, "Lead", "acme madrid")) == [4]
    assert list(browse.ids(workspace, "Lead", "acme berlin")) == []


def test_short_terms_use_like(workspace: Workspace) -> None:
    assert list(browse.ids(workspace, "Lead", "jo")) == [1, 5, 6, 8]
    assert list(browse.ids(workspace, "Lead", "smith jo")) == [1, 5]
    assert list(browse.ids(workspace, "Lead", "ma id")) == [3, 4]  # Madrid: two short terms


def test_phone_queries_search_digits(workspace: Workspace) -> None:
    assert list(browse.ids(workspace, "Lead", "415 555 0101")) == [1]
    assert list(browse.ids(workspace, "Lead", "(415) 555-0101")) == [1]
    assert list(browse.ids(workspace, "Lead", "1234567")) == [2]


def test_search_text_with_query_syntax_is_literal(workspace: Workspace) -> None:
    assert list(browse.ids(workspace, "Lead", "100%")) == [7]
    assert list(browse.ids(workspace, "Lead", "n_s")) == [7]  # ann_s@acme.fr; '_' is no wildcard
    assert list(browse.ids(workspace, "Lead", "%")) == [7]
    assert list(browse.ids(workspace, "Lead", "_")) == [7]
    # GLOB's own wildcards are literal too: none of these would match as patterns.
    for pattern in ("acm?", "ac*e", "[a]cme", "smi[t]h"):
        assert list(browse.ids(workspace, "Lead", pattern)) == [], pattern
    for query in ['"', "AND", "smith OR", "NEAR(", "*", "a:b", "'; --"]:
        browse.ids(workspace, "Lead", query)  # never a syntax error


def test_search_and_sort_together(workspace: Workspace) -> None:
    pks = browse.ids(workspace, "Lead", "acme", sort="FirstName")
    assert list(pks) == [4, 7, 1]  # Ana, Ann, John
    pks = browse.ids(workspace, "Lead", "jo", sort="FirstName", descending=True)
    assert list(pks) == [1, 8, 5, 6]  # John, Joan, Jo, Bob


# -- rows


def test_rows_are_display_text_by_pk(workspace: Workspace, utc: None) -> None:
    columns = ["FirstName", "LastName", "NumberOfEmployees", "AnnualRevenue", "DoNotCall",
               "CreatedDate", "Lead_Score__c"]  # fmt: skip
    found = browse.rows(workspace, "Lead", [2, 1, 3], columns)
    assert list(found) == [1, 2, 3]
    assert found[1] == ("John", "Smith", "1,200", "2,500,000", "No", "2024-03-05 14:22", "80")
    assert found[2] == ("Zoë", "Müller", "40", "", "Yes", "2024-01-01 00:00", "55")
    assert found[3] == ("", "de la Cruz", "", "1,234.50", "", "", "")


def test_rows_skip_missing_pks_and_empty_requests(workspace: Workspace) -> None:
    assert browse.rows(workspace, "Lead", [], ["LastName"]) == {}
    assert browse.rows(workspace, "Lead", [1, 999], ["LastName"]) == {1: ("Smith",)}
    assert browse.rows(workspace, "Lead", [1], []) == {1: ()}


def test_rows_of_a_big_page_in_one_query(workspace: Workspace) -> None:
    pks = list(browse.ids(workspace, "Lead")) * 100  # repeats are fine
    assert len(browse.rows(workspace, "Lead", pks, ["Email"])) == 8


# -- record


def test_record_follows_the_source_file_then_other_fields(workspace: Workspace, utc: None) -> None:
    fields = browse.record(workspace, "Lead", 1)
    assert fields is not None
    names = [name for name, _ in fields]
    assert names[: len(LEAD_HEADER)] == LEAD_HEADER
    assert set(names[len(LEAD_HEADER) :]) == set(OBJECTS["Lead"].fields) - set(LEAD_HEADER)
    assert len(names) == len(set(names))
    values = dict(fields)
    assert values["Id"] == to18("00Q000000000001")
    assert values["Lead_Score__c"] == "80"
    assert values["CreatedDate"] == "2024-03-05 14:22:10"
    assert values["DoNotCall"] == "No"
    assert values["Street"] == ""
    assert "search_text" not in values
    assert "pk" not in values


def test_record_keeps_empty_extra_columns_of_the_file(workspace: Workspace) -> None:
    fields = dict(browse.record(workspace, "Lead", 3) or [])
    assert fields["Lead_Score__c"] == ""
    assert fields["FirstName"] == ""


def test_record_without_source_files_lists_typed_fields_then_extras(
    workspace: Workspace,
) -> None:
    fields = browse.record(workspace, "Contact", 1)
    assert fields is not None
    names = [name for name, _ in fields]
    assert names == [*OBJECTS["Contact"].fields, "Nickname__c"]
    assert dict(fields)["Nickname__c"] == "Kimmy"
    assert dict(fields)["FirstName"] == "Kim"


def test_record_of_a_missing_pk_is_none(workspace: Workspace) -> None:
    assert browse.record(workspace, "Lead", 999) is None


def test_title_names_a_record(workspace: Workspace) -> None:
    fields = browse.record(workspace, "Lead", 2) or []
    assert browse.title(OBJECTS["Lead"], fields) == "Zoë Müller"
    fields = browse.record(workspace, "Lead", 3) or []
    assert browse.title(OBJECTS["Lead"], fields) == "de la Cruz"
    fields = browse.record(workspace, "Account", 1) or []
    assert browse.title(OBJECTS["Account"], fields) == "Acme"
