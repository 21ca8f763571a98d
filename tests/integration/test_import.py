"""Importing real Salesforce export files into a real workspace."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from steward_testing import LEAD_HEADER, counts, dump_records, lead_row, write_csv

from steward.connectors.exportfiles.discover import SourceProblem
from steward.core.ids import make_id
from steward.jobs.importer import import_files
from steward.jobs.progress import CancelFlag, Cancelled
from steward.store.workspace import Workspace

ACCOUNT_HEADER = ["Id", "Name", "Website", "Type", "ParentId", "CreatedDate", "SLA__c"]


def _account(number: int, name: str = "") -> list[str]:
    return [
        make_id("Account", number),
        name or f"Account {number}",
        "www.acme.example",
        "Customer - Direct",
        "",
        "2023-01-02T03:04:05.000Z",
        "Gold",
    ]


def test_weekly_export_in_several_zips(tmp_path: Path, workspace: Workspace) -> None:
    lead_csv = write_csv(
        tmp_path / "src" / "Lead.csv", LEAD_HEADER, [lead_row(n) for n in range(5)]
    )
    account_csv = write_csv(
        tmp_path / "src" / "Account.csv", ACCOUNT_HEADER, [_account(n) for n in range(3)]
    )
    campaign_csv = write_csv(
        tmp_path / "src" / "Campaign.csv", ["Id", "Name"], [["7015g000000AAAAAA", "Spring"]]
    )
    for number, files in ((1, [lead_csv]), (2, [account_csv, campaign_csv])):
        with zipfile.ZipFile(tmp_path / f"WE_00D5g000000DEMO_{number}.ZIP", "w") as archive:
            for file in files:
                archive.write(file, file.name)
    zips = sorted(tmp_path.glob("WE_*.ZIP"))
    summary = import_files(workspace, zips)
    assert (summary.inserted, summary.updated, summary.rejected) == (8, 0, 0)
    assert [f.file for f in summary.skipped] == ["WE_00D5g000000DEMO_2.ZIP/Campaign.csv"]
    assert "Campaign is not an object Steward keeps" in (summary.skipped[0].skipped or "")
    assert counts(workspace)["Lead"] == 5 and counts(workspace)["Account"] == 3
    assert workspace.meta("origin") == "export files"


def test_unpacked_folder_and_reimport_upserts(tmp_path: Path, workspace: Workspace) -> None:
    folder = tmp_path / "export"
    write_csv(folder / "Lead.csv", LEAD_HEADER, [lead_row(n) for n in range(10)])
    first = import_files(workspace, [folder])
    assert (first.inserted, first.updated) == (10, 0)
    write_csv(
        folder / "Lead.csv", LEAD_HEADER, [lead_row(n, LastName="Changed") for n in range(5, 15)]
    )
    second = import_files(workspace, [folder])
    assert (second.inserted, second.updated) == (5, 5)
    records = dump_records(workspace)["Lead"]
    assert len(records) == 15
    assert records[make_id("Lead", 7)]["LastName"] == "Changed"
    assert records[make_id("Lead", 2)]["LastName"] == "Last2"


def test_fifteen_and_eighteen_character_ids_are_one_record(
    tmp_path: Path, workspace: Workspace
) -> None:
    long_id = make_id("Lead", 42)
    write_csv(tmp_path / "a" / "Lead.csv", LEAD_HEADER, [lead_row(42, Id=long_id[:15])])
    write_csv(
        tmp_path / "b" / "Lead.csv", LEAD_HEADER, [lead_row(42, Id=long_id, Email="new@x.com")]
    )
    import_files(workspace, [tmp_path / "a" / "Lead.csv"])
    summary = import_files(workspace, [tmp_path / "b" / "Lead.csv"])
    assert (summary.inserted, summary.updated) == (0, 1)
    assert list(dump_records(workspace)["Lead"]) == [long_id]


def test_data_loader_csv_with_object_option_and_odd_headers(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = write_csv(
        tmp_path / "extract.csv",
        ["ID", "firstname", "LASTNAME", "isconverted", "createddate", "lead_score__c"],
        [
            [make_id("Lead", 1), "Ann", "Lee", "yes", "2024-03-05T16:22:10.000+0200", "5"],
            [make_id("Lead", 2), "Bob", "Ray", "0", "2024-03-05T14:22:10Z", ""],
            [make_id("Lead", 3), "Cy", "Ng", "Y", "2024-03-05", "7"],
        ],
    )
    summary = import_files(workspace, [path], object_name="Lead")
    assert summary.inserted == 3 and summary.rejected == 0
    leads = dump_records(workspace)["Lead"]
    first = leads[make_id("Lead", 1)]
    assert (first["FirstName"], first["IsConverted"], first["CreatedDate"]) == (
        "Ann",
        True,
        "2024-03-05T14:22:10.000Z",
    )
    assert leads[make_id("Lead", 2)]["IsConverted"] is False
    assert leads[make_id("Lead", 3)]["CreatedDate"] == "2024-03-05T00:00:00.000Z"
    assert first["extra"] == {"lead_score__c": "5"}
    assert leads[make_id("Lead", 2)]["extra"] == {}


def test_an_unrecognised_file_name_without_object_is_skipped(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = write_csv(tmp_path / "extract.csv", LEAD_HEADER, [lead_row(1)])
    summary = import_files(workspace, [path])
    assert summary.inserted == 0 and summary.skipped[0].file == "extract.csv"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings_load_names_intact(tmp_path: Path, workspace: Workspace, encoding: str) -> None:
    name = "Zoë Müller-Ångström" if encoding != "cp1252" else "Zoë “Quotes” Müller €"
    path = write_csv(
        tmp_path / "Lead.csv", LEAD_HEADER, [lead_row(1, LastName=name)], encoding=encoding
    )
    summary = import_files(workspace, [path])
    assert summary.rejected == 0
    assert dump_records(workspace)["Lead"][make_id("Lead", 1)]["LastName"] == name


def test_quoted_newlines_commas_and_quotes(tmp_path: Path, workspace: Workspace) -> None:
    street = 'Suite 400\n123 "Main" St, 2nd floor'
    header = [*LEAD_HEADER, "Street"]
    path = write_csv(tmp_path / "Lead.csv", header, [[*lead_row(1), street], [*lead_row(2), ""]])
    summary = import_files(workspace, [path])
    assert summary.inserted == 2
    assert dump_records(workspace)["Lead"][make_id("Lead", 1)]["Street"] == street


def test_bad_rows_are_reported_with_file_line_and_field(
    tmp_path: Path, workspace: Workspace
) -> None:
    rows = [
        lead_row(1),
        lead_row(2, CreatedDate="next tuesday"),
        lead_row(3, Id="bogus"),
        lead_row(4, NumberOfEmployees="many"),
        lead_row(5),
    ]
    path = write_csv(tmp_path / "Lead.csv", LEAD_HEADER, rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('"only","three","values"\n')
        handle.write(",".join(f'"{v}"' for v in lead_row(6)) + "\n")
    summary = import_files(workspace, [path])
    assert (summary.inserted, summary.rejected) == (3, 4)
    messages = [str(p) for p in summary.problems]
    assert messages[0].startswith("Lead.csv, line 3: CreatedDate: 'next tuesday'")
    assert messages[1].startswith("Lead.csv, line 4: Id: 'bogus' is not a Salesforce id")
    assert messages[2].startswith("Lead.csv, line 5: NumberOfEmployees: 'many'")
    assert messages[3] == "Lead.csv, line 7: has 3 values but the header has 13"
    assert set(dump_records(workspace)["Lead"]) == {make_id("Lead", n) for n in (1, 5, 6)}


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (["Name", "Email"], "has no Id column"),
        (["Id", "Name", "name"], "names 'name' twice"),
        (["Id", "", "Email"], "column 2 of the header has no name"),
    ],
)
def test_unusable_headers_skip_the_file_with_a_reason(
    tmp_path: Path, workspace: Workspace, header: list[str], reason: str
) -> None:
    path = write_csv(tmp_path / "Lead.csv", header, [["x"] * len(header)])
    summary = import_files(workspace, [path])
    assert summary.files[0].skipped is not None and reason in summary.files[0].skipped
    assert reason in str(summary.problems[0])


def test_empty_file_is_reported(tmp_path: Path, workspace: Workspace) -> None:
    (tmp_path / "Lead.csv").write_bytes(b"")
    summary = import_files(workspace, [tmp_path / "Lead.csv"])
    assert summary.files[0].skipped == "the file is empty"


def test_a_missing_path_or_non_csv_is_a_source_problem(
    tmp_path: Path, workspace: Workspace
) -> None:
    with pytest.raises(SourceProblem, match="no such file"):
        import_files(workspace, [tmp_path / "nope.zip"])
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(SourceProblem, match="not a CSV file"):
        import_files(workspace, [picture])


def test_a_partial_file_updates_only_its_columns(tmp_path: Path, workspace: Workspace) -> None:
    write_csv(tmp_path / "full" / "Lead.csv", LEAD_HEADER, [lead_row(1)])
    import_files(workspace, [tmp_path / "full" / "Lead.csv"])
    write_csv(
        tmp_path / "part" / "Lead.csv",
        ["Id", "Email", "REGION__C"],
        [[make_id("Lead", 1), "fresh@new.example", ""]],
    )
    import_files(workspace, [tmp_path / "part" / "Lead.csv"])
    lead = dump_records(workspace)["Lead"][make_id("Lead", 1)]
    assert lead["Email"] == "fresh@new.example"
    assert lead["FirstName"] == "First1" and lead["Company"] == "Company 1"
    # An empty value clears the column; another spelling of its header is the same column.
    assert lead["extra"] == {"Lead_Score__c": "1"}
    with workspace.engine.connect() as connection:
        helpers = connection.exec_driver_sql("SELECT email_domain, search_text FROM lead").one()
    assert helpers[0] == "new.example" and "fresh@new.example" in helpers[1]


def test_search_index_follows_imports(tmp_path: Path, workspace: Workspace) -> None:
    write_csv(
        tmp_path / "Lead.csv",
        LEAD_HEADER,
        [lead_row(1, LastName="Ōtani"), lead_row(2, LastName="Smith")],
    )
    import_files(workspace, [tmp_path / "Lead.csv"])
    write_csv(tmp_path / "again" / "Lead.csv", LEAD_HEADER, [lead_row(2, LastName="Jones")])
    import_files(workspace, [tmp_path / "again" / "Lead.csv"])
    with workspace.engine.connect() as connection:

        def found(term: str) -> int:
            return int(
                connection.exec_driver_sql(
                    "SELECT count(*) FROM lead_fts WHERE search_text GLOB ?", (f"*{term}*",)
                ).scalar_one()
            )

        assert found("otani") == 1
        assert found("smith") == 0 and found("jones") == 1
        triggers = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name='lead'"
        ).scalar_one()
    assert triggers == 3


def _imported(
    folder: Path, path: Path, *, use_worker: bool | None = None, alone: bool = False
) -> tuple[object, int, object]:
    """(loaded, rejected, every record) of importing path into a new workspace, which is
    left in WAL mode whatever the options."""
    name = f"worker{use_worker}-alone{alone}"
    with Workspace.open(folder / f"{name}.steward", create=True) as workspace:
        summary = import_files(workspace, [path], use_worker=use_worker, alone=alone)
        assert _journal_mode(workspace) == "wal"
        found = (summary.as_dict()["loaded"], summary.rejected, dump_records(workspace))
    assert not (folder / f"{name}.steward-journal").exists()
    return found


def test_worker_process_gives_the_same_workspace(tmp_path: Path) -> None:
    rows = [lead_row(n) for n in range(3000)] + [lead_row(3000, CreatedDate="bad")]
    path = write_csv(tmp_path / "Lead.csv", LEAD_HEADER, rows)
    here = _imported(tmp_path, path, use_worker=False)
    assert _imported(tmp_path, path, use_worker=True) == here
    assert here[:2] == (3000, 1)


def _journal_mode(workspace: Workspace) -> str:
    with workspace.engine.connect() as connection:
        return str(connection.exec_driver_sql("PRAGMA journal_mode").scalar_one())


def test_an_import_alone_gives_the_same_workspace(tmp_path: Path) -> None:
    rows = [lead_row(n) for n in range(2000)] + [lead_row(2000, CreatedDate="bad")]
    path = write_csv(tmp_path / "Lead.csv", LEAD_HEADER, rows)
    assert _imported(tmp_path, path, alone=True) == _imported(tmp_path, path, alone=False)


def test_an_import_alone_with_a_reader_open_goes_through_the_log(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = write_csv(tmp_path / "Lead.csv", LEAD_HEADER, [lead_row(n) for n in range(50)])
    with workspace.engine.connect() as reader:
        # a read transaction under way (a browser paging, say): the file cannot leave WAL
        raw: Any = reader.connection.driver_connection
        raw.execute("BEGIN")
        assert raw.execute("SELECT count(*) FROM lead").fetchone() == (0,)
        started = time.monotonic()
        summary = import_files(workspace, [path], alone=True)
        assert time.monotonic() - started < 4  # never waited out the busy timeout
        # the reader's snapshot is untouched by the import committed meanwhile
        assert raw.execute("SELECT count(*) FROM lead").fetchone() == (0,)
        raw.execute("COMMIT")
    assert summary.as_dict()["loaded"] == 50
    assert counts(workspace)["Lead"] == 50
    assert _journal_mode(workspace) == "wal"


@pytest.mark.parametrize(("use_worker", "alone"), [(False, False), (True, False), (True, True)])
def test_cancel_leaves_the_workspace_as_it_was(
    tmp_path: Path, workspace: Workspace, use_worker: bool, alone: bool
) -> None:
    write_csv(tmp_path / "first" / "Lead.csv", LEAD_HEADER, [lead_row(1)])
    import_files(workspace, [tmp_path / "first" / "Lead.csv"])
    path = write_csv(tmp_path / "Lead.csv", LEAD_HEADER, [lead_row(n) for n in range(20_000)])
    flag = CancelFlag()
    seen: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        seen.append(fraction)
        flag.cancel()

    with pytest.raises(Cancelled):
        import_files(
            workspace, [path], progress=progress, cancel=flag, use_worker=use_worker, alone=alone
        )
    assert seen and counts(workspace)["Lead"] == 1
    assert _journal_mode(workspace) == "wal"
