"""Benchmark of matching: deduplicating a million leads, and one lead's candidates.

    uv run python tests/benchmarks/bench_matching.py [--leads 1000000] [--keep DIR]

Prints one JSON object. Targets on the 2-core reference machine: `steward match --object
Lead` over 1,000,000 leads (match keys already computed at import) in at most 15 s with peak
memory under 1.5 GB and F1 at least 0.95 against the generator's truth; one lead's candidates
against 100,000 accounts and contacts in under 10 ms.

The leads come from steward.demo.generate (seeded, with its planted duplicate groups as the
truth). They are imported with the real `steward import` (timed too: it computes the match
keys), then `steward match --object Lead --out CSV` is timed with the peak memory of its
process tree, and the CSV is scored against the truth. Candidates are timed in-process on a
second org with 40,000 accounts and 60,000 contacts, for 200 of its leads.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from measure import run_measured

from steward.demo.generate import generate, write_truth


def _org(folder: Path, leads: int, **sizes: int) -> dict[str, Any]:
    truth_file = folder / "truth.json"
    if truth_file.exists():
        loaded: dict[str, Any] = json.loads(truth_file.read_text("utf-8"))
        return loaded
    truth = generate(folder / "export", seed=11, leads=leads, detailed_truth=True, workers=2,
                     **sizes)  # fmt: skip
    write_truth(truth_file, truth)
    return truth


def _steward() -> str:
    return str(Path(sys.executable).with_name("steward"))


def dedupe(folder: Path, leads: int) -> dict[str, Any]:
    truth = _org(folder, leads, accounts=0, contacts=0, opportunities=0, users=1)
    workspace = folder / "leads.steward"
    result: dict[str, Any] = {"leads": leads}
    if not workspace.exists():
        imported = run_measured(
            [
                _steward(),
                "import",
                str(folder / "export" / "Lead.csv"),
                "--workspace",
                str(workspace),
            ]
        )
        result["import_seconds"] = imported["seconds"]
        result["import_peak_memory_mb"] = imported["peak_memory_mb"]
    out = folder / "pairs.csv"
    matched = run_measured(
        [
            _steward(),
            "match",
            "--object",
            "Lead",
            "--out",
            str(out),
            "--workspace",
            str(workspace),
        ]
    )
    result["match_seconds"] = matched["seconds"]
    result["match_peak_memory_mb"] = matched["peak_memory_mb"]
    result["match_says"] = matched["out"].strip()
    found: set[frozenset[str]] = set()
    with out.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.add(frozenset((row["left_id"], row["right_id"])))
    converted = {entry["lead_id"] for entry in truth.get("converted_leads", [])}
    true_pairs: set[frozenset[str]] = set()
    # planted duplicate groups, and people the generator drew twice at one company
    people = [g["lead_ids"] for g in truth["duplicate_lead_groups"]]
    people += [e["lead_ids"] for e in truth.get("same_person", [])]
    for group in people:
        members = [m for m in group if m not in converted]
        true_pairs.update(
            frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]
        )
    hits = len(found & true_pairs)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    result.update(
        true_pairs=len(true_pairs),
        pairs=len(found),
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(2 * precision * recall / (precision + recall), 4) if hits else 0.0,
    )
    return result


def one_lead(folder: Path) -> dict[str, Any]:
    from steward.jobs.importer import import_files
    from steward.jobs.match import candidates
    from steward.store.workspace import Workspace

    _org(folder, 20_000, accounts=40_000, contacts=60_000, opportunities=5_000, users=50)
    path = folder / "org.steward"
    fresh = not path.exists()
    with Workspace.open(path, create=True) as workspace:
        if fresh:
            import_files(workspace, [folder / "export"])
        with workspace.engine.connect() as connection:
            ids = [
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT Id FROM lead WHERE coalesce(IsConverted, 0) = 0 ORDER BY pk LIMIT 200"
                )
            ]
            counts = {
                name: connection.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar_one()
                for name in ("account", "contact", "lead")
            }
            candidates(connection, "Lead", ids[0])  # first call loads the rules and caches
            times = []
            found = 0
            for lead_id in ids:
                started = time.perf_counter()
                found += len(candidates(connection, "Lead", lead_id))
                times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "accounts": counts["account"],
        "contacts": counts["contact"],
        "leads": counts["lead"],
        "lookups": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
        "candidates_per_lead": round(found / len(times), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) generated files here")
    parser.add_argument("--skip", choices=("dedupe", "candidates"), help="leave one part out")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="steward-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        results: dict[str, Any] = {}
        if args.skip != "dedupe":
            results["dedupe"] = dedupe(base / f"leads-{args.leads}", args.leads)
        if args.skip != "candidates":
            results["one_lead_candidates"] = one_lead(base / "org-100k")
        print(json.dumps(results, indent=1))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
