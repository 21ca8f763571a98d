"""Exporting a workspace as files: the job behind `steward export`.

Pending changes become Data Loader update files (<Object>_update.csv: Id plus the changed
fields; '#N/A' where a field was cleared, which Data Loader reads as "set to blank"), records
that merges deleted become <Object>_delete.csv, and Worksheet.txt lists the pending merges,
conversions and disqualifications in words (conversions cannot be loaded from a file). With
`full`, every object is also written whole as <Object>.csv, in its source files' column order,
so importing that copy gives back identical records.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from steward import __version__
from steward.connectors.exportfiles.formula import MANIFEST_NAME
from steward.connectors.exportfiles.writer import CsvFileWriter
from steward.core.fields import OBJECTS, Kind
from steward.core.values import format_value
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.jobs.worksheet import write_worksheet
from steward.store.bulk import count_rows, source_columns, table_name
from steward.store.journal import pending_changes, pending_deletes
from steward.store.workspace import Workspace

DATA_LOADER_NULL = "#N/A"
# Fields the CRM sets itself and refuses in an update (a merge or conversion sets them there).
NOT_UPDATABLE = frozenset({
    "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById",
    "SystemModstamp", "MasterRecordId", "IsConverted", "ConvertedDate", "ConvertedAccountId",
    "ConvertedContactId", "ConvertedOpportunityId", "IsClosed", "IsWon", "EmailBouncedDate",
    "LastActivityDate",
})  # fmt: skip
_FETCH_ROWS = 5_000


@dataclass(frozen=True, slots=True)
class WrittenFile:
    path: Path
    object_name: str
    rows: int
    kind: str  # "update", "delete", "full" or "worksheet"


@dataclass(slots=True)
class ExportSummary:
    files: list[WrittenFile] = field(default_factory=list)

    def line(self) -> str:
        if not self.files:
            return "Nothing to export: no pending changes"
        parts = [
            f.path.name if f.kind == "worksheet" else f"{f.path.name} ({f.rows:,} rows)"
            for f in self.files
        ]
        return "Wrote " + ", ".join(parts)


def export_files(
    workspace: Workspace,
    out_dir: Path,
    *,
    full: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ExportSummary:
    cancel = cancel or CancelFlag()
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary()
    # One read transaction: the files show one moment of the workspace, even while the
    # steward keeps working in the app.
    with workspace.engine.connect() as connection, connection.begin():
        changes = pending_changes(connection)
        deletes = pending_deletes(connection)
        for object_name in OBJECTS:
            if _updatable(changes.get(object_name, {})):
                summary.files.append(
                    _write_updates(connection, out_dir, object_name, changes[object_name])
                )
        for object_name in OBJECTS:
            if deletes.get(object_name):
                summary.files.append(_write_deletes(out_dir, object_name, deletes[object_name]))
        worksheet = write_worksheet(
            connection,
            out_dir,
            [f.path.name for f in summary.files if f.kind == "update" and f.rows],
            [f.path.name for f in summary.files if f.kind == "delete"],
        )
        if worksheet is not None:
            summary.files.append(WrittenFile(worksheet, "", 0, "worksheet"))
        if full:
            totals = {name: count_rows(connection, name) for name in OBJECTS}
            grand_total = sum(totals.values()) or 1
            done = 0

            def report(rows: int, name: str) -> None:
                progress(min(1.0, (done + rows) / grand_total), f"{name}: {rows:,} rows")
                cancel.check()

            for object_name in OBJECTS:
                if totals[object_name] or source_columns(connection, object_name):
                    summary.files.append(_write_full(connection, out_dir, object_name, report))
                done += totals[object_name]
    _write_manifest(out_dir, summary)
    progress(1.0, summary.line())
    return summary


def _write_manifest(out_dir: Path, summary: ExportSummary) -> None:
    """List the files Steward wrote, so that importing them undoes the formula guard."""
    path = out_dir / MANIFEST_NAME
    listed: set[str] = set()
    if path.is_file():
        try:
            listed = set(json.loads(path.read_text(encoding="utf-8")).get("files", []))
        except (ValueError, AttributeError):
            listed = set()
    listed = {name for name in listed if (out_dir / name).is_file()}
    listed |= {f.path.name for f in summary.files}
    manifest = {
        "written_by": f"Steward {__version__}",
        "formula_prefix": "'",
        "files": sorted(listed),
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def export_columns(connection: Connection, object_name: str) -> list[str]:
    """The columns of an object's full export: its source columns, then any typed field that
    the sources lacked but that holds a value now (set by Steward, or by another import)."""
    columns = source_columns(connection, object_name)
    known = {c.lower() for c in columns}
    table = table_name(object_name)
    for name in OBJECTS[object_name].fields:
        if name.lower() in known:
            continue
        used = connection.exec_driver_sql(
            f'SELECT 1 FROM "{table}" WHERE "{name}" IS NOT NULL LIMIT 1'
        ).first()
        if used is not None or not columns:
            columns.append(name)
    if "Id" in columns:  # the id first, as Salesforce writes it and Data Loader expects it
        columns.remove("Id")
    return ["Id", *columns]


def _write_full(
    connection: Connection,
    out_dir: Path,
    object_name: str,
    report: Callable[[int, str], None],
) -> WrittenFile:
    spec = OBJECTS[object_name]
    columns = export_columns(connection, object_name)
    typed = [c for c in columns if c in spec.fields]
    kinds = [spec.fields[c] for c in typed]
    select_list = ", ".join(f'"{c}"' for c in [*typed, "extra"])
    cursor: Any = connection.connection.driver_connection
    rows = cursor.execute(f'SELECT {select_list} FROM "{table_name(object_name)}" ORDER BY pk')
    path = out_dir / f"{object_name}.csv"
    with CsvFileWriter(path, columns) as writer:
        while batch := rows.fetchmany(_FETCH_ROWS):
            for row in batch:
                values = {
                    name: format_value(kind, value)
                    for name, kind, value in zip(typed, kinds, row, strict=False)
                }
                extra: dict[str, str] = json.loads(row[-1]) if row[-1] else {}
                writer.write([values[c] if c in values else extra.get(c) or "" for c in columns])
            report(writer.rows, object_name)
    return WrittenFile(path, object_name, writer.rows, "full")


def _write_updates(
    connection: Connection, out_dir: Path, object_name: str, records: dict[str, set[str]]
) -> WrittenFile:
    spec = OBJECTS[object_name]
    records = {
        i: changed - NOT_UPDATABLE for i, changed in records.items() if changed - NOT_UPDATABLE
    }
    fields = [f for f in spec.fields if any(f in changed for changed in records.values())]
    # The org's own fields (kept in `extra`) that a merge changed, by their CRM names.
    custom = sorted({f for changed in records.values() for f in changed} - set(spec.fields))
    path = out_dir / f"{object_name}_update.csv"
    select_list = ", ".join(f'"{c}"' for c in ["Id", *fields, "extra"])
    cursor: Any = connection.connection.driver_connection
    with CsvFileWriter(path, ["Id", *fields, *custom]) as writer:
        for record_id in sorted(records):
            row = cursor.execute(
                f'SELECT {select_list} FROM "{table_name(object_name)}" WHERE "Id" = ?',
                (record_id,),
            ).fetchone()
            if row is None:  # deleted since; later operations (merge) export those
                continue
            changed = records[record_id]
            extra: dict[str, Any] = json.loads(row[-1]) if row[-1] else {}
            writer.write(
                [row[0]]
                + [
                    _update_value(spec.fields[f], value) if f in changed else ""
                    for f, value in zip(fields, row[1:-1], strict=True)
                ]
                + [_custom_value(extra.get(f)) if f in changed else "" for f in custom]
            )
    return WrittenFile(path, object_name, writer.rows, "update")


def _updatable(records: dict[str, set[str]]) -> dict[str, set[str]]:
    """The changes an update file can carry: without the fields the CRM sets itself."""
    kept = {i: changed - NOT_UPDATABLE for i, changed in records.items()}
    return {i: changed for i, changed in kept.items() if changed}


def _write_deletes(out_dir: Path, object_name: str, ids: set[str]) -> WrittenFile:
    path = out_dir / f"{object_name}_delete.csv"
    with CsvFileWriter(path, ["Id"]) as writer:
        for record_id in sorted(ids):
            writer.write([record_id])
    return WrittenFile(path, object_name, writer.rows, "delete")


def _custom_value(value: Any) -> str:
    """A custom field's text as an update carries it ('#N/A' when the merge left it blank)."""
    return str(value) if value not in (None, "") else DATA_LOADER_NULL


def _update_value(kind: Kind, value: Any) -> str:
    text = format_value(kind, value)
    return text if text else DATA_LOADER_NULL
