"""Opening workspaces: permissions, WAL, and one clear message for each way a file is unusable."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from steward.store.workspace import (
    PAGE_SIZE,
    NewerWorkspace,
    NotAWorkspace,
    Workspace,
    WorkspaceLocked,
    WorkspaceMissing,
)


def test_new_workspace_is_private_wal_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "new.steward"
    with Workspace.open(path, create=True) as workspace:
        with workspace.engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO meta VALUES ('probe', 'x')")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
        assert workspace.meta("application") == "steward"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"


def test_an_existing_workspace_keeps_its_page_size(tmp_path: Path) -> None:
    path = tmp_path / "old.steward"
    with Workspace.open(path, create=True):
        pass
    # as an earlier Steward made it: 4 KiB pages
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode = DELETE")
        raw.execute("PRAGMA page_size = 4096")
        raw.execute("VACUUM")
    with Workspace.open(path) as workspace, workspace.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA page_size").scalar_one() == 4096
        assert workspace.meta("application") == "steward"


def test_missing_workspace_is_not_created_unless_asked(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceMissing, match="No workspace at"):
        Workspace.open(tmp_path / "absent.steward")
    assert not (tmp_path / "absent.steward").exists()


def test_workspace_in_a_missing_folder_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceMissing, match="no such folder"):
        Workspace.open(tmp_path / "nope" / "w.steward", create=True)


def test_second_steward_is_told_the_workspace_is_open(tmp_path: Path) -> None:
    path = tmp_path / "shared.steward"
    with (
        Workspace.open(path, create=True),
        pytest.raises(WorkspaceLocked, match="open in another Steward"),
    ):
        Workspace.open(path)
    Workspace.open(path).close()  # released on close


def test_a_text_file_is_not_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "notes.steward"
    path.write_text("Id,Name\n", encoding="utf-8")
    with pytest.raises(NotAWorkspace, match="not an SQLite database"):
        Workspace.open(path)
    assert path.read_text(encoding="utf-8") == "Id,Name\n"  # untouched


def test_another_programs_database_is_not_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE things (x)")
    with pytest.raises(NotAWorkspace, match="not a Steward workspace"):
        Workspace.open(path)


def test_workspace_from_a_newer_steward_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.steward"
    Workspace.open(path, create=True).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerWorkspace, match="newer version of Steward"):
        Workspace.open(path)


def test_a_folder_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspace, match="is a folder"):
        Workspace.open(tmp_path)


def test_url_characters_in_the_folder_name_open_the_right_file(tmp_path: Path) -> None:
    folder = tmp_path / "what?#%20 now"
    folder.mkdir()
    path = folder / "w.steward"
    with Workspace.open(path, create=True) as workspace:
        workspace.set_meta("origin", "test")
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock")) == ["w.steward"]
    assert path.stat().st_mode & 0o777 == 0o600
    with Workspace.open(path) as workspace:
        assert workspace.meta("origin") == "test"
