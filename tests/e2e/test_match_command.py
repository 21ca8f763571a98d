"""`steward match` end to end on the demo org: pairs, clusters and JSON a steward can use, and
one clear line for bad input."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest
from steward_testing import Run

from steward.jobs.importer import import_files
from steward.resources import demo_export
from steward.store.workspace import Workspace

PAIR_HEADER = ["left_id", "right_id", "score", "left_object", "right_object", "reasons"]
CLUSTER_HEADER = ["cluster", "size", "object", "id"]
SUMMARY_RE = re.compile(
    r"^(?P<pairs>[\d,]+) pairs at or above (?P<threshold>[\d.]+): (?P<what>[A-Za-z ]+), "
    r"(?P<records>[\d,]+) records, [\d,]+ candidates compared; (?P<clusters>[\d,]+) clusters"
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("match_cli") / "demo.steward"
    with Workspace.open(path, create=True) as workspace:
        import_files(workspace, [demo_export()])
    return path


@pytest.fixture
def demo(tmp_path: Path, demo_file: Path) -> Path:
    copy = tmp_path / "demo.steward"
    copy.write_bytes(demo_file.read_bytes())
    return copy


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def _summary(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar when not on a terminal
    found = SUMMARY_RE.match(result.stdout.strip())
    assert found, result.stdout
    return {**found.groupdict(), "line": result.stdout.strip()}


def _one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("steward: ")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr


def test_lead_duplicates_to_csv_with_their_clusters(
    steward: Run, demo: Path, tmp_path: Path
) -> None:
    out, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    summary = _summary(
        steward(
            "match",
            "--object",
            "Lead",
            "--out",
            str(out),
            "--clusters",
            str(clusters),
            "--workspace",
            str(demo),
        )
    )
    header, rows = _rows(out)
    assert header == PAIR_HEADER
    assert summary["what"] == "Lead" and summary["threshold"] == "0.8"
    assert len(rows) == int(summary["pairs"].replace(",", "")) > 200
    for row in rows:
        assert float(row["score"]) >= 0.8
        assert re.fullmatch(r"[01]\.\d{4}", row["score"])
        assert row["left_object"] == row["right_object"] == "Lead"
        assert row["left_id"] != row["right_id"] and row["left_id"].startswith("00Q")
        assert re.match(r"^[A-Z][a-z ]+: (same|similar|different)", row["reasons"])
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)

    header, members = _rows(clusters)
    assert header == CLUSTER_HEADER
    numbers = [int(r["cluster"]) for r in members]
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert len(set(numbers)) == int(summary["clusters"].replace(",", ""))
    sizes = {int(r["cluster"]): int(r["size"]) for r in members}
    assert [sizes[n] for n in sorted(sizes)] == sorted(sizes.values(), reverse=True)
    assert all(numbers.count(n) == size >= 2 for n, size in sizes.items())
    assert {r["object"] for r in members} == {"Lead"}
    assert summary["line"].endswith(f"clusters (largest {sizes[1]})")
    in_pairs = {r["left_id"] for r in rows} | {r["right_id"] for r in rows}
    assert [r["id"] for r in members if r["id"] in in_pairs] == [r["id"] for r in members]
    assert len(members) == len(in_pairs)  # every record of a pair, in one cluster only

    # The run is kept for the screens: its pairs and the lead summaries.
    with Workspace.open(demo) as workspace, workspace.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT count(*) FROM match_pair").scalar_one()
        summaries = connection.exec_driver_sql(
            "SELECT count(*) FROM lead_match WHERE duplicates > 0"
        ).scalar_one()
    assert stored == len(rows) and summaries == len(in_pairs)


def test_leads_against_accounts(steward: Run, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "accounts.csv"
    summary = _summary(
        steward(
            "match",
            "--object",
            "lead",
            "--against",
            "ACCOUNT",
            "--threshold",
            "0.9",
            "--out",
            str(out),
            "--workspace",
            str(demo),
        )
    )
    assert summary["what"] == "Lead against Account" and summary["threshold"] == "0.9"
    _, rows = _rows(out)
    assert len(rows) > 100
    for row in rows:
        assert (row["left_object"], row["right_object"]) == ("Lead", "Account")
        assert row["left_id"].startswith("00Q") and row["right_id"].startswith("001")
        assert float(row["score"]) >= 0.9
        assert "Company name: " in row["reasons"] or "Web domain: " in row["reasons"]


def test_json_output(steward: Run, demo: Path) -> None:
    result = steward(
        "match", "--object", "Contact", "--threshold", "0.5", "--json", "--workspace", str(demo)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["threshold"] == 0.5
    assert data["records"] > 1000 and data["candidates"] >= len(data["pairs"])
    for pair in data["pairs"]:
        assert list(pair) == PAIR_HEADER
        assert pair["score"] >= 0.5 and pair["left_object"] == "Contact"
    members = [m for cluster in data["clusters"] for m in cluster]
    assert {m["id"] for m in members} == {p["left_id"] for p in data["pairs"]} | {
        p["right_id"] for p in data["pairs"]
    }
    assert [len(c) for c in data["clusters"]] == sorted(
        (len(c) for c in data["clusters"]), reverse=True
    )


def test_the_workspaces_threshold_is_the_default(steward: Run, demo: Path, tmp_path: Path) -> None:
    steward("settings", "--set", "match_threshold=0.95", "--workspace", str(demo), check=True)
    out = tmp_path / "pairs.csv"
    summary = _summary(
        steward("match", "--object", "Lead", "--out", str(out), "--workspace", str(demo))
    )
    assert summary["threshold"] == "0.95"
    assert all(float(r["score"]) >= 0.95 for r in _rows(out)[1])


def test_the_stewards_matching_rules_are_used(steward: Run, demo: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[Lead-Lead]\nprior = -6\nfields = [{ name = "Mail", compare = "email", agree = 7, '
        "disagree = -1 }]\n",
        encoding="utf-8",
    )
    steward("settings", "--match-rules", str(rules), "--workspace", str(demo), check=True)
    out = tmp_path / "pairs.csv"
    steward("match", "--object", "Lead", "--threshold", "0.7", "--out", str(out),
            "--workspace", str(demo), check=True)  # fmt: skip
    _, rows = _rows(out)
    assert len(rows) > 100
    assert {(r["score"], r["reasons"]) for r in rows} == {("0.7311", "Mail: same (+7.0)")}


def test_a_threshold_in_the_rules_file_is_refused(steward: Run, demo: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("threshold = 0.95\n", encoding="utf-8")
    _one_error_line(
        steward("settings", "--match-rules", str(rules), "--workspace", str(demo)), "threshold"
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--object", "Lead", "--threshold", "1.5"], ["--threshold", "1.5", "between 0 and 1"]),
        (["--object", "Lead", "--threshold", "high"], ["--threshold", "high"]),
        (["--object", "Opportunity"], ["--object", "Opportunity", "Lead, Contact, Account"]),
        (["--object", "Lead", "--against", "User"], ["--against", "User"]),
        ([], ["--object"]),
        (["--object", "Lead", "--out", "{tmp}"], ["is a folder", "CSV file name"]),
        (["--object", "Lead", "--out", "{tmp}/ok.csv", "--clusters", "{tmp}"], ["is a folder"]),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    steward: Run, demo: Path, tmp_path: Path, args: list[str], words: list[str]
) -> None:
    filled = [a.format(tmp=tmp_path) for a in args]
    if "--workspace" not in filled:
        filled += ["--workspace", str(demo)]
    _one_error_line(steward("match", *filled), *words)


def test_an_unwritable_out_file_is_one_line(steward: Run, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "pairs.csv"
    _one_error_line(
        steward("match", "--object", "Lead", "--out", str(target), "--workspace", str(demo)),
        "cannot write",
    )
