"""Shared test helpers: real export files and a view of every record in a workspace."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from steward.core.fields import OBJECTS, Kind
from steward.core.ids import make_id
from steward.store.bulk import table_name
from steward.store.workspace import Workspace


def steward_command() -> Path:
    """The installed `steward` command of this environment, as a user would run it."""
    found = shutil.which("steward", path=str(Path(sys.executable).parent))
    assert found, "the steward command is not installed in this environment"
    return Path(found)


# Runs the steward command with arguments; returns the finished process.
Run = Callable[..., subprocess.CompletedProcess[str]]


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


LEAD_HEADER = [
    "Id",
    "FirstName",
    "LastName",
    "Company",
    "Email",
    "Phone",
    "City",
    "IsConverted",
    "CreatedDate",
    "NumberOfEmployees",
    "AnnualRevenue",
    "Lead_Score__c",
    "Region__c",
]


def lead_row(number: int, **values: str) -> list[str]:
    row = {
        "Id": make_id("Lead", number),
        "FirstName": f"First{number}",
        "LastName": f"Last{number}",
        "Company": f"Company {number}",
        "Email": f"person{number}@company{number}.com",
        "Phone": f"(415) 872-{number % 10000:04d}",
        "City": "San Francisco",
        "IsConverted": "false",
        "CreatedDate": "2024-03-05T14:22:10.000Z",
        "NumberOfEmployees": "250",
        "AnnualRevenue": "1500000.0",
        "Lead_Score__c": str(number % 100),
        "Region__c": "EMEA",
    }
    row.update(values)
    return [row[c] for c in LEAD_HEADER]


def dump_records(workspace: Workspace) -> dict[str, dict[str, dict[str, Any]]]:
    """Every record of every object, typed fields and extra columns, keyed by id."""
    result: dict[str, dict[str, dict[str, Any]]] = {}
    with workspace.engine.connect() as connection:
        for name, spec in OBJECTS.items():
            columns = ", ".join(f'"{c}"' for c in [*spec.fields, "extra"])
            rows = connection.exec_driver_sql(f'SELECT {columns} FROM "{table_name(name)}"')
            records = {}
            for row in rows:
                values = dict(zip([*spec.fields, "extra"], row, strict=True))
                values["extra"] = json.loads(values["extra"])
                for field, kind in spec.fields.items():  # SQLite keeps booleans as 0 and 1
                    if kind is Kind.BOOL and values[field] is not None:
                        values[field] = bool(values[field])
                records[values["Id"]] = values
            result[name] = records
    return result


def counts(workspace: Workspace) -> dict[str, int]:
    return {name: len(records) for name, records in dump_records(workspace).items()}


# Tables whose rows are the journal's own bookkeeping, not the workspace's data.
_BOOKKEEPING = {"operation", "operation_row", "alembic_version", "sqlite_sequence"}


def dump_tables(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table (journal bookkeeping aside), sorted: two dumps are equal
    when undo or redo restored the workspace exactly, to the hidden helper columns."""
    with workspace.engine.connect() as connection:
        tables = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%'"
        ).scalars()
        return {
            table: sorted(connection.exec_driver_sql(f'SELECT * FROM "{table}"').all(), key=repr)
            for table in tables
            if table not in _BOOKKEEPING
        }
