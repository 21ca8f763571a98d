"""Benchmark of bulk work: converting 10,000 ready leads and merging 10,000 clusters.

    uv run python tests/benchmarks/bench_bulk.py [--leads 170000] [--keep DIR]

Prints one JSON object. Targets on the 2-core reference machine: each batch, planned and
applied as one journal operation (one undo), in under 30 s.

The org comes from steward.demo.generate (seeded). It is imported with `steward import`, and
`steward match` is run for Lead against Lead and against Account, so leads have their best
account and the duplicates view its clusters. Leads are marked ready directly (the checklist
has its own benchmark). Then, timed in this process as the app runs them: bulk conversion of
10,000 ready leads (each into its matched account above the threshold, else a new one, with
an opportunity), and bulk merge of the first 10,000 lead clusters at the matching threshold.
Undo of each batch is timed too.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from steward.demo.generate import generate
from steward.jobs.bulk_work import convert_leads, merge_clusters, preview_merges
from steward.store.journal import undo
from steward.store.workspace import Workspace

BATCH = 10_000


def _steward(*args: str) -> None:
    command = [str(Path(sys.executable).with_name("steward")), *args]
    subprocess.run(command, check=True, capture_output=True, text=True)


def _prepare(folder: Path, leads: int) -> Path:
    workspace = folder / "bulk.steward"
    if workspace.exists():
        return workspace
    generate(folder / "export", seed=5, leads=leads, workers=2)
    _steward("import", str(folder / "export"), "--workspace", str(workspace))
    _steward("match", "--object", "Lead", "--workspace", str(workspace))
    _steward("match", "--object", "Lead", "--against", "Account", "--workspace", str(workspace))
    return workspace


def _timed(call: Any) -> tuple[Any, float]:
    gc.collect()
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def bench(folder: Path, leads: int) -> dict[str, Any]:
    path = _prepare(folder, leads)
    copy = folder / "run.steward"
    shutil.copyfile(path, copy)
    copy.chmod(0o600)
    result: dict[str, Any] = {"leads": leads}
    with Workspace.open(copy) as workspace:
        with workspace.engine.begin() as connection:
            ids = [
                row[0]
                for row in connection.exec_driver_sql(
                    'SELECT "Id" FROM lead WHERE NOT coalesce("IsConverted", 0) '
                    # open leads: a disqualified one is not converted in bulk
                    "AND coalesce(\"Status\", '') != 'Closed - Not Converted' "
                    "AND \"Id\" NOT IN (SELECT left_id FROM match_pair WHERE left_object = 'Lead' "
                    "AND right_object = 'Lead' UNION SELECT right_id FROM match_pair "
                    "WHERE left_object = 'Lead' AND right_object = 'Lead') ORDER BY pk LIMIT ?",
                    (BATCH,),
                )
            ]
            connection.exec_driver_sql(
                "INSERT OR REPLACE INTO lead_check (lead_id, checked_at, ready, reason, failing, "
                "stale, results) VALUES (?, '2026-11-23T00:00:00.000Z', 1, '', '', 0, '[]')",
                [(i,) for i in ids],
            )
        converted, seconds = _timed(lambda: convert_leads(workspace, ids, opportunity=True))
        with workspace.engine.connect() as connection:
            into_existing = connection.exec_driver_sql(
                'SELECT count(*) FROM lead WHERE "IsConverted" AND "ConvertedAccountId" NOT LIKE '
                '\'local-%\' AND "ConvertedDate" IS NOT NULL AND "Id" IN '
                "(SELECT lead_id FROM lead_check WHERE checked_at = '2026-11-23T00:00:00.000Z')"
            ).scalar_one()
        result["convert"] = {
            "leads": converted.done,
            "into_matched_accounts": into_existing,
            "seconds": round(seconds, 2),
        }
        _undo, seconds = _timed(lambda: _undo_once(workspace))
        result["convert"]["undo_seconds"] = round(seconds, 2)

        threshold = 0.8
        rows, seconds = _timed(lambda: preview_merges(workspace, "Lead", threshold=threshold))
        chosen = [r.ids for r in rows if not r.problem][:BATCH]
        result["merge"] = {
            "clusters_found": len(rows),
            "preview_seconds": round(seconds, 2),
            "records": sum(len(c) for c in chosen),
        }
        merged, seconds = _timed(
            lambda: merge_clusters(workspace, "Lead", threshold=threshold, only=chosen)
        )
        result["merge"].update(clusters=merged.done, seconds=round(seconds, 2))
        _undo, seconds = _timed(lambda: _undo_once(workspace))
        result["merge"]["undo_seconds"] = round(seconds, 2)
    return result


def _undo_once(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        undo(session)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=170_000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the org and workspace here")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = bench(args.keep, args.leads)
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = bench(Path(folder), args.leads)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
