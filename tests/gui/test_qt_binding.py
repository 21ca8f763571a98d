"""The Qt binding itself: a known-bad PySide6 fails here, not as an abort at some later exit.

PySide6 6.12.0 returns the result of SignalInstance.emit() (True) without taking a reference.
On Python 3.11, where True is an ordinary object, every emit() then steals one reference; after
some hundreds of signals the count reaches zero and the process aborts ("Fatal Python error:
bool_dealloc"). Python 3.12 made True immortal, which hides it there. 6.11.3 is fine.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal()


def test_emit_does_not_steal_a_reference_to_true(qapp: object) -> None:
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(100):
        emitter.happened.emit()
    lost = before - sys.getrefcount(True)
    assert lost < 50, (
        f"PySide6 {PySide6.__version__} loses a reference to True on every signal emit "
        f"({lost} in 100 emits): the app would abort after a few hundred signals. "
        "Use a PySide6-Essentials without this bug (not 6.12.0)."
    )
