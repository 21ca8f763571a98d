"""The journal: every change a steward makes, with what it replaced.

This first part records field edits and tells which records have changes not yet pushed or
handed over; merges, conversions, undo and push states build on it.
"""

from __future__ import annotations

import getpass
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from steward.core.fields import OBJECTS
from steward.core.normalize import HELPER_SOURCE_FIELDS
from steward.core.values import Stored, format_datetime
from steward.store.bulk import refresh_helpers
from steward.store.models import RECORD_MODELS, Operation, OperationRow


class JournalError(Exception):
    """A change that cannot be made; the message says why."""


def current_author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in some sandboxes and services
        return "steward"


def edit_field(
    session: Session, object_name: str, record_id: str, field: str, value: Stored
) -> int:
    """Set one field of one record, journaled; returns the operation's id."""
    spec = OBJECTS.get(object_name)
    if spec is None or field not in spec.fields or field == "Id":
        raise JournalError(f"{object_name}.{field} is not a field that can be edited")
    model = RECORD_MODELS[object_name]
    record = session.scalar(select(model).where(model.Id == record_id))
    if record is None:
        raise JournalError(f"No {object_name} with id {record_id}")
    before = getattr(record, field)
    operation = Operation(
        kind="edit",
        created=format_datetime(datetime.now(UTC)),
        author=current_author(),
        inputs={"object": object_name, "id": record_id, "field": field, "value": value},
        before=[{"object": object_name, "id": record_id, "values": {field: before}}],
        state="pending",
    )
    session.add(operation)
    session.flush()
    session.execute(
        insert(OperationRow),
        {"operation_id": operation.id, "object_name": object_name, "record_id": record_id},
    )
    session.execute(update(model).where(model.Id == record_id).values({field: value}))
    if field in HELPER_SOURCE_FIELDS[object_name]:
        refresh_helpers(session.connection(), object_name, [record_id])
    return operation.id


def pending_changes(connection: Connection) -> dict[str, dict[str, set[str]]]:
    """Per object, per record id, the fields changed by operations not yet pushed or undone."""
    changes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    query = select(Operation.inputs).where(
        Operation.state == "pending", Operation.undone.is_(False), Operation.kind == "edit"
    )
    for inputs in connection.execute(query).scalars():
        changes[inputs["object"]][inputs["id"]].add(inputs["field"])
    return {obj: dict(records) for obj, records in changes.items()}
