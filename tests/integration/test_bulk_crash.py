"""Crash safety of bulk work: a process running a bulk merge or conversion is killed
(SIGKILL) at random moments, many times. Every time, the workspace opens, passes SQLite's
integrity check, and the batch is either wholly applied (its journal operation and every
change) or not at all."""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from steward.store.workspace import Workspace

KILLS = 8
_CLUSTERS = 300
_LEADS = 400

# The child process: opens the workspace, says so, runs the batch, says it is done.
_CHILD = """
import sys
from steward.jobs.bulk_work import convert_leads, merge_clusters
from steward.store.workspace import Workspace

kind, path, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
with Workspace.open(path) as workspace:
    print("started", flush=True)
    if kind == "merge":
        merge_clusters(workspace, "Lead", threshold=0.9)
    else:
        convert_leads(workspace, ids)
    print("done", flush=True)
"""


def _prepare(source: Path, target: Path) -> list[str]:
    """A copy of the demo workspace with lead pairs to merge and ready leads to convert."""
    shutil.copyfile(source, target)
    target.chmod(0o600)
    with sqlite3.connect(target) as connection:
        open_leads = (  # neither converted nor disqualified: bulk conversion takes them all
            'SELECT "Id" FROM lead WHERE NOT coalesce("IsConverted", 0) '
            "AND \"Status\" != 'Closed - Not Converted' ORDER BY pk"
        )
        leads = [r[0] for r in connection.execute(open_leads)]
        pairs = [(leads[2 * n], leads[2 * n + 1]) for n in range(_CLUSTERS)]
        connection.executemany(
            "INSERT OR REPLACE INTO match_pair VALUES ('Lead', ?, 'Lead', ?, 0.97, 'test')",
            [(min(a, b), max(a, b)) for a, b in pairs],
        )
        ready = leads[2 * _CLUSTERS : 2 * _CLUSTERS + _LEADS]
        connection.executemany(
            "INSERT OR REPLACE INTO lead_check (lead_id, checked_at, ready, reason, failing, "
            "stale, results) VALUES (?, '2026-11-23T00:00:00.000Z', 1, '', '', 0, '[]')",
            [(i,) for i in ready],
        )
    return ready


def _run_and_kill(kind: str, path: Path, ids: list[str], delay: float) -> tuple[bool, float]:
    """Run the batch, kill it delay seconds after it started unless it finished before;
    returns whether it finished, and how long it ran."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, kind, str(path), *ids],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    started = time.perf_counter()
    try:
        child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
    ran = time.perf_counter() - started
    return "done" in child.stdout.read(), ran


def _time_to_done(kind: str, path: Path, ids: list[str]) -> float:
    """Seconds from the job's start to its "done" (after the commit; process exit, later,
    is no part of the batch)."""
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, kind, str(path), *ids], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    started = time.perf_counter()
    assert child.stdout.readline().strip() == "done"
    took = time.perf_counter() - started
    assert child.wait(timeout=60) == 0
    return took


def _state(path: Path, kind: str, ids: list[str]) -> tuple[int, int]:
    """(journal operations of the batch, records of the batch changed)."""
    with Workspace.open(path) as workspace, workspace.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        operations = connection.exec_driver_sql(
            "SELECT inputs FROM operation WHERE kind = ?", (f"bulk_{kind}",)
        ).all()
        if kind == "merge":
            changed = connection.exec_driver_sql(
                "SELECT count(*) FROM match_pair p WHERE "
                'NOT EXISTS (SELECT 1 FROM lead WHERE "Id" = p.right_id) OR '
                'NOT EXISTS (SELECT 1 FROM lead WHERE "Id" = p.left_id)'
            ).scalar_one()
        else:
            marks = ", ".join("?" * len(ids))
            changed = connection.exec_driver_sql(
                f'SELECT count(*) FROM lead WHERE "IsConverted" AND "Id" IN ({marks})', tuple(ids)
            ).scalar_one()
        if operations:
            inputs = json.loads(operations[0][0])
            assert len(inputs.get("merges", inputs.get("conversions", []))) == changed
    return len(operations), int(changed)


@pytest.mark.parametrize("kind", ["merge", "convert"])
def test_a_killed_bulk_job_leaves_all_or_nothing(
    kind: str, demo_workspace_file: Path, tmp_path: Path
) -> None:
    batch = _CLUSTERS if kind == "merge" else _LEADS
    random.seed(f"crash-{kind}")
    # How long the batch takes here, to kill it across the whole of its run.
    timing = tmp_path / "timing.steward"
    ids = _prepare(demo_workspace_file, timing)
    took = _time_to_done(kind, timing, ids)
    assert _state(timing, kind, ids) == (1, batch)
    outcomes = set()
    for attempt in range(KILLS):
        path = tmp_path / f"kill-{attempt}.steward"
        _prepare(demo_workspace_file, path)
        finished, _ran = _run_and_kill(kind, path, ids, random.uniform(0.0, took))
        operations, changed = _state(path, kind, ids)
        assert (operations, changed) in ((0, 0), (1, batch)), f"half applied: {changed}"
        assert finished <= (operations == 1)
        outcomes.add(operations)
    assert 0 in outcomes, "no kill landed before the batch committed"
