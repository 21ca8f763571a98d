"""The journal: edits and confirmations undo and redo exactly, also after a restart, and
refuse clearly when undoing would throw away a later change or one the CRM already has."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, event, insert, update
from steward_testing import LEAD_HEADER, lead_row, write_csv

from steward.core.checks.checklist import Confirmation, Kind
from steward.core.checks.phone import CallOutcome
from steward.core.ids import make_id
from steward.core.normalize import helper_values
from steward.core.values import Stored
from steward.jobs.importer import import_files
from steward.store import browse
from steward.store.checks import record_confirmation, withdraw_confirmation
from steward.store.journal import (
    JournalError,
    can_redo,
    can_undo,
    edit_field,
    edit_fields,
    history,
    operation,
    pending_changes,
    redo,
    undo,
)
from steward.store.models import Lead, Meta, Operation
from steward.store.workspace import Workspace, _alembic_config, _on_connect

LEAD_1, LEAD_2, LEAD_3 = (make_id("Lead", n) for n in (1, 2, 3))


def _import_leads(workspace: Workspace, folder: Path, *rows: list[str]) -> None:
    import_files(workspace, [write_csv(folder / "Lead.csv", LEAD_HEADER, list(rows))])


@pytest.fixture
def leads(tmp_path: Path, workspace: Workspace) -> Workspace:
    _import_leads(workspace, tmp_path / "first", lead_row(1), lead_row(2), lead_row(3))
    return workspace


def _lead(workspace: Workspace, lead_id: str) -> dict[str, Any]:
    """Every column of the lead: fields, extra columns (decoded) and helper columns."""
    with workspace.engine.connect() as connection:
        row = connection.exec_driver_sql('SELECT * FROM lead WHERE "Id" = ?', (lead_id,))
        values = dict(row.mappings().one())
    return {**values, "extra": json.loads(values["extra"])}


def _found(workspace: Workspace, search: str) -> set[str]:
    pks = list(browse.ids(workspace, "Lead", search))
    if not pks:
        return set()
    with workspace.engine.connect() as connection:
        marks = ", ".join("?" * len(pks))
        rows = connection.exec_driver_sql(
            f'SELECT "Id" FROM lead WHERE pk IN ({marks})', tuple(pks)
        )
        return set(rows.scalars())


def _edit(workspace: Workspace, lead_id: str, **values: Stored) -> int:
    with workspace.transaction() as session:
        return edit_fields(session, "Lead", lead_id, values)


def _undo(workspace: Workspace) -> str:
    with workspace.transaction() as session:
        return undo(session).label


def _redo(workspace: Workspace) -> str:
    with workspace.transaction() as session:
        return redo(session).label


def _operation_count(workspace: Workspace) -> int:
    with workspace.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM operation").scalar_one())


def test_undo_restores_the_value_and_what_search_finds(leads: Workspace) -> None:
    before = _lead(leads, LEAD_1)
    _edit(leads, LEAD_1, LastName="Quixotically", Email="ada@newdomain.org")
    assert _found(leads, "quixotically") == {LEAD_1}
    assert _lead(leads, LEAD_1)["email_domain"] == "newdomain.org"

    label = _undo(leads)

    assert label == f"Edit Lead {LEAD_1}: LastName, Email"
    assert _lead(leads, LEAD_1) == before
    assert _found(leads, "quixotically") == set()
    assert _found(leads, "last1") == {LEAD_1}
    assert _found(leads, "newdomain") == set()


def test_redo_applies_the_edit_again(leads: Workspace) -> None:
    _edit(leads, LEAD_1, LastName="Quixotically", NumberOfEmployees=7)
    edited = _lead(leads, LEAD_1)
    _undo(leads)

    label = _redo(leads)

    assert label == f"Edit Lead {LEAD_1}: LastName, NumberOfEmployees"
    assert _lead(leads, LEAD_1) == edited
    assert _found(leads, "quixotically") == {LEAD_1}


def test_undo_and_redo_survive_closing_the_workspace(tmp_path: Path) -> None:
    path = tmp_path / "restart.steward"
    with Workspace.open(path, create=True) as workspace:
        _import_leads(workspace, tmp_path, lead_row(1))
        _edit(workspace, LEAD_1, City="Reykjavik")
    with Workspace.open(path) as workspace:
        assert _undo(workspace) == f"Edit Lead {LEAD_1}: City"
        assert _lead(workspace, LEAD_1)["City"] == "San Francisco"
    with Workspace.open(path) as workspace:
        assert _redo(workspace) == f"Edit Lead {LEAD_1}: City"
        assert _lead(workspace, LEAD_1)["City"] == "Reykjavik"
        assert _found(workspace, "reykjavik") == {LEAD_1}


def test_an_empty_journal_has_nothing_to_undo_or_redo(leads: Workspace) -> None:
    with leads.engine.connect() as connection:
        assert can_undo(connection) is None and can_redo(connection) is None
    with pytest.raises(JournalError, match=r"^Nothing to undo$"):
        _undo(leads)
    with pytest.raises(JournalError, match=r"^Nothing to redo$"):
        _redo(leads)


def test_everything_undone_leaves_nothing_to_undo_and_something_to_redo(leads: Workspace) -> None:
    _edit(leads, LEAD_1, City="Oslo")
    with leads.engine.connect() as connection:
        assert can_undo(connection) == f"Edit Lead {LEAD_1}: City"
        assert can_redo(connection) is None
    with pytest.raises(JournalError, match=r"^Nothing to redo$"):
        _redo(leads)
    _undo(leads)
    with leads.engine.connect() as connection:
        assert can_undo(connection) is None
        assert can_redo(connection) == f"Edit Lead {LEAD_1}: City"
    with pytest.raises(JournalError, match=r"^Nothing to undo$"):
        _undo(leads)


def test_undo_and_redo_go_back_and_forth_in_order(leads: Workspace) -> None:
    _edit(leads, LEAD_1, City="Oslo")
    _edit(leads, LEAD_1, City="Bergen")
    _edit(leads, LEAD_2, City="Tromso")

    assert [_undo(leads) for _ in range(3)] == [
        f"Edit Lead {LEAD_2}: City",
        f"Edit Lead {LEAD_1}: City",
        f"Edit Lead {LEAD_1}: City",
    ]
    assert _lead(leads, LEAD_1)["City"] == _lead(leads, LEAD_2)["City"] == "San Francisco"
    _redo(leads)
    assert _lead(leads, LEAD_1)["City"] == "Oslo"
    _redo(leads)
    assert _lead(leads, LEAD_1)["City"] == "Bergen"
    assert _lead(leads, LEAD_2)["City"] == "San Francisco"


def test_a_new_operation_after_an_undo_ends_redo(leads: Workspace) -> None:
    _edit(leads, LEAD_1, City="Oslo")
    _undo(leads)
    _edit(leads, LEAD_2, City="Bergen")

    with leads.engine.connect() as connection:
        assert can_redo(connection) is None
        states = {e.label: (e.state, e.undone) for e in history(connection)}
    with pytest.raises(JournalError, match=r"^Nothing to redo$"):
        _redo(leads)
    assert _lead(leads, LEAD_1)["City"] == "San Francisco"
    assert states[f"Edit Lead {LEAD_1}: City"] == ("discarded", True)
    assert states[f"Edit Lead {LEAD_2}: City"] == ("pending", False)
    _undo(leads)  # the newer edit is undone, the discarded one stays as it is
    assert _lead(leads, LEAD_2)["City"] == "San Francisco"
    with pytest.raises(JournalError, match=r"^Nothing to undo$"):
        _undo(leads)


def test_undo_is_refused_after_an_import_changed_the_same_field(
    tmp_path: Path, leads: Workspace
) -> None:
    _edit(leads, LEAD_1, LastName="Steward-Edited")
    _import_leads(leads, tmp_path / "again", lead_row(1, LastName="From-The-CRM"))

    with pytest.raises(JournalError) as refused:
        _undo(leads)

    message = str(refused.value)
    assert message.startswith(f"Cannot undo “Edit Lead {LEAD_1}: LastName”")
    assert f"Lead {LEAD_1} has changed since" in message
    assert _lead(leads, LEAD_1)["LastName"] == "From-The-CRM"
    with leads.engine.connect() as connection:
        assert can_redo(connection) is None


def test_undo_still_works_when_an_import_changed_other_fields(
    tmp_path: Path, leads: Workspace
) -> None:
    _edit(leads, LEAD_1, LastName="Steward-Edited")
    _import_leads(leads, tmp_path / "again", lead_row(1, LastName="Steward-Edited", City="Lyon"))

    _undo(leads)

    assert _lead(leads, LEAD_1)["LastName"] == "Last1"
    assert _lead(leads, LEAD_1)["City"] == "Lyon"


def test_redo_is_refused_after_an_import_changed_the_same_field(
    tmp_path: Path, leads: Workspace
) -> None:
    _edit(leads, LEAD_1, LastName="Steward-Edited")
    _undo(leads)
    _import_leads(leads, tmp_path / "again", lead_row(1, LastName="From-The-CRM"))

    with pytest.raises(JournalError, match=f"^Cannot redo .*Lead {LEAD_1} has changed since"):
        _redo(leads)
    assert _lead(leads, LEAD_1)["LastName"] == "From-The-CRM"


def test_pushed_operations_cannot_be_undone(leads: Workspace) -> None:
    _edit(leads, LEAD_1, City="Oslo")
    pushed = _edit(leads, LEAD_2, City="Bergen")
    with leads.transaction() as session:
        session.execute(update(Operation).where(Operation.id == pushed).values(state="pushed"))

    with leads.engine.connect() as connection:
        assert can_undo(connection) is None  # nor the older edit: undo goes newest first
    with pytest.raises(JournalError, match="pushed to the CRM already") as refused:
        _undo(leads)
    assert f"Edit Lead {LEAD_2}: City" in str(refused.value)
    assert _lead(leads, LEAD_1)["City"] == "Oslo"
    assert _lead(leads, LEAD_2)["City"] == "Bergen"


def test_pending_changes_follow_edits_and_undo(leads: Workspace) -> None:
    _edit(leads, LEAD_1, City="Oslo", LastName="Nordmann")
    _edit(leads, LEAD_2, Phone="+47 22 00 00 00")
    _edit(leads, LEAD_1, Email="ola@nordmann.no")
    with leads.engine.connect() as connection:
        assert pending_changes(connection) == {
            "Lead": {LEAD_1: {"City", "LastName", "Email"}, LEAD_2: {"Phone"}}
        }
    _undo(leads)
    _undo(leads)
    with leads.engine.connect() as connection:
        assert pending_changes(connection) == {"Lead": {LEAD_1: {"City", "LastName"}}}
    _undo(leads)
    with leads.engine.connect() as connection:
        assert pending_changes(connection) == {}


def test_confirmations_are_not_pending_record_changes(leads: Workspace) -> None:
    word = Confirmation("relationship", "ann", "2026-11-01T09:00:00.000Z", "seen on website")
    with leads.transaction() as session:
        record_confirmation(session, LEAD_1, word, evidence="Medium", label="Confirm")
    with leads.engine.connect() as connection:
        assert pending_changes(connection) == {}
        assert can_undo(connection) == "Confirm"


def test_editing_what_cannot_be_edited_journals_nothing(leads: Workspace) -> None:
    with pytest.raises(JournalError, match=r"^Lead\.Nickname is not a field"):
        _edit(leads, LEAD_1, Nickname="Ace")
    with pytest.raises(JournalError, match=r"^Lead\.Id is not a field"):
        _edit(leads, LEAD_1, Id="00Q000000000000AAA")
    with pytest.raises(JournalError, match=r"^No Lead with id 00Q999999999999AAA$"):
        _edit(leads, "00Q999999999999AAA", City="Oslo")
    with pytest.raises(JournalError, match=f"^No fields given to edit on Lead {LEAD_1}$"):
        _edit(leads, LEAD_1)
    assert _operation_count(leads) == 0


def test_a_whole_row_touch_of_a_record_undoes_and_redoes(leads: Workspace) -> None:
    before = _lead(leads, LEAD_1)
    with leads.transaction() as session, operation(session, "rename", "Rename", {}) as recorder:
        recorder.touch("lead", {"Id": LEAD_1})
        session.execute(update(Lead).where(Lead.Id == LEAD_1).values(LastName="Quixotically"))
    after = _lead(leads, LEAD_1)
    assert _found(leads, "quixotically") == {LEAD_1}

    assert _undo(leads) == "Rename"
    assert _lead(leads, LEAD_1) == before
    assert _redo(leads) == "Rename"
    assert _lead(leads, LEAD_1) == after


def test_a_row_touched_twice_undoes_both_changes(leads: Workspace) -> None:
    before = _lead(leads, LEAD_1)
    with leads.transaction() as session, operation(session, "tidy", "Tidy", {}) as recorder:
        recorder.touch("lead", {"Id": LEAD_1}, ["City"])
        session.execute(update(Lead).where(Lead.Id == LEAD_1).values(City="Oslo"))
        recorder.touch("lead", {"Id": LEAD_1}, ["City", "Title"])
        session.execute(update(Lead).where(Lead.Id == LEAD_1).values(City="Bergen", Title="CEO"))
    after = _lead(leads, LEAD_1)

    _undo(leads)

    assert _lead(leads, LEAD_1) == before
    with leads.engine.connect() as connection:
        assert pending_changes(connection) == {}
    _redo(leads)
    assert _lead(leads, LEAD_1) == after
    assert (after["City"], after["Title"]) == ("Bergen", "CEO")


def test_a_row_an_operation_created_is_removed_by_undo_and_made_again_by_redo(
    leads: Workspace,
) -> None:
    new_id = make_id("Lead", 99)
    with leads.transaction() as session, operation(session, "add", "Add", {}) as recorder:
        assert recorder.touch("lead", {"Id": new_id}, ["LastName"]) is None
        session.execute(insert(Lead).values(Id=new_id, LastName="Newcomer", Company="Fresh Co"))
    created = _lead(leads, new_id)
    assert _found(leads, "newcomer") == {new_id}

    _undo(leads)

    assert _found(leads, "newcomer") == set()
    with leads.engine.connect() as connection:
        gone = connection.exec_driver_sql('SELECT count(*) FROM lead WHERE "Id" = ?', (new_id,))
        assert gone.scalar_one() == 0
    _redo(leads)
    assert _lead(leads, new_id) == created
    assert _found(leads, "fresh co") == {new_id}


# -- every sequence of edits and confirmations undoes and redoes exactly ---------------------

_TEXT = st.none() | st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_FIELD_VALUES: dict[str, st.SearchStrategy[Stored]] = {
    "FirstName": _TEXT,
    "LastName": _TEXT,
    "Company": _TEXT,
    "Email": st.none() | st.emails().map(str) | _TEXT,
    "Phone": st.none() | st.from_regex(r"\+?[0-9 ()-]{0,16}", fullmatch=True),
    "City": _TEXT,
    "Title": _TEXT,
    "Website": _TEXT,
    "NumberOfEmployees": st.none() | st.integers(-(2**53), 2**53),
    "AnnualRevenue": st.none() | st.floats(allow_nan=False, allow_infinity=False),
    "DoNotCall": st.none() | st.booleans(),
}
_LEAD_IDS = [make_id("Lead", n) for n in (1, 2, 3)]


@st.composite
def _edit_step(draw: st.DrawFn) -> tuple[str, str, dict[str, Stored]]:
    names = draw(st.lists(st.sampled_from(sorted(_FIELD_VALUES)), min_size=1, max_size=3))
    values = {name: draw(_FIELD_VALUES[name]) for name in names}
    return ("edit", draw(st.sampled_from(_LEAD_IDS)), values)


@st.composite
def _confirm_step(draw: st.DrawFn) -> tuple[str, str, Confirmation]:
    kind = draw(st.sampled_from(list(Kind)))
    word = Confirmation(
        item=draw(st.sampled_from(["name", "phone", "relationship", "budget"])),
        who=draw(st.sampled_from(["ann", "bob"])),
        when=draw(st.sampled_from(["2026-11-01T09:00:00.000Z", "2026-11-02T10:30:00.000Z"])),
        note=draw(st.text(max_size=8)),
        kind=kind,
        outcome=draw(st.sampled_from(list(CallOutcome))) if kind is Kind.CALL else None,
        role=draw(st.sampled_from(["", "CFO"])),
        seen_at=draw(st.sampled_from(["", "LinkedIn"])),
    )
    return ("confirm", draw(st.sampled_from(_LEAD_IDS)), word)


_withdraw_step = st.tuples(
    st.just("withdraw"),
    st.sampled_from(_LEAD_IDS),
    st.sampled_from(["name", "phone", "relationship", "budget"]),
)
_STEPS = st.lists(_edit_step() | _confirm_step() | _withdraw_step, min_size=1, max_size=8)


@pytest.fixture(scope="module")
def template_workspace(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("journal_template")
    path = folder / "template.steward"
    with Workspace.open(path, create=True) as workspace:
        rows = [lead_row(1), lead_row(2, Email="", Phone=""), lead_row(3, NumberOfEmployees="")]
        _import_leads(workspace, folder, *rows)
        word = Confirmation("name", "ann", "2026-10-01T08:00:00.000Z", "met at a fair")
        with workspace.transaction() as session:
            record_confirmation(session, LEAD_2, word, evidence="Looks real", label="Confirm")
            # The journal starts empty: what the property undoes is only its own sequence.
            session.execute(delete(Operation))
    return path.read_bytes()


def _dump(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of every row of the tables the steps change, helper columns included."""
    queries = {
        "lead": "SELECT * FROM lead ORDER BY pk",
        "confirmation": "SELECT * FROM confirmation ORDER BY lead_id, item",
    }
    with workspace.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.exec_driver_sql(sql)]
            for table, sql in queries.items()
        }


def _apply(workspace: Workspace, step: tuple[Any, ...]) -> int:
    """Take one step in its own transaction; returns how many operations it journaled."""
    kind, lead_id, what = step
    with workspace.transaction() as session:
        if kind == "edit":
            edit_fields(session, "Lead", lead_id, what)
            return 1
        if kind == "confirm":
            record_confirmation(session, lead_id, what, evidence="as checked", label="Confirm")
            return 1
        return int(withdraw_confirmation(session, lead_id, what, label="Withdraw"))


def _undo_all(workspace: Workspace) -> int:
    done = 0
    while True:
        try:
            _undo(workspace)
        except JournalError as error:
            assert str(error) == "Nothing to undo"
            return done
        done += 1


def _redo_all(workspace: Workspace) -> int:
    done = 0
    while True:
        try:
            _redo(workspace)
        except JournalError as error:
            assert str(error) == "Nothing to redo"
            return done
        done += 1


_example = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=_STEPS)
def test_undo_all_restores_and_redo_all_reapplies_exactly(
    tmp_path_factory: pytest.TempPathFactory,
    template_workspace: bytes,
    steps: list[tuple[Any, ...]],
) -> None:
    path = tmp_path_factory.getbasetemp() / f"journal_example_{next(_example)}.steward"
    path.write_bytes(template_workspace)
    with Workspace.open(path) as workspace:
        initial = _dump(workspace)
        journaled = sum(_apply(workspace, step) for step in steps)
        changed = _dump(workspace)

        assert _undo_all(workspace) == journaled
        assert _dump(workspace) == initial
        assert _redo_all(workspace) == journaled
        assert _dump(workspace) == changed


# -- a workspace from before 0002 --------------------------------------------------------------


def _workspace_at_0001(path: Path) -> str:
    """A workspace at schema 0001 with one lead and one edit in the 0001 journal format."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    lead = {"Id": LEAD_1, "FirstName": "Ada", "LastName": "Brandnew", "Company": "Acme"}
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0001")
            connection.execute(
                insert(Meta),
                [
                    {"key": "application", "value": "steward"},
                    {"key": "created", "value": "2026-01-05T10:00:00.000Z"},
                    {"key": "created_by_version", "value": "0.1.0"},
                ],
            )
            # Spelled out: the model has columns schema 0001 lacks.
            values = {**lead, **helper_values("Lead", lead), "extra": "{}"}
            names = ", ".join(f'"{name}"' for name in values)
            marks = ", ".join("?" * len(values))
            connection.exec_driver_sql(
                f"INSERT INTO lead ({names}) VALUES ({marks})", tuple(values.values())
            )
            connection.exec_driver_sql(
                "INSERT INTO operation (id, kind, created, author, inputs, before, state, undone) "
                "VALUES (1, 'edit', '2026-01-06T10:00:00.000Z', 'ann', ?, ?, 'pending', 0)",
                (
                    json.dumps({"object": "Lead", "id": LEAD_1, "field": "LastName",
                                "value": "Brandnew"}),
                    json.dumps([{"object": "Lead", "id": LEAD_1,
                                 "values": {"LastName": "Oldfashioned"}}]),
                ),
            )  # fmt: skip
            connection.exec_driver_sql("INSERT INTO operation_row VALUES (1, 'Lead', ?)", (LEAD_1,))
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return str(revision.scalar_one())
    finally:
        engine.dispose()


@pytest.fixture
def old_workspace(tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "old.steward"
    assert _workspace_at_0001(path) == "0001"
    with Workspace.open(path) as workspace:
        yield workspace


def test_an_0001_workspace_is_migrated_and_keeps_its_pending_edit(old_workspace: Workspace) -> None:
    with old_workspace.engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        assert revision.scalar_one() == "0005"
        assert pending_changes(connection) == {"Lead": {LEAD_1: {"LastName"}}}
        touched = connection.exec_driver_sql("SELECT * FROM operation_row").all()
        assert [tuple(row) for row in touched] == [(1, "Lead", LEAD_1)]
        (entry,) = history(connection)
        assert can_undo(connection) == entry.label
    assert (entry.kind, entry.author, entry.state, entry.undone) == (
        "edit",
        "ann",
        "pending",
        False,
    )
    assert entry.label == f"Edit Lead {LEAD_1}: LastName"


def test_an_edit_from_0001_can_be_undone_and_redone(old_workspace: Workspace) -> None:
    _undo(old_workspace)

    assert _lead(old_workspace, LEAD_1)["LastName"] == "Oldfashioned"
    assert _found(old_workspace, "oldfashioned") == {LEAD_1}
    assert _found(old_workspace, "brandnew") == set()
    with old_workspace.engine.connect() as connection:
        assert pending_changes(connection) == {}

    _redo(old_workspace)

    assert _lead(old_workspace, LEAD_1)["LastName"] == "Brandnew"
    assert _found(old_workspace, "brandnew") == {LEAD_1}


def test_a_single_field_edit_has_a_readable_label(leads: Workspace) -> None:
    with leads.transaction() as session:
        edit_field(session, "Lead", LEAD_3, "Company", "Nordic Fjord AS")
    with leads.engine.connect() as connection:
        (entry,) = history(connection)
    assert entry.label == f"Edit Lead {LEAD_3}: Company"
    assert entry.inputs == {
        "object": "Lead",
        "id": LEAD_3,
        "values": {"Company": "Nordic Fjord AS"},
    }
