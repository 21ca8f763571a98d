"""The queries behind the record browser: counts, ordered id lists, pages of rows, one record.

Plain SQL over the workspace, no Qt. Records are addressed by their integer `pk`. Id lists come
back as `array('q')`, so a million of them cost 8 MB rather than a list of Python ints. Values
come back as display text, ready for a table cell.

Search uses each object's trigram FTS5 table: every term of `search_terms` of at least three
characters is a GLOB '*term*' on the FTS table (ANDed), which the trigram index answers
(`search_text` is folded to lower case, like the terms, so GLOB's case-sensitivity is no
matter; LIKE would lose the index to its ESCAPE clause); shorter terms, which trigrams cannot
find, are matched with LIKE over `search_text`. Sorting is by one typed column, empty values last,
then by pk, so the order is total and stable.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from steward.core.fields import OBJECTS, Kind, ObjectSpec
from steward.core.normalize import search_terms
from steward.store.bulk import source_columns, table_name
from steward.store.workspace import Workspace

Source = Workspace | Connection
RowValues = tuple[str, ...]

_MIN_TRIGRAM = 3
_MAX_PARAMS = 10_000  # SQLite allows 32,766 parameters a statement
_PARSE_SLICE = 100_000  # characters of pk text parsed at a time
_TEXT_KINDS = frozenset({Kind.STR})


class UnknownColumn(ValueError):
    """A sort column that is not a typed field of the object."""


def count(source: Source, object_name: str, search: str | None = None) -> int:
    """How many records of the object there are, or how many match the search."""
    table = table_name(object_name)
    where, params = _search_filter(table, search)
    sql = f'SELECT count(*) FROM "{table}"' + (f" WHERE {where}" if where else "")
    with _connected(source) as connection:
        return int(connection.exec_driver_sql(sql, tuple(params)).scalar_one())


def counts(source: Source) -> dict[str, int]:
    """The number of records of every object Steward keeps, by object API name."""
    with _connected(source) as connection:
        return {name: count(connection, name) for name in OBJECTS}


def ids(
    source: Source,
    object_name: str,
    search: str | None = None,
    sort: str | None = None,
    descending: bool = False,
) -> array[int]:
    """The pks of the object's records (matching search), ordered by sort, empty values last.

    Without a sort column the order is by pk, which is the order records were first imported.
    """
    spec = OBJECTS[object_name]
    table = table_name(object_name)
    direction = " DESC" if descending else ""
    if sort is not None and sort not in spec.fields:
        raise UnknownColumn(f"{object_name} has no field {sort!r} to sort by")
    where, params = _search_filter(table, search)
    if sort is None and where and _fts_only(search):
        # The FTS table alone gives the pks, already in rowid order.
        sql = (
            f'SELECT rowid AS pk FROM "{table}_fts" WHERE {_fts_condition(len(params))} '
            f"ORDER BY rowid{direction}"
        )
    elif sort is None:
        sql = f'SELECT pk FROM "{table}"{_where(where)} ORDER BY pk{direction}'
    else:
        # One statement, so that an index on the column (COLLATE NOCASE for text) serves it.
        collate = " COLLATE NOCASE" if spec.fields[sort] in _TEXT_KINDS else ""
        sql = (
            f'SELECT pk FROM "{table}"{_where(where)} '
            f'ORDER BY "{sort}"{collate}{direction} NULLS LAST, pk{direction}'
        )
    with _connected(source) as connection:
        return _pk_array(connection, sql, params)


def rows(
    source: Source, object_name: str, pks: Sequence[int], columns: Sequence[str]
) -> dict[int, RowValues]:
    """Display text of the given columns for each of the given pks, in one query.

    Columns are typed field names or names of other source columns (read from `extra`).
    Pks that no longer exist are missing from the result.
    """
    if not pks:
        return {}
    spec = OBJECTS[object_name]
    table = table_name(object_name)
    selected: list[str] = []
    params: list[Any] = []
    for name in columns:
        if name in spec.fields:
            selected.append(f'"{name}"')
        else:
            selected.append("json_extract(extra, ?)")
            params.append(_json_path(name))
    kinds = [spec.fields.get(name) for name in columns]
    select = "".join(f", {column}" for column in selected)
    found: dict[int, RowValues] = {}
    with _connected(source) as connection:
        cursor = _driver(connection)
        for start in range(0, len(pks), _MAX_PARAMS):
            chunk = list(pks[start : start + _MAX_PARAMS])
            marks = ", ".join("?" * len(chunk))
            sql = f'SELECT pk{select} FROM "{table}" WHERE pk IN ({marks})'
            for pk, *values in cursor.execute(sql, [*params, *chunk]):
                found[pk] = tuple(
                    display(kind, value) for kind, value in zip(kinds, values, strict=True)
                )
    return found


def record(source: Source, object_name: str, pk: int) -> list[tuple[str, str]] | None:
    """Every field of one record as (name, display text), or None when there is no such record.

    The order is that of the object's source files; without source files, the typed fields in
    their usual order. Fields the files did not have, and other columns kept from elsewhere,
    follow.
    """
    spec = OBJECTS[object_name]
    table = table_name(object_name)
    with _connected(source) as connection:
        cursor = _driver(connection).execute(f'SELECT * FROM "{table}" WHERE pk = ?', (pk,))
        row = cursor.fetchone()
        if row is None:
            return None
        names = [d[0] for d in cursor.description]
        stored = dict(zip(names, row, strict=True))
        order = source_columns(connection, object_name)
    extra = _extra(stored.get("extra"))
    fields: list[tuple[str, str]] = []
    shown: set[str] = set()
    extra_by_lower = {key.lower(): key for key in extra}
    for name in order:
        if name in spec.fields:
            fields.append((name, display(spec.fields[name], stored.get(name), detail=True)))
            shown.add(name)
        else:
            key = name if name in extra else extra_by_lower.get(name.lower(), name)
            fields.append((name, _text(extra.get(key))))
            shown.add(key)
    fields.extend(
        (name, display(kind, stored.get(name), detail=True))
        for name, kind in spec.fields.items()
        if name not in shown
    )
    fields.extend((key, _text(value)) for key, value in extra.items() if key not in shown)
    return fields


def title(spec: ObjectSpec, fields: Sequence[tuple[str, str]]) -> str:
    """What names a record in a heading, from its fields: 'Ada Lovelace', 'Acme Ltd'."""
    values = dict(fields)
    return " ".join(values.get(name, "") for name in spec.title_fields if values.get(name))


def display(kind: Kind | None, value: object, *, detail: bool = False) -> str:
    """The text a steward reads for a stored value; datetimes in local time."""
    if value is None:
        return ""
    if kind is Kind.BOOL or isinstance(value, bool):
        return "Yes" if value else "No"
    if kind is Kind.INT and isinstance(value, int):
        return f"{value:,}"
    if kind is Kind.FLOAT and isinstance(value, int | float):
        if float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:,.2f}"
    if kind is Kind.DATETIME and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value).astimezone()
        except ValueError:
            return value
        return moment.strftime("%Y-%m-%d %H:%M:%S" if detail else "%Y-%m-%d %H:%M")
    return str(value)


def _search_filter(table: str, search: str | None) -> tuple[str, list[Any]]:
    """The WHERE condition (without WHERE) and parameters that select records matching search."""
    terms = search_terms(search or "")
    if not terms:
        return "", []
    conditions: list[str] = []
    params: list[Any] = []
    long_terms = [t for t in terms if len(t) >= _MIN_TRIGRAM]
    if long_terms:
        conditions.append(
            f'pk IN (SELECT rowid FROM "{table}_fts" WHERE {_fts_condition(len(long_terms))})'
        )
        params.extend(f"*{_glob_escape(term)}*" for term in long_terms)
    for term in terms:
        if len(term) < _MIN_TRIGRAM:
            conditions.append("search_text LIKE ? ESCAPE '\\'")
            params.append(f"%{_like_escape(term)}%")
    return " AND ".join(conditions), params


def _fts_only(search: str | None) -> bool:
    terms = search_terms(search or "")
    return bool(terms) and all(len(t) >= _MIN_TRIGRAM for t in terms)


def _fts_condition(count: int) -> str:
    return " AND ".join(["search_text GLOB ?"] * count)


def _glob_escape(term: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in term)


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _json_path(key: str) -> str:
    return '$."' + key.replace('"', "") + '"'


def _where(condition: str) -> str:
    return f" WHERE {condition}" if condition else ""


def _extra(value: object) -> dict[str, Any]:
    if isinstance(value, str) and value:
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _pk_array(connection: Connection, sql: str, params: Sequence[Any]) -> array[int]:
    """The pks a query selects, in its order.

    SQLite hands them over as one comma-separated text (its ordered subquery is never flattened
    into the aggregate, so the order holds), about twice as fast as a million one-column rows.
    The text is parsed a slice at a time, so that this thread never holds the GIL for long and
    the GUI thread stays responsive while a big list loads.
    """
    packed = (
        _driver(connection)
        .execute(f"SELECT group_concat(pk) FROM ({sql})", tuple(params))
        .fetchone()[0]
    )
    result: array[int] = array("q")
    if not packed:
        return result
    start, size = 0, len(packed)
    while start < size:
        end = packed.find(",", min(start + _PARSE_SLICE, size))
        end = size if end < 0 else end
        result.extend(map(int, packed[start:end].split(",")))
        start = end + 1
    return result


def _driver(connection: Connection) -> Any:
    """The DB-API connection under SQLAlchemy, for queries whose rows need no processing."""
    return connection.connection.driver_connection


@contextmanager
def _connected(source: Source) -> Iterator[Connection]:
    if isinstance(source, Connection):
        yield source
        return
    with source.engine.connect() as connection:
        yield connection
