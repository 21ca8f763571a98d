"""The verify job over the demo org: every open lead gets every check, stored with readiness."""

from __future__ import annotations

import csv
import json
import subprocess
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from steward_testing import steward_command

from steward.jobs.importer import import_files
from steward.jobs.progress import CancelFlag, Cancelled
from steward.jobs.verify import VerifySummary, verify_workspace
from steward.resources import demo_export, resource_path
from steward.store.checks import checked_count, stored_verdict, work_queue
from steward.store.settings import Settings
from steward.store.workspace import Workspace

CHECKS = ["name", "address", "phone", "email", "relationship", "source", "icp"]
TRUTH = json.loads(resource_path("demo", "truth.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 11, 1, tzinfo=UTC)
Lines = dict[str, list[tuple[str, str, str]]]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("verify") / "demo.steward"
    with Workspace.open(path, create=True) as workspace:
        import_files(workspace, [demo_export()])
    return path


@pytest.fixture(scope="module")
def verified(demo: Path) -> tuple[Lines, VerifySummary]:
    lines: Lines = {}
    with Workspace.open(demo) as workspace:
        summary = verify_workspace(
            workspace,
            settings=Settings(max_age_days=730),
            now=NOW,
            on_lead=lines.__setitem__,
        )
    return lines, summary


def _stored(path: Path) -> dict[str, tuple[object, ...]]:
    with Workspace.open(path) as workspace, workspace.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT lead_id, ready, reason, failing, icp_score, stale, results FROM lead_check"
        )
        return {row[0]: tuple(row[1:]) for row in rows}


def test_every_open_lead_gets_every_check(verified: tuple[Lines, VerifySummary]) -> None:
    lines, summary = verified
    converted = {c["lead_id"] for c in TRUTH["converted_leads"]}
    assert summary.leads == TRUTH["counts"]["Lead"] - len(converted) == len(lines)
    assert not converted & set(lines)
    for found in lines.values():
        assert [check for check, _, _ in found if "." not in check] == CHECKS


def test_results_are_stored_per_lead_and_check(
    demo: Path, verified: tuple[Lines, VerifySummary]
) -> None:
    lines, summary = verified
    stored = _stored(demo)
    assert set(stored) == set(lines)
    some = next(iter(lines))
    results = json.loads(str(stored[some][5]))
    assert [(r["check"], r["status"], r["evidence"]) for r in results] == lines[some]
    assert sum(bool(row[0]) for row in stored.values()) == summary.ready


def test_junk_leads_are_not_ready_and_say_why(demo: Path, verified: tuple[Lines, object]) -> None:
    lines, _ = verified
    stored = _stored(demo)
    junk = [j["lead_id"] for j in TRUTH["junk_leads"] if j["lead_id"] in lines]
    assert len(junk) > 50
    assert all(not stored[j][0] for j in junk)
    assert all(str(stored[j][1]).startswith("Not ready: ") for j in junk)
    assert all("\n" not in str(stored[j][1]) and stored[j][2] for j in junk)
    failing = sum(any(status == "fail" for _, status, _ in lines[j]) for j in junk)
    assert failing / len(junk) > 0.7  # the rest are warnings: lower-case names, role emails


def test_stale_leads_are_counted_against_the_limit(
    demo: Path, verified: tuple[Lines, VerifySummary]
) -> None:
    lines, summary = verified
    stored = _stored(demo)
    stale = [i for i in TRUTH["stale_leads"] if i in lines]
    assert stale and all(stored[i][4] for i in stale)
    assert summary.stale >= len(stale)


def test_the_summary_counts_ready_and_not_ready(verified: tuple[Lines, VerifySummary]) -> None:
    lines, summary = verified
    assert summary.ready > 0 and summary.not_ready == summary.leads - summary.ready > 0
    assert set(summary.by_check) == set(CHECKS)
    assert sum(summary.by_check["name"].values()) == len(lines)


def test_worker_processes_give_the_same_results(tmp_path: Path, demo: Path) -> None:
    copy = tmp_path / "copy.steward"
    copy.write_bytes(demo.read_bytes())
    single = _stored(demo)
    with Workspace.open(copy) as workspace:
        verify_workspace(workspace, settings=Settings(max_age_days=730), now=NOW, workers=2)
    assert _stored(copy) == single


def test_a_cancelled_run_keeps_the_previous_results(tmp_path: Path, demo: Path) -> None:
    copy = tmp_path / "copy.steward"
    copy.write_bytes(demo.read_bytes())
    before = _stored(copy)
    cancel = CancelFlag()
    with Workspace.open(copy) as workspace, pytest.raises(Cancelled):
        verify_workspace(
            workspace,
            settings=Settings(max_age_days=1),  # every lead would turn stale
            now=NOW,
            progress=lambda share, _text: cancel.cancel() if share > 0.5 else None,
            cancel=cancel,
        )
    assert _stored(copy) == before


def test_settings_shape_the_checklist(tmp_path: Path, demo: Path) -> None:
    copy = tmp_path / "copy.steward"
    copy.write_bytes(demo.read_bytes())
    template = (
        '[checks]\nicp = "off"\nsource = "required"\n'
        '[[manual]]\nid = "budget"\nlabel = "Budget"\nrequired = true\n'
    )
    lines: Lines = {}
    with Workspace.open(copy) as workspace:
        summary = verify_workspace(
            workspace,
            settings=Settings(checklist=template, max_age_days=30),
            now=NOW,
            on_lead=lines.__setitem__,
        )
        with workspace.engine.connect() as connection:
            queue = work_queue(connection, failing="budget")
    checks = {check for found in lines.values() for check, _, _ in found}
    assert "icp" not in checks and "budget" in checks
    assert summary.ready == 0  # nobody has ticked the budget yet
    assert len(queue) == summary.leads
    assert all(
        status == "unknown" and evidence == "Not ticked yet"
        for found in lines.values()
        for check, status, evidence in found
        if check == "budget"
    )
    assert summary.stale > len(lines) // 2  # 30 days makes most of the demo stale


def test_queue_sorts_by_age_icp_and_failing_check(demo: Path, verified: object) -> None:
    with Workspace.open(demo) as workspace, workspace.engine.connect() as connection:
        by_age = work_queue(connection, sort="age")
        by_icp = work_queue(connection, sort="icp")
        by_failing = work_queue(connection, sort="failing", item_order=CHECKS)
        only_phone = work_queue(connection, failing="phone")
        assert checked_count(connection) > len(by_age)
        first = stored_verdict(connection, by_age[0].lead_id)
    created = [r.created for r in by_age if r.created]
    assert created == sorted(created)
    scores = [r.icp_score for r in by_icp if r.icp_score is not None]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    ranks = [CHECKS.index(r.failing[0]) for r in by_failing]
    assert ranks == sorted(ranks)
    assert only_phone and all("phone" in r.failing for r in only_phone)
    assert not any(r.ready for r in by_age)
    assert first is not None and not first.ready and first.results


def test_verify_command_writes_the_contract_columns(tmp_path: Path) -> None:
    steward_cli = steward_command()
    workspace = tmp_path / "w.steward"
    subprocess.run(
        [
            str(steward_cli),
            "import",
            str(demo_export() / "Lead.csv"),
            "--workspace",
            str(workspace),
        ],
        check=True,
        capture_output=True,
    )
    out = tmp_path / "v.csv"
    result = subprocess.run(
        [str(steward_cli), "verify", "--workspace", str(workspace), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "open leads:" in result.stdout and "ready" in result.stdout
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["lead_id", "check", "status", "evidence"]
    assert rows[1][1] == "name"
    per_lead: dict[str, list[str]] = defaultdict(list)
    for lead_id, check, _status, _evidence in rows[1:]:
        per_lead[lead_id].append(check)
    assert all(checks[: len(CHECKS)] == CHECKS for checks in per_lead.values())
    assert {row[2] for row in rows[1:]} <= {"pass", "warn", "fail", "unknown", "confirmed"}
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("folder", "workers"), [("Leads #3", 1), ("100% sure", 1), ("Q&A #2", 2)])
def test_a_workspace_in_a_folder_with_uri_characters_verifies(
    tmp_path: Path, demo: Path, folder: str, workers: int
) -> None:
    copy = tmp_path / folder / "copy.steward"
    copy.parent.mkdir()
    copy.write_bytes(demo.read_bytes())
    with Workspace.open(copy) as workspace:
        summary = verify_workspace(workspace, settings=Settings(max_age_days=730), now=NOW,
                                   workers=workers)  # fmt: skip
    assert summary.leads == TRUTH["counts"]["Lead"] - len(TRUTH["converted_leads"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # no stray database beside it
