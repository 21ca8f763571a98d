"""Helpers the GUI tests share (imported as a plain module: tests/gui is on sys.path)."""

from __future__ import annotations

import csv
import sqlite3
from collections import deque
from collections.abc import Sequence
from pathlib import Path

from pytestqt.qtbot import QtBot

from steward.core.fields import LEAD
from steward.core.ids import to18
from steward.gui.browser import BrowserView
from steward.gui.dialogs import Dialogs
from steward.gui.views import select_row
from steward.gui.word_dialog import CallAnswer, ItemAnswer
from steward.store.settings import Settings

POOL_TIMEOUT_MS = 10_000
LOAD_TIMEOUT_MS = 20_000


def show_lead(qtbot: QtBot, browser: BrowserView, path: Path, lead: str) -> None:
    """Find the lead in the Leads table by its last name and select its row; returns once
    its checklist and its matches are the lead's."""
    with sqlite3.connect(path) as connection:
        pk, last = connection.execute(
            'SELECT pk, "LastName" FROM lead WHERE "Id" = ?', (lead,)
        ).fetchone()
    browser.sidebar.set_current_object(LEAD.name)
    browser.search.setText(str(last))
    model = browser.current_model()
    assert model is not None
    qtbot.waitUntil(
        lambda: not model.loading and model.search == last and model.row_of(pk) is not None,
        timeout=LOAD_TIMEOUT_MS,
    )
    row = model.row_of(pk)
    assert row is not None
    select_row(browser.table, row)
    qtbot.waitUntil(
        lambda: browser.lead_work.lead_id == lead and browser.match_work.lead_id == lead,
        timeout=LOAD_TIMEOUT_MS,
    )


class ScriptedDialogs(Dialogs):
    """Answers the app's questions from queues the test fills; records what it was told."""

    def __init__(self) -> None:
        super().__init__()
        self.new_paths: deque[Path | None] = deque()
        self.open_paths: deque[Path | None] = deque()
        self.file_choices: deque[list[Path]] = deque()
        self.folder_choices: deque[Path | None] = deque()
        self.confirm_answers: deque[bool] = deque()
        self.item_answers: deque[ItemAnswer | None] = deque()
        self.call_answers: deque[CallAnswer | None] = deque()
        self.settings_answers: deque[Settings | None] = deque()
        self.disqualify_answers: deque[tuple[str, str] | None] = deque()  # (status, reason)
        self.asked: list[str] = []  # the checklist questions asked, as "confirm Name"
        self.errors: list[str] = []
        self.crashes: list[tuple[BaseException, str]] = []
        self.abouts = 0

    def new_workspace_path(self, suggested: Path) -> Path | None:
        return self.new_paths.popleft() if self.new_paths else None

    def existing_workspace_path(self, folder: Path) -> Path | None:
        return self.open_paths.popleft() if self.open_paths else None

    def import_files(self) -> list[Path]:
        return self.file_choices.popleft() if self.file_choices else []

    def import_folder(self) -> Path | None:
        return self.folder_choices.popleft() if self.folder_choices else None

    def confirm(self, title: str, question: str) -> bool:
        return self.confirm_answers.popleft() if self.confirm_answers else False

    def confirm_item(
        self, label: str, evidence: str, *, override: bool, relationship: bool
    ) -> ItemAnswer | None:
        self.asked.append(f"{'override' if override else 'confirm'} {label}")
        return self.item_answers.popleft() if self.item_answers else None

    def call_outcome(self, numbers: str) -> CallAnswer | None:
        self.asked.append(f"call {numbers}")
        return self.call_answers.popleft() if self.call_answers else None

    def disqualify_reason(self, statuses: Sequence[str], lead: str = "") -> tuple[str, str] | None:
        self.asked.append(f"disqualify {lead} ({', '.join(statuses)})")
        return self.disqualify_answers.popleft() if self.disqualify_answers else None

    def workspace_settings(self, settings: Settings) -> Settings | None:
        self.asked.append("settings")
        return self.settings_answers.popleft() if self.settings_answers else None

    def error(self, message: str) -> None:
        self.errors.append(message)

    def crash(self, error: BaseException, trace: str) -> None:
        self.crashes.append((error, trace))

    def about(self) -> None:
        self.abouts += 1


def write_leads(path: Path, count: int, *, start: int = 1, last_name: str = "Testlead") -> Path:
    """A Lead.csv of count generated leads with ids from start on."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Id", "FirstName", "LastName", "Company", "Email", "City", "Score__c"])
        for number in range(start, start + count):
            writer.writerow(
                [
                    to18(f"00Q9{number:011d}"),
                    f"First{number}",
                    last_name,
                    f"Company {number % 997}",
                    f"lead{number}@example.com",
                    "Springfield",
                    str(number % 100),
                ]
            )
    return path
