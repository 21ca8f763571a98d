"""Fast upserts of many records, for imports and pulls.

This goes below the ORM on purpose: a million rows through ORM objects would take minutes,
through one prepared statement and executemany it takes seconds. Encoding rows into statement
parameters (RowEncoder) needs no database, so it can run in another process while this one
writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, insert, text

from steward.core.derived import (
    DERIVED_SOURCE_FIELDS,
    derived_columns,
    derived_tuple,
)
from steward.core.fields import OBJECTS
from steward.core.matching.keys import (
    EARLY_COLUMNS,
    LATE_COLUMNS,
    LATE_SOURCES,
    MATCH_OBJECTS,
    early_keys,
    late_key_values,
)
from steward.core.normalize import HELPER_COLUMNS, HELPER_SOURCE_FIELDS, helper_tuple
from steward.core.records import Row
from steward.core.values import Stored
from steward.store.models import RECORD_MODELS, SourceColumn

# SQLite allows 32,766 variables a statement; stay well below for the id look-ups.
_LOOKUP_CHUNK = 900

Params = tuple[Any, ...]
# One encoder for every row: json.dumps with options builds a new one per call, which was a
# third of the cost of encoding a row's extra columns.
_extra_json = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(slots=True)
class UpsertCounts:
    inserted: int = 0
    updated: int = 0


def table_name(object_name: str) -> str:
    return str(RECORD_MODELS[object_name].__tablename__)


class RowEncoder:
    """Turns Rows of one object, from a file with a given set of typed fields, into parameters.

    Only the fields the file has are written on update, so a Data Loader file with just Id and
    Email changes emails and leaves the rest of each record alone. Extra columns are merged into
    the record's JSON the same way; an empty value in the file removes that key. The record's
    id is always the first parameter.

    Encoding is split in two so that an import can share it between its processes: `encode`
    (in the parsing process) gives the fields, the early match keys and the extra JSON;
    `complete` (in the writing process) adds the late keys (company, domain, street, phone).
    The search helpers go to whichever process has time for them: the parsing process makes
    them while the writing one lags behind (see parse_stage), which keeps both busy whatever
    the data (their share of the work differs by a third from one export to another).
    """

    def __init__(self, object_name: str, fields: Iterable[str]) -> None:
        present = set(fields)
        self.object_name = object_name
        self.fields = [
            "Id",
            *[f for f in OBJECTS[object_name].fields if f in present and f != "Id"],
        ]
        # When the file lacks a field the helper columns are made from, they are recomputed
        # from the stored record after the upsert instead of from the file.
        self.helpers_from_file = DERIVED_SOURCE_FIELDS[object_name] <= set(self.fields)
        self._keyed = self.helpers_from_file and object_name in MATCH_OBJECTS
        self.columns = list(self.fields)
        if self.helpers_from_file:
            self.columns += HELPER_COLUMNS
        if self._keyed:
            self.columns += EARLY_COLUMNS + LATE_COLUMNS
        self._take: Callable[[dict[str, Stored]], Sequence[Stored]] = (
            itemgetter(*self.fields) if len(self.fields) > 1 else lambda v: (v["Id"],)
        )
        # What complete() reads from encode's parameters: the fields the helpers are made
        # from, the early keys' country and mailbox, and the fields the late keys use.
        self._helper_sources = [
            (f, self.fields.index(f))
            for f in sorted(HELPER_SOURCE_FIELDS.get(object_name, ()))
            if f in self.fields
        ]
        early_at = len(self.fields) + (len(HELPER_COLUMNS) if self.helpers_from_file else 0)
        self._country_at = early_at + EARLY_COLUMNS.index("mk_country")
        self._mailbox_at = early_at + EARLY_COLUMNS.index("mk_email")
        self._late_sources: list[int | None] = [
            self.fields.index(f) if f in self.fields else None
            for f in LATE_SOURCES.get(object_name, ())
        ]

    def encode(self, row: Row, *, helpers: bool = True) -> Params:
        """The fields, the helper columns (with helpers), the early match keys and the extra
        JSON: the parsing process's part."""
        try:
            values: list[Any] = list(self._take(row.values))
        except KeyError:  # rows from elsewhere may leave fields out
            values = [row.values.get(f) for f in self.fields]
        if helpers and self.helpers_from_file:
            values.extend(helper_tuple(self.object_name, row.values))
        if self._keyed:
            values.extend(early_keys(self.object_name, row.values))
        values.append(_extra_json(row.extra) if row.extra else "{}")
        return tuple(values)

    def complete(self, params: Params, *, helpers: bool = True) -> Params:
        """encode's parameters with the organisation keys added, and the helper columns when
        encode left them out (helpers False): ready for upsert_sql."""
        if not self.helpers_from_file:
            return params
        count = len(self.fields)
        if not helpers:
            found = helper_tuple(self.object_name, {f: params[i] for f, i in self._helper_sources})
            params = params[:count] + found + params[count:]
        if not self._keyed:
            return params
        values = [params[i] if i is not None else None for i in self._late_sources]
        late = late_key_values(
            [v if isinstance(v, str) else None for v in values],
            params[self._country_at],
            params[self._mailbox_at],
        )
        return params[:-1] + late + params[-1:]

    def upsert_sql(self) -> str:
        table = table_name(self.object_name)
        count = len(self.columns)
        placeholders = ", ".join(f"?{n}" for n in range(1, count + 1))
        extra_param = f"?{count + 1}"
        quoted = ", ".join(f'"{c}"' for c in [*self.columns, "extra"])
        updates = "".join(f'"{c}" = excluded."{c}", ' for c in self.columns if c != "Id")
        return (
            f'INSERT INTO "{table}" ({quoted}) '
            f"VALUES ({placeholders}, json_patch('{{}}', {extra_param})) "
            f'ON CONFLICT("Id") DO UPDATE SET {updates}'
            f'"extra" = json_patch("{table}"."extra", {extra_param})'
        )


class RecordWriter:
    """Writes encoded rows of one object and counts which were new.

    With known_empty, the table is known to have had no rows when the import began, so the
    writer remembers the ids it wrote instead of asking the database which ids exist.
    """

    def __init__(self, connection: Connection, encoder: RowEncoder, *, known_empty: bool) -> None:
        self._connection = connection
        self._encoder = encoder
        self._table = table_name(encoder.object_name)
        self._sql = encoder.upsert_sql()
        self._seen: set[str] | None = set() if known_empty else None

    def upsert(self, params: Sequence[Params], *, helpers: bool = True) -> UpsertCounts:
        """Write parameters made by the encoder's `encode` (with or without helpers, as
        encoded); count the new and updated ids."""
        counts = UpsertCounts()
        if not params:
            return counts
        ids = [p[0] for p in params]
        existing = self._seen if self._seen is not None else self._existing_ids(ids)
        for record_id in ids:
            if record_id in existing:
                counts.updated += 1
            else:
                counts.inserted += 1
                existing.add(record_id)  # a second row with this id updates the first
        complete = self._encoder.complete
        self._raw().executemany(self._sql, [complete(p, helpers=helpers) for p in params])
        if not self._encoder.helpers_from_file:
            refresh_helpers(self._connection, self._encoder.object_name, ids)
        return counts

    def _raw(self) -> Any:
        return self._connection.connection.driver_connection

    def _existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        cursor = self._raw().cursor()
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[start : start + _LOOKUP_CHUNK]
            marks = ", ".join("?" * len(chunk))
            cursor.execute(f'SELECT "Id" FROM "{self._table}" WHERE "Id" IN ({marks})', chunk)
            found.update(row[0] for row in cursor.fetchall())
        return found


def refresh_helpers(connection: Connection, object_name: str, ids: Iterable[Stored]) -> None:
    """Recompute the derived columns (helpers, match keys) of the given records."""
    table, quoted, update_sql = _derived_sql(object_name)
    raw: Any = connection.connection.driver_connection
    id_list = list(ids)
    for start in range(0, len(id_list), _LOOKUP_CHUNK):
        chunk = id_list[start : start + _LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = raw.execute(f'SELECT {quoted} FROM "{table}" WHERE "Id" IN ({marks})', chunk)
        raw.executemany(update_sql, _derived_updates(object_name, rows.fetchall()))


def refresh_all_derived(connection: Connection, object_name: str) -> None:
    """Recompute the derived columns of every record of an object (after a key change)."""
    table, quoted, update_sql = _derived_sql(object_name)
    raw: Any = connection.connection.driver_connection
    rows = raw.execute(f'SELECT {quoted} FROM "{table}"').fetchall()
    for start in range(0, len(rows), 10_000):
        raw.executemany(update_sql, _derived_updates(object_name, rows[start : start + 10_000]))


def _derived_sql(object_name: str) -> tuple[str, str, str]:
    table = table_name(object_name)
    sources = ["Id", *sorted(DERIVED_SOURCE_FIELDS[object_name])]
    quoted = ", ".join(f'"{c}"' for c in sources)
    assignments = ", ".join(f'"{c}" = ?' for c in derived_columns(object_name))
    return table, quoted, f'UPDATE "{table}" SET {assignments} WHERE "Id" = ?'


def _derived_updates(object_name: str, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    sources = ["Id", *sorted(DERIVED_SOURCE_FIELDS[object_name])]
    return [
        (*derived_tuple(object_name, dict(zip(sources, row, strict=True))), row[0]) for row in rows
    ]


def count_rows(connection: Connection, object_name: str) -> int:
    table = table_name(object_name)
    return int(connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one())


def remember_columns(connection: Connection, object_name: str, names: Sequence[str]) -> None:
    """Add a file's columns to the object's known source columns, keeping first-seen order."""
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
        connection.execute(insert(SourceColumn), new)


def source_columns(connection: Connection, object_name: str) -> list[str]:
    return list(
        connection.execute(
            text("SELECT name FROM source_column WHERE object_name = :o ORDER BY position"),
            {"o": object_name},
        ).scalars()
    )
