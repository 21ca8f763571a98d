"""The one way the GUI runs background work: jobs on a QThreadPool, answers on the GUI thread.

A job is a plain callable taking (progress, cancel) and returning a result, like every job in
steward.jobs. The runner starts it on the pool; its progress, its result and its error arrive
as signals of a Task object that lives on the GUI thread. Jobs that write to the workspace run
one at a time, in the order they were asked for; reads run beside them (the workspace is in
WAL mode, so a reader sees the last committed state).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from steward.jobs.progress import CancelFlag, Cancelled, ProgressCallback

log = logging.getLogger(__name__)

Job = Callable[[ProgressCallback, CancelFlag], Any]
# Called on the GUI thread with the exception and its formatted traceback.
ErrorHandler = Callable[[BaseException, str], None]

_SUCCEEDED, _FAILED, _CANCELLED = range(3)
_PROGRESS_INTERVAL = 0.05  # seconds: more often than this is only work for the event loop


class Task(QObject):
    """One job given to the runner. Every signal is delivered on the GUI thread."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object, str)  # the exception, its traceback as text
    cancelled = Signal()
    finished = Signal()  # after any one of succeeded, failed and cancelled

    # Emitted on the worker thread; queued to this object's (the GUI) thread.
    _worker_progress = Signal(float, str)
    _worker_done = Signal(int, object, str)

    def __init__(self, job: Job, name: str, write: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.write = write
        self.cancel_flag = CancelFlag()
        self._job = job
        self._done = False
        self._last_progress = 0.0
        self._worker_progress.connect(self._forward_progress)
        self._worker_done.connect(self._deliver)

    @property
    def done(self) -> bool:
        return self._done

    def cancel(self) -> None:
        """Ask the job to stop; it says so with `cancelled` (or finishes first)."""
        self.cancel_flag.cancel()

    def _execute(self) -> None:  # on a pool thread
        if self.cancel_flag.cancelled:
            self._worker_done.emit(_CANCELLED, None, "")
            return
        try:
            result = self._job(self._report, self.cancel_flag)
        except Cancelled:
            self._worker_done.emit(_CANCELLED, None, "")
        except Exception as error:
            self._worker_done.emit(_FAILED, error, traceback.format_exc())
        else:
            self._worker_done.emit(_SUCCEEDED, result, "")

    def _report(self, fraction: float, message: str) -> None:  # on a pool thread
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_progress < _PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._worker_progress.emit(fraction, message)

    def _forward_progress(self, fraction: float, message: str) -> None:
        if not self._done:
            self.progressed.emit(fraction, message)

    def _deliver(self, outcome: int, payload: object, trace: str) -> None:
        self._done = True
        if outcome == _SUCCEEDED:
            self.succeeded.emit(payload)
        elif outcome == _FAILED:
            assert isinstance(payload, BaseException)
            self.failed.emit(payload, trace)
        else:
            self.cancelled.emit()
        self.finished.emit()


class TaskRunner(QObject):
    """Runs jobs on a thread pool; failures nobody handles go to the error handler."""

    writing_changed = Signal(bool)

    def __init__(
        self,
        pool: QThreadPool | None = None,
        on_error: ErrorHandler | None = None,
        parent: QObject | None = None,
    ) -> None:
        """pool: Qt's global pool unless given; on_error: by default the failure is logged.

        The app passes both (gui/app.py); the defaults serve scripts and benchmarks.
        """
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._on_error = on_error or _log_failure
        self._active: set[Task] = set()
        self._waiting_writes: deque[Task] = deque()
        self._writer: Task | None = None

    @property
    def writing(self) -> bool:
        """Whether a write job is running or waiting."""
        return self._writer is not None

    @property
    def active(self) -> int:
        """How many tasks are running or waiting."""
        return len(self._active)

    def run(
        self,
        job: Job,
        *,
        name: str = "",
        write: bool = False,
        on_success: Callable[[Any], None] | None = None,
        on_error: ErrorHandler | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Task:
        """Start job (after the running write job, when it writes) and return its Task.

        on_error replaces the runner's error handler for this task.
        """
        task = Task(job, name or getattr(job, "__name__", "job"), write, self)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        if on_success is not None:
            task.succeeded.connect(on_success)
        task.failed.connect(on_error or self.report_failure)
        if on_cancelled is not None:
            task.cancelled.connect(on_cancelled)
        task.finished.connect(lambda: self._finished(task))
        self._active.add(task)
        if write and self._writer is not None:
            self._waiting_writes.append(task)
        else:
            self._start(task)
        return task

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()

    def wait_idle(self, msecs: int = -1) -> bool:
        """Block until the pool is idle; True if it became idle in time."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Cancel every task and wait for the pool to finish what it had begun."""
        while self._waiting_writes:
            waiting = self._waiting_writes.popleft()
            waiting.cancel()
            waiting._worker_done.emit(_CANCELLED, None, "")  # it never started: say so now
        self.cancel_all()
        return self._pool.waitForDone(msecs)

    def _start(self, task: Task) -> None:
        if task.write:
            was_writing = self._writer is not None
            self._writer = task
            if not was_writing:
                self.writing_changed.emit(True)
        log.debug("starting %s", task.name)
        self._pool.start(task._execute)

    def _finished(self, task: Task) -> None:
        self._active.discard(task)
        task.deleteLater()
        if task is self._writer:
            if self._waiting_writes:
                self._start(self._waiting_writes.popleft())
            else:
                self._writer = None
                self.writing_changed.emit(False)

    def report_failure(self, error: BaseException, trace: str) -> None:
        """Hand a failure to the app's handler (a message for the steward or a crash report)."""
        self._on_error(error, trace)


def _log_failure(error: BaseException, trace: str) -> None:
    log.error("A background job failed: %s\n%s", error, trace)
