"""`verify_leads` over the demo org: every open lead gets every check, with readiness."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from steward_testing import steward_command

from steward.core.checks.result import Status
from steward.core.checks.verify import VerifyContext
from steward.jobs.importer import import_files
from steward.jobs.verify import VerifySummary, default_icp_rules, verify_leads
from steward.resources import demo_export, resource_path
from steward.store.workspace import Workspace

CHECKS = ["name", "address", "phone", "email", "relationship", "source", "icp"]
TRUTH = json.loads(resource_path("demo", "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], VerifySummary]:
    folder = tmp_path_factory.mktemp("verify")
    with Workspace.open(folder / "demo.steward", create=True) as workspace:
        import_files(workspace, [demo_export()])
        context = VerifyContext(
            now=datetime(2026, 11, 1, tzinfo=UTC), icp=default_icp_rules(), max_age_days=730
        )
        summary = VerifySummary()
        found = {v.lead_id: v for v in verify_leads(workspace, context=context, summary=summary)}
    return found, summary  # type: ignore[return-value]


def test_every_open_lead_gets_every_check(verdicts) -> None:  # type: ignore[no-untyped-def]
    found, summary = verdicts
    converted = {c["lead_id"] for c in TRUTH["converted_leads"]}
    assert summary.leads == TRUTH["counts"]["Lead"] - len(converted) == len(found)
    assert not converted & set(found)
    for verdict in found.values():
        assert [r.check for r in verdict.results if "." not in r.check] == CHECKS


def test_junk_leads_are_not_ready_and_say_why(verdicts) -> None:  # type: ignore[no-untyped-def]
    found, _ = verdicts
    junk = [found[j["lead_id"]] for j in TRUTH["junk_leads"] if j["lead_id"] in found]
    assert len(junk) > 50
    assert all(not v.ready for v in junk)
    assert all(v.reason.startswith("Not ready: ") and "\n" not in v.reason for v in junk)
    failing = sum(any(r.status is Status.FAIL for r in v.results) for v in junk)
    assert failing / len(junk) > 0.7  # the rest are warnings: lower-case names, role emails


def test_stale_leads_are_counted_against_the_limit(verdicts) -> None:  # type: ignore[no-untyped-def]
    found, summary = verdicts
    stale = [found[i] for i in TRUTH["stale_leads"] if i in found]
    assert stale and all(
        next(r for r in v.results if r.check == "source").details.get("stale") == "yes"
        for v in stale
    )
    assert summary.stale >= len(stale)


def test_the_summary_counts_ready_and_not_ready(verdicts) -> None:  # type: ignore[no-untyped-def]
    found, summary = verdicts
    assert summary.ready == sum(v.ready for v in found.values()) > 0
    assert summary.not_ready == summary.leads - summary.ready > 0
    assert set(summary.by_check) == set(CHECKS)


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
    header, first = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header == "lead_id,check,status,evidence"
    assert first.split(",")[1] == "name"
    statuses = {line.split(",")[2] for line in out.read_text(encoding="utf-8").splitlines()[1:]}
    assert statuses <= {"pass", "warn", "fail", "unknown", "confirmed"}
