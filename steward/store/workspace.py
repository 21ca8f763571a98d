"""Opening and creating workspaces: one SQLite file, locked to one Steward at a time.

Everything that can go wrong with the file itself (missing, locked, not a workspace, made by a
newer Steward) is a WorkspaceError whose message is one line a steward can act on.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

import filelock
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_path
from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from steward import __version__
from steward.core.values import format_datetime
from steward.store.models import Meta

_SQLITE_MAGIC = b"SQLite format 3\x00"
_APPLICATION = "steward"


class WorkspaceError(Exception):
    """The workspace file cannot be used; the message says why in one line."""


class WorkspaceMissing(WorkspaceError):
    pass


class WorkspaceLocked(WorkspaceError):
    pass


class NotAWorkspace(WorkspaceError):
    pass


class NewerWorkspace(WorkspaceError):
    pass


def default_workspace() -> Path:
    """Where the workspace lives unless told otherwise: $STEWARD_WORKSPACE, else
    workspace.steward in the user's data folder."""
    configured = os.environ.get("STEWARD_WORKSPACE")
    if configured:
        return Path(configured).expanduser()
    return user_data_path("Steward", appauthor=False) / "workspace.steward"


def _alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("steward.store") / "migrations"))
    config.attributes["connection"] = connection
    return config


PAGE_SIZE = 16384


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 5000")
    # For a new file only (a no-op once it has tables): record tables are wide, and with
    # 16 KiB pages a million-lead import builds its search and key indexes 3 s faster.
    cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # NORMAL is durable across application crashes in WAL mode; only power loss can lose the
    # last transactions, never corrupt the file.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA cache_size = -65536")  # 64 MiB
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.close()


class Workspace:
    """An open workspace: its path, engine and sessions. Close it to release the lock."""

    def __init__(self, path: Path, engine: Engine, lock: filelock.BaseFileLock) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> Workspace:
        """Open the workspace at path (creating it when asked), migrating it to this version."""
        path = Path(path).expanduser().absolute()
        exists = path.exists()
        if not exists and not create:
            raise WorkspaceMissing(f"No workspace at {path}")
        if exists and path.is_dir():
            raise NotAWorkspace(f"{path} is a folder, not a workspace file")
        if not path.parent.is_dir():
            raise WorkspaceMissing(f"Cannot create a workspace in {path.parent}: no such folder")
        # Not thread-local: the GUI opens a workspace on a worker thread and closes it on its own.
        lock = filelock.FileLock(f"{path}.lock", timeout=0, mode=0o600, thread_local=False)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise WorkspaceLocked(
                f"{path.name} is open in another Steward window or command; close it there first"
            ) from None
        except OSError as error:
            raise WorkspaceError(f"Cannot lock {path}: {error.strerror}") from None
        try:
            if exists:
                _check_is_sqlite(path)
            else:
                _create_private_file(path)
            # A creator rather than a URL: '?' or '#' in a folder name would be read as URL syntax
            # and open (or create) some other file.
            engine = create_engine(
                "sqlite://",
                creator=partial(sqlite3.connect, str(path), check_same_thread=False),
                poolclass=QueuePool,  # what a file URL gets; "sqlite://" alone means memory
                # JSON as SQLite's own json functions write it (imports go through them), so
                # a row the journal writes back is byte for byte the row it imaged
                json_serializer=compact_json,
            )
            event.listen(engine, "connect", _on_connect)
            workspace = cls(path, engine, lock)
            workspace._prepare(new=not exists or path.stat().st_size == 0)
        except BaseException:
            lock.release()
            raise
        return workspace

    def _prepare(self, *, new: bool) -> None:
        try:
            with self.engine.begin() as connection:
                if not new:
                    _check_is_ours(connection, self.path)
                command.upgrade(_alembic_config(connection), "head")
                if new:
                    now = format_datetime(datetime.now(UTC))
                    connection.execute(
                        insert(Meta),
                        [
                            {"key": "application", "value": _APPLICATION},
                            {"key": "created", "value": now},
                            {"key": "created_by_version", "value": __version__},
                        ],
                    )
        except OperationalError as error:
            self.engine.dispose()
            if "locked" in str(error.orig):
                raise WorkspaceLocked(f"{self.path.name} is busy in another program") from None
            raise WorkspaceError(f"Cannot open {self.path}: {error.orig}") from None
        except DatabaseError as error:
            self.engine.dispose()
            raise NotAWorkspace(f"{self.path} is not a Steward workspace ({error.orig})") from None
        except WorkspaceError:
            self.engine.dispose()
            raise

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together, or not at all."""
        with self._sessions.begin() as session:
            yield session

    def meta(self, key: str) -> str | None:
        with self.session() as session:
            return session.scalar(select(Meta.value).where(Meta.key == key))

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as session:
            session.merge(Meta(key=key, value=value))

    def close(self) -> None:
        self.engine.dispose()
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def compact_json(value: object) -> str:
    """JSON as the workspace writes it everywhere (and as SQLite's json functions do), so
    that a row the journal writes back is the same text it read."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _create_private_file(path: Path) -> None:
    # Created by us with mode 0600 before SQLite touches it: the workspace holds personal data,
    # and SQLite gives its -wal and -shm files the same permissions as the database file.
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _check_is_sqlite(path: Path) -> None:
    if path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise WorkspaceError(f"Cannot read {path}: {error.strerror}") from None
    if header != _SQLITE_MAGIC:
        raise NotAWorkspace(f"{path} is not a Steward workspace (not an SQLite database)")


def _check_is_ours(connection: Connection, path: Path) -> None:
    tables = set(
        connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").scalars()
    )
    if "meta" not in tables or "alembic_version" not in tables:
        raise NotAWorkspace(f"{path} is an SQLite database, but not a Steward workspace")
    application = connection.execute(select(Meta.value).where(Meta.key == "application")).scalar()
    if application != _APPLICATION:
        raise NotAWorkspace(f"{path} is an SQLite database, but not a Steward workspace")
    current = MigrationContext.configure(connection).get_current_revision()
    known = {
        rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    }
    if current is not None and current not in known:
        raise NewerWorkspace(
            f"{path.name} was saved by a newer version of Steward (schema {current}); "
            "update Steward to open it"
        )
