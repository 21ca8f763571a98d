"""Writing files: full copies that round-trip exactly, and Data Loader update files."""

from __future__ import annotations

import csv
import stat
import zipfile
from pathlib import Path

from steward_testing import LEAD_HEADER, dump_records, lead_row, write_csv

from steward.core.ids import make_id
from steward.jobs.exporter import export_files
from steward.jobs.importer import import_files
from steward.store.journal import edit_field
from steward.store.workspace import Workspace

TRICKY = [
    lead_row(1, LastName='=HYPERLINK("http://evil.example","click")'),
    lead_row(2, Company="@SUM(A1:A9)", Phone="+1 415 872 3391"),
    lead_row(3, LastName='Zoë "Zed" Müller', City="Line one\nLine two, with comma"),
    lead_row(4, Region__c="-negative note", Lead_Score__c="'=already quoted"),
    lead_row(5, IsConverted="yes", AnnualRevenue="", NumberOfEmployees=""),
    lead_row(6, Id=make_id("Lead", 6)[:15], CreatedDate="2024-03-05T16:22:10.000+0200"),
]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_full_export_round_trips_every_column(tmp_path: Path, workspace: Workspace) -> None:
    source = write_csv(tmp_path / "in" / "Lead.csv", LEAD_HEADER, TRICKY)
    import_files(workspace, [source])
    before = dump_records(workspace)

    summary = export_files(workspace, tmp_path / "out", full=True)
    lead_file = tmp_path / "out" / "Lead.csv"
    assert [f.path.name for f in summary.files] == ["Lead.csv"]
    assert stat.S_IMODE(lead_file.stat().st_mode) == 0o600
    assert lead_file.read_bytes().startswith(b'"Id","FirstName"')  # UTF-8, no BOM, API names

    with Workspace.open(tmp_path / "copy.steward", create=True) as copy:
        import_files(copy, [lead_file])
        assert dump_records(copy) == before
    again = import_files(workspace, [lead_file])
    assert (again.inserted, again.updated, again.rejected) == (0, 6, 0)
    assert dump_records(workspace) == before


def test_formulas_are_neutralised_but_phones_and_numbers_are_not(
    tmp_path: Path, workspace: Workspace
) -> None:
    import_files(workspace, [write_csv(tmp_path / "Lead.csv", LEAD_HEADER, TRICKY)])
    export_files(workspace, tmp_path / "out", full=True)
    rows = {row["Id"]: row for row in _read(tmp_path / "out" / "Lead.csv")}
    assert rows[make_id("Lead", 1)]["LastName"].startswith("'=HYPERLINK")
    assert rows[make_id("Lead", 2)]["Company"] == "'@SUM(A1:A9)"
    assert rows[make_id("Lead", 2)]["Phone"] == "+1 415 872 3391"
    assert rows[make_id("Lead", 4)]["Region__c"] == "'-negative note"
    assert rows[make_id("Lead", 6)]["CreatedDate"] == "2024-03-05T14:22:10.000Z"
    assert rows[make_id("Lead", 5)]["IsConverted"] == "true"


def test_pending_edits_become_a_data_loader_update_file(
    tmp_path: Path, workspace: Workspace
) -> None:
    import_files(workspace, [write_csv(tmp_path / "Lead.csv", LEAD_HEADER, TRICKY)])
    with workspace.transaction() as session:
        edit_field(session, "Lead", make_id("Lead", 1), "LastName", "Hyperlink")
        edit_field(session, "Lead", make_id("Lead", 3), "City", None)
        edit_field(session, "Lead", make_id("Lead", 3), "DoNotCall", True)
    summary = export_files(workspace, tmp_path / "changes")
    assert [f.path.name for f in summary.files] == ["Lead_update.csv"]
    rows = _read(tmp_path / "changes" / "Lead_update.csv")
    assert list(rows[0]) == ["Id", "LastName", "City", "DoNotCall"]
    assert rows == [
        {"Id": make_id("Lead", 1), "LastName": "Hyperlink", "City": "", "DoNotCall": ""},
        {"Id": make_id("Lead", 3), "LastName": "", "City": "#N/A", "DoNotCall": "true"},
    ]
    with workspace.engine.connect() as connection:
        hit = connection.exec_driver_sql(
            "SELECT count(*) FROM lead_fts WHERE search_text GLOB '*hyperlink*'"
        ).scalar_one()
    assert hit == 1  # the edit reached the search index


def test_nothing_pending_writes_nothing(tmp_path: Path, workspace: Workspace) -> None:
    summary = export_files(workspace, tmp_path / "out")
    assert summary.files == [] and "Nothing to export" in summary.line()


def test_apostrophes_in_files_from_elsewhere_are_kept(tmp_path: Path, workspace: Workspace) -> None:
    path = write_csv(tmp_path / "Lead.csv", LEAD_HEADER, [lead_row(1, LastName="'=not ours")])
    import_files(workspace, [path])
    assert dump_records(workspace)["Lead"][make_id("Lead", 1)]["LastName"] == "'=not ours"


def test_a_zipped_export_folder_round_trips_too(tmp_path: Path, workspace: Workspace) -> None:
    import_files(workspace, [write_csv(tmp_path / "Lead.csv", LEAD_HEADER, TRICKY)])
    before = dump_records(workspace)
    export_files(workspace, tmp_path / "out", full=True)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for file in (tmp_path / "out").iterdir():
            handle.write(file, f"out/{file.name}")
    with Workspace.open(tmp_path / "copy.steward", create=True) as copy:
        import_files(copy, [archive])
        assert dump_records(copy) == before
