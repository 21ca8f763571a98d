"""The convert screen: one lead, the steward's choices, and what converting it will do.

What matching warns about (an existing customer, an open deal, already a contact) is a band
across the top, in view before anything is converted. Below it, three columns: the lead (its
key fields and the checklist's verdict); the choices (the account: a matching candidate, best
first, one found by name, or a new one; the contact; the opportunity; the status and owner; the
lead source; and, for a lead that is not ready, the reason to convert it anyway); and the plan
those choices make, planned again at every change, with whatever stands in the way said inline.

The dialog only shows and asks. Convert hands the plan to its owner (LeadWork), which converts
it as one journal operation and closes the dialog, or says here why it could not; Disqualify…
goes the same way.

Keyboard: Alt+A the accounts (type to search, Down into the list), Alt+T the contact, Alt+O the
opportunity, Alt+S the status, Alt+W the owner, Alt+L the lead source, Alt+R the reason; Alt+C
converts, Alt+Q disqualifies, Escape cancels. Enter never converts by accident.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import OperationalError

from steward.core.convert import ConvertPlan, ConvertProblem
from steward.gui.convert_model import (
    CHANGE_WORDS,
    KEEP,
    AccountChoice,
    Choices,
    ConvertSource,
    LeadFacts,
    preview,
)
from steward.gui.errors import one_line
from steward.gui.icons import Icons
from steward.store.settings import SettingsProblem

ACCOUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # an account item's id; '' for a new account
SEARCH_DELAY_MS = 200
_ICONS = {"Account": "account", "Contact": "contact", "Opportunity": "opportunity", "Lead": "lead"}


class ConvertDialog(QDialog):
    """Converting one lead; open it with open() (it is window-modal, not blocking)."""

    convert_requested = Signal(object)  # the ConvertPlan the steward asked for
    disqualify_requested = Signal()

    def __init__(
        self,
        source: ConvertSource,
        facts: LeadFacts,
        icons: Icons | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self.facts = facts
        self._icons = icons
        self._plan: ConvertPlan | None = None
        self._accounts: dict[str, AccountChoice] = {a.record_id: a for a in facts.accounts}
        self._lead_values = source.lead_values(facts.lead_id)
        who = facts.name or facts.company or facts.lead_id
        self.setWindowTitle(f"Convert {who} — Steward")
        self.setAccessibleName("Convert lead")

        heading = QLabel(f"Convert {who}" + (f" · {facts.company}" if facts.company else ""))
        heading.setProperty("role", "heading")
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_banner = QLabel("\n".join(f"⚠ {line}" for line in facts.warning_lines))
        self.warning_banner.setProperty("role", "match-warning")
        self.warning_banner.setWordWrap(True)
        self.warning_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_banner.setAccessibleName("Conversion warnings")
        self.warning_banner.setAccessibleDescription(self.warning_banner.text())
        self.warning_banner.setVisible(bool(facts.warning_lines))

        columns = QHBoxLayout()
        columns.addWidget(self._lead_column(), 3)
        columns.addWidget(self._choice_column(), 4)
        columns.addWidget(self._preview_column(), 6)

        self.buttons = QDialogButtonBox()
        self.convert_button = QPushButton("&Convert")
        self.convert_button.setToolTip("Convert the lead as the plan shows (undo with Ctrl+Z)")
        self.disqualify_button = QPushButton("Dis&qualify…")
        self.disqualify_button.setToolTip("Close the lead as not converted, saying why")
        self.buttons.addButton(self.convert_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.disqualify_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.convert_button, self.disqualify_button, cancel):
            button.setAutoDefault(False)  # Enter in a search box must not convert
        self.convert_button.clicked.connect(self._convert_clicked)
        self.disqualify_button.clicked.connect(self.disqualify_requested.emit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.warning_banner)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_search)
        self.account_search.textChanged.connect(lambda _text: self._debounce.start())
        self.account_search.returnPressed.connect(self.apply_search)
        self._fill_accounts(list(facts.accounts), keep=facts.matched_account)
        self.account_list.currentItemChanged.connect(lambda *_: self._account_changed())
        for signal in (
            self.contact_combo.currentIndexChanged,
            self.status_combo.currentIndexChanged,
            self.owner_combo.currentIndexChanged,
            self.opportunity_name.textChanged,
            self.override_edit.textChanged,
            self.overwrite_check.toggled,
            self.opportunity_check.toggled,
        ):
            signal.connect(lambda *_: self.replan())
        self._account_changed()
        self.account_list.setFocus()
        self.resize(1320, 700)

    # -- the columns

    def _lead_column(self) -> QWidget:
        box = QGroupBox("Lead")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for label, text in self.facts.fields:
            value = QLabel(text or "–")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            form.addRow(f"{label}:", value)
        readiness = self.facts.readiness
        self.readiness = QLabel(
            "Ready to convert" if readiness.ready else readiness.reason or "Not ready"
        )
        self.readiness.setProperty("role", "readiness")
        self.readiness.setProperty("state", "ready" if readiness.ready else "blocked")
        self.readiness.setWordWrap(True)
        self.readiness.setAccessibleName("Readiness")
        failing = ", ".join(readiness.failing)
        self.failing = QLabel(f"In the way: {failing}" if failing else "")
        self.failing.setWordWrap(True)
        self.failing.setVisible(bool(failing))
        self.failing.setAccessibleName("Checklist items in the way")
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.readiness)
        layout.addWidget(self.failing)
        layout.addStretch(1)
        return box

    def _choice_column(self) -> QWidget:
        column = QWidget()
        account_box = QGroupBox("&Account")
        self.account_search = QLineEdit()
        self.account_search.setPlaceholderText("Search accounts by name")
        self.account_search.setClearButtonEnabled(True)
        self.account_search.setAccessibleName("Search accounts")
        self.account_list = QListWidget()
        self.account_list.setAccessibleName("Accounts")
        self.account_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.account_list.setWordWrap(True)  # a name on one line, place and score below
        self.account_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.account_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.account_hint = QLabel()
        self.account_hint.setProperty("role", "hint")
        self.account_hint.setWordWrap(True)
        account_layout = QVBoxLayout(account_box)
        account_layout.addWidget(self.account_search)
        account_layout.addWidget(self.account_list, 1)
        account_layout.addWidget(self.account_hint)

        contact_box = QGroupBox("Con&tact")
        self.contact_combo = QComboBox()
        self.contact_combo.setAccessibleName("Contact")
        QVBoxLayout(contact_box).addWidget(self.contact_combo)

        details = QGroupBox("Details")
        form = QFormLayout(details)
        self.opportunity_check = QCheckBox("&Opportunity:")
        self.opportunity_check.setToolTip("Create an opportunity with this name")
        self.opportunity_check.setAccessibleName("Create an opportunity")
        self.opportunity_name = QLineEdit(self.facts.company)
        self.opportunity_name.setPlaceholderText(self.facts.company or "Opportunity name")
        self.opportunity_name.setAccessibleName("Opportunity name")
        self.opportunity_name.setEnabled(False)
        self.opportunity_check.toggled.connect(self.opportunity_name.setEnabled)
        form.addRow(self.opportunity_check, self.opportunity_name)
        self.status_combo = QComboBox()
        self.status_combo.addItems(list(self.facts.converted_statuses))
        self.status_combo.setAccessibleName("Converted status")
        status_label = QLabel("&Status:")
        status_label.setBuddy(self.status_combo)
        form.addRow(status_label, self.status_combo)
        self.owner_combo = QComboBox()
        self.owner_combo.setAccessibleName("Owner")
        for user in self.facts.users:
            suffix = "" if user.active else " (inactive)"
            self.owner_combo.addItem(user.name + suffix, user.user_id)
        owner = self.owner_combo.findData(self.facts.owner_id)
        self.owner_combo.setCurrentIndex(max(owner, 0))
        owner_label = QLabel("O&wner:")
        owner_label.setBuddy(self.owner_combo)
        form.addRow(owner_label, self.owner_combo)
        self.overwrite_check = QCheckBox("Overwrite the contact's &lead source")
        self.overwrite_check.setToolTip(
            "An existing contact keeps its lead source unless this is ticked"
        )
        form.addRow(self.overwrite_check)
        self.override_edit = QLineEdit()
        self.override_edit.setPlaceholderText("Required: why convert it anyway")
        self.override_edit.setAccessibleName("Reason to convert anyway")
        self.override_label = QLabel("&Reason:")
        self.override_label.setBuddy(self.override_edit)
        self.override_label.setToolTip("Why convert a lead the checklist says is not ready")
        form.addRow(self.override_label, self.override_edit)
        needs_reason = not self.facts.readiness.ready
        self.override_label.setVisible(needs_reason)
        self.override_edit.setVisible(needs_reason)

        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(account_box, 1)
        layout.addWidget(contact_box)
        layout.addWidget(details)
        return column

    def _preview_column(self) -> QWidget:
        box = QGroupBox("What converting does")
        self.preview = QTreeWidget()
        self.preview.setColumnCount(3)
        self.preview.setHeaderLabels(["Field", "Value", "Change"])
        self.preview.setAccessibleName("Conversion plan")
        self.preview.setAlternatingRowColors(True)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.preview.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 180)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(2, 200)
        self.gate = QLabel()
        self.gate.setProperty("role", "readiness")
        self.gate.setProperty("state", "blocked")
        self.gate.setWordWrap(True)
        self.gate.setAccessibleName("Why the lead cannot be converted yet")
        self.gate.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.gate)
        return box

    # -- the choices

    @property
    def plan(self) -> ConvertPlan | None:
        """The plan Convert would apply; None while something stands in the way."""
        return self._plan

    def choices(self) -> Choices:
        item = self.account_list.currentItem()
        account = (item.data(ACCOUNT_ROLE) or None) if item is not None else None
        opportunity = (
            self.opportunity_name.text().strip() if self.opportunity_check.isChecked() else None
        )
        return Choices(
            account_id=account,
            contact_id=self.contact_combo.currentData() or None,
            opportunity=opportunity,
            status=self.status_combo.currentText() or None,
            owner_id=self.owner_combo.currentData() or None,
            override=self.override_edit.text(),
            overwrite_lead_source=self.overwrite_check.isChecked(),
        )

    def chosen_account(self) -> str | None:
        """The account chosen (None: a new one)."""
        return self.choices().account_id

    def select_account(self, account_id: str | None) -> bool:
        """Choose an account of the list (None: a new account); False when it is not listed."""
        for row in range(self.account_list.count()):
            item = self.account_list.item(row)
            if (item.data(ACCOUNT_ROLE) or None) == account_id:
                self.account_list.setCurrentItem(item)
                return True
        return False

    def apply_search(self) -> None:
        """List the accounts the search finds (the matching candidates when it is empty)."""
        self._debounce.stop()
        text = self.account_search.text().strip()
        current = self.chosen_account()
        if not text:
            self._fill_accounts(list(self.facts.accounts), keep=current)
            return
        try:
            found = self._source.search_accounts(text, self.facts.accounts)
        except OperationalError as error:
            self.account_hint.setText(one_line(error))
            return
        self._accounts.update((a.record_id, a) for a in found)
        self._fill_accounts(found, keep=current, search=text)

    def show_problem(self, text: str) -> None:
        """Say why the conversion did not happen (it stays open to change the choices)."""
        self.gate.setText(text)
        self.gate.show()

    def replan(self) -> None:
        """Plan the choices again and show the plan, or what stands in the way."""
        choices = self.choices()
        needs_reason = not self.facts.readiness.ready and not choices.override.strip()
        try:
            # Without the reason there is no plan to apply, but the steward still sees what
            # it would do: planned with a stand-in reason that the preview leaves out.
            planned = replace(choices, override="…") if needs_reason else choices
            plan = self._source.plan(self.facts.lead_id, planned)
        except (ConvertProblem, SettingsProblem, OperationalError) as error:
            self._plan = None
            self._show_preview(None)
            self._set_gate(one_line(error))
            return
        if needs_reason:
            self._plan = None
            self._show_preview(replace(plan, override=""))
            self._set_gate(
                "The lead is not ready to convert: give the reason to convert it anyway "
                "(the journal keeps it)."
            )
            return
        self._plan = plan
        self._show_preview(plan)
        self._set_gate("")

    # -- inside

    def _fill_accounts(
        self, choices: Sequence[AccountChoice], *, keep: str | None, search: str = ""
    ) -> None:
        """List a new account, the account chosen so far (searching does not change the
        choice), then the choices; keep: the account to have chosen."""
        listed = list(choices)
        if keep and keep in self._accounts and all(c.record_id != keep for c in listed):
            listed.insert(0, self._accounts[keep])
        self.account_list.blockSignals(True)
        self.account_list.clear()
        new = QListWidgetItem(f"New account: {self.facts.company or self.facts.name}")
        new.setData(ACCOUNT_ROLE, "")
        if self._icons is not None:
            new.setIcon(self._icons.icon("new-workspace"))
        self.account_list.addItem(new)
        chosen = new
        for choice in listed:
            item = QListWidgetItem(choice.text(multiline=True))
            item.setData(ACCOUNT_ROLE, choice.record_id)
            item.setToolTip(f"{choice.name} ({choice.record_id})")
            if self._icons is not None:
                item.setIcon(self._icons.icon("warning" if choice.warnings else "account"))
            self.account_list.addItem(item)
            if choice.record_id == keep:
                chosen = item
        self.account_list.setCurrentItem(chosen)
        self.account_list.blockSignals(False)
        if search:
            count = len(choices)
            self.account_hint.setText(
                f"{count} account{'s' if count != 1 else ''} found for “{search}”"
                if count
                else f"No account found for “{search}”"
            )
        elif self.facts.accounts:
            self.account_hint.setText("Accounts matching found for the lead, best first")
        else:
            self.account_hint.setText("Matching found no account for the lead: search by name")

    def _account_changed(self) -> None:
        account = self.chosen_account()
        contacts = self.facts.contacts_of(account)
        self.contact_combo.blockSignals(True)
        self.contact_combo.clear()
        self.contact_combo.addItem("New contact from the lead", "")
        for contact in contacts:
            self.contact_combo.addItem(contact.text(), contact.record_id)
        matched = self.contact_combo.findData(self.facts.matched_contact or "\0")
        self.contact_combo.setCurrentIndex(max(matched, 0))
        self.contact_combo.setEnabled(bool(contacts))
        self.contact_combo.blockSignals(False)
        self.replan()

    def _names(self) -> dict[str, str]:
        names = {a.record_id: a.name for a in self._accounts.values()}
        names.update((c.record_id, c.name) for c in self.facts.contacts)
        names.update((u.user_id, u.name) for u in self.facts.users)
        return names

    def _show_preview(self, plan: ConvertPlan | None) -> None:
        self.preview.clear()
        if plan is None:
            return
        bold = QFont(self.preview.font())
        bold.setBold(True)
        for section in preview(plan, self._names(), self._lead_values):
            top = QTreeWidgetItem([section.heading])
            top.setToolTip(0, section.heading)
            top.setFirstColumnSpanned(True)
            top.setFont(0, bold)
            if self._icons is not None:
                top.setIcon(0, self._icons.icon(_ICONS.get(section.object_name, "lead")))
            for row in section.rows:
                change = CHANGE_WORDS[row.change]
                if row.change == KEEP and row.lead_value:
                    change = f"{change}; the lead has {row.lead_value}"
                child = QTreeWidgetItem([row.field, row.value, change])
                child.setToolTip(1, row.value)
                child.setToolTip(2, change)
                top.addChild(child)
            self.preview.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
        self.preview.expandAll()

    def _set_gate(self, text: str) -> None:
        self.gate.setText(text)
        self.gate.setVisible(bool(text))
        self.convert_button.setEnabled(self._plan is not None)
        self.convert_button.setToolTip(
            text or "Convert the lead as the plan shows (undo with Ctrl+Z)"
        )

    def _convert_clicked(self) -> None:
        if self._plan is not None:
            self.convert_requested.emit(self._plan)


class DisqualifyDialog(QDialog):
    """The status and reason for disqualifying a lead; OK only once a reason is given."""

    def __init__(
        self, statuses: Sequence[str], lead: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Disqualify {lead}".strip())
        intro = QLabel(
            f"Close {lead or 'the lead'} as not converted. The reason stays in the journal."
        )
        intro.setWordWrap(True)
        self.status = QComboBox()
        self.status.addItems(list(statuses))
        self.status.setAccessibleName("Status")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why the lead is not worth converting (required)")
        self.reason.setAccessibleName("Reason")
        form = QFormLayout()
        status_label = QLabel("&Status:")
        status_label.setBuddy(self.status)
        reason_label = QLabel("&Reason:")
        reason_label.setBuddy(self.reason)
        form.addRow(status_label, self.status)
        form.addRow(reason_label, self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Disqualify")
        ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.setFocus()
        self.resize(460, self.sizeHint().height())

    def answer(self) -> tuple[str, str]:
        return self.status.currentText(), self.reason.text().strip()
