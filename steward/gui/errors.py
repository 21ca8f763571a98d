"""The two kinds of failure: the environment's fault gets one clear line, a bug a crash report."""

from __future__ import annotations

import logging
from typing import Protocol

from steward.connectors.exportfiles.discover import SourceProblem
from steward.store.workspace import WorkspaceError

log = logging.getLogger(__name__)

# What a steward can act on: a missing, locked or foreign file, an unreadable export, a full
# disk. Anything else that escapes a job is a bug in Steward.
ENVIRONMENT_ERRORS: tuple[type[BaseException], ...] = (WorkspaceError, SourceProblem, OSError)


def is_environment_error(error: BaseException) -> bool:
    return isinstance(error, ENVIRONMENT_ERRORS)


def one_line(error: BaseException) -> str:
    """The message of an environment error, as one line."""
    text = " ".join(str(error).split())
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        text = f"{where}{error.strerror}"
    return text or type(error).__name__


class Reporter(Protocol):
    """Where failures end up: message boxes in the app, stderr in a snapshot run."""

    def error(self, message: str) -> None: ...

    def crash(self, error: BaseException, trace: str) -> None: ...


class FailureHandler:
    """The task runner's handler for failures no screen handled itself."""

    def __init__(self, reporter: Reporter) -> None:
        self._reporter = reporter

    def __call__(self, error: BaseException, trace: str) -> None:
        if is_environment_error(error):
            log.info("%s", one_line(error))
            self._reporter.error(one_line(error))
        else:
            log.error("A background job failed:\n%s", trace)
            self._reporter.crash(error, trace)
