"""The `steward` command, run as a user runs it: a separate process on real files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from steward_testing import Run, steward_command


@pytest.fixture
def steward(tmp_path: Path) -> Run:
    command = str(steward_command())
    env = {k: v for k, v in os.environ.items() if k != "STEWARD_WORKSPACE"}
    env["STEWARD_WORKSPACE"] = str(tmp_path / "default.steward")
    env["QT_QPA_PLATFORM"] = "offscreen"

    def run(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [command, *args], capture_output=True, text=True, env=env, timeout=300, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(f"steward {' '.join(args)} failed: {result.stderr}")
        return result

    return run
