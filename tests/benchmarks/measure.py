"""Measuring a command for the benchmarks: wall time and the peak memory of its process tree."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as handle:  # noqa: PTH123
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        pending.extend(int(child) for child in children)
    return total


def _as_installed() -> dict[str, str]:
    """The environment without PYTHONDONTWRITEBYTECODE: an installed Steward starts from
    compiled bytecode, and recompiling every module at each start would add a second that
    users never wait for."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


_warmed: set[str] = set()


def run_measured(command: list[str]) -> dict[str, Any]:
    """Wall time and peak tree memory of a command (its modules compiled beforehand)."""
    env = _as_installed()
    if command[0] not in _warmed:  # compile the bytecode once, outside the measurement
        subprocess.run([sys.executable, "-c", "import steward.cli, steward.jobs.match, "
                        "steward.jobs.importer"], env=env, check=True)  # fmt: skip
        _warmed.add(command[0])
    # The measuring process may hold large data (a truth file); a collection of it while
    # the sampler runs would take a core from the command measured.
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    gc.unfreeze()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.strip()}")
    return {"seconds": round(seconds, 2), "peak_memory_mb": round(peak / 2**20, 1), "out": out}
