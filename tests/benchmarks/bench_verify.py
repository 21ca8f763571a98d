"""Benchmark of `steward verify` over 100,000 generated leads, DNS off.

    uv run python tests/benchmarks/bench_verify.py [--leads 100000] [--keep DIR]

Prints one JSON object. Target on the 2-core reference machine: at most 20 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _steward() -> str:
    return shutil.which("steward", path=str(Path(sys.executable).parent)) or "steward"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="steward-verify-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    export, workspace = base / "export", base / "verify.steward"
    try:
        if not (export / "Lead.csv").exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "steward.demo.generate",
                    "--out",
                    str(export),
                    "--leads",
                    str(args.leads),
                    "--summary",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if not workspace.exists():
            subprocess.run(
                [_steward(), "import", str(export / "Lead.csv"), "--workspace", str(workspace)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        started = time.perf_counter()
        result = subprocess.run(
            [_steward(), "verify", "--workspace", str(workspace), "--out", str(base / "v.csv")],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        with (base / "v.csv").open(encoding="utf-8") as handle:
            rows = sum(1 for _ in handle) - 1
        report = {
            "leads": args.leads,
            "verify_seconds": round(seconds, 2),
            "result_rows": rows,
            "summary": result.stdout.strip().splitlines()[0],
            "target_s<=20": seconds <= 20,
        }
        print(json.dumps(report, indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
