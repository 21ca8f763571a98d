"""Importing Salesforce export files into a workspace: the job behind `steward import` and
File > Import export files.

The whole import is one transaction: cancelled, or stopped by an error in Steward itself, it
leaves the workspace as it was. Bad rows never stop it: each is reported with its file, line
and reason, and every good row still loads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert

from steward.connectors.exportfiles.discover import SourceFile, discover
from steward.core.values import format_datetime
from steward.jobs.collector import collector_paused
from steward.jobs.parse_stage import (
    Batch,
    Event,
    FileEnd,
    FileSkipped,
    FileStart,
    ParseJob,
    parse_files,
)
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.store.bulk import (
    RecordWriter,
    RowEncoder,
    count_rows,
    remember_columns,
    source_columns,
    table_name,
)
from steward.store.models import ImportRun, Meta
from steward.store.search import rebuild_index, suspend_index
from steward.store.workspace import Workspace

MAX_PROBLEMS_KEPT = 1_000
_OBJECT_ORDER = {
    name: index for index, name in enumerate(("User", "Account", "Contact", "Opportunity", "Lead"))
}


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int  # 0 when the problem is with the whole file
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class FileResult:
    file: str
    object_name: str | None
    encoding: str = ""
    inserted: int = 0
    updated: int = 0
    rejected: int = 0
    skipped: str | None = None  # why the whole file was not read


@dataclass(slots=True)
class ImportSummary:
    files: list[FileResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT
    problem_count: int = 0

    @property
    def inserted(self) -> int:
        return sum(f.inserted for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.skipped]

    def add_problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)

    def line(self) -> str:
        """The one-line result a steward reads first."""
        text = f"{self.inserted:,} loaded, {self.updated:,} updated, {self.rejected:,} rejected"
        if self.skipped:
            text += f"; {len(self.skipped)} file(s) skipped"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "loaded": self.inserted,
            "updated": self.updated,
            "rejected": self.rejected,
            "files": [
                {
                    "file": f.file,
                    "object": f.object_name,
                    "encoding": f.encoding,
                    "loaded": f.inserted,
                    "updated": f.updated,
                    "rejected": f.rejected,
                    "skipped": f.skipped,
                }
                for f in self.files
            ],
            "problems": [
                {"file": p.file, "line": p.line, "reason": p.reason} for p in self.problems
            ],
            "problem_count": self.problem_count,
        }


def import_files(
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    object_name: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    use_worker: bool | None = None,
    alone: bool = False,
) -> ImportSummary:
    """Import the CSV files found in paths; raises SourceProblem for a path that is unusable.

    use_worker forces parsing in (True) or out of (False) a second process; by default large
    imports use one. alone: nothing else reads the workspace meanwhile (the command line), so
    the import may write through a rollback journal rather than the write-ahead log, which
    spares copying every new page a second time at the checkpoint (some 4 s of importing a
    million leads). Readers would wait for such an import, so the GUI leaves it False.
    """
    cancel = cancel or CancelFlag()
    sources = discover(paths)
    summary = ImportSummary()
    jobs: list[tuple[SourceFile, str]] = []
    for source in sources:
        target = object_name or source.stem_object
        if target is None:
            reason = (
                f"{source.stem} is not an object Steward keeps "
                "(Lead, Contact, Account, Opportunity, User)"
            )
            summary.files.append(FileResult(source.display, None, skipped=reason))
        else:
            jobs.append((source, target))
    jobs.sort(key=lambda job: _OBJECT_ORDER[job[1]])
    started = _now()
    with (
        collector_paused(),
        workspace.engine.connect() as connection,
        _rollback_journal(connection, alone),
        connection.begin(),
    ):
        parse_jobs = [
            ParseJob(source, target, source_columns(connection, target)) for source, target in jobs
        ]
        run = _ImportRun(connection, summary, progress, jobs)
        run.load(parse_files(parse_jobs, cancel, use_worker=use_worker), cancel)
        _record_run(connection, paths, started, summary)
    progress(1.0, summary.line())
    return summary


@contextmanager
def _rollback_journal(connection: Connection, wanted: bool) -> Iterator[None]:
    """The connection in rollback-journal mode for the duration, when wanted and possible
    (leaving WAL mode needs the only connection to the file; otherwise it stays as it is).
    The transaction is as atomic either way: a cancelled or crashed import rolls back."""
    raw: Any = connection.connection.driver_connection
    switched = False
    if wanted:
        try:
            switched = raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
        except sqlite3.OperationalError:  # another connection has the file open
            switched = False
    if switched:
        raw.execute("PRAGMA synchronous = FULL")  # NORMAL is corruption-proof only with WAL
    try:
        yield
    finally:
        if switched:
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute("PRAGMA synchronous = NORMAL")


class _ImportRun:
    """The writing side of one import: events in, rows and problems into the workspace."""

    def __init__(
        self,
        connection: Connection,
        summary: ImportSummary,
        progress: ProgressCallback,
        jobs: Sequence[tuple[SourceFile, str]],
    ) -> None:
        self.connection = connection
        self.summary = summary
        self.progress = progress
        self.jobs = list(jobs)
        self.total_bytes = sum(source.size for source, _ in jobs) or 1
        self.done_bytes = 0
        self.writers: dict[tuple[str, tuple[str, ...]], RecordWriter] = {}
        self.bulk_tables: set[str] = set()  # tables whose index is rebuilt at the end
        self.empty_at_start: dict[str, bool] = {}

    def load(self, events: Iterator[Event], cancel: CancelFlag) -> None:
        index = -1
        result: FileResult | None = None
        writer: RecordWriter | None = None
        for event in events:
            if isinstance(event, FileStart | FileSkipped):
                index += 1
                source, object_name = self.jobs[index]
                result = FileResult(source.display, object_name)
                self.summary.files.append(result)
                if isinstance(event, FileSkipped):
                    result.skipped = event.reason
                    self.summary.add_problem(Problem(result.file, event.line, event.reason))
                    self.done_bytes += source.size
                    continue
                result.encoding = event.encoding
                remember_columns(self.connection, object_name, event.columns)
                writer = self._writer(source, object_name, event.fields)
            elif isinstance(event, Batch):
                assert result is not None and writer is not None
                for line, reason in event.problems:
                    result.rejected += 1
                    self.summary.add_problem(Problem(result.file, line, reason))
                counts = writer.upsert(event.params, helpers=event.helpers)
                result.inserted += counts.inserted
                result.updated += counts.updated
                fraction = min(1.0, (self.done_bytes + event.bytes_read) / self.total_bytes)
                rows = result.inserted + result.updated
                self.progress(fraction, f"{result.file}: {rows:,} rows")
                cancel.check()
            elif isinstance(event, FileEnd):
                self.done_bytes += self.jobs[index][0].size
        for table in sorted(self.bulk_tables):
            self.progress(1.0, f"Indexing {table} for search")
            rebuild_index(self.connection, table)

    def _writer(self, source: SourceFile, object_name: str, fields: list[str]) -> RecordWriter:
        table = table_name(object_name)
        if object_name not in self.empty_at_start:
            existing = count_rows(self.connection, object_name)
            self.empty_at_start[object_name] = existing == 0
            incoming = sum(s.size for s, o in self.jobs if o == object_name) // 300
            # Re-indexing everything once beats indexing row by row when the load is large
            # next to what is there already.
            if incoming > existing:
                suspend_index(self.connection, table)
                self.bulk_tables.add(table)
        key = (object_name, tuple(fields))
        if key not in self.writers:
            self.writers[key] = RecordWriter(
                self.connection,
                RowEncoder(object_name, fields),
                known_empty=self.empty_at_start[object_name],
            )
        return self.writers[key]


def _record_run(
    connection: Connection, paths: Sequence[Path], started: str, summary: ImportSummary
) -> None:
    finished = _now()
    connection.execute(
        insert(ImportRun),
        {
            "started": started,
            "finished": finished,
            "sources": [p.name for p in paths],
            "summary": {k: v for k, v in summary.as_dict().items() if k != "problems"},
        },
    )
    # A workspace knows where its data came from and when.
    for key, value in (("origin", "export files"), ("last_import", finished)):
        connection.execute(delete(Meta).where(Meta.key == key))
        connection.execute(insert(Meta), {"key": key, "value": value})


def _now() -> str:
    return format_datetime(datetime.now(UTC))
