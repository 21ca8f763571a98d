"""The first stage of an import: files to statement parameters, in this or another process.

Reading, decoding, parsing and normalising rows costs about as much CPU as writing them to
SQLite, so a large import runs this stage in a second process and the two work side by side.
The stage only produces plain data (events), which is what crosses the process boundary.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import queue
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from steward.connectors.exportfiles.csvreader import BadRecord, open_text, read_records
from steward.connectors.exportfiles.discover import SourceFile
from steward.connectors.exportfiles.encoding import detect
from steward.connectors.exportfiles.rows import HeaderProblem, RowParser
from steward.core.values import ValueProblem
from steward.jobs.progress import CancelFlag, Cancelled
from steward.store.bulk import Params, RowEncoder

BATCH_ROWS = 2_000
# Below this many bytes in all, starting a second process costs more than it saves.
WORKER_THRESHOLD_BYTES = 8 << 20


@dataclass(frozen=True, slots=True)
class FileStart:
    encoding: str
    columns: list[str]  # API names for typed fields, headers as written for the rest
    fields: list[str]  # the typed fields the file has


@dataclass(frozen=True, slots=True)
class FileSkipped:
    line: int
    reason: str


@dataclass(slots=True)
class Batch:
    params: list[Params] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    bytes_read: int = 0
    helpers: bool = True  # the params hold the helper columns (RowEncoder.encode)


@dataclass(slots=True)
class Share:
    """Whether the parsing process makes the next batches' helper columns (it does when the
    writing process lags behind), changed between batches by whoever runs parse_file."""

    helpers: bool = True


@dataclass(frozen=True, slots=True)
class FileEnd:
    pass


Event = FileStart | FileSkipped | Batch | FileEnd


@dataclass(frozen=True, slots=True)
class _Packed:
    """A Batch as it crosses to the writing process: its rows marshalled into one bytes
    object, which the queue's pickling then copies as it is. Pickling the rows themselves (a
    million leads are seventy million values) cost the parsing process 4 s, marshal 2 s."""

    rows: bytes
    problems: list[tuple[int, str]]
    bytes_read: int
    helpers: bool


def _pack(event: Event) -> Event | _Packed:
    if not isinstance(event, Batch):
        return event
    try:
        return _Packed(marshal.dumps(event.params), event.problems, event.bytes_read, event.helpers)
    except ValueError:  # a value marshal does not know: the batch goes as it is
        return event


def _unpack(event: Any) -> Any:
    if isinstance(event, _Packed):
        # marshal data from our own parsing process, never from outside
        return Batch(marshal.loads(event.rows), event.problems, event.bytes_read, event.helpers)
    return event


@dataclass(frozen=True, slots=True)
class ParseJob:
    source: SourceFile
    object_name: str
    known_columns: list[str]  # the workspace's columns for the object before this import


def parse_file(job: ParseJob, share: Share | None = None) -> Iterator[Event]:
    """The events of one file: FileStart or FileSkipped, then Batches, then FileEnd."""
    share = share or Share()
    source, object_name = job.source, job.object_name
    encoding = detect(source.open_binary)
    with source.open_binary() as handle, open_text(handle, encoding) as text:
        records = read_records(text)
        header = next(records, None)
        if header is None or isinstance(header, BadRecord) or not any(header.values):
            yield FileSkipped(0, "the file is empty")
            return
        try:
            parser = RowParser(
                object_name, header.values, job.known_columns, neutralised=source.neutralised
            )
        except HeaderProblem as problem:
            yield FileSkipped(1, str(problem))
            return
        yield FileStart(encoding.label, parser.column_names, parser.fields)
        encoder = RowEncoder(object_name, parser.fields)
        batch = Batch(helpers=share.helpers)
        for record in records:
            if isinstance(record, BadRecord):
                batch.problems.append((record.line, record.reason))
                continue
            try:
                row = parser.parse(record.values)
                batch.params.append(encoder.encode(row, helpers=batch.helpers))
            except ValueProblem as problem:
                batch.problems.append((record.line, str(problem)))
                continue
            if len(batch.params) >= BATCH_ROWS:
                batch.bytes_read = handle.tell()
                yield batch
                batch = Batch(helpers=share.helpers)
        batch.bytes_read = source.size
        yield batch
    yield FileEnd()


def parse_files(
    jobs: Sequence[ParseJob], cancel: CancelFlag, *, use_worker: bool | None = None
) -> Iterator[Event]:
    """The events of several files, parsed here or, for large inputs, in a worker process."""
    if use_worker is None:
        use_worker = sum(job.source.size for job in jobs) >= WORKER_THRESHOLD_BYTES
    if not use_worker:
        for job in jobs:
            yield from parse_file(job)
        return
    yield from _from_worker(jobs, cancel)


_DONE = "done"
_FAILED = "failed"


def _worker(jobs: Sequence[ParseJob], events: Any) -> None:
    gc.disable()  # a process of its own that only makes acyclic rows: see jobs/collector.py
    # The writing process makes the helper columns while it keeps up; once it lags (the
    # queue is full) this process makes them, until it has room again.
    share = Share(helpers=False)
    try:
        for job in jobs:
            for event in parse_file(job, share):
                packed = _pack(event)
                try:
                    events.put(packed, block=False)
                    share.helpers = False
                except queue.Full:
                    share.helpers = True
                    events.put(packed)
        events.put(_DONE)
    except BaseException:  # the parent re-raises it; the worker itself must end cleanly
        events.put((_FAILED, traceback.format_exc()))


class ParseWorkerFailed(RuntimeError):
    """The parsing process failed: a bug, reported with the worker's traceback."""


def _from_worker(jobs: Sequence[ParseJob], cancel: CancelFlag) -> Iterator[Event]:
    # spawn, not fork: the parent may be a Qt application with threads running.
    context = multiprocessing.get_context("spawn")
    events = context.Queue(maxsize=16)  # bounded, so a fast reader cannot fill memory
    process = context.Process(target=_worker, args=(list(jobs), events), daemon=True)
    process.start()
    try:
        while True:
            if cancel.cancelled:
                raise Cancelled
            try:
                event = events.get(timeout=0.2)
            except queue.Empty:
                if not process.is_alive():
                    raise ParseWorkerFailed(
                        f"the parsing process stopped (exit code {process.exitcode})"
                    ) from None
                continue
            if event == _DONE:
                return
            if isinstance(event, tuple) and event[0] == _FAILED:
                raise ParseWorkerFailed(event[1])
            yield _unpack(event)
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        events.close()
