"""Matching in a real workspace on the demo org: keys kept in step with the records, the
planted duplicates found, the steward's decisions respected and undoable, and leads warned
about the accounts and contacts they already are."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from steward.core.matching.keys import MATCH_COLUMNS, match_keys
from steward.core.matching.rules import DEFAULT_THRESHOLD
from steward.jobs.importer import import_files
from steward.jobs.match import MatchResult, candidates, match, match_everything, summarise_leads
from steward.resources import demo_export, resource_path
from steward.store import matching as store_matching
from steward.store.bulk import table_name
from steward.store.journal import edit_field, history, redo, undo
from steward.store.matching import (
    DIFFERENT,
    DUPLICATE,
    MEMBER,
    RUN_COLUMNS,
    candidate_ids,
    decide,
    decisions,
    decisions_of,
    forget_decision,
    lead_match,
    link_to_account,
    load_keys,
    pairs_between,
)
from steward.store.workspace import Workspace

TRUTH = json.loads(resource_path("demo", "truth.json").read_text(encoding="utf-8"))
GROUPS: list[list[str]] = [g["lead_ids"] for g in TRUTH["duplicate_lead_groups"]]
Pair = tuple[str, str]


def _pair(a: str, b: str) -> Pair:
    """A pair of ids in one order, however it was found."""
    return (a, b) if a <= b else (b, a)


TRUE_PAIRS = {_pair(a, b) for g in GROUPS for a, b in itertools.combinations(g, 2)}
SOURCES = {
    "Lead": ["FirstName", "LastName", "Email", "Website", "Phone", "MobilePhone", "Company",
             "Street", "City", "PostalCode", "Country"],
    "Contact": ["FirstName", "LastName", "Email", "Phone", "MobilePhone", "MailingStreet",
                "MailingCity", "MailingPostalCode", "MailingCountry"],
    "Account": ["Name", "Website", "Phone", "BillingStreet", "BillingCity",
                "BillingPostalCode", "BillingCountry"],
}  # fmt: skip


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("matching") / "demo.steward"
    with Workspace.open(path, create=True) as workspace:
        import_files(workspace, [demo_export()])
    return path


@pytest.fixture(scope="module")
def matched(tmp_path_factory: pytest.TempPathFactory, demo_file: Path) -> tuple[Path, list[Any]]:
    """The demo after a full matching pass (what the GUI's Match runs)."""
    path = tmp_path_factory.mktemp("matched") / "matched.steward"
    path.write_bytes(demo_file.read_bytes())
    with Workspace.open(path) as workspace:
        results = match_everything(workspace)
    return path, results


def _copy(source: Path, tmp_path: Path) -> Iterator[Workspace]:
    copy = tmp_path / "copy.steward"
    copy.write_bytes(source.read_bytes())
    with Workspace.open(copy) as workspace:
        yield workspace


@pytest.fixture
def demo(tmp_path: Path, demo_file: Path) -> Iterator[Workspace]:
    yield from _copy(demo_file, tmp_path)


@pytest.fixture
def matched_demo(tmp_path: Path, matched: tuple[Path, list[Any]]) -> Iterator[Workspace]:
    yield from _copy(matched[0], tmp_path)


def _row(workspace: Workspace, object_name: str, record_id: str) -> dict[str, Any]:
    with workspace.engine.connect() as connection:
        row = connection.exec_driver_sql(
            f'SELECT * FROM "{table_name(object_name)}" WHERE "Id" = ?', (record_id,)
        )
        return dict(row.mappings().one())


def _keys(workspace: Workspace, object_name: str, record_id: str) -> dict[str, str]:
    row = _row(workspace, object_name, record_id)
    return {c: row[c] for c in MATCH_COLUMNS}


def _found(result: MatchResult) -> set[Pair]:
    return {_pair(p.left_id, p.right_id) for p in result.pairs}


def _undo(workspace: Workspace) -> str:
    with workspace.transaction() as session:
        return undo(session).label


def _decide(
    workspace: Workspace, a: str, b: str, verdict: str, kind: tuple[str, str] = ("Lead", "Lead")
) -> None:
    with workspace.transaction() as session:
        decide(session, (kind[0], a), (kind[1], b), verdict)


# ---- keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize("object_name", ["Lead", "Contact", "Account"])
def test_import_stores_every_records_match_keys(demo: Workspace, object_name: str) -> None:
    fields = SOURCES[object_name]
    columns = ", ".join(f'"{c}"' for c in ["Id", *fields, *MATCH_COLUMNS])
    with demo.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f'SELECT {columns} FROM "{table_name(object_name)}"'
        ).all()
    assert len(rows) == TRUTH["counts"][object_name]
    wrong = []
    for row in rows:
        record = dict(zip(fields, row[1 : 1 + len(fields)], strict=True))
        stored = tuple(row[1 + len(fields) :])
        if stored != match_keys(object_name, record):
            wrong.append(row[0])
    assert wrong == []
    with_email = sum(1 for row in rows if row[-len(MATCH_COLUMNS) + 3])
    assert object_name == "Account" or with_email > len(rows) // 2


def test_a_planted_duplicate_shares_keys_with_its_original(demo: Workspace) -> None:
    group = TRUTH["duplicate_lead_groups"][0]
    keys = [_keys(demo, "Lead", lead_id) for lead_id in group["lead_ids"]]
    assert all(k["mk_company"] == keys[0]["mk_company"] != "" for k in keys)
    swapped = group["variations"].index(["swapped_names"])
    assert {keys[swapped]["mk_first"], keys[swapped]["mk_last"]} == {
        keys[0]["mk_first"],
        keys[0]["mk_last"],
    }


def _plain_lead(workspace: Workspace) -> str:
    """A lead with a company email address and no website."""
    with workspace.engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT \"Id\" FROM lead WHERE mk_domain != '' AND coalesce(\"Website\", '') = '' "
            "AND mk_email LIKE '%' || mk_domain AND mk_first != '' AND mk_last != '' LIMIT 1"
        ).scalar_one()
    return str(found)


def test_an_edit_updates_the_keys_and_undo_restores_them(demo: Workspace) -> None:
    lead_id = _plain_lead(demo)
    before = _keys(demo, "Lead", lead_id)
    with demo.transaction() as session:
        edit_field(session, "Lead", lead_id, "Email", "Someone.Else+crm@Initech.co.uk")
    edited = _keys(demo, "Lead", lead_id)
    assert edited["mk_email"] == "someone.else@initech.co.uk"
    assert edited["mk_domain"] == "initech.co.uk"
    assert {c: v for c, v in edited.items() if c not in ("mk_email", "mk_domain")} == {
        c: v for c, v in before.items() if c not in ("mk_email", "mk_domain")
    }

    _undo(demo)
    assert _keys(demo, "Lead", lead_id) == before

    with demo.transaction() as session:
        redo(session)
    assert _keys(demo, "Lead", lead_id) == edited


def test_editing_the_company_or_name_updates_those_keys(demo: Workspace) -> None:
    lead_id = _plain_lead(demo)
    with demo.transaction() as session:
        edit_field(session, "Lead", lead_id, "Company", "The Zanzibar Trading Company, Ltd.")
        edit_field(session, "Lead", lead_id, "FirstName", "Bob")
    keys = _keys(demo, "Lead", lead_id)
    assert keys["mk_company"] == "zanzibar trading"
    assert (keys["mk_first"], keys["mk_nick"]) == ("bob", "bert bob bobby robert")


def test_converted_leads_are_left_out_of_matching(demo: Workspace) -> None:
    converted = {c["lead_id"] for c in TRUTH["converted_leads"]}
    with demo.engine.connect() as connection:
        table = load_keys(connection, "Lead")
        deleted = connection.exec_driver_sql(
            'SELECT count(*) FROM lead WHERE coalesce("IsDeleted", 0) = 1 '
            'AND coalesce("IsConverted", 0) = 0'
        ).scalar_one()
    assert not converted & set(table.ids)
    assert len(table) == TRUTH["counts"]["Lead"] - len(converted) - deleted


def _stored_keys(workspace: Workspace, object_name: str) -> dict[str, tuple[str, ...]]:
    """Every live record's keys, row by row, straight from its table."""
    columns = ", ".join(f'"{c}"' for c in MATCH_COLUMNS)
    with workspace.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f'SELECT "Id", {columns} FROM "{table_name(object_name)}" '
            'WHERE coalesce("IsDeleted", 0) = 0 AND coalesce("IsConverted", 0) = 0'
        ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_keys_are_read_back_exactly_across_slices_gaps_and_odd_values(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_matching, "_READ_CHUNK", 97)  # many slices from the demo
    ids = list(_stored_keys(demo, "Lead"))
    with demo.engine.begin() as connection:
        # a street key holding the separator the bulk read joins values with
        connection.exec_driver_sql(
            "UPDATE lead SET mk_street = 'rue' || char(31) || 'haute 3' WHERE \"Id\" = ?",
            (ids[0],),
        )
        # a record far beyond the others' rowids (a slice of rowids holds no record)
        connection.exec_driver_sql(
            'UPDATE lead SET rowid = rowid + 5000000 WHERE "Id" = ?', (ids[1],)
        )
    with demo.engine.connect() as connection:
        table = load_keys(connection, "Lead")
    read = {
        record_id: tuple(str(table.columns[c][i]) for c in RUN_COLUMNS)
        for i, record_id in enumerate(table.ids)
    }
    assert len(table.ids) == len(read)  # nobody twice
    shown = [MATCH_COLUMNS.index(c) for c in RUN_COLUMNS]
    stored = {i: tuple(keys[n] for n in shown) for i, keys in _stored_keys(demo, "Lead").items()}
    assert read == stored
    assert read[ids[0]][RUN_COLUMNS.index("mk_street")] == "rue\x1fhaute 3"


def test_a_contact_is_matched_by_its_accounts_company(demo: Workspace) -> None:
    with demo.engine.connect() as connection:
        table = load_keys(connection, "Contact")
        contact_id, account_id = connection.exec_driver_sql(
            'SELECT "Id", "AccountId" FROM contact WHERE "AccountId" IS NOT NULL LIMIT 1'
        ).one()
    position = table.ids.index(contact_id)
    account = _keys(demo, "Account", account_id)
    assert _keys(demo, "Contact", contact_id)["mk_company"] == ""
    assert table.columns["mk_company"][position] == account["mk_company"] != ""


def test_one_records_look_up_finds_its_planted_duplicates(demo: Workspace) -> None:
    group = GROUPS[0]
    keys = _keys(demo, "Lead", group[0])
    with demo.engine.connect() as connection:
        found = candidate_ids(connection, "Lead", keys)
    assert set(group) <= set(found)


# ---- the org-wide run -------------------------------------------------------------------------


def test_the_planted_duplicate_leads_are_found(matched: tuple[Path, list[MatchResult]]) -> None:
    result = matched[1][0]
    assert (result.left_object, result.right_object) == ("Lead", "Lead")
    found = _found(result)
    true_found = found & TRUE_PAIRS
    recall, precision = len(true_found) / len(TRUE_PAIRS), len(true_found) / len(found)
    assert recall >= 0.9, sorted(TRUE_PAIRS - found)[:10]
    assert precision >= 0.9, sorted(found - TRUE_PAIRS)[:10]
    assert all(p.score >= DEFAULT_THRESHOLD and p.reasons for p in result.pairs)
    assert result.candidates < result.records * 5  # blocking, not all pairs


def test_people_with_the_same_name_are_not_paired(matched: tuple[Path, list[MatchResult]]) -> None:
    found = _found(matched[1][0])
    namesakes = {_pair(*g["lead_ids"]) for g in TRUTH["same_name_different_people"]}
    assert len(namesakes) >= 5
    assert not namesakes & found


def test_each_planted_group_is_in_one_cluster(matched: tuple[Path, list[MatchResult]]) -> None:
    clusters = matched[1][0].clusters()
    where = {record_id: n for n, cluster in enumerate(clusters) for _, record_id in cluster}
    whole = [g for g in GROUPS if len({where.get(i) for i in g}) == 1 and g[0] in where]
    assert len(whole) >= 0.9 * len(GROUPS)


def test_a_run_is_saved_for_the_screens(
    matched_demo: Workspace, matched: tuple[Path, list[MatchResult]]
) -> None:
    result = matched[1][0]
    with matched_demo.engine.connect() as connection:
        stored = pairs_between(connection, "Lead", "Lead")
    assert {(p.left_id, p.right_id, p.score) for p in stored} == {
        (p.left_id, p.right_id, p.score) for p in result.pairs
    }
    lead_account = matched[1][2]
    assert (lead_account.left_object, lead_account.right_object) == ("Lead", "Account")
    assert all(p.left_object == "Lead" and p.right_object == "Account" for p in lead_account.pairs)
    assert len(lead_account.pairs) > 100


def test_the_leads_of_planted_contacts_are_matched_to_them(
    matched: tuple[Path, list[MatchResult]],
) -> None:
    lead_contact = matched[1][1]
    found = {(p.left_id, p.right_id) for p in lead_contact.pairs}
    planted = {(e["lead_id"], e["contact_id"]) for e in TRUTH["leads_duplicating_contacts"]}
    assert len(planted & found) >= 0.9 * len(planted)


# ---- decisions --------------------------------------------------------------------------------


def test_a_pair_decided_different_stays_away(matched_demo: Workspace) -> None:
    first = match(matched_demo, "Lead")
    pair = first.pairs[0]
    _decide(matched_demo, pair.right_id, pair.left_id, DIFFERENT)  # either order

    again = match(matched_demo, "Lead")

    assert _pair(pair.left_id, pair.right_id) not in _found(again)
    assert _found(first) - _found(again) == {_pair(pair.left_id, pair.right_id)}
    with matched_demo.engine.connect() as connection:
        stored = {(p.left_id, p.right_id) for p in pairs_between(connection, "Lead", "Lead")}
    assert (pair.left_id, pair.right_id) not in stored


def test_linking_a_lead_to_another_account_moves_its_link(demo: Workspace) -> None:
    lead_id = _plain_lead(demo)
    with demo.engine.connect() as connection:
        first, second = connection.exec_driver_sql('SELECT "Id" FROM account LIMIT 2').scalars()

    def links() -> set[str]:
        with demo.engine.connect() as connection:
            found = decisions_of(connection, "Lead", lead_id)
        return {d.right_id if d.left_object == "Lead" else d.left_id for d in found
                if d.verdict == MEMBER}  # fmt: skip

    with demo.transaction() as session:
        link_to_account(session, lead_id, first)
    with demo.transaction() as session:
        link_to_account(session, lead_id, second)
    assert links() == {second}
    _undo(demo)  # one step back: the first link again
    assert links() == {first}
    with demo.transaction() as session:
        redo(session)
    assert links() == {second}


def test_a_pair_decided_duplicate_is_always_there(matched_demo: Workspace) -> None:
    a, b = GROUPS[0][0], GROUPS[1][0]  # two different people
    assert _pair(a, b) not in _found(match(matched_demo, "Lead"))
    _decide(matched_demo, a, b, DUPLICATE)

    again = match(matched_demo, "Lead")

    (forced,) = [p for p in again.pairs if {p.left_id, p.right_id} == {a, b}]
    assert forced.score == 1.0 and forced.decided == DUPLICATE
    assert forced.reasons.startswith("Decided: duplicate")
    # Found pairs carry their verdict too.
    assert [p for p in again.pairs if p.decided] == [forced]


def test_decisions_are_journaled_and_undo_takes_them_back(matched_demo: Workspace) -> None:
    pair = match(matched_demo, "Lead", save=False).pairs[0]
    _decide(matched_demo, pair.left_id, pair.right_id, DIFFERENT)
    with matched_demo.engine.connect() as connection:
        (decision,) = decisions(connection)
        entry = history(connection)[0]
    assert (decision.left_id, decision.right_id, decision.verdict) == (
        min(pair.left_id, pair.right_id),
        max(pair.left_id, pair.right_id),
        DIFFERENT,
    )
    assert entry.kind == "match_decision" and entry.label.startswith("Not a duplicate: Lead")

    assert _undo(matched_demo) == entry.label

    with matched_demo.engine.connect() as connection:
        assert decisions(connection) == []
        rows = connection.exec_driver_sql("SELECT count(*) FROM match_decision").scalar_one()
    assert rows == 0
    assert _pair(pair.left_id, pair.right_id) in _found(match(matched_demo, "Lead"))


def test_a_new_verdict_replaces_the_old_and_can_be_forgotten(matched_demo: Workspace) -> None:
    a, b = GROUPS[0][:2]
    _decide(matched_demo, a, b, DIFFERENT)
    _decide(matched_demo, b, a, DUPLICATE)
    with matched_demo.engine.connect() as connection:
        assert [d.verdict for d in decisions(connection)] == [DUPLICATE]
    with matched_demo.transaction() as session:
        assert forget_decision(session, ("Lead", a), ("Lead", b))
    with matched_demo.transaction() as session:
        assert not forget_decision(session, ("Lead", a), ("Lead", b))
    with matched_demo.engine.connect() as connection:
        assert decisions(connection) == []
        assert [e.kind for e in history(connection)[:3]] == ["match_decision"] * 3
    with pytest.raises(ValueError, match="unknown verdict"), matched_demo.transaction() as session:
        decide(session, ("Lead", a), ("Lead", b), "maybe")


# ---- lead summaries -------------------------------------------------------------------------


def test_leads_of_existing_accounts_are_warned_as_the_truth_says(matched_demo: Workspace) -> None:
    entries = TRUTH["leads_of_existing_accounts"]
    assert any(e["is_customer"] for e in entries) and any(
        e["has_open_opportunity"] for e in entries
    )
    right_account = 0
    with matched_demo.engine.connect() as connection:
        for entry in entries:
            summary = lead_match(connection, entry["lead_id"])
            if summary is None or summary.account_id != entry["account_id"]:
                continue
            right_account += 1
            warnings = summary.warnings.split()
            assert ("customer" in warnings) == entry["is_customer"], entry
            assert ("open_deal" in warnings) == entry["has_open_opportunity"], entry
            assert summary.account_score is not None
            assert summary.account_score >= DEFAULT_THRESHOLD
    assert right_account >= 0.9 * len(entries)


def test_leads_that_are_already_contacts_are_warned(matched_demo: Workspace) -> None:
    entries = TRUTH["leads_duplicating_contacts"]
    warned = 0
    with matched_demo.engine.connect() as connection:
        for entry in entries:
            summary = lead_match(connection, entry["lead_id"])
            if summary is not None and summary.contact_id == entry["contact_id"]:
                assert "contact" in summary.warnings.split()
                warned += 1
    assert warned >= 0.9 * len(entries)


def test_duplicate_counts_follow_the_planted_groups(matched_demo: Workspace) -> None:
    right = 0
    with matched_demo.engine.connect() as connection:
        for group in GROUPS:
            counts = [lead_match(connection, lead_id) for lead_id in group]
            right += all(c is not None and c.duplicates == len(group) - 1 for c in counts)
    assert right >= 0.9 * len(GROUPS)


def test_duplicate_counts_follow_the_stewards_decisions(matched_demo: Workspace) -> None:
    def counts(*lead_ids: str) -> list[int]:
        with matched_demo.engine.connect() as connection:
            found = [lead_match(connection, lead_id) for lead_id in lead_ids]
        return [summary.duplicates if summary else 0 for summary in found]

    a, b = next(g[:2] for g in GROUPS if counts(*g) == [len(g) - 1] * len(g))
    found = counts(a, b)
    _decide(matched_demo, a, b, DIFFERENT)
    summarise_leads(matched_demo, DEFAULT_THRESHOLD)
    assert counts(a, b) == [n - 1 for n in found]

    # two leads no run pairs, decided the same person: each now counts the other
    c, d = (g[0] for g in GROUPS[-2:])
    before = counts(c, d)
    _decide(matched_demo, c, d, DUPLICATE)
    summarise_leads(matched_demo, DEFAULT_THRESHOLD)
    assert counts(c, d) == [n + 1 for n in before]

    # taking the first decision back brings its pair back
    with matched_demo.transaction() as session:
        forget_decision(session, ("Lead", a), ("Lead", b))
    summarise_leads(matched_demo, DEFAULT_THRESHOLD)
    assert counts(a, b) == found


def test_a_lead_decided_not_that_account_is_not_warned_about_it(matched_demo: Workspace) -> None:
    entry = next(e for e in TRUTH["leads_of_existing_accounts"] if e["is_customer"])
    lead_id, account_id = entry["lead_id"], entry["account_id"]
    with matched_demo.engine.connect() as connection:
        summary = lead_match(connection, lead_id)
    assert summary is not None and summary.account_id == account_id
    assert "customer" in summary.warnings
    _decide(matched_demo, lead_id, account_id, DIFFERENT, ("Lead", "Account"))

    # The summary of this lead is refreshed from the stored pairs and the new decision.
    summarise_leads(matched_demo, DEFAULT_THRESHOLD, [lead_id])

    with matched_demo.engine.connect() as connection:
        summary = lead_match(connection, lead_id)
    assert summary is None or summary.account_id != account_id


def test_a_lead_decided_not_that_contact_is_not_warned_about_it(matched_demo: Workspace) -> None:
    entry = TRUTH["leads_duplicating_contacts"][0]
    lead_id, contact_id = entry["lead_id"], entry["contact_id"]
    with matched_demo.engine.connect() as connection:
        summary = lead_match(connection, lead_id)
    assert summary is not None and summary.contact_id == contact_id
    _decide(matched_demo, lead_id, contact_id, DIFFERENT, ("Lead", "Contact"))

    summarise_leads(matched_demo, DEFAULT_THRESHOLD, [lead_id])

    with matched_demo.engine.connect() as connection:
        summary = lead_match(connection, lead_id)
    assert summary is None or summary.contact_id != contact_id


def test_after_the_next_run_a_decided_account_is_gone_from_the_summary(
    matched_demo: Workspace,
) -> None:
    entry = next(e for e in TRUTH["leads_of_existing_accounts"] if e["is_customer"])
    _decide(matched_demo, entry["lead_id"], entry["account_id"], DIFFERENT, ("Lead", "Account"))
    pairs = match(matched_demo, "Lead", "Account")
    assert (entry["lead_id"], entry["account_id"]) not in {
        (p.left_id, p.right_id) for p in pairs.pairs
    }
    summarise_leads(matched_demo, DEFAULT_THRESHOLD)
    with matched_demo.engine.connect() as connection:
        summary = lead_match(connection, entry["lead_id"])
    assert summary is None or summary.account_id != entry["account_id"]


# ---- one record's candidates ----------------------------------------------------------------


def test_a_planted_duplicates_candidates_are_its_group_and_its_account(demo: Workspace) -> None:
    group = TRUTH["duplicate_lead_groups"][0]
    lead_id, others = group["lead_ids"][0], set(group["lead_ids"][1:])
    with demo.engine.connect() as connection:
        found = candidates(connection, "Lead", lead_id)
    leads = [c for c in found if c.object_name == "Lead"]
    accounts = [c for c in found if c.object_name == "Account"]
    assert lead_id not in {c.record_id for c in found}
    assert others <= {c.record_id for c in leads if c.score >= DEFAULT_THRESHOLD}
    assert accounts[0].record_id == group["account_id"]
    assert accounts[0].score >= DEFAULT_THRESHOLD
    for candidate in [*leads, *accounts]:
        assert candidate.reasons and candidate.verdict == ""
        assert any(r.agreement == "same" for r in candidate.reasons)
    for listed in (leads, accounts):
        assert [c.score for c in listed] == sorted((c.score for c in listed), reverse=True)
    swapped = next(c for c in leads if c.record_id == group["lead_ids"][2])
    assert any(r.note == "names swapped" for r in swapped.reasons)


def test_candidates_show_the_stewards_verdict(demo: Workspace) -> None:
    a, b = GROUPS[0][:2]
    stranger = GROUPS[1][0]
    _decide(demo, a, b, DIFFERENT)
    _decide(demo, a, stranger, DUPLICATE)
    with demo.engine.connect() as connection:
        found = {c.record_id: c for c in candidates(connection, "Lead", a, against=["Lead"])}
    assert found[b].verdict == DIFFERENT
    assert found[stranger].verdict == DUPLICATE  # listed though nothing else brings it up
