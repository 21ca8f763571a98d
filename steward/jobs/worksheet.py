"""The worksheet: pending merges, conversions and disqualifications, in words, for a steward
who applies an offline session by hand (Data Loader for updates and deletes, the CRM's own
screens for conversions, which no file can load).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from steward.core.fields import OBJECTS
from steward.core.ids import LOCAL_PREFIX
from steward.store.journal import Entry, pending_operations
from steward.store.models import RECORD_MODELS

WORKSHEET_NAME = "Worksheet.txt"
_NAMED = frozenset({"merge", "bulk_merge", "convert", "bulk_convert", "disqualify"})


def write_worksheet(
    connection: Connection, out_dir: Path, update_files: Sequence[str], delete_files: Sequence[str]
) -> Path | None:
    """Write the worksheet when a merge, conversion or disqualification is pending (edits
    alone need only the update files); returns its path, or None."""
    entries = pending_operations(connection)
    if not any(e.kind in _NAMED for e in entries):
        return None
    lines = [
        "Steward worksheet: changes made in the workspace that the CRM does not have yet",
        "",
        f"{len(entries)} pending operation{'s' if len(entries) != 1 else ''}, oldest first.",
        "",
        "To apply them by hand:",
    ]
    step = 1
    if update_files:
        lines.append(f"  {step}. Data Loader, Update: {', '.join(update_files)}")
        step += 1
    if delete_files:
        lines.append(
            f"  {step}. Data Loader, Delete: {', '.join(delete_files)} (after the updates: "
            "the related records must point at the surviving records first)"
        )
        step += 1
    if any(e.kind in ("convert", "bulk_convert") for e in entries):
        lines.append(
            f"  {step}. Conversions cannot be loaded from a file: convert each lead below in "
            "the CRM (Convert on the lead) with the account, contact and opportunity named."
        )
    lines.append("")
    for number, entry in enumerate(entries, 1):
        lines.append(f"{number}. {entry.label}  [{entry.created[:16]} by {entry.author}]")
        if entry.kind in _NAMED:
            lines.extend(f"   {line}" for line in _details(connection, entry))
        lines.append("")
    path = out_dir / WORKSHEET_NAME
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _details(connection: Connection, entry: Entry) -> list[str]:
    inputs = entry.inputs
    if entry.kind == "merge":
        return _merge_lines(connection, inputs)
    if entry.kind == "bulk_merge":
        return [
            line for item in inputs.get("merges", []) for line in _merge_lines(connection, item)
        ]
    if entry.kind == "convert":
        return _convert_lines(connection, inputs)
    if entry.kind == "bulk_convert":
        return [
            line
            for item in inputs.get("conversions", [])
            for line in _convert_lines(connection, item)
        ]
    return [
        f"Lead {_named(connection, 'Lead', inputs['lead'])}: status {inputs['status']!r}",
        f"Reason: {inputs['reason']}",
    ]


def _merge_lines(connection: Connection, inputs: dict[str, Any]) -> list[str]:
    object_name = inputs["object"]
    label = OBJECTS[object_name].label.lower()
    lines = [f"Keep {label} {_named(connection, object_name, inputs['master'])}"]
    lines.append("Merge into it: " + ", ".join(inputs["others"]))
    if len(inputs.get("calls", [])) > 1:
        lines.append(f"(the CRM merges three at a time: {len(inputs['calls'])} merges in a row)")
    return lines


def _convert_lines(connection: Connection, inputs: dict[str, Any]) -> list[str]:
    account = inputs.get("account")
    contact = inputs.get("contact")
    lines = [
        f"Lead {_named(connection, 'Lead', inputs['lead'])}",
        "Account: "
        + (f"existing {_named(connection, 'Account', account)}" if account else "a new account"),
        "Contact: "
        + (f"existing {_named(connection, 'Contact', contact)}" if contact else "a new contact"),
        "Opportunity: "
        + (repr(inputs["opportunity"]) if inputs.get("opportunity") else "do not create one"),
        f"Converted status: {inputs['status']}",
    ]
    if inputs.get("override"):
        lines.append(f"Converted although not ready: {inputs['override']}")
    return lines


def _named(connection: Connection, object_name: str, record_id: str) -> str:
    """The id with the record's name as the workspace has it now, when it has one."""
    if record_id.startswith(LOCAL_PREFIX):
        return f"(new, {record_id} in the workspace)"
    model = RECORD_MODELS[object_name]
    spec = OBJECTS[object_name]
    columns = [getattr(model, name) for name in spec.title_fields]
    row = connection.execute(select(*columns).where(model.Id == record_id)).first()
    if row is None:
        return record_id
    name = " ".join(str(v) for v in row if v)
    return f"{record_id} ({name})" if name else record_id
