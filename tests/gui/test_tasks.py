"""The task runner: jobs off the GUI thread, answers on it, writes one at a time."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from steward.gui.tasks import TaskRunner
from steward.jobs.progress import CancelFlag, ProgressCallback


@pytest.fixture
def failures() -> list[tuple[BaseException, str]]:
    return []


@pytest.fixture
def runner(qapp: Any, failures: list[tuple[BaseException, str]]) -> TaskRunner:
    return TaskRunner(QThreadPool.globalInstance(), lambda e, t: failures.append((e, t)))


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: dict[str, Any] = {}

    def job(progress: ProgressCallback, _cancel: CancelFlag) -> int:
        seen["job thread"] = threading.get_ident()
        progress(0.5, "half way")
        return 42

    def on_progress(fraction: float, message: str) -> None:
        seen["progress"] = (fraction, message, threading.get_ident())

    def on_success(value: int) -> None:
        seen["result"] = (value, threading.get_ident())

    task = runner.run(job, on_success=on_success, on_progress=on_progress)
    qtbot.waitUntil(lambda: task.done)
    gui = threading.get_ident()
    assert seen["job thread"] != gui
    assert seen["progress"] == (0.5, "half way", gui)
    assert seen["result"] == (42, gui)
    assert runner.active == 0


def test_an_error_goes_to_the_handler_with_its_traceback(
    qtbot: QtBot, runner: TaskRunner, failures: list[tuple[BaseException, str]]
) -> None:
    def broken_job(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        raise ZeroDivisionError("boom")

    succeeded: list[object] = []
    task = runner.run(broken_job, on_success=succeeded.append)
    qtbot.waitUntil(lambda: task.done)
    assert succeeded == []
    [(error, trace)] = failures
    assert isinstance(error, ZeroDivisionError)
    assert "broken_job" in trace
    assert "ZeroDivisionError: boom" in trace


def test_a_task_can_handle_its_own_errors(
    qtbot: QtBot, runner: TaskRunner, failures: list[tuple[BaseException, str]]
) -> None:
    own: list[BaseException] = []

    def job(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        raise ValueError("mine")

    task = runner.run(job, on_error=lambda error, _trace: own.append(error))
    qtbot.waitUntil(lambda: task.done)
    assert [str(e) for e in own] == ["mine"]
    assert failures == []


def test_cancel_stops_a_job_at_its_next_check(qtbot: QtBot, runner: TaskRunner) -> None:
    started = threading.Event()

    def endless(_progress: ProgressCallback, cancel: CancelFlag) -> None:
        started.set()
        while True:
            cancel.check()
            time.sleep(0.005)

    outcome: list[str] = []
    task = runner.run(
        endless,
        on_success=lambda _r: outcome.append("succeeded"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
    assert outcome == ["cancelled"]


def test_write_jobs_run_one_at_a_time_in_order(qtbot: QtBot, runner: TaskRunner) -> None:
    spans: list[tuple[str, float, float]] = []
    lock = threading.Lock()

    def writer(name: str) -> Any:
        def job(_progress: ProgressCallback, _cancel: CancelFlag) -> str:
            begin = time.monotonic()
            time.sleep(0.05)
            with lock:
                spans.append((name, begin, time.monotonic()))
            return name

        return job

    states: list[bool] = []
    runner.writing_changed.connect(states.append)
    tasks = [runner.run(writer(name), write=True) for name in "abc"]
    assert runner.writing
    qtbot.waitUntil(lambda: all(t.done for t in tasks), timeout=5000)
    assert [name for name, _, _ in spans] == ["a", "b", "c"]
    for (_, _, end), (_, begin, _) in itertools.pairwise(spans):
        assert begin >= end
    assert states == [True, False]
    assert not runner.writing


def test_reads_run_beside_a_write(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()

    def slow_write(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        release.wait(5)

    def read(_progress: ProgressCallback, _cancel: CancelFlag) -> str:
        return "read"

    write = runner.run(slow_write, write=True)
    got: list[str] = []
    read_task = runner.run(read, on_success=got.append)
    qtbot.waitUntil(lambda: read_task.done)
    assert got == ["read"]
    assert not write.done
    release.set()
    qtbot.waitUntil(lambda: write.done)


def test_progress_is_throttled_but_the_end_always_arrives(qtbot: QtBot, runner: TaskRunner) -> None:
    def chatty(progress: ProgressCallback, _cancel: CancelFlag) -> None:
        for step in range(10_000):
            progress(step / 10_000, "working")
        progress(1.0, "done")

    seen: list[tuple[float, str]] = []
    task = runner.run(chatty, on_progress=lambda f, m: seen.append((f, m)))
    qtbot.waitUntil(lambda: task.done)
    assert 1 <= len(seen) < 1000
    assert seen[-1] == (1.0, "done")


def test_shutdown_cancels_and_waits(qtbot: QtBot, runner: TaskRunner) -> None:
    def endless(_progress: ProgressCallback, cancel: CancelFlag) -> None:
        while True:
            cancel.check()
            time.sleep(0.005)

    task = runner.run(endless, write=True)
    assert runner.shutdown(5000)
    qtbot.waitUntil(lambda: task.done)


def test_shutdown_cancels_writes_that_never_started(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()

    def blocking(_progress: ProgressCallback, cancel: CancelFlag) -> None:
        while not release.is_set():
            cancel.check()
            time.sleep(0.005)

    ran: list[str] = []

    def never(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        ran.append("never")

    first = runner.run(blocking, write=True)
    second = runner.run(never, write=True)
    cancelled: list[str] = []
    second.cancelled.connect(lambda: cancelled.append("second"))
    assert runner.shutdown(5000)
    qtbot.waitUntil(lambda: first.done and second.done)
    assert cancelled == ["second"]
    assert ran == []
    assert not runner.writing
    assert runner.active == 0


def test_defaults_serve_scripts(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    """Without arguments: Qt's global pool, and failures logged."""
    runner = TaskRunner()

    def failing(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        raise RuntimeError("logged, not shown")

    task = runner.run(failing)
    qtbot.waitUntil(lambda: task.done)
    assert runner.wait_idle(5000)
    assert "logged, not shown" in caplog.text
