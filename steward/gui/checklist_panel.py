"""The checklist beside a lead: readiness on top, each check with its icon and evidence, and
what the steward can do about the selected one (apply its fix, confirm, override, log a call);
and, for a lead not yet converted, the way to convert or disqualify it.

The panel only shows and asks; LeadWork does the steps. Keyboard: the number keys pick a check,
F applies its fix, C confirms, O overrides, L logs a call, V opens the convert screen, D
disqualifies (shortcuts live in LeadWork).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from steward.core.checks.result import CheckResult, Status
from steward.gui.icons import Icons
from steward.gui.labels import SUB_CHECK_LABELS
from steward.jobs.desk import LeadView

CHECK_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_WORDS = {
    Status.PASS: "Pass",
    Status.WARN: "Warning",
    Status.FAIL: "Fail",
    Status.UNKNOWN: "Unknown",
    Status.CONFIRMED: "Confirmed",
}


def status_icon_name(status: Status) -> str:
    return f"status-{status.value}"


class ChecklistPanel(QWidget):
    """Shows one lead's checklist; its signals carry the check id a button was pressed for."""

    fix_requested = Signal(str)
    confirm_requested = Signal(str)
    override_requested = Signal(str)
    call_requested = Signal()
    withdraw_requested = Signal(str)
    convert_requested = Signal()
    disqualify_requested = Signal()

    def __init__(self, icons: Icons, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self._view: LeadView | None = None
        self.readiness = QLabel()
        self.readiness.setWordWrap(True)
        self.readiness.setProperty("role", "readiness")
        self.readiness.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readiness.setAccessibleName("Readiness")
        self.convert_button = QPushButton("Co&nvert…")
        self.convert_button.setToolTip("Convert the lead into an account and contact (V)")
        self.convert_button.clicked.connect(self.convert_requested.emit)
        self.disqualify_button = QPushButton("Dis&qualify…")
        self.disqualify_button.setToolTip("Close the lead as not converted, saying why (D)")
        self.disqualify_button.clicked.connect(self.disqualify_requested.emit)

        self.checks = QTreeWidget()
        self.checks.setColumnCount(3)
        self.checks.setHeaderLabels(["Check", "Status", "Evidence"])
        self.checks.setRootIsDecorated(False)
        # One line per check; the selected check's whole evidence is shown below the list.
        self.checks.setUniformRowHeights(True)
        self.checks.setAlternatingRowColors(True)
        self.checks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checks.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.checks.setIconSize(QSize(18, 18))
        self.checks.setAccessibleName("Checklist")
        header = self.checks.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.checks.currentItemChanged.connect(lambda *_: self._show_current())

        self.heading = QLabel()
        self.heading.setProperty("role", "subheading")
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence.setAccessibleName("Evidence")
        self.fix_button = QPushButton()
        # A long fix label is cut rather than widening the window.
        self.fix_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.fix_button.clicked.connect(lambda: self._emit(self.fix_requested))
        self.confirm_button = QPushButton("&Confirm…")
        self.confirm_button.setToolTip("Confirm this item with a note (C)")
        self.confirm_button.clicked.connect(lambda: self._emit(self.confirm_requested))
        self.override_button = QPushButton("&Override…")
        self.override_button.setToolTip("Accept the lead despite this check, saying why (O)")
        self.override_button.clicked.connect(lambda: self._emit(self.override_requested))
        self.call_button = QPushButton("&Log call…")
        self.call_button.setToolTip("Record what happened when you called (L)")
        self.call_button.clicked.connect(self.call_requested.emit)
        self.withdraw_button = QPushButton("&Withdraw")
        self.withdraw_button.setToolTip("Take your confirmation of this item back")
        self.withdraw_button.clicked.connect(lambda: self._emit(self.withdraw_requested))

        # Two by two, so that a narrow panel keeps every button whole.
        buttons = QGridLayout()
        buttons.addWidget(self.confirm_button, 0, 0)
        buttons.addWidget(self.override_button, 0, 1)
        buttons.addWidget(self.call_button, 1, 0)
        buttons.addWidget(self.withdraw_button, 1, 1)
        buttons.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 4)
        closing = QHBoxLayout()
        closing.addWidget(self.convert_button)
        closing.addWidget(self.disqualify_button)
        closing.addStretch(1)
        layout.addWidget(self.readiness)
        layout.addLayout(closing)
        layout.addWidget(self.checks, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.evidence)
        layout.addWidget(self.fix_button)
        layout.addLayout(buttons)
        icons.changed.connect(self._refresh_icons)
        self.clear()

    # -- what it shows

    @property
    def view(self) -> LeadView | None:
        return self._view

    @property
    def icons(self) -> Icons:
        return self._icons

    @property
    def closable(self) -> bool:
        """Whether the lead shown can be converted or disqualified (not converted yet)."""
        return self._view is not None and not self._view.lead.get("IsConverted")

    def clear(self) -> None:
        self._view = None
        self.readiness.setText("Select a lead to see its checklist.")
        self.readiness.setProperty("state", "none")
        self._repolish(self.readiness)
        self.checks.clear()
        self._show_current()
        self._show_closable()

    def show_lead(self, view: LeadView, *, keep_check: bool = True) -> None:
        """Show a lead's checklist; keep_check: stay on the same check if it is still there."""
        previous = self.current_check() if keep_check else None
        self._view = view
        readiness = view.verdict.readiness
        self.readiness.setText(readiness.reason)
        self.readiness.setProperty("state", "ready" if readiness.ready else "blocked")
        self._repolish(self.readiness)
        self.checks.clear()
        items = []
        for number, result in enumerate(view.verdict.results, 1):
            label = self._label(result.check)
            key = f"{number}  " if number <= 9 else "   "
            item = QTreeWidgetItem([key + label, STATUS_WORDS[result.status], result.evidence])
            item.setData(0, CHECK_ROLE, result.check)
            item.setIcon(0, self._icons.icon(status_icon_name(result.status)))
            item.setToolTip(2, result.evidence)
            items.append(item)
        self.checks.addTopLevelItems(items)
        target = previous if previous and self.select_check(previous) else None
        if target is None:
            self.select_check(self.first_to_work_on() or "")
        self._show_current()
        self._show_closable()

    def first_to_work_on(self) -> str | None:
        """The check a steward most likely acts on: the first blocking one, else any not passed."""
        if self._view is None:
            return None
        blocking = self._view.verdict.readiness.blocking
        if blocking:
            return blocking[0]
        results = self._view.verdict.results
        not_passed = (r.check for r in results if r.status is not Status.PASS)
        return next(not_passed, results[0].check if results else None)

    def current_check(self) -> str | None:
        item = self.checks.currentItem()
        return item.data(0, CHECK_ROLE) if item is not None else None

    def current_result(self) -> CheckResult | None:
        check = self.current_check()
        if self._view is None or check is None:
            return None
        return next((r for r in self._view.verdict.results if r.check == check), None)

    def select_check(self, check: str) -> bool:
        for row in range(self.checks.topLevelItemCount()):
            item = self.checks.topLevelItem(row)
            if item is not None and item.data(0, CHECK_ROLE) == check:
                self.checks.setCurrentItem(item)
                return True
        return False

    def select_number(self, number: int) -> bool:
        """Pick the check at position number (1-based), as the number keys do."""
        item = self.checks.topLevelItem(number - 1)
        if item is None:
            return False
        self.checks.setCurrentItem(item)
        return True

    def label(self, check: str) -> str:
        return self._label(check)

    # -- inside

    def _label(self, check: str) -> str:
        if check in SUB_CHECK_LABELS:
            return SUB_CHECK_LABELS[check]
        if self._view is not None:
            item = self._view.template.item(check)
            if item is not None:
                return item.label
        return check.capitalize()

    def _show_current(self) -> None:
        result = self.current_result()
        view = self._view
        confirmable = False
        if result is None or view is None:
            self.heading.setText("")
            self.evidence.setText("")
        else:
            self.heading.setText(self._label(result.check))
            self.evidence.setText(result.evidence)
            confirmable = view.template.item(result.check) is not None
        fix = result.fix if result is not None else None
        self.fix_button.setVisible(fix is not None)
        if fix is not None:
            values = ", ".join(f"{k} → {v}" for k, v in fix.values.items())
            self.fix_button.setText(f"&Fix: {fix.label}")
            self.fix_button.setToolTip(f"{values} (F)")
        self.confirm_button.setEnabled(confirmable)
        self.override_button.setEnabled(confirmable)
        is_phone = result is not None and result.check == "phone"
        self.call_button.setVisible(is_phone)
        confirmed = view is not None and result is not None and result.check in view.confirmations
        self.withdraw_button.setVisible(confirmed)

    def _show_closable(self) -> None:
        closable = self.closable
        converted = self._view is not None and not closable
        self.convert_button.setEnabled(closable)
        self.disqualify_button.setEnabled(closable)
        self.convert_button.setToolTip(
            "This lead is converted already"
            if converted
            else "Convert the lead into an account and contact (V)"
        )

    def _emit(self, signal: SignalInstance) -> None:
        check = self.current_check()
        if check is not None:
            signal.emit(check)

    def _refresh_icons(self) -> None:
        if self._view is not None:
            self.show_lead(self._view)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
