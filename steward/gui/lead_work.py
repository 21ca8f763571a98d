"""Working on one lead from the keyboard: the steps behind the checklist panel's buttons.

Each step is a Desk call (a journal operation plus the lead's fresh verdict, a few
milliseconds), made on the GUI thread so the panel shows its outcome at once. While a
background job writes to the workspace (an import, checking every lead) steps wait for it.

Keys (active while the workspace screen has focus): 1-9 pick a check, F applies the check's
fix, C confirms it, O overrides it, L logs a call; J and K move to the next and previous lead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError

from steward.core.checks.phone import CallOutcome
from steward.gui.checklist_panel import ChecklistPanel
from steward.gui.dialogs import Dialogs
from steward.gui.errors import one_line
from steward.gui.tasks import TaskRunner
from steward.jobs.desk import Desk, LeadView
from steward.store.journal import JournalError, Step
from steward.store.workspace import Workspace


class LeadWork(QObject):
    stepped = Signal(object)  # the LeadView after a step on it
    undone = Signal(object)  # the journal Step that undo or redo made
    message = Signal(str)  # one line for the status bar
    move_requested = Signal(int)  # +1 next lead, -1 previous

    def __init__(
        self,
        panel: ChecklistPanel,
        dialogs: Dialogs,
        runner: TaskRunner,
        host: QWidget,
    ) -> None:
        super().__init__(host)
        self.panel = panel
        self._dialogs = dialogs
        self._runner = runner
        self._desk: Desk | None = None
        self._lead_id: str | None = None
        panel.fix_requested.connect(self.apply_fix)
        panel.confirm_requested.connect(self.confirm)
        panel.override_requested.connect(self.override)
        panel.call_requested.connect(self.log_call)
        panel.withdraw_requested.connect(self.withdraw)
        self.actions: list[QAction] = []
        self._add(host, "Apply the fix", "F", lambda: self.apply_fix(None))
        self._add(host, "Confirm the check", "C", lambda: self.confirm(None))
        self._add(host, "Override the check", "O", lambda: self.override(None))
        self._add(host, "Log a call", "L", self.log_call)
        self._add(host, "Next lead", "J", lambda: self.move_requested.emit(1))
        self._add(host, "Previous lead", "K", lambda: self.move_requested.emit(-1))
        for number in range(1, 10):
            self._add(host, f"Check {number}", str(number), partial(panel.select_number, number))

    # -- which lead

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._desk = Desk(workspace) if workspace is not None else None
        self.clear()

    @property
    def lead_id(self) -> str | None:
        return self._lead_id

    def show_lead(self, lead_id: str) -> None:
        if self._desk is None:
            return
        keep = lead_id == self._lead_id
        self._lead_id = lead_id
        try:
            view = self._desk.view(lead_id)
        except (JournalError, OperationalError) as error:
            self.panel.clear()
            self.message.emit(one_line(error))
            return
        self.panel.show_lead(view, keep_check=keep)
        self.panel.show()

    def clear(self) -> None:
        self._lead_id = None
        self.panel.clear()

    # -- steps

    def apply_fix(self, check: str | None) -> None:
        check = check or self.panel.current_check()
        result = self.panel.current_result() if check == self.panel.current_check() else None
        if check is None or result is None or result.fix is None:
            self.message.emit("This check suggests no fix")
            return
        self._step(lambda desk, lead: desk.apply_fix(lead, check))

    def confirm(self, check: str | None) -> None:
        self._ask_and_record(check, override=False)

    def override(self, check: str | None) -> None:
        self._ask_and_record(check, override=True)

    def log_call(self) -> None:
        view = self.panel.view
        if view is None:
            return
        numbers = " / ".join(
            str(view.lead.get(f)) for f in ("Phone", "MobilePhone") if view.lead.get(f)
        )
        answer = self._dialogs.call_outcome(numbers)
        if answer is None:
            return
        outcome: CallOutcome = answer.outcome
        self._step(lambda desk, lead: desk.log_call(lead, outcome, answer.note))
        self.panel.select_check("phone")

    def withdraw(self, check: str | None) -> None:
        check = check or self.panel.current_check()
        if check is not None:
            self._step(lambda desk, lead: desk.withdraw(lead, check))

    def undo(self) -> Step | None:
        return self._journal(lambda desk: desk.undo())

    def redo(self) -> Step | None:
        return self._journal(lambda desk: desk.redo())

    # -- inside

    def _ask_and_record(self, check: str | None, *, override: bool) -> None:
        check = check or self.panel.current_check()
        view = self.panel.view
        if check is None or view is None:
            return
        if view.template.item(check) is None:
            self.message.emit(f"{self.panel.label(check)} is not an item of the checklist")
            return
        result = next((r for r in view.verdict.results if r.check == check), None)
        answer = self._dialogs.confirm_item(
            self.panel.label(check),
            result.evidence if result is not None else "",
            override=override,
            relationship=check == "relationship",
        )
        if answer is None:
            return
        self._step(
            lambda desk, lead: desk.confirm(
                lead, check, answer.note, override=override, role=answer.role,
                seen_at=answer.seen_at,
            )
        )  # fmt: skip

    def _step(self, step: Callable[[Desk, str], LeadView]) -> None:
        desk, lead = self._desk, self._lead_id
        if desk is None or lead is None or not self._may_write():
            return
        try:
            view = step(desk, lead)
        except (JournalError, OperationalError) as error:
            self._dialogs.error(one_line(error))
            return
        self.panel.show_lead(view)
        self.stepped.emit(view)
        self.message.emit("Saved. Undo with Ctrl+Z")

    def _journal(self, call: Callable[[Desk], Step]) -> Step | None:
        desk = self._desk
        if desk is None or not self._may_write():
            return None
        try:
            step = call(desk)
        except (JournalError, OperationalError) as error:
            self.message.emit(one_line(error))
            return None
        self.undone.emit(step)
        if self._lead_id is not None:
            self.show_lead(self._lead_id)
        return step

    def _may_write(self) -> bool:
        if self._runner.writing:
            self.message.emit("Wait a moment: the workspace is busy with a background job")
            return False
        return True

    def _add(self, host: QWidget, text: str, key: str, slot: Callable[[], object]) -> None:
        action = QAction(text, host)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        host.addAction(action)
        self.actions.append(action)
