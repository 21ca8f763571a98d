"""Fast upserts of many records, for imports and pulls.

This goes below the ORM on purpose: a million rows through ORM objects would take minutes,
through one prepared statement and executemany it takes seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from steward.core.fields import OBJECTS
from steward.core.normalize import HELPER_COLUMNS, HELPER_SOURCE_FIELDS, helper_values
from steward.core.records import Row
from steward.core.values import Stored
from steward.store.models import RECORD_MODELS, SourceColumn

# SQLite allows 32,766 variables a statement; stay well below for the id look-ups.
_LOOKUP_CHUNK = 900


@dataclass(slots=True)
class UpsertCounts:
    inserted: int = 0
    updated: int = 0


def table_name(object_name: str) -> str:
    return RECORD_MODELS[object_name].__tablename__


class RecordWriter:
    """Upserts rows of one object whose file has a given set of typed fields.

    Only the fields the file has are written on update, so a Data Loader file with just Id and
    Email changes emails and leaves the rest of each record alone. Extra columns are merged into
    the record's JSON the same way; an empty value in the file removes that key.
    """

    def __init__(self, connection: Connection, object_name: str, fields: Sequence[str]) -> None:
        spec = OBJECTS[object_name]
        self._connection = connection
        self._object = object_name
        self._table = table_name(object_name)
        self._fields = ["Id", *[f for f in spec.fields if f in fields and f != "Id"]]
        # When the file lacks a field the helper columns are made from, they are recomputed
        # from the stored record after the upsert instead of from the file.
        self._helpers_from_file = HELPER_SOURCE_FIELDS[object_name] <= set(self._fields)
        columns = list(self._fields)
        if self._helpers_from_file:
            columns += HELPER_COLUMNS
        self._columns = columns
        placeholders = [f"?{n}" for n in range(1, len(columns) + 1)]
        extra_param = f"?{len(columns) + 1}"
        quoted = ", ".join(f'"{c}"' for c in [*columns, "extra"])
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "Id")
        updates = f"{updates}, " if updates else ""
        self._sql = (
            f'INSERT INTO "{self._table}" ({quoted}) '
            f"VALUES ({', '.join(placeholders)}, json_patch('{{}}', {extra_param})) "
            f'ON CONFLICT("Id") DO UPDATE SET {updates}'
            f'"extra" = json_patch("{self._table}"."extra", {extra_param})'
        )

    def upsert(self, rows: Sequence[Row]) -> UpsertCounts:
        counts = UpsertCounts()
        if not rows:
            return counts
        existing = self._existing_ids([row.values["Id"] for row in rows])
        params: list[tuple[Any, ...]] = []
        for row in rows:
            record_id = row.values["Id"]
            if record_id in existing:
                counts.updated += 1
            else:
                counts.inserted += 1
                existing.add(record_id)  # a second row with this id in the batch updates it
            values = [row.values.get(f) for f in self._fields]
            if self._helpers_from_file:
                helpers = helper_values(self._object, row.values)
                values += [helpers[c] for c in HELPER_COLUMNS]
            values.append(json.dumps(row.extra, ensure_ascii=False) if row.extra else "{}")
            params.append(tuple(values))
        cursor = self._connection.connection.driver_connection
        assert cursor is not None
        cursor.executemany(self._sql, params)
        if not self._helpers_from_file:
            refresh_helpers(self._connection, self._object, [r.values["Id"] for r in rows])
        return counts

    def _existing_ids(self, ids: Sequence[Stored]) -> set[Stored]:
        found: set[Stored] = set()
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[start : start + _LOOKUP_CHUNK]
            marks = ", ".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._connection.exec_driver_sql(
                    f'SELECT "Id" FROM "{self._table}" WHERE "Id" IN ({marks})', tuple(chunk)
                )
            )
        return found


def refresh_helpers(connection: Connection, object_name: str, ids: Iterable[Stored]) -> None:
    """Recompute the helper columns of the given records from their stored fields."""
    table = table_name(object_name)
    sources = sorted(HELPER_SOURCE_FIELDS[object_name])
    id_list = list(ids)
    for start in range(0, len(id_list), _LOOKUP_CHUNK):
        chunk = id_list[start : start + _LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        quoted = ", ".join(f'"{c}"' for c in ["Id", *sources])
        rows = connection.exec_driver_sql(
            f'SELECT {quoted} FROM "{table}" WHERE "Id" IN ({marks})', tuple(chunk)
        ).all()
        updates = []
        for row in rows:
            helpers = helper_values(object_name, dict(zip(["Id", *sources], row, strict=True)))
            updates.append((*[helpers[c] for c in HELPER_COLUMNS], row[0]))
        assignments = ", ".join(f'"{c}" = ?' for c in HELPER_COLUMNS)
        connection.connection.driver_connection.executemany(  # type: ignore[union-attr]
            f'UPDATE "{table}" SET {assignments} WHERE "Id" = ?', updates
        )


def remember_columns(connection: Connection, object_name: str, names: Sequence[str]) -> None:
    """Add a file's columns to the object's known source columns, keeping first-seen order."""
    table = SourceColumn.__table__
    known = connection.execute(
        text("SELECT name, position FROM source_column WHERE object_name = :o"),
        {"o": object_name},
    ).all()
    seen = {name.lower() for name, _ in known}
    position = max((p for _, p in known), default=-1)
    new = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            position += 1
            new.append({"object_name": object_name, "position": position, "name": name})
    if new:
        connection.execute(table.insert(), new)


def source_columns(connection: Connection, object_name: str) -> list[str]:
    return list(
        connection.execute(
            text("SELECT name FROM source_column WHERE object_name = :o ORDER BY position"),
            {"o": object_name},
        ).scalars()
    )
