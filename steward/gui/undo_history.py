"""Edit › Undo and Redo through a QUndoStack that mirrors the workspace's journal.

The journal (steward.store.journal) is the truth: it undoes and redoes, and other screens, jobs
and the `steward` command line add operations to it behind the stack's back. The stack is a thin
copy of the part of it that undo and redo can still reach: one command per operation, rebuilt
from the journal whenever something else changed it (`sync`, `journal_changed`). Commands call
the journal through the callables the window gives (LeadWork.undo and .redo, which refresh the
records touched and tell the steward why a step was refused). A refusal, or a step that moved
another operation than the command expected, reads the journal again, so the stack never offers
what the journal will not do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from steward.gui.errors import one_line
from steward.store.journal import Entry, Step, history
from steward.store.workspace import Workspace

log = logging.getLogger(__name__)

JournalCall = Callable[[], Step | None]  # undo or redo; None when refused (and said why)
HISTORY_LIMIT = 500  # rows the history panel lists
_PAGE = 256  # operations read at a time while looking for where undo has to stop
# States an operation can be in and still be on the stack (discarded ones are skipped over).
_OPEN_STATES = frozenset({"pending", "discarded"})


@dataclass(frozen=True, slots=True)
class Reach:
    """The operations undo and redo can reach, in stack order, and how many are in effect."""

    entries: tuple[Entry, ...] = ()
    applied: int = 0
    boundary: int | None = None  # the newest operation that can no longer be undone


def read_reach(connection: Connection) -> Reach:
    """What undo and redo can reach in the journal.

    Undo goes newest first and stops at the newest operation that is pushed, failed or in
    conflict; redo takes the oldest undone one. So the stack holds the operations after that
    stop (discarded ones cannot come back), those in effect first, then the undone ones, each
    in id order: its top is what the journal undoes next, the one above it what it redoes."""
    limit = _PAGE
    while True:  # most journals stop undo a few operations back: read only as far as that
        newest_first = history(connection, limit=limit)
        stop = next((e for e in newest_first if e.state not in _OPEN_STATES), None)
        if stop is not None or len(newest_first) < limit:
            break
        limit *= 4
    reachable = [e for e in reversed(newest_first) if stop is None or e.id > stop.id]
    in_effect = [e for e in reachable if e.state == "pending" and not e.undone]
    undone = [e for e in reachable if e.state == "pending" and e.undone]
    return Reach(tuple(in_effect + undone), len(in_effect), stop.id if stop else None)


class JournalCommand(QUndoCommand):
    """One journal operation on the stack; undo and redo ask the journal to do it."""

    def __init__(self, entry: Entry, run: Callable[[JournalCommand, bool], None]) -> None:
        super().__init__(entry.label or entry.kind)
        self.operation_id = entry.id
        self._run = run
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push redoes; the journal applied it already
            self._pushed = True
            return
        self._run(self, False)

    def undo(self) -> None:
        self._run(self, True)


class UndoHistory(QObject):
    """Owns the QUndoStack of the open workspace and keeps it in step with the journal."""

    undone = Signal(object)  # the journal Step an undo made
    redone = Signal(object)  # the journal Step a redo made
    changed = Signal()  # the stack or the journal changed: views of them refresh
    message = Signal(str)  # one line for the status bar

    def __init__(self, undo: JournalCall, redo: JournalCall, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self._undo_call = undo
        self._redo_call = redo
        self._workspace: Workspace | None = None
        self._boundary: int | None = None
        self._quiet = False  # rebuilding: commands must not call the journal
        self._calling = False  # a command is calling the journal: what it announces is ours
        self._driving = False  # one of our methods moves the stack and settles afterwards
        self._stale = False  # a step was refused or went astray: read the journal again
        self.stack.indexChanged.connect(self._index_changed)

    @property
    def workspace(self) -> Workspace | None:
        return self._workspace

    @property
    def boundary(self) -> int | None:
        """The newest operation that can no longer be undone (pushed, failed, in conflict)."""
        return self._boundary

    # -- following the journal

    def sync(self, workspace: Workspace | None) -> None:
        """Rebuild the stack from workspace's journal (None: empty it), calling no journal."""
        if workspace is not self._workspace:  # ids of another workspace mean other operations
            self._workspace = workspace
            self._rebuild(Reach(), keep=False)
        self._stale = False
        reach = Reach()
        if workspace is not None:
            try:
                with workspace.engine.connect() as connection:
                    reach = read_reach(connection)
            except OperationalError as error:
                # Offer nothing rather than steps the journal may refuse.
                log.warning("cannot read the journal: %s", error)
                self.message.emit(one_line(error))
        self._boundary = reach.boundary
        self._rebuild(reach, keep=True)
        self.changed.emit()

    def journal_changed(self) -> None:
        """Something other than the stack added or changed journal operations."""
        if self._calling:  # our own step announcing itself; the stack moves by itself
            return
        self.sync(self._workspace)

    def recent(self, limit: int = HISTORY_LIMIT) -> list[Entry]:
        """The newest operations of the journal, newest first (for the history panel)."""
        workspace = self._workspace
        if workspace is None:
            return []
        try:
            with workspace.engine.connect() as connection:
                return history(connection, limit=limit)
        except OperationalError as error:
            log.warning("cannot read the journal: %s", error)
            return []

    # -- moving

    def undo(self) -> None:
        self._drive(self.stack.undo)

    def redo(self) -> None:
        self._drive(self.stack.redo)

    def set_index(self, index: int) -> None:
        """Undo or redo until index operations of the stack are in effect."""
        self._drive(lambda: self.stack.setIndex(index))

    def operation_ids(self) -> list[int]:
        """The operations on the stack, bottom first."""
        return [self._command(n).operation_id for n in range(self.stack.count())]

    def index_after(self, operation_id: int) -> int | None:
        """The stack index that leaves operation_id the newest in effect; None when undo and
        redo cannot get there (the operation was pushed, or replaced after being undone)."""
        ids = self.operation_ids()
        if operation_id in ids:
            return ids.index(operation_id) + 1
        if operation_id == self._boundary:
            return 0
        return None

    def current_operation(self) -> int | None:
        """The newest operation in effect as far as undo can see (the boundary when the whole
        stack is undone), None when there is none."""
        index = self.stack.index()
        return self._command(index - 1).operation_id if index > 0 else self._boundary

    # -- inside

    def _command(self, index: int) -> JournalCommand:
        command = self.stack.command(index)
        assert isinstance(command, JournalCommand)
        return command

    def _rebuild(self, reach: Reach, *, keep: bool) -> None:
        """Make the stack hold reach.entries with reach.applied of them in effect.

        When the stack already starts with the same operations (a step added one), only the new
        ones are pushed; otherwise it starts again. Either way no command calls the journal."""
        have = self.operation_ids()
        wanted = [e.id for e in reach.entries]
        self._quiet = True
        try:
            if not keep or wanted[: len(have)] != have:
                self.stack.clear()
                have = []
            self.stack.setIndex(len(have))  # so that push drops none of them
            for entry in reach.entries[len(have) :]:
                self.stack.push(JournalCommand(entry, self._step))
            self.stack.setIndex(reach.applied)
        finally:
            self._quiet = False

    def _step(self, command: JournalCommand, undo: bool) -> None:
        if self._quiet or self._stale:  # rebuilding, or an earlier step of this move failed
            return
        self._calling = True
        try:
            step = self._undo_call() if undo else self._redo_call()
        finally:
            self._calling = False
        if step is not None:
            (self.undone if undo else self.redone).emit(step)
        if step is None or step.operation_id != command.operation_id:
            # Refused (the callable told the steward why), or the journal moved another
            # operation: the stack was out of date. Stop this move here and read the journal.
            self._stale = True

    def _drive(self, move: Callable[[], None]) -> None:
        self._driving = True
        try:
            move()
        finally:
            self._driving = False
        self._settle()

    def _index_changed(self, _index: int) -> None:
        # Someone else moved the stack (a QUndoView, an action made by createUndoAction).
        if not self._quiet and not self._driving:
            self._settle()

    def _settle(self) -> None:
        if self._stale:
            self.sync(self._workspace)
        else:
            self.changed.emit()
