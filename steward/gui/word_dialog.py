"""The small dialogs a steward answers while working the queue: a confirmation or override
with its note (and, for the relationship, the role and where it was seen), or a call's outcome.

Built for the keyboard: the note field has focus, Enter accepts, Escape cancels; a call's
outcome is one key (R, N, V, W, D) away.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from steward.core.checks.phone import CallOutcome
from steward.core.checks.relationship import SeenAt


@dataclass(frozen=True, slots=True)
class ItemAnswer:
    note: str
    role: str = ""
    seen_at: str = ""


@dataclass(frozen=True, slots=True)
class CallAnswer:
    outcome: CallOutcome
    note: str


_OUTCOMES = (
    (CallOutcome.REACHED, "&Reached the person"),
    (CallOutcome.NO_ANSWER, "&No answer"),
    (CallOutcome.VOICEMAIL, "&Voicemail"),
    (CallOutcome.WRONG_NUMBER, "&Wrong number"),
    (CallOutcome.DISCONNECTED, "&Disconnected"),
)


class ItemDialog(QDialog):
    """Confirm or override one checklist item."""

    def __init__(
        self,
        label: str,
        evidence: str,
        *,
        override: bool,
        relationship: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        verb = "Override" if override else "Confirm"
        self.setWindowTitle(f"{verb} {label}")
        self._override = override
        said = QLabel(f"The check says: {evidence}" if evidence else "")
        said.setWordWrap(True)
        said.setProperty("role", "hint")
        self.note = QLineEdit()
        self.note.setPlaceholderText(
            "Why the check does not apply (required)" if override else "What you checked"
        )
        self.note.setAccessibleName("Note")
        self.role = QLineEdit()
        self.role.setPlaceholderText("e.g. Head of Finance")
        self.role.setAccessibleName("Role")
        self.seen_at = QComboBox()
        self.seen_at.addItems([s.value for s in SeenAt])
        self.seen_at.setAccessibleName("Seen at")
        form = QFormLayout()
        form.addRow("&Note:", self.note)
        if relationship and not override:
            form.addRow("&Role:", self.role)
            form.addRow("&Seen at:", self.seen_at)
        else:
            self.role.hide()
            self.seen_at.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(verb)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.note.textChanged.connect(self._update)
        self._update()
        self.note.setFocus()

    def answer(self) -> ItemAnswer:
        seen = self.seen_at.currentText() if self.role.text().strip() else ""
        return ItemAnswer(self.note.text().strip(), self.role.text().strip(), seen)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self._override or bool(self.note.text().strip()))


class CallDialog(QDialog):
    """What happened when the steward called the lead."""

    def __init__(self, numbers: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a call")
        intro = QLabel(f"You called {numbers}." if numbers else "You called this lead.")
        intro.setProperty("role", "hint")
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self._buttons: dict[CallOutcome, QRadioButton] = {}
        for outcome, text in _OUTCOMES:
            button = QRadioButton(text)
            self.group.addButton(button)
            self._buttons[outcome] = button
            layout.addWidget(button)
        self._buttons[CallOutcome.REACHED].setChecked(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (who answered, what they said)")
        self.note.setAccessibleName("Note")
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log call")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.note.setFocus()

    def choose(self, outcome: CallOutcome) -> None:
        self._buttons[outcome].setChecked(True)

    def answer(self) -> CallAnswer:
        outcome = next(o for o, b in self._buttons.items() if b.isChecked())
        return CallAnswer(outcome, self.note.text().strip())
