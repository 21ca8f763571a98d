"""A workspace from before matching (schema 0002) gets its match keys when it is opened."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, event, insert

from steward.core.ids import make_id
from steward.core.matching.keys import MATCH_COLUMNS, match_keys
from steward.core.normalize import helper_values
from steward.jobs.match import candidates, match
from steward.store.matching import decisions, pairs_between
from steward.store.models import INDEXED_MATCH_KEYS, Meta
from steward.store.workspace import Workspace, _alembic_config, _on_connect

LEAD_1, LEAD_2, LEAD_3 = (make_id("Lead", n) for n in (1, 2, 3))
ACCOUNT_1 = make_id("Account", 1)
CONTACT_1 = make_id("Contact", 1)
LEADS = {
    LEAD_1: {
        "FirstName": "Bob",
        "LastName": "O'Brien",
        "Company": "The Acme Company, Inc.",
        "Email": "Bob.OBrien+crm@Acme.co.uk",
        "Phone": "+44 (0)20 7946 0958",
        "Country": "United Kingdom",
        "PostalCode": "sw1a 2aa",
        "Street": "10 Downing Street",
    },
    LEAD_2: {
        "FirstName": "Robert",
        "LastName": "OBrien",
        "Company": "ACME Ltd",
        "Email": "bob.obrien@acme.co.uk",
        "Phone": "020 7946 0958",
        "Country": "UK",
    },
    LEAD_3: {"FirstName": "Mary", "LastName": "Jones", "Company": "Globex"},
}
ACCOUNT = {"Name": "Acme Ltd", "Website": "https://www.acme.co.uk", "BillingCountry": "UK"}
CONTACT = {
    "FirstName": "Liz",
    "LastName": "Taylor",
    "Email": "Liz@Acme.co.uk",
    "AccountId": ACCOUNT_1,
}


def _columns(connection: Connection, table: str) -> set[str]:
    rows = connection.exec_driver_sql(f'PRAGMA table_info("{table}")')
    return {row[1] for row in rows}


def _insert(
    connection: Connection, table: str, object_name: str, record_id: str, record: Mapping[str, str]
) -> None:
    """A row spelled out in SQL: the model has columns schema 0002 lacks."""
    full = {"Id": record_id, **record}
    values = {**full, **helper_values(object_name, full), "extra": "{}"}
    known = _columns(connection, table)
    values = {name: value for name, value in values.items() if name in known}
    names = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" * len(values))
    connection.exec_driver_sql(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks})', tuple(values.values())
    )


def _workspace_at_0002(path: Path) -> str:
    """A workspace at schema 0002 with three leads, an account and a contact."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0002")
            assert not set(MATCH_COLUMNS) & _columns(connection, "lead")
            connection.execute(
                insert(Meta),
                [
                    {"key": "application", "value": "steward"},
                    {"key": "created", "value": "2026-02-05T10:00:00.000Z"},
                    {"key": "created_by_version", "value": "0.2.0"},
                ],
            )
            for lead_id, lead in LEADS.items():
                _insert(connection, "lead", "Lead", lead_id, lead)
            _insert(connection, "account", "Account", ACCOUNT_1, ACCOUNT)
            _insert(connection, "contact", "Contact", CONTACT_1, CONTACT)
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            return str(revision.scalar_one())
    finally:
        engine.dispose()


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "old.steward"
    assert _workspace_at_0002(path) == "0002"
    with Workspace.open(path) as workspace:
        yield workspace


def _keys(workspace: Workspace, table: str, record_id: str) -> dict[str, str]:
    columns = ", ".join(f'"{c}"' for c in MATCH_COLUMNS)
    with workspace.engine.connect() as connection:
        row = connection.exec_driver_sql(
            f'SELECT {columns} FROM "{table}" WHERE "Id" = ?', (record_id,)
        ).one()
    return dict(zip(MATCH_COLUMNS, row, strict=True))


def test_opening_migrates_to_the_matching_schema(migrated: Workspace) -> None:
    with migrated.engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        assert revision.scalar_one() == "0005"
        for table in ("lead", "contact", "account"):
            assert set(MATCH_COLUMNS) <= _columns(connection, table)
            indexes = {row[1] for row in connection.exec_driver_sql(f"PRAGMA index_list({table})")}
            assert {f"ix_{table}_{key}" for key in INDEXED_MATCH_KEYS} <= indexes
        assert decisions(connection) == []
        assert pairs_between(connection, "Lead", "Lead") == []


def test_existing_records_get_their_keys_filled(migrated: Workspace) -> None:
    for lead_id, lead in LEADS.items():
        assert _keys(migrated, "lead", lead_id) == dict(
            zip(MATCH_COLUMNS, match_keys("Lead", lead), strict=True)
        )
    bob = _keys(migrated, "lead", LEAD_1)
    assert (bob["mk_first"], bob["mk_last"], bob["mk_email"]) == (
        "bob",
        "obrien",
        "bob.obrien@acme.co.uk",
    )
    assert (bob["mk_phone"], bob["mk_company"], bob["mk_country"]) == (
        "+442079460958",
        "acme",
        "GB",
    )
    account = _keys(migrated, "account", ACCOUNT_1)
    assert (account["mk_company"], account["mk_domain"]) == ("acme", "acme.co.uk")
    contact = _keys(migrated, "contact", CONTACT_1)
    assert (contact["mk_nick"], contact["mk_email"]) == ("elizabeth lisa lizzie", "liz@acme.co.uk")


def test_a_migrated_workspace_matches_at_once(migrated: Workspace) -> None:
    result = match(migrated, "Lead")
    assert [(p.left_id, p.right_id) for p in result.pairs] == [(LEAD_1, LEAD_2)]
    against = match(migrated, "Lead", "Account")
    assert {(p.left_id, p.right_id) for p in against.pairs} == {
        (LEAD_1, ACCOUNT_1),
        (LEAD_2, ACCOUNT_1),
    }
    with migrated.engine.connect() as connection:
        found = {c.record_id for c in candidates(connection, "Lead", LEAD_2)}
    assert {LEAD_1, ACCOUNT_1} <= found


def test_a_migrated_workspace_opens_again_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.steward"
    _workspace_at_0002(path)
    with Workspace.open(path) as workspace:
        first = _keys(workspace, "lead", LEAD_1)
    with Workspace.open(path) as workspace:
        assert _keys(workspace, "lead", LEAD_1) == first


def test_opening_a_workspace_at_0003_computes_the_keys_again(tmp_path: Path) -> None:
    """Keys made by an older version (a street key lost behind "Floor 10", a placeholder
    mailbox kept as evidence) are made again when a newer version opens the workspace."""
    path = tmp_path / "at-0003.steward"
    _workspace_at_0002(path)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0003")
            connection.exec_driver_sql(
                "UPDATE lead SET \"Street\" = 'Floor 10\n7531 Research Boulevard', "
                "\"Email\" = 'obrien@noemail.com', mk_street = '', "
                "mk_email = 'obrien@noemail.com' WHERE \"Id\" = ?",
                (LEAD_1,),
            )
    finally:
        engine.dispose()
    with Workspace.open(path) as workspace:
        keys = _keys(workspace, "lead", LEAD_1)
    assert keys["mk_street"] == "7531 research blvd"
    assert keys["mk_email"] == ""
