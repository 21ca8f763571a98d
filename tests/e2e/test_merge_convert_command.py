"""`steward merge`, `convert`, `disqualify`, then `undo`, `journal` and `export`, as a user
runs them on a copy of the demo workspace."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from steward_testing import Run


def _ids(path: Path, sql: str) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [str(row[0]) for row in connection.execute(sql)]


def test_merge_then_undo_through_the_command(steward: Run, workspace_path: Path) -> None:
    accounts = _ids(workspace_path, 'SELECT "Id" FROM account ORDER BY pk LIMIT 3')
    where = ws = ("--workspace", str(workspace_path))
    merged = steward("merge", *accounts, "--master", accounts[2], *where, check=True)
    assert f"Merged 3 accounts into {accounts[2]}" in merged.stdout
    assert "contacts" in merged.stdout
    remaining = _ids(workspace_path, f'SELECT "Id" FROM account WHERE "Id" IN {tuple(accounts)!r}')
    assert remaining == [accounts[2]]
    steward("undo", *ws, check=True)
    remaining = _ids(
        workspace_path, f'SELECT "Id" FROM account WHERE "Id" IN {tuple(accounts)!r} ORDER BY pk'
    )
    assert remaining == accounts


def test_merge_refuses_records_of_two_objects_naming_them(
    steward: Run, workspace_path: Path
) -> None:
    account = _ids(workspace_path, 'SELECT "Id" FROM account LIMIT 1')[0]
    contact = _ids(workspace_path, 'SELECT "Id" FROM contact LIMIT 1')[0]
    result = steward("merge", account, contact, "--workspace", str(workspace_path))
    assert result.returncode == 2
    assert "different objects (Account, Contact)" in result.stderr
    unknown = steward("merge", account, "001000000000000AAA", "--workspace", str(workspace_path))
    assert unknown.returncode == 2
    assert "001000000000000AAA" in unknown.stderr


def test_convert_needs_override_for_a_lead_that_is_not_ready(
    steward: Run, workspace_path: Path
) -> None:
    lead = _ids(
        workspace_path, 'SELECT "Id" FROM lead WHERE NOT coalesce("IsConverted", 0) LIMIT 1'
    )[0]
    where = ("--workspace", str(workspace_path))
    refused = steward("convert", lead, "--new-account", *where)
    assert refused.returncode == 2
    assert "--override REASON" in refused.stderr
    done = steward(
        "convert", lead, "--new-account", "--opportunity", "Fair deal", "--override",
        "Met at the fair", *where, check=True,
    )  # fmt: skip
    assert "Opportunity: 'Fair deal'" in done.stdout
    converted = _ids(
        workspace_path, f'SELECT "ConvertedAccountId" FROM lead WHERE "Id" = \'{lead}\''
    )
    assert converted[0].startswith("local-001-")
    journal = json.loads(steward("journal", "--json", *where, check=True).stdout)
    assert journal[0]["kind"] == "convert"
    assert journal[0]["inputs"]["override"] == "Met at the fair"


def test_export_writes_updates_deletes_and_a_worksheet(
    steward: Run, workspace_path: Path, tmp_path: Path
) -> None:
    where = ("--workspace", str(workspace_path))
    accounts = _ids(workspace_path, 'SELECT "Id" FROM account ORDER BY pk LIMIT 2')
    lead = _ids(
        workspace_path, 'SELECT "Id" FROM lead WHERE NOT coalesce("IsConverted", 0) LIMIT 1'
    )[0]
    steward("merge", *accounts, "--master", accounts[0], *where, check=True)
    steward("disqualify", lead, "--reason", "Student, not a buyer", *where, check=True)
    out = tmp_path / "out"
    steward("export", "--out", str(out), *where, check=True)
    with (out / "Account_delete.csv").open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["Id"], [accounts[1]]]
    with (out / "Lead_update.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [{"Id": lead, "Status": "Closed - Not Converted"}]
    worksheet = (out / "Worksheet.txt").read_text(encoding="utf-8")
    assert "Reason: Student, not a buyer" in worksheet
    assert f"Merge into it: {accounts[1]}" in worksheet
    assert worksheet.index("Update:") < worksheet.index("Delete:")


def test_export_carries_the_orgs_own_fields_a_merge_changed(
    steward: Run, workspace_path: Path, tmp_path: Path
) -> None:
    """A merged master that took a custom field's value from another record (SLA__c is kept in
    the workspace's extra columns) gets that field in its update file, as the CRM names it."""
    where = ("--workspace", str(workspace_path))
    blank = _ids(
        workspace_path,
        "SELECT \"Id\" FROM account WHERE coalesce(json_extract(extra, '$.SLA__c'), '') = '' "
        "ORDER BY pk LIMIT 1",
    )[0]
    with sqlite3.connect(workspace_path) as connection:
        other, sla = connection.execute(
            "SELECT \"Id\", json_extract(extra, '$.SLA__c') FROM account "
            "WHERE coalesce(json_extract(extra, '$.SLA__c'), '') != '' ORDER BY pk LIMIT 1"
        ).fetchone()
    steward("merge", blank, other, "--master", blank, *where, check=True)
    out = tmp_path / "out"
    steward("export", "--out", str(out), *where, check=True)
    with (out / "Account_update.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_id = {row["Id"]: row for row in rows}
    assert by_id[blank]["SLA__c"] == sla
    # Accounts whose parent was merged away follow the master; their own SLA is not touched.
    assert all(row["ParentId"] == blank and row["SLA__c"] == "" for i, row in by_id.items()
               if i != blank)  # fmt: skip
    with (out / "Account_delete.csv").open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["Id"], [other]]
