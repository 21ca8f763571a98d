"""The convert screen, driven like a steward: open it from a lead with V or the checklist's
button, read the warnings, choose the account, contact and opportunity, give the reason for a
lead that is not ready, convert or disqualify, and undo from the window; every outcome is
checked in the workspace file itself."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from gui_support import LOAD_TIMEOUT_MS, ScriptedDialogs, show_lead
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from steward.core.convert import ConvertPlan, Target
from steward.core.fields import ACCOUNT
from steward.gui.browser import BrowserView
from steward.gui.convert_model import FILL, KEEP, NEW_VALUE, preview
from steward.gui.convert_screen import ConvertDialog
from steward.gui.main_window import MainWindow
from steward.gui.sidebar import QUEUE
from steward.gui.views import select_row
from steward.jobs.desk import Desk
from steward.jobs.match import match_everything
from steward.jobs.verify import reverify
from steward.store.checks import work_queue
from steward.store.journal import history
from steward.store.workspace import Workspace

# Where to keep a picture of the screen with its customer warning (for the docs), if anywhere.
SHOT = os.environ.get("STEWARD_CONVERT_SHOT", "")


def _db(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


def _one(path: Path, sql: str, *params: object) -> object:
    rows = _db(path, sql, *params)
    return rows[0][0] if rows else None


@pytest.fixture(scope="module")
def matched_file(demo_workspace_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo after a matching run: leads have candidates and warnings."""
    path = tmp_path_factory.mktemp("convert") / "matched.steward"
    shutil.copyfile(demo_workspace_file, path)
    with Workspace.open(path) as workspace:
        match_everything(workspace)
    return path


@pytest.fixture
def matched_path(matched_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "matched.steward"
    shutil.copyfile(matched_file, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def matched_window(qtbot: QtBot, window: MainWindow, matched_path: Path) -> MainWindow:
    """The main window on this test's copy of the matched demo."""
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(matched_path)
    return window


def _open_leads(path: Path, where: str = "1") -> list[str]:
    return [
        str(row[0])
        for row in _db(
            path,
            f'SELECT l."Id" FROM lead l LEFT JOIN lead_match m ON m.lead_id = l."Id" '
            f'WHERE NOT coalesce(l."IsConverted", 0) AND {where} ORDER BY l.pk',
        )
    ]


def _customer_lead(path: Path) -> tuple[str, str]:
    """A lead matching found to be an existing customer's (and not yet its contact):
    (lead, the customer account)."""
    for lead in _open_leads(path, "m.warnings LIKE '%customer%' AND m.contact_id IS NULL"):
        account = _one(path, "SELECT account_id FROM lead_match WHERE lead_id = ?", lead)
        if account:
            return lead, str(account)
    raise AssertionError("no lead of an existing customer in the matched demo")


def _open_convert(qtbot: QtBot, browser: BrowserView) -> ConvertDialog:
    """V, the way a steward gets from a lead to its convert screen."""
    browser.table.setFocus()
    qtbot.keyClick(browser.table, "v")
    dialog = browser.lead_work.convert_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=LOAD_TIMEOUT_MS)
    return dialog


def _give_reason_if_needed(qtbot: QtBot, dialog: ConvertDialog, reason: str) -> None:
    if not dialog.facts.readiness.ready:
        assert not dialog.convert_button.isEnabled()
        qtbot.keyClicks(dialog.override_edit, reason)
    assert dialog.convert_button.isEnabled(), dialog.gate.text()


def _convert(qtbot: QtBot, browser: BrowserView, dialog: ConvertDialog) -> None:
    with qtbot.waitSignal(browser.lead_work.closed, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(dialog.convert_button, Qt.MouseButton.LeftButton)
    assert browser.lead_work.convert_dialog is None
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=LOAD_TIMEOUT_MS)


def _headings(dialog: ConvertDialog) -> list[str]:
    tree = dialog.preview
    return [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]


def _lead_row(path: Path, lead: str) -> dict[str, object]:
    names = ("IsConverted", "ConvertedAccountId", "ConvertedContactId",
             "ConvertedOpportunityId", "Status")  # fmt: skip
    columns = ", ".join(f'"{n}"' for n in names)
    row = _db(path, f'SELECT {columns} FROM lead WHERE "Id" = ?', lead)
    return dict(zip(names, row[0], strict=True))


def test_a_customer_lead_shows_its_warning_first_and_converts_into_that_account(
    qtbot: QtBot, matched_window: MainWindow, matched_path: Path
) -> None:
    window = matched_window
    browser = window.browser
    lead, account = _customer_lead(matched_path)
    fields = list(ACCOUNT.fields)
    columns = ", ".join(f'"{n}"' for n in fields)
    before = dict(
        zip(fields, _db(matched_path, f'SELECT {columns} FROM account WHERE "Id" = ?', account)[0],
            strict=True)
    )  # fmt: skip
    name = str(before["Name"])
    show_lead(qtbot, browser, matched_path, lead)
    assert browser.checklist.convert_button.isEnabled()
    dialog = _open_convert(qtbot, browser)

    # The warning is in view before anything is converted, and names the customer.
    assert dialog.warning_banner.isVisible()
    banner = dialog.warning_banner.text()
    assert "Existing customer" in banner and name in banner
    # The account matching found is the one chosen, shown with its score and warning.
    assert dialog.chosen_account() == account
    chosen = dialog.account_list.currentItem()
    assert chosen is not None and name in chosen.text() and "Existing customer" in chosen.text()
    assert "match " in chosen.text()
    assert dialog.contact_combo.currentData() == ""  # a new contact
    headings = _headings(dialog)
    assert headings[0].startswith(f"Account {name}")
    assert headings[1].startswith("New contact: ") and headings[1].endswith(f"in {name}")
    picture = dialog.grab()  # the screen as the steward sees it, warning and all
    assert not picture.isNull()
    if SHOT:
        assert picture.save(SHOT)

    _give_reason_if_needed(qtbot, dialog, "Confirmed with the account manager")
    _convert(qtbot, browser, dialog)

    converted = _lead_row(matched_path, lead)
    assert converted["IsConverted"] == 1
    assert converted["ConvertedAccountId"] == account
    assert converted["Status"] == "Closed - Converted"
    assert converted["ConvertedOpportunityId"] is None
    contact = str(converted["ConvertedContactId"])
    assert contact.startswith("local-003-")
    assert _one(matched_path, 'SELECT "AccountId" FROM contact WHERE "Id" = ?', contact) == account
    after = dict(
        zip(fields, _db(matched_path, f'SELECT {columns} FROM account WHERE "Id" = ?', account)[0],
            strict=True)
    )  # fmt: skip
    kept = {k: v for k, v in before.items() if v not in (None, "")}
    assert kept and {k: after[k] for k in kept} == kept  # its own values are as they were
    assert "Converted" in window.statusBar().currentMessage()
    assert "Undo with Ctrl+Z" in window.statusBar().currentMessage()
    # The lead's work is done: nothing to convert any more, and it is out of the queue.
    assert not browser.checklist.convert_button.isEnabled()
    assert not browser.lead_work.convert_action.isEnabled()
    assert window.undo_action.isEnabled() and "Convert" in window.undo_action.text()
    with window.workspace.engine.connect() as connection:  # type: ignore[union-attr]
        assert lead not in {r.lead_id for r in work_queue(connection, include_ready=True)}
    with qtbot.waitSignal(browser.queue.loaded, timeout=LOAD_TIMEOUT_MS * 3):
        browser.sidebar.set_current_object(QUEUE)
    assert browser.queue.model.rowCount() > 0
    assert browser.queue.model.row_of(lead) is None


def test_converting_into_a_new_account_with_an_opportunity_then_undo(
    qtbot: QtBot, matched_window: MainWindow, matched_path: Path
) -> None:
    window = matched_window
    browser = window.browser
    lead, _account = _customer_lead(matched_path)
    company = str(_one(matched_path, 'SELECT "Company" FROM lead WHERE "Id" = ?', lead))
    status = _one(matched_path, 'SELECT "Status" FROM lead WHERE "Id" = ?', lead)
    counts = {
        table: _one(matched_path, f"SELECT count(*) FROM {table}")
        for table in ("account", "contact", "opportunity")
    }
    show_lead(qtbot, browser, matched_path, lead)
    dialog = _open_convert(qtbot, browser)

    dialog.account_list.setFocus()
    dialog.account_list.setCurrentRow(0)  # the first choice is always a new account
    assert dialog.chosen_account() is None
    assert _headings(dialog)[0] == f"New account: {company}"
    assert not dialog.opportunity_name.isEnabled()
    qtbot.mouseClick(dialog.opportunity_check, Qt.MouseButton.LeftButton)
    assert dialog.opportunity_name.isEnabled()
    assert dialog.opportunity_name.text() == company  # named after the company unless edited
    dialog.opportunity_name.selectAll()
    qtbot.keyClicks(dialog.opportunity_name, "Fleet renewal 2027")
    assert f"New opportunity: Fleet renewal 2027, in {company}" in _headings(dialog)
    _give_reason_if_needed(qtbot, dialog, "Known buyer, checklist to follow")
    _convert(qtbot, browser, dialog)

    converted = _lead_row(matched_path, lead)
    account, contact = str(converted["ConvertedAccountId"]), str(converted["ConvertedContactId"])
    deal = str(converted["ConvertedOpportunityId"])
    assert account.startswith("local-001-")
    assert _one(matched_path, 'SELECT "Name" FROM account WHERE "Id" = ?', account) == company
    assert _one(matched_path, 'SELECT "AccountId" FROM contact WHERE "Id" = ?', contact) == account
    assert _db(
        matched_path,
        'SELECT "Name", "AccountId", "ContactId" FROM opportunity WHERE "Id" = ?',
        deal,
    ) == [("Fleet renewal 2027", account, contact)]

    # Undo from the window: the lead is open again and what the conversion made is gone.
    assert "Convert" in window.undo_action.text()
    window.undo()
    assert _lead_row(matched_path, lead) == {
        "IsConverted": 0,
        "ConvertedAccountId": None,
        "ConvertedContactId": None,
        "ConvertedOpportunityId": None,
        "Status": status,
    }
    for table, count in counts.items():
        assert _one(matched_path, f"SELECT count(*) FROM {table}") == count
    assert _one(matched_path, 'SELECT count(*) FROM account WHERE "Id" = ?', account) == 0
    assert browser.lead_work.lead_id == lead
    assert browser.checklist.convert_button.isEnabled()
    assert "Undid" in window.statusBar().currentMessage()


def test_a_lead_that_is_not_ready_converts_only_with_a_reason_the_journal_keeps(
    qtbot: QtBot, matched_window: MainWindow, matched_path: Path
) -> None:
    window = matched_window
    browser = window.browser
    workspace = window.workspace
    assert workspace is not None
    desk = Desk(workspace)
    lead = next(i for i in _open_leads(matched_path) if not desk.view(i).verdict.readiness.ready)
    show_lead(qtbot, browser, matched_path, lead)
    dialog = _open_convert(qtbot, browser)

    assert not dialog.facts.readiness.ready
    assert dialog.readiness.text().startswith("Not ready")
    # The plan is shown, but Convert waits for the reason, and says so.
    assert dialog.preview.topLevelItemCount() >= 3
    assert not dialog.convert_button.isEnabled() and dialog.plan is None
    assert dialog.gate.isVisible() and "reason" in dialog.gate.text()
    assert dialog.override_edit.isVisible()
    qtbot.keyClicks(dialog.override_edit, "   ")
    assert not dialog.convert_button.isEnabled()  # blanks are no reason
    dialog.override_edit.clear()
    reason = "Met them at the trade fair"
    qtbot.keyClicks(dialog.override_edit, reason)
    assert dialog.convert_button.isEnabled() and not dialog.gate.isVisible()
    plan = dialog.plan
    assert plan is not None and plan.override == reason
    _convert(qtbot, browser, dialog)

    assert _lead_row(matched_path, lead)["IsConverted"] == 1
    with workspace.session() as session:
        entry = history(session, limit=1)[0]
    assert entry.kind == "convert"
    assert entry.inputs["override"] == reason
    assert entry.inputs["lead"] == lead


def test_disqualifying_asks_the_reason_and_keeps_it(
    qtbot: QtBot, matched_window: MainWindow, matched_path: Path, dialogs: ScriptedDialogs
) -> None:
    window = matched_window
    browser = window.browser
    workspace = window.workspace
    assert workspace is not None
    first, second = _open_leads(matched_path, "\"Status\" NOT LIKE 'Closed%'")[:2]
    status = str(_one(matched_path, 'SELECT "Status" FROM lead WHERE "Id" = ?', first))

    # D, then Cancel: nothing changes.
    show_lead(qtbot, browser, matched_path, first)
    browser.table.setFocus()
    qtbot.keyClick(browser.table, "d")
    assert dialogs.asked[-1].startswith("disqualify ")
    assert _one(matched_path, 'SELECT "Status" FROM lead WHERE "Id" = ?', first) == status

    # From the convert screen's button, with a status and a reason.
    dialogs.disqualify_answers.append(("Closed - Not Converted", "Student, not a buyer"))
    dialog = _open_convert(qtbot, browser)
    with qtbot.waitSignal(browser.lead_work.closed, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(dialog.disqualify_button, Qt.MouseButton.LeftButton)
    assert browser.lead_work.convert_dialog is None
    assert _one(matched_path, 'SELECT "Status" FROM lead WHERE "Id" = ?', first) == (
        "Closed - Not Converted"
    )
    with workspace.session() as session:
        entry = history(session, limit=1)[0]
    assert entry.kind == "disqualify" and entry.inputs["reason"] == "Student, not a buyer"
    assert "Disqualified" in window.statusBar().currentMessage()
    assert "Disqualify" in window.undo_action.text()

    # From the checklist's button.
    show_lead(qtbot, browser, matched_path, second)
    dialogs.disqualify_answers.append(("Closed - Not Converted", "No budget this year"))
    with qtbot.waitSignal(browser.lead_work.closed, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(browser.checklist.disqualify_button, Qt.MouseButton.LeftButton)
    assert _one(matched_path, 'SELECT "Status" FROM lead WHERE "Id" = ?', second) == (
        "Closed - Not Converted"
    )
    assert not dialogs.errors


def test_a_converted_lead_offers_no_conversion(
    qtbot: QtBot, matched_window: MainWindow, matched_path: Path, dialogs: ScriptedDialogs
) -> None:
    window = matched_window
    browser = window.browser
    lead = str(_one(matched_path, 'SELECT "Id" FROM lead WHERE "IsConverted" ORDER BY pk LIMIT 1'))
    show_lead(qtbot, browser, matched_path, lead)
    assert not browser.checklist.convert_button.isEnabled()
    assert not browser.checklist.disqualify_button.isEnabled()
    assert not browser.lead_work.convert_action.isEnabled()
    assert browser.lead_work.open_convert() is None
    assert not browser.lead_work.disqualify()
    assert browser.lead_work.convert_dialog is None and not dialogs.asked


def test_the_account_search_finds_accounts_by_name_and_keeps_the_choice(
    qtbot: QtBot, matched_window: MainWindow, matched_path: Path
) -> None:
    window = matched_window
    browser = window.browser
    lead, account = _customer_lead(matched_path)
    other_id, other = _db(
        matched_path,
        'SELECT "Id", "Name" FROM account WHERE "Id" != ? ORDER BY pk LIMIT 1',
        account,
    )[0]
    show_lead(qtbot, browser, matched_path, lead)
    dialog = _open_convert(qtbot, browser)
    dialog.account_search.setFocus()
    qtbot.keyClicks(dialog.account_search, str(other))
    qtbot.keyClick(dialog.account_search, Qt.Key.Key_Return)  # searches, never converts
    assert browser.lead_work.convert_dialog is dialog and dialog.isVisible()
    assert dialog.chosen_account() == account  # searching does not change the choice
    assert "found for" in dialog.account_hint.text()
    assert dialog.select_account(str(other_id))
    assert _headings(dialog)[0].startswith(f"Account {other}")
    assert dialog.contact_combo.count() >= 1 and dialog.contact_combo.currentData() == ""
    dialog.account_search.clear()
    dialog.apply_search()
    assert dialog.chosen_account() == other_id  # the chosen account stays listed
    dialog.reject()
    qtbot.waitUntil(lambda: browser.lead_work.convert_dialog is None, timeout=LOAD_TIMEOUT_MS)


def test_the_preview_says_what_is_made_filled_and_kept(qapp: QApplication) -> None:
    plan = ConvertPlan(
        "00Q000000000001AAA",
        "Closed - Converted",
        Target("Account", "001000000000001AAA", {"Website": "https://acme.example"},
               {"Phone": "+1 555 0100"}),
        Target("Contact", None, {"FirstName": "Ada", "LastName": "Byron", "OwnerId": "005A"}, {}),
        Target("Opportunity", None, {"Name": "Acme deal", "StageName": "Prospecting"}, {}),
        "Met at the fair",
    )  # fmt: skip
    names = {"001000000000001AAA": "Acme Ltd", "005A": "Noah Johnson"}
    sections = preview(plan, names, {("Account", "Phone"): "+1 555 0199"})
    assert [s.heading for s in sections] == [
        "Account Acme Ltd: fills 1 blank field, keeps 1 of its own",
        "New contact: Ada Byron, in Acme Ltd",
        "New opportunity: Acme deal, in Acme Ltd",
        "The lead is closed as converted",
    ]
    account = {r.field: (r.value, r.change, r.lead_value) for r in sections[0].rows}
    assert account == {
        "Website": ("https://acme.example", FILL, ""),
        "Phone": ("+1 555 0100", KEEP, "+1 555 0199"),
    }
    contact = {r.field: (r.value, r.change) for r in sections[1].rows}
    assert contact["Owner"] == ("Noah Johnson", NEW_VALUE)
    assert ("Converted although not ready", "Met at the fair") in {
        (r.field, r.value) for r in sections[3].rows
    }


def test_the_work_queue_leaves_out_converted_leads_whatever_their_verdict(
    workspace_path: Path,
) -> None:
    with Workspace.open(workspace_path) as workspace:
        lead = str(_open_leads(workspace_path)[0])
        with workspace.transaction() as session:
            reverify(workspace, session.connection(), [lead])
        with workspace.engine.connect() as connection:
            assert lead in {r.lead_id for r in work_queue(connection, include_ready=True)}
        with workspace.engine.begin() as connection:  # converted behind the checklist's back
            connection.exec_driver_sql('UPDATE lead SET "IsConverted" = 1 WHERE "Id" = ?', (lead,))
        with workspace.engine.connect() as connection:
            assert _one(workspace_path, "SELECT count(*) FROM lead_check WHERE lead_id = ?", lead)
            assert lead not in {r.lead_id for r in work_queue(connection, include_ready=True)}


def _queue_shows(qtbot: QtBot, browser: BrowserView, lead: str, shown: bool) -> None:
    qtbot.waitUntil(
        lambda: (browser.queue.model.row_of(lead) is not None) == shown,
        timeout=LOAD_TIMEOUT_MS,
    )


def _checklist_of(qtbot: QtBot, browser: BrowserView, lead: str) -> None:
    """Wait until the checklist panel shows this lead (its buttons act on it)."""

    def shown() -> bool:
        view = browser.checklist.view
        return view is not None and view.lead_id == lead

    qtbot.waitUntil(shown, timeout=LOAD_TIMEOUT_MS)


def test_a_closed_lead_leaves_the_shown_queue_and_undo_brings_it_back(
    qtbot: QtBot, matched_window: MainWindow, matched_path: Path, dialogs: ScriptedDialogs
) -> None:
    window = matched_window
    browser = window.browser
    with qtbot.waitSignal(browser.queue.loaded, timeout=LOAD_TIMEOUT_MS * 3):
        browser.sidebar.set_current_object(QUEUE)
    checks_run: list[object] = []
    browser.queue.checks_finished.connect(checks_run.append)
    waiting = browser.queue.model.rowCount()
    lead = browser.queue.model.row(0).lead_id
    select_row(browser.queue.table, 0)
    _checklist_of(qtbot, browser, lead)

    # Disqualified: out of the list on screen, and "check every lead" would not bring it back.
    dialogs.disqualify_answers.append(("Closed - Not Converted", "Competitor, not a buyer"))
    # The panel has room beside the lead's fields: its buttons are there to be clicked.
    assert browser.checklist.width() >= browser.checklist.minimumSizeHint().width()
    assert browser.checklist.disqualify_button.visibleRegion().boundingRect().width() > 0
    with qtbot.waitSignal(browser.lead_work.closed, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(browser.checklist.disqualify_button, Qt.MouseButton.LeftButton)
    _queue_shows(qtbot, browser, lead, False)
    assert browser.queue.model.rowCount() == waiting - 1
    assert (browser.sidebar.count_text(QUEUE) or "").startswith(f"{waiting - 1:,}")
    with window.workspace.engine.connect() as connection:  # type: ignore[union-attr]
        settings_statuses = ("Closed - Not Converted",)
        assert lead in {r.lead_id for r in work_queue(connection)}  # the verdict is kept
        assert lead not in {
            r.lead_id for r in work_queue(connection, closed_statuses=settings_statuses)
        }

    window.undo_action.trigger()  # Ctrl+Z
    _queue_shows(qtbot, browser, lead, True)
    assert browser.queue.model.rowCount() == waiting

    # Converted with an override: out again; undo: back again.
    select_row(browser.queue.table, browser.queue.model.row_of(lead) or 0)
    _checklist_of(qtbot, browser, lead)
    dialog = browser.lead_work.open_convert()
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=LOAD_TIMEOUT_MS)
    _give_reason_if_needed(qtbot, dialog, "Signed at the booth")
    _convert(qtbot, browser, dialog)
    _queue_shows(qtbot, browser, lead, False)
    window.undo_action.trigger()
    _queue_shows(qtbot, browser, lead, True)
    assert _lead_row(matched_path, lead)["IsConverted"] == 0
    # The converted lead's verdict never made the queue check every lead again.
    assert not checks_run
    assert not dialogs.errors
