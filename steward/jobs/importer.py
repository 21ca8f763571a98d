"""Importing Salesforce export files into a workspace: the job behind `steward import` and
File > Import export files.

The whole import is one transaction: cancelled, or stopped by an error in Steward itself, it
leaves the workspace as it was. Bad rows never stop it: each is reported with its file, line
and reason, and every good row still loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from steward.connectors.exportfiles.csvreader import BadRecord, open_text, read_records
from steward.connectors.exportfiles.discover import SourceFile, discover
from steward.connectors.exportfiles.encoding import detect
from steward.connectors.exportfiles.rows import HeaderProblem, RowParser
from steward.core.records import Row
from steward.core.values import ValueProblem, format_datetime
from steward.jobs.progress import CancelFlag, ProgressCallback, no_progress
from steward.store.bulk import RecordWriter, UpsertCounts, remember_columns
from steward.store.models import ImportRun, Meta
from steward.store.workspace import Workspace

BATCH_ROWS = 2_000
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
) -> ImportSummary:
    """Import the CSV files found in paths; raises SourceProblem for a path that is unusable."""
    sources = discover(paths)
    wanted = [(s, object_name or s.stem_object) for s in sources]
    wanted.sort(key=lambda item: _OBJECT_ORDER.get(item[1] or "", 99))
    started = _now()
    with workspace.engine.begin() as connection:
        run = _ImportRun(connection, progress, cancel or CancelFlag())
        run.total_bytes = sum(s.size for s, target in wanted if target) or 1
        for source, target in wanted:
            if target is None:
                reason = (
                    f"{source.stem} is not an object Steward keeps "
                    "(Lead, Contact, Account, Opportunity, User)"
                )
                run.summary.files.append(FileResult(source.display, None, skipped=reason))
                continue
            run.cancel.check()
            run.summary.files.append(run.import_file(source, target))
            run.done_bytes += source.size
        _record_run(connection, paths, started, run.summary)
    progress(1.0, run.summary.line())
    return run.summary


class _ImportRun:
    def __init__(
        self, connection: Connection, progress: ProgressCallback, cancel: CancelFlag
    ) -> None:
        self.connection = connection
        self.progress = progress
        self.cancel = cancel
        self.summary = ImportSummary()
        self.total_bytes = 1
        self.done_bytes = 0

    def import_file(self, source: SourceFile, object_name: str) -> FileResult:
        result = FileResult(source.display, object_name)
        encoding = detect(source.open_binary)
        result.encoding = encoding.label
        with source.open_binary() as handle:
            records = read_records(open_text(handle, encoding))
            header = next(records, None)
            if header is None or isinstance(header, BadRecord) or not any(header.values):
                return self._skip(result, 0, "the file is empty")
            try:
                parser = RowParser(object_name, header.values)
            except HeaderProblem as problem:
                return self._skip(result, 1, str(problem))
            remember_columns(self.connection, object_name, parser.column_names)
            writer = RecordWriter(self.connection, object_name, parser.fields)
            batch: list[Row] = []
            for record in records:
                if isinstance(record, BadRecord):
                    self._reject(result, record.line, record.reason)
                    continue
                try:
                    batch.append(parser.parse(record.values))
                except ValueProblem as problem:
                    self._reject(result, record.line, str(problem))
                    continue
                if len(batch) >= BATCH_ROWS:
                    _flush(writer, batch, result)
                    self.cancel.check()
                    self._report(source, handle.tell(), result)
            _flush(writer, batch, result)
        return result

    def _skip(self, result: FileResult, line: int, reason: str) -> FileResult:
        result.skipped = reason
        self.summary.add_problem(Problem(result.file, line, reason))
        return result

    def _reject(self, result: FileResult, line: int, reason: str) -> None:
        result.rejected += 1
        self.summary.add_problem(Problem(result.file, line, reason))

    def _report(self, source: SourceFile, read: int, result: FileResult) -> None:
        fraction = min(1.0, (self.done_bytes + read) / self.total_bytes)
        self.progress(fraction, f"{source.display}: {result.inserted + result.updated:,} rows")


def _flush(writer: RecordWriter, batch: list[Row], result: FileResult) -> None:
    counts: UpsertCounts = writer.upsert(batch)
    result.inserted += counts.inserted
    result.updated += counts.updated
    batch.clear()


def _record_run(
    connection: Connection, paths: Sequence[Path], started: str, summary: ImportSummary
) -> None:
    finished = _now()
    connection.execute(
        ImportRun.__table__.insert(),
        {
            "started": started,
            "finished": finished,
            "sources": [p.name for p in paths],
            "summary": {k: v for k, v in summary.as_dict().items() if k != "problems"},
        },
    )
    # A workspace knows where its data came from and when.
    for key, value in (("origin", "export files"), ("last_import", finished)):
        connection.execute(Meta.__table__.delete().where(Meta.key == key))
        connection.execute(Meta.__table__.insert(), {"key": key, "value": value})


def _now() -> str:
    return format_datetime(datetime.now(UTC))
