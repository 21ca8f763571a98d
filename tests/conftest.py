"""Shared by every test: Qt runs without a display; the demo workspace, imported once per
session, with a copy of its file for each test that asks for one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from steward.jobs.importer import import_files
from steward.resources import demo_export
from steward.store.workspace import Workspace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def demo_files() -> Path:
    """The bundled demo export."""
    folder = demo_export()
    assert (folder / "Lead.csv").is_file(), f"no demo export in {folder}"
    return folder


@pytest.fixture(scope="session")
def demo_workspace_file(demo_files: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the demo export imported, made once per session."""
    path = tmp_path_factory.mktemp("demo-workspace") / "demo.steward"
    with Workspace.open(path, create=True) as workspace:
        summary = import_files(workspace, [demo_files])
        assert summary.inserted > 0
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists() or Path(f"{path}{suffix}").stat().st_size == 0
    return path


@pytest.fixture
def workspace_path(demo_workspace_file: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo workspace."""
    path = tmp_path / "demo.steward"
    shutil.copyfile(demo_workspace_file, path)
    path.chmod(0o600)
    return path
