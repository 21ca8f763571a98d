"""Working on one lead from the keyboard: the steps behind the checklist panel's buttons.

Each step is a Desk call (a journal operation plus the lead's fresh verdict, a few
milliseconds), made on the GUI thread so the panel shows its outcome at once. While a
background job writes to the workspace (an import, checking every lead) steps wait for it.

Converting and disqualifying end the lead's work: V opens the convert screen (ConvertDialog),
whose Convert comes back here to apply the plan as one journal operation; D asks the reason and
disqualifies. Either drops the lead's verdict or checks it again, and `closed` carries the
operation's Step so the screens show what it changed.

Keys (active while the workspace screen has focus): 1-9 pick a check, F applies the check's
fix, C confirms it, O overrides it, L logs a call, V converts, D disqualifies; J and K move to
the next and previous lead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError

from steward.core.checks.phone import CallOutcome
from steward.core.convert import ConvertPlan, ConvertProblem
from steward.gui.checklist_panel import ChecklistPanel
from steward.gui.convert_model import ConvertSource
from steward.gui.convert_screen import ConvertDialog
from steward.gui.dialogs import Dialogs
from steward.gui.errors import one_line
from steward.gui.tasks import TaskRunner
from steward.jobs.desk import Desk, LeadView
from steward.jobs.verify import reverify
from steward.store.converting import convert, disqualify, read_record
from steward.store.journal import JournalError, Step, step_of
from steward.store.settings import SettingsProblem
from steward.store.workspace import Workspace

_WRITE_ERRORS = (ConvertProblem, JournalError, OperationalError, SettingsProblem)


class LeadWork(QObject):
    stepped = Signal(object)  # the LeadView after a step on it
    undone = Signal(object)  # the journal Step that undo or redo made
    message = Signal(str)  # one line for the status bar
    move_requested = Signal(int)  # +1 next lead, -1 previous
    closed = Signal(object)  # the journal Step of a conversion or disqualification

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
        self._host = host
        self._desk: Desk | None = None
        self._lead_id: str | None = None
        self.convert_dialog: ConvertDialog | None = None  # the convert screen while it is open
        panel.fix_requested.connect(self.apply_fix)
        panel.confirm_requested.connect(self.confirm)
        panel.override_requested.connect(self.override)
        panel.call_requested.connect(self.log_call)
        panel.withdraw_requested.connect(self.withdraw)
        panel.convert_requested.connect(self.open_convert)
        panel.disqualify_requested.connect(self.disqualify)
        self.actions: list[QAction] = []
        self._add(host, "Apply the fix", "F", lambda: self.apply_fix(None))
        self._add(host, "Confirm the check", "C", lambda: self.confirm(None))
        self._add(host, "Override the check", "O", lambda: self.override(None))
        self._add(host, "Log a call", "L", self.log_call)
        self.convert_action = self._add(host, "Convert the lead…", "V", self.open_convert)
        self.disqualify_action = self._add(host, "Disqualify the lead…", "D", self.disqualify)
        self._show_closable()
        self._add(host, "Next lead", "J", lambda: self.move_requested.emit(1))
        self._add(host, "Previous lead", "K", lambda: self.move_requested.emit(-1))
        for number in range(1, 10):
            self._add(host, f"Check {number}", str(number), partial(panel.select_number, number))

    # -- which lead

    def set_workspace(self, workspace: Workspace | None) -> None:
        self._close_dialog()
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
            self._show_closable()
            self.message.emit(one_line(error))
            return
        self.panel.show_lead(view, keep_check=keep)
        self.panel.show()
        self._show_closable()

    def clear(self) -> None:
        self._lead_id = None
        self.panel.clear()
        self._show_closable()

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

    # -- converting and disqualifying

    def open_convert(self) -> ConvertDialog | None:
        """Open the convert screen on the lead shown (V); None when it cannot be."""
        desk, lead = self._desk, self._lead_id
        if desk is None or lead is None:
            return None
        if not self.panel.closable:
            self.message.emit("This lead is converted already")
            return None
        if not self._may_write():
            return None
        self._close_dialog()
        workspace = desk.workspace
        source = ConvertSource(workspace)
        try:
            # The checklist's verdict gates a conversion: make sure it is today's.
            with workspace.transaction() as session:
                reverify(workspace, session.connection(), [lead])
            facts = source.read(lead)
        except _WRITE_ERRORS as error:
            self._dialogs.error(one_line(error))
            return None
        dialog = ConvertDialog(source, facts, self.panel.icons, self._host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.convert_requested.connect(self.convert)
        dialog.disqualify_requested.connect(self.disqualify)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        self.convert_dialog = dialog
        dialog.open()
        return dialog

    def convert(self, plan: ConvertPlan) -> bool:
        """Apply a conversion plan as one journal operation; False when it could not be."""
        desk = self._desk
        if desk is None or not self._may_write():
            return False
        workspace = desk.workspace
        try:
            with workspace.transaction() as session:
                lead = read_record(session, "Lead", plan.lead_id)
                account = (
                    read_record(session, "Account", plan.account.record_id)
                    if plan.account.record_id
                    else plan.account.values
                )
                into = str(account.get("Name") or "a new account")
                label = f"Convert {_who(lead)} into {into}"
                operation_id, made = convert(session, plan, label=label)
                # A converted lead leaves the queue: its verdict goes.
                reverify(workspace, session.connection(), [plan.lead_id])
                step = step_of(session, operation_id)
        except _WRITE_ERRORS as error:
            self._refused(one_line(error))
            return False
        made_words = ["a new contact" if plan.contact.record_id is None else "its contact"]
        if made.opportunity_id is not None:
            made_words.append("an opportunity")
        new = " (new account)" if plan.account.record_id is None else ""
        self._closed(
            plan.lead_id,
            step,
            f"Converted {_who(lead)} into {into}{new} with {' and '.join(made_words)}. "
            "Undo with Ctrl+Z",
        )
        return True

    def disqualify(self) -> bool:
        """Ask the status and reason, then close the lead as not converted (D)."""
        desk, lead_id, view = self._desk, self._lead_id, self.panel.view
        if desk is None or lead_id is None or view is None:
            return False
        if not self.panel.closable:
            self.message.emit("This lead is converted already")
            return False
        if not self._may_write():
            return False
        try:
            settings = desk.settings()
        except SettingsProblem as error:
            self._dialogs.error(one_line(error))
            return False
        who = _who(view.lead)
        answer = self._dialogs.disqualify_reason(settings.disqualified_statuses, who)
        if answer is None:
            return False
        status, reason = answer
        workspace = desk.workspace
        try:
            with workspace.transaction() as session:
                operation_id = disqualify(session, settings, lead_id, reason, status=status)
                reverify(workspace, session.connection(), [lead_id])
                step = step_of(session, operation_id)
        except _WRITE_ERRORS as error:
            self._refused(one_line(error))
            return False
        self._closed(lead_id, step, f"Disqualified {who}: {reason.strip()}. Undo with Ctrl+Z")
        return True

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

    def _closed(self, lead_id: str, step: Step, text: str) -> None:
        self._close_dialog(accept=True)
        if lead_id == self._lead_id:
            self.show_lead(lead_id)
        self.closed.emit(step)  # BrowserView shows what changed and announces journal_changed
        self.message.emit(text)

    def _refused(self, text: str) -> None:
        """Say why an operation did not happen: on the convert screen while it is open."""
        if self.convert_dialog is not None:
            self.convert_dialog.show_problem(text)
        else:
            self._dialogs.error(text)

    def _close_dialog(self, *, accept: bool = False) -> None:
        dialog = self.convert_dialog
        self.convert_dialog = None
        if dialog is not None:
            if accept:
                dialog.accept()
            else:
                dialog.reject()

    def _dialog_closed(self, dialog: ConvertDialog) -> None:
        if self.convert_dialog is dialog:
            self.convert_dialog = None

    def _show_closable(self) -> None:
        closable = self.panel.closable
        self.convert_action.setEnabled(closable)
        self.disqualify_action.setEnabled(closable)

    def _may_write(self) -> bool:
        if self._runner.writing:
            self.message.emit("Wait a moment: the workspace is busy with a background job")
            return False
        return True

    def _add(self, host: QWidget, text: str, key: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, host)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        host.addAction(action)
        self.actions.append(action)
        return action


def _who(lead: Mapping[str, object]) -> str:
    """A lead's name for a message or a journal label: its person, else its company."""
    parts = [str(lead.get(k) or "").strip() for k in ("FirstName", "LastName")]
    return " ".join(p for p in parts if p) or str(lead.get("Company") or lead.get("Id"))
