"""The trigram full-text index of each record table, and rebuilding it after bulk loads.

Triggers keep `<table>_fts` in step with single-row changes. A bulk load into an empty or
small table is faster without them: the index is dropped from the work and rebuilt in one pass
at the end, inside the same transaction, so no reader ever sees a half-built index.
"""

from __future__ import annotations

from sqlalchemy import Connection, Index

from steward.store.models import Base


def _trigger_sql(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.pk, new.search_text); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        f"VALUES ('delete', old.pk, old.search_text); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) "
        f"VALUES ('delete', old.pk, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.pk, new.search_text); END",
    ]


def _key_indexes(table: str) -> list[Index]:
    found = Base.metadata.tables[table].indexes
    return sorted((i for i in found if str(i.name).startswith(f"ix_{table}_mk_")), key=str)


def suspend_index(connection: Connection, table: str) -> None:
    """Stop maintaining the table's search and match-key indexes row by row (until
    rebuild_index): building them once after a large load is several times faster."""
    for kind in ("insert", "delete", "update"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_fts_{kind}")
    for index in _key_indexes(table):
        index.drop(connection, checkfirst=True)


def rebuild_index(connection: Connection, table: str) -> None:
    """Index every row of the table again and resume row-by-row maintenance."""
    # Merging index segments less often builds a large index about a quarter faster, and
    # searches measured no slower.
    connection.exec_driver_sql(
        f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('automerge', 8)"
    )
    connection.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    for statement in _trigger_sql(table):
        connection.exec_driver_sql(statement)
    for index in _key_indexes(table):
        index.create(connection, checkfirst=True)
