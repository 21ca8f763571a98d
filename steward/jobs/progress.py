"""What every long job takes: a progress callback and a cancel flag. No Qt here."""

from __future__ import annotations

import threading
from collections.abc import Callable

# Called with the fraction done (0..1) and a short line saying what is happening.
ProgressCallback = Callable[[float, str], None]


class Cancelled(Exception):
    """The steward cancelled the job; whatever it had begun was rolled back."""


class CancelFlag:
    """Set from any thread; the job checks it between batches."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled


def no_progress(_fraction: float, _message: str) -> None:
    """The progress callback for callers that show none."""
