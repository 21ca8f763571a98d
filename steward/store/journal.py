"""The journal: every change a steward makes, with what it replaced, undoable and redoable.

An operation touches rows of any workspace table. Before a row is changed its touched columns
are read (the before-image); when the operation ends they are read again (the after-image).
Undo writes the before-images back in reverse order, redo the after-images in order, so both
are exact whatever the operation was: an edit, a confirmation, later a merge or a conversion.
Undo and redo work like an editor's: a new operation drops whatever could have been redone.
"""

from __future__ import annotations

import getpass
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from steward.core.derived import DERIVED_SOURCE_FIELDS
from steward.core.fields import OBJECTS
from steward.core.values import Stored, format_datetime
from steward.store.bulk import refresh_helpers, table_name
from steward.store.models import RECORD_MODELS, Base, Operation, OperationRow

# Record tables by table name, to know which images are CRM records (exported, searchable).
_OBJECT_BY_TABLE = {table_name(name): name for name in RECORD_MODELS}
_REDOABLE_GONE = "discarded"


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
    _touches: list[_Touch] = field(default_factory=list)

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
        earlier = next((t for t in self._touches if t.table == table and t.key == dict(key)), None)
        if earlier is None:
            self._touches.append(
                _Touch(table, dict(key), wanted if before is not None else None, before)
            )
        elif earlier.columns is not None and earlier.before is not None and before is not None:
            if wanted is None:
                earlier.columns = None
            else:
                earlier.columns = (
                    *earlier.columns,
                    *(c for c in wanted if c not in earlier.columns),
                )
            earlier.before = {**before, **earlier.before}
        return before


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
    after = [
        _image(t.table, t.key, _read(session, t.table, t.key, t.columns)) for t in recorder._touches
    ]
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
    return _last_id(session)


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
        raise JournalError(
            f"Cannot undo “{entry.label or entry.kind}”: "
            + (
                "it was pushed to the CRM already"
                if entry.state == "pushed"
                else f"its push to the CRM is marked {entry.state}; resolve that first"
            )
        )
    _check_unchanged(session, entry.after, "undo", entry)
    _write_images(session, list(reversed(entry.before)))
    entry.undone = True
    return _step(session, entry)


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
        }


def history(connection: Connection | Session, *, limit: int | None = None) -> list[Entry]:
    """Operations newest first, undone ones included (they can be redone)."""
    query = select(
        Operation.id,
        Operation.kind,
        Operation.label,
        Operation.created,
        Operation.author,
        Operation.state,
        Operation.undone,
        Operation.inputs,
    ).order_by(Operation.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [Entry(*row) for row in connection.execute(query)]


def pending_changes(connection: Connection) -> dict[str, dict[str, set[str]]]:
    """Per object, per record id, the fields changed by operations not yet pushed or undone."""
    changes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    query = select(Operation.after).where(Operation.state == "pending", Operation.undone.is_(False))
    for images in connection.execute(query).scalars():
        for image in images:
            object_name = _OBJECT_BY_TABLE.get(image["table"])
            if object_name is None or image["row"] is None:
                continue
            changes[object_name][str(image["key"].get("Id"))].update(image["row"])
    return {obj: dict(records) for obj, records in changes.items()}


def _last_id(session: Session) -> int:
    value = session.scalar(select(Operation.id).order_by(Operation.id.desc()).limit(1))
    assert value is not None
    return value


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


def _image(table: str, key: Mapping[str, Any], row: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"table": table, "key": dict(key), "row": dict(row) if row is not None else None}


def _check_unchanged(
    session: Session, images: list[dict[str, Any]], verb: str, entry: Operation
) -> None:
    """Refuse when a row no longer looks as the operation left it (a later import changed it):
    writing the images back would silently throw that change away."""
    for image in images:
        columns = tuple(image["row"]) if image["row"] is not None else None
        current = _read(session, image["table"], image["key"], columns)
        if image["row"] is None:
            changed = current is not None
        else:
            changed = current is None or _normal(current) != _normal(image["row"])
        if changed:
            what = _OBJECT_BY_TABLE.get(image["table"], image["table"])
            ident = image["key"].get("Id") or ", ".join(map(str, image["key"].values()))
            raise JournalError(
                f"Cannot {verb} “{entry.label or entry.kind}”: {what} {ident} has changed "
                "since (by an import or another change)"
            )


def _normal(row: Mapping[str, Any]) -> dict[str, Any]:
    # JSON round trips turn floats like 5.0 into 5 and keep everything else as is.
    return {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in row.items()}  # fmt: skip


def _write_images(session: Session, images: list[dict[str, Any]]) -> None:
    for image in images:
        table = _table(image["table"])
        where = _where(table, image["key"])
        row = image["row"]
        if row is None:
            session.execute(delete(table).where(where))
        elif session.execute(select(*table.primary_key.columns).where(where)).first():
            session.execute(update(table).where(where).values(row))
        else:
            session.execute(insert(table).values({**image["key"], **row}))
    session.flush()
    _refresh_helpers(session, images)


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
