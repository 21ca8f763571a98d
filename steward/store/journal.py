"""The journal: every change a steward makes, with what it replaced, undoable and redoable.

An operation touches rows of any workspace table. Before a row is changed its touched columns
are read (the before-image); when the operation ends they are read again (the after-image).
Undo writes the before-images back in reverse order, redo the after-images in order, so both
are exact whatever the operation was: an edit, a confirmation, later a merge or a conversion.
Undo and redo work like an editor's: a new operation drops whatever could have been redone.
"""

from __future__ import annotations

import getpass
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from steward.core.derived import DERIVED_SOURCE_FIELDS
from steward.core.fields import OBJECTS
from steward.core.ids import LOCAL_PREFIX
from steward.core.values import Stored, format_datetime
from steward.store.bulk import refresh_helpers, table_name
from steward.store.models import RECORD_MODELS, Base, Operation, OperationRow

# Record tables by table name, to know which images are CRM records (exported, searchable).
_OBJECT_BY_TABLE = {table_name(name): name for name in RECORD_MODELS}
_REDOABLE_GONE = "discarded"
_CHUNK = 500  # ids per IN (...) read, well below SQLite's limit on variables


class JournalError(Exception):
    """A change that cannot be made or undone; the message says why."""


def current_author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in some sandboxes and services
        return "steward"


def now_text() -> str:
    return format_datetime(datetime.now(UTC))


@dataclass(slots=True)
class _Touch:
    table: str
    key: dict[str, Any]
    columns: tuple[str, ...] | None  # None: the whole row
    before: dict[str, Any] | None


@dataclass(slots=True)
class Recorder:
    """Collects the rows an operation touches; see `operation`."""

    session: Session
    operation_id: int = 0  # the journal entry's id, once the operation has ended
    _touches: list[_Touch] = field(default_factory=list)
    # touches by (table, key items): a bulk operation touches tens of thousands of rows
    _index: dict[tuple[str, tuple[tuple[str, Any], ...]], _Touch] = field(default_factory=dict)

    def touch(
        self, table: str, key: Mapping[str, Any], columns: Sequence[str] | None = None
    ) -> dict[str, Any] | None:
        """Remember a row before changing it (only `columns`, or all of them); returns the
        row as it is now, None when it does not exist.

        Touching a row again adds the new columns with their values as they are now, while
        the columns touched before keep their earlier values. A row that does not exist yet
        is imaged whole, so that redo can create it again."""
        wanted = tuple(columns) if columns is not None else None
        before = _read(self.session, table, key, wanted)
        self._remember(table, dict(key), wanted, before)
        return before

    def touch_many(
        self,
        table: str,
        ids: Sequence[str],
        columns: Sequence[str] | None = None,
        *,
        key: str = "Id",
    ) -> dict[str, dict[str, Any]]:
        """touch for many rows keyed by one column (Id, or a table's own key such as
        lead_id), read in chunks; returns the rows found by key value."""
        wanted = tuple(columns) if columns is not None else None
        found = _read_many(self.session, table, ids, wanted, key)
        for record_id in dict.fromkeys(ids):
            self._remember(table, {key: record_id}, wanted, found.get(record_id))
        return found

    def created(self, table: str, key: Mapping[str, Any]) -> None:
        """Remember a row about to be inserted (its caller knows it does not exist yet)."""
        self._remember(table, dict(key), None, None)

    def _remember(
        self,
        table: str,
        key: dict[str, Any],
        wanted: tuple[str, ...] | None,
        before: dict[str, Any] | None,
    ) -> None:
        index_key = (table, tuple(key.items()))
        earlier = self._index.get(index_key)
        if earlier is None:
            touch = _Touch(table, key, wanted if before is not None else None, before)
            self._touches.append(touch)
            self._index[index_key] = touch
        elif earlier.columns is not None and earlier.before is not None and before is not None:
            if wanted is None:
                earlier.columns = None
            else:
                earlier.columns = (
                    *earlier.columns,
                    *(c for c in wanted if c not in earlier.columns),
                )
            earlier.before = {**before, **earlier.before}


@contextmanager
def operation(
    session: Session, kind: str, label: str, inputs: Mapping[str, Any]
) -> Iterator[Recorder]:
    """Record one journal operation around the changes made inside the block.

    Changes go through the session; the caller commits (the operation and its changes land
    together, or not at all)."""
    recorder = Recorder(session)
    yield recorder
    session.flush()
    # Helper columns first: a whole-row after-image must hold them as they will stay, or the
    # row would look changed since (and refuse undo) the moment the helpers caught up.
    _refresh_touched(session, recorder._touches)
    after = _after_images(session, recorder._touches)
    before = [_image(t.table, t.key, t.before) for t in recorder._touches]
    # A new operation ends the chance to redo anything undone before it.
    session.execute(
        update(Operation).where(Operation.undone.is_(True)).values(state=_REDOABLE_GONE)
    )
    entry = Operation(
        kind=kind,
        created=now_text(),
        author=current_author(),
        inputs=dict(inputs),
        before=before,
        after=after,
        label=label,
        state="pending",
        undone=False,
    )
    session.add(entry)
    session.flush()
    recorder.operation_id = entry.id
    rows = {
        (_OBJECT_BY_TABLE[t.table], str(t.key.get("Id")))
        for t in recorder._touches
        if t.table in _OBJECT_BY_TABLE
    }
    if rows:
        session.execute(
            insert(OperationRow),
            [{"operation_id": entry.id, "object_name": o, "record_id": i} for o, i in rows],
        )


def edit_field(
    session: Session, object_name: str, record_id: str, field: str, value: Stored
) -> int:
    """Set one field of one record, journaled; returns the operation's id."""
    return edit_fields(session, object_name, record_id, {field: value})


def edit_fields(
    session: Session,
    object_name: str,
    record_id: str,
    values: Mapping[str, Stored],
    *,
    label: str = "",
) -> int:
    """Set fields of one record in one journaled operation; returns the operation's id."""
    spec = OBJECTS.get(object_name)
    if not values:
        raise JournalError(f"No fields given to edit on {object_name} {record_id}")
    for name in values:
        if spec is None or name not in spec.fields or name == "Id":
            raise JournalError(f"{object_name}.{name} is not a field that can be edited")
    assert spec is not None
    model = RECORD_MODELS[object_name]
    table = table_name(object_name)
    names = ", ".join(values)
    text = label or f"Edit {spec.label} {record_id}: {names}"
    inputs = {"object": object_name, "id": record_id, "values": dict(values)}
    with operation(session, "edit", text, inputs) as recorder:
        if recorder.touch(table, {"Id": record_id}, list(values)) is None:
            raise JournalError(f"No {object_name} with id {record_id}")
        session.execute(update(model).where(model.Id == record_id).values(dict(values)))
    return recorder.operation_id


@dataclass(frozen=True, slots=True)
class Step:
    """What undo or redo did: the operation and the records it touched, by object."""

    operation_id: int
    label: str
    records: dict[str, set[str]]


def undo(session: Session) -> Step:
    """Undo the newest operation still in effect."""
    entry = session.scalar(
        select(Operation)
        .where(Operation.undone.is_(False), Operation.state != _REDOABLE_GONE)
        .order_by(Operation.id.desc())
        .limit(1)
    )
    if entry is None:
        raise JournalError("Nothing to undo")
    if entry.state != "pending":
        raise JournalError(_refusal(entry))
    _check_unchanged(session, entry.after, "undo", entry)
    _write_images(session, list(reversed(entry.before)))
    entry.undone = True
    return _step(session, entry)


def _refusal(entry: Operation) -> str:
    what = f"Cannot undo “{entry.label or entry.kind}”: "
    if entry.state == "pushed":
        return what + "it was pushed to the CRM already; change the records again instead"
    said = f" (the CRM said: {entry.message})" if entry.message else ""
    return what + f"its push to the CRM {_STATE_WORDS.get(entry.state, entry.state)}{said}"


_STATE_WORDS = {"failed": "failed", "conflict": "met a conflict"}
PUSH_STATES = ("pending", "pushed", "failed", "conflict")


def set_push_state(session: Session, operation_id: int, state: str, message: str = "") -> None:
    """Record what pushing an operation to the CRM did: pushed, failed or conflict (with the
    CRM's message), or pending again (to retry it)."""
    if state not in PUSH_STATES:
        raise JournalError(f"{state!r} is not a push state: use {', '.join(PUSH_STATES)}")
    entry = session.get(Operation, operation_id)
    if entry is None:
        raise JournalError(f"The journal has no operation {operation_id}")
    if entry.undone or entry.state == _REDOABLE_GONE:
        raise JournalError(f"Operation {operation_id} is undone: there is nothing to push")
    entry.state = state
    entry.message = "" if state in ("pending", "pushed") else message


def pending_operations(connection: Connection | Session) -> list[Entry]:
    """Operations in effect that the CRM does not have yet, oldest first (the push order)."""
    query = (
        select(*_ENTRY_COLUMNS)
        .where(Operation.state == "pending", Operation.undone.is_(False))
        .order_by(Operation.id)
    )
    return [Entry(*row) for row in connection.execute(query)]


def redo(session: Session) -> Step:
    """Apply again the oldest undone operation that nothing newer has replaced."""
    entry = session.scalar(
        select(Operation)
        .where(Operation.undone.is_(True), Operation.state != _REDOABLE_GONE)
        .order_by(Operation.id)
        .limit(1)
    )
    if entry is None:
        raise JournalError("Nothing to redo")
    _check_unchanged(session, entry.before, "redo", entry)
    _write_images(session, entry.after)
    entry.undone = False
    return _step(session, entry)


def can_undo(connection: Connection | Session) -> str | None:
    """The label of what undo would undo, or None (also when the newest operation in effect
    was pushed already: undo goes newest first, so nothing older can be undone either)."""
    row = connection.execute(
        select(Operation.label, Operation.kind, Operation.state)
        .where(Operation.undone.is_(False), Operation.state != _REDOABLE_GONE)
        .order_by(Operation.id.desc())
        .limit(1)
    ).first()
    if row is None or row.state != "pending":
        return None
    return str(row.label or row.kind)


def can_redo(connection: Connection | Session) -> str | None:
    """The label of what redo would redo, or None."""
    row = connection.execute(
        select(Operation.label, Operation.kind)
        .where(Operation.undone.is_(True), Operation.state != _REDOABLE_GONE)
        .order_by(Operation.id)
        .limit(1)
    ).first()
    return None if row is None else str(row.label or row.kind)


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    kind: str
    label: str
    created: str
    author: str
    state: str
    undone: bool
    inputs: dict[str, Any]
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "created": self.created,
            "author": self.author,
            "state": self.state,
            "undone": self.undone,
            "inputs": self.inputs,
            "message": self.message,
        }


_ENTRY_COLUMNS = (
    Operation.id,
    Operation.kind,
    Operation.label,
    Operation.created,
    Operation.author,
    Operation.state,
    Operation.undone,
    Operation.inputs,
    Operation.message,
)


def history(connection: Connection | Session, *, limit: int | None = None) -> list[Entry]:
    """Operations newest first, undone ones included (they can be redone)."""
    query = select(*_ENTRY_COLUMNS).order_by(Operation.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [Entry(*row) for row in connection.execute(query)]


# Operations whose CRM counterpart is an API call of its own (convertLead), not field updates:
# export lists them on the worksheet rather than in the update files.
WORKSHEET_ONLY = frozenset({"convert", "bulk_convert"})


def pending_changes(connection: Connection) -> dict[str, dict[str, set[str]]]:
    """Per object, per record id, the fields changed by operations not yet pushed or undone
    (conversions aside, and records made in the workspace that the CRM does not know yet)."""
    changes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for before, after in _pending_images(connection):
        earlier = {(i["table"], _key_text(i["key"])): i["row"] for i in before}
        for image in after:
            object_name = _OBJECT_BY_TABLE.get(image["table"])
            record_id = str(image["key"].get("Id"))
            if object_name is None or image["row"] is None or record_id.startswith(LOCAL_PREFIX):
                continue
            columns = set(image["row"]) - {"extra"}
            if "extra" in image["row"]:  # the org's own fields: those whose text changed
                old = earlier.get((image["table"], _key_text(image["key"]))) or {}
                columns |= _changed_keys(old.get("extra"), image["row"]["extra"])
            changes[object_name][record_id].update(columns)
    return {obj: dict(records) for obj, records in changes.items()}


def _key_text(key: Mapping[str, Any]) -> str:
    return json.dumps(key, sort_keys=True)


def _changed_keys(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> set[str]:
    old, new = old or {}, new or {}
    return {k for k in {*old, *new} if (old.get(k) or "") != (new.get(k) or "")}


def pending_deletes(connection: Connection) -> dict[str, set[str]]:
    """Per object, the CRM records that pending operations (merges) deleted."""
    deleted: dict[str, set[str]] = defaultdict(set)
    for _before, after in _pending_images(connection):
        for image in after:
            object_name = _OBJECT_BY_TABLE.get(image["table"])
            record_id = str(image["key"].get("Id"))
            if object_name is None or record_id.startswith(LOCAL_PREFIX):
                continue
            if image["row"] is None:
                deleted[object_name].add(record_id)
            else:
                deleted[object_name].discard(record_id)  # made again by a later operation
    return dict(deleted)


def _pending_images(
    connection: Connection,
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """(before, after) images of the operations still to push, oldest first."""
    query = (
        select(Operation.before, Operation.after)
        .where(
            Operation.state == "pending",
            Operation.undone.is_(False),
            Operation.kind.not_in(WORKSHEET_ONLY),
        )
        .order_by(Operation.id)
    )
    yield from ((before, after) for before, after in connection.execute(query))


def _table(name: str) -> Table:
    table = Base.metadata.tables.get(name)
    if table is None:
        raise JournalError(f"The journal does not know the table {name}")
    return table


def _where(table: Table, key: Mapping[str, Any]) -> Any:
    return and_(*(table.c[column] == value for column, value in key.items()))


def _read(
    session: Session, name: str, key: Mapping[str, Any], columns: tuple[str, ...] | None
) -> dict[str, Any] | None:
    table = _table(name)
    selected = [table.c[c] for c in columns] if columns is not None else list(table.c)
    row = session.execute(select(*selected).where(_where(table, key))).mappings().first()
    return dict(row) if row is not None else None


def _read_many(
    session: Session,
    name: str,
    ids: Sequence[str],
    columns: tuple[str, ...] | None,
    key: str = "Id",
) -> dict[str, dict[str, Any]]:
    """Rows by their one-column key (only `columns`, or all), read in chunks of key values."""
    table = _table(name)
    selected: list[Any] = [table.c[c] for c in columns] if columns is not None else list(table.c)
    if columns is not None and key not in columns:
        selected.append(table.c[key].label("_key_id"))
    found: dict[str, dict[str, Any]] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        for row in session.execute(select(*selected).where(table.c[key].in_(chunk))).mappings():
            values = dict(row)
            record_id = values.pop("_key_id") if "_key_id" in values else values[key]
            found[str(record_id)] = values
    return found


def _single(key: Mapping[str, Any]) -> str | None:
    """The key's column when it has one (those rows are read and written in batches)."""
    return next(iter(key)) if len(key) == 1 else None


def _after_images(session: Session, touches: Sequence[_Touch]) -> list[dict[str, Any]]:
    """The rows as the operation leaves them, read in chunks per table and column set: a
    bulk operation touches tens of thousands of rows, one query each took most of its time."""
    groups: dict[tuple[str, str, tuple[str, ...] | None], list[str]] = defaultdict(list)
    for touch in touches:
        if (column := _single(touch.key)) is not None:
            groups[(touch.table, column, touch.columns)].append(str(touch.key[column]))
    read = {
        (table, column, columns): _read_many(session, table, ids, columns, column)
        for (table, column, columns), ids in groups.items()
    }
    images = []
    for touch in touches:
        if (column := _single(touch.key)) is not None:
            row = read[(touch.table, column, touch.columns)].get(str(touch.key[column]))
        else:
            row = _read(session, touch.table, touch.key, touch.columns)
        images.append(_image(touch.table, touch.key, row))
    return images


def _image(table: str, key: Mapping[str, Any], row: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"table": table, "key": dict(key), "row": dict(row) if row is not None else None}


def _check_unchanged(
    session: Session, images: list[dict[str, Any]], verb: str, entry: Operation
) -> None:
    """Refuse when a row no longer looks as the operation left it (a later import changed it):
    writing the images back would silently throw that change away."""
    current = _current_rows(session, images)
    for image, now in zip(images, current, strict=True):
        if image["row"] is None:
            changed = now is not None
        else:
            changed = now is None or _normal(now) != _normal(image["row"])
        if changed:
            what = _OBJECT_BY_TABLE.get(image["table"], image["table"])
            ident = image["key"].get("Id") or ", ".join(map(str, image["key"].values()))
            raise JournalError(
                f"Cannot {verb} “{entry.label or entry.kind}”: {what} {ident} has changed "
                "since (by an import or another change)"
            )


def _current_rows(session: Session, images: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """Each image's row as it is now (its columns; just the key for an image of no row),
    records read in chunks per table and column set."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[str]] = defaultdict(list)

    def group_of(image: dict[str, Any], column: str) -> tuple[str, str, tuple[str, ...]]:
        columns = tuple(image["row"]) if image["row"] is not None else (column,)
        return image["table"], column, columns

    for image in images:
        if (column := _single(image["key"])) is not None:
            groups[group_of(image, column)].append(str(image["key"][column]))
    read = {
        group: _read_many(session, group[0], ids, group[2], group[1])
        for group, ids in groups.items()
    }
    rows: list[dict[str, Any] | None] = []
    for image in images:
        if (column := _single(image["key"])) is not None:
            rows.append(read[group_of(image, column)].get(str(image["key"][column])))
        else:
            columns = tuple(image["row"]) if image["row"] is not None else None
            rows.append(_read(session, image["table"], image["key"], columns))
    return rows


def _normal(row: Mapping[str, Any]) -> dict[str, Any]:
    # JSON round trips turn floats like 5.0 into 5 and keep everything else as is.
    return {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in row.items()}  # fmt: skip


def _write_images(session: Session, images: list[dict[str, Any]]) -> None:
    """Write rows back as the images have them. An operation images each row once, so the
    order of the writes does not matter, and records are written in batches: deletes, then
    updates grouped by column set, then inserts."""
    keyed = [i for i in images if _single(i["key"]) is not None]
    existing = {
        (table, column): set(_read_many(session, table, ids, (column,), column))
        for (table, column), ids in _ids_by_table(keyed).items()
    }
    # (table, key column) -> key values / rows
    deletes: dict[tuple[str, str], list[str]] = defaultdict(list)
    updates: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for image in keyed:
        column = next(iter(image["key"]))
        record_id, row = str(image["key"][column]), image["row"]
        if row is None:
            deletes[(image["table"], column)].append(record_id)
        elif record_id in existing[(image["table"], column)]:
            updates[(image["table"], column, tuple(sorted(row)))].append({"_key": record_id, **row})
        else:
            inserts[image["table"]].append({**image["key"], **row})
    connection = session.connection()
    for (name, column), ids in deletes.items():
        table = _table(name)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            connection.execute(delete(table).where(table.c[column].in_(chunk)))
    for (name, column, columns), rows in updates.items():
        table = _table(name)
        statement = (
            update(table)
            .where(table.c[column] == bindparam("_key"))
            .values({c: bindparam(c) for c in columns})
        )
        connection.execute(statement, rows)
    for name, rows in inserts.items():
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_columns[tuple(sorted(row))].append(row)
        for batch in by_columns.values():
            connection.execute(insert(_table(name)), batch)
    for image in images:
        if _single(image["key"]) is None:
            _write_one(session, image)
    session.flush()
    _refresh_helpers(session, images)


def _ids_by_table(images: list[dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """Key values per (table, key column) of images with one-column keys."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for image in images:
        column = next(iter(image["key"]))
        found[(image["table"], column)].append(str(image["key"][column]))
    return found


def _write_one(session: Session, image: dict[str, Any]) -> None:
    table = _table(image["table"])
    where = _where(table, image["key"])
    row = image["row"]
    if row is None:
        session.execute(delete(table).where(where))
    elif session.execute(select(*table.primary_key.columns).where(where)).first():
        session.execute(update(table).where(where).values(row))
    else:
        session.execute(insert(table).values({**image["key"], **row}))


def _refresh_touched(session: Session, touches: list[_Touch]) -> None:
    """Bring the helper columns of the records an operation touched up to date."""
    stale: dict[str, set[str]] = defaultdict(set)
    for touch in touches:
        object_name = _OBJECT_BY_TABLE.get(touch.table)
        if object_name is None or "Id" not in touch.key:
            continue
        if touch.columns is None or set(touch.columns) & DERIVED_SOURCE_FIELDS[object_name]:
            stale[object_name].add(str(touch.key["Id"]))
    for object_name, ids in stale.items():
        refresh_helpers(session.connection(), object_name, ids)


def _refresh_helpers(session: Session, images: list[dict[str, Any]]) -> None:
    """Helper columns follow the fields they are derived from, whichever way those changed."""
    stale: dict[str, set[str]] = defaultdict(set)
    for image in images:
        object_name = _OBJECT_BY_TABLE.get(image["table"])
        row = image["row"]
        if object_name is None or row is None or "Id" not in image["key"]:
            continue
        if set(row) & DERIVED_SOURCE_FIELDS[object_name]:
            stale[object_name].add(str(image["key"]["Id"]))
    for object_name, ids in stale.items():
        refresh_helpers(session.connection(), object_name, ids)


def step_of(session: Session, operation_id: int) -> Step:
    """The records an operation touched, as undo and redo report them (for a screen to show
    them again after it made the operation)."""
    entry = session.get(Operation, operation_id)
    if entry is None:
        raise JournalError(f"The journal has no operation {operation_id}")
    return _step(session, entry)


def _step(session: Session, entry: Operation) -> Step:
    session.flush()
    records: dict[str, set[str]] = defaultdict(set)
    for image in [*entry.before, *entry.after]:
        object_name = _OBJECT_BY_TABLE.get(image["table"])
        if object_name is not None and "Id" in image["key"]:
            records[object_name].add(str(image["key"]["Id"]))
        elif "lead_id" in image["key"]:
            records["Lead"].add(str(image["key"]["lead_id"]))
    return Step(entry.id, entry.label or entry.kind, dict(records))
