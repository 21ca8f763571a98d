"""`steward import`, `stats`, `export` end to end on the bundled demo org."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from steward_testing import Run, dump_records

from steward.resources import demo_export
from steward.store.workspace import Workspace


def _rows_in(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_import_stats_export_and_reimport_are_lossless(steward: Run, tmp_path: Path) -> None:
    workspace = tmp_path / "demo.steward"
    imported = steward("import", str(demo_export()), "--workspace", str(workspace), check=True)
    assert "0 rejected" in imported.stdout
    assert imported.stderr == ""  # no progress bar when not on a terminal

    stats = json.loads(steward("stats", "--json", "--workspace", str(workspace)).stdout)
    expected = {p.stem: _rows_in(p) for p in demo_export().glob("*.csv")}
    assert stats["objects"] == expected
    assert stats["objects"]["Lead"] >= 1900 and stats["origin"] == "export files"

    out = tmp_path / "out"
    exported = steward("export", "--out", str(out), "--all", "--workspace", str(workspace))
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.name for p in out.glob("*.csv")) == sorted(f"{o}.csv" for o in expected)

    copy = tmp_path / "copy.steward"
    steward("import", str(out), "--workspace", str(copy), check=True)
    with Workspace.open(workspace) as original, Workspace.open(copy) as again:
        assert dump_records(again) == dump_records(original)


def test_stats_as_text(steward: Run, tmp_path: Path) -> None:
    steward("import", str(demo_export() / "User.csv"), check=True)
    text = steward("stats", check=True).stdout
    assert "Users" in text and "No pending changes" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{tmp}/missing.csv"], "missing.csv: no such file or folder"),
        (["import", "{tmp}/photo.png"], "photo.png: not a CSV file"),
        (["import", "{demo}/Lead.csv", "--object", "Campaign"], "unknown object 'Campaign'"),
        (
            ["import", "{demo}/User.csv", "--workspace", "{tmp}/no/such/dir/w.steward"],
            "no such folder",
        ),
        (["stats", "--workspace", "{tmp}/absent.steward"], "No workspace at"),
        (["stats", "--workspace", "{tmp}/photo.png"], "not a Steward workspace"),
        (["export", "--workspace", "{tmp}/absent.steward"], "the following arguments are required"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    steward: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    filled = [a.format(tmp=tmp_path, demo=demo_export()) for a in args]
    result = steward(*filled)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("steward: ") and message in lines[0]
    assert "Traceback" not in result.stderr


def test_rejected_rows_exit_1_after_loading_the_rest(steward: Run, tmp_path: Path) -> None:
    source = demo_export() / "User.csv"
    broken = tmp_path / "User.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text("".join([*lines[:3], '"not-an-id","x"\n', *lines[3:]]), encoding="utf-8")
    result = steward("import", str(broken))
    assert result.returncode == 1
    assert "User.csv, line 4" in result.stderr
    assert f"{len(lines) - 1} loaded" in result.stdout


def test_demo_snapshot_renders_the_main_window(steward: Run, tmp_path: Path) -> None:
    picture = tmp_path / "snap.png"
    result = steward("--demo", "--snapshot", str(picture))
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and picture.stat().st_size > 20_000
