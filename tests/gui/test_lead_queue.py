"""The lead queue and the checklist panel, driven from the keyboard like a steward clears leads:
next and previous, apply a fix, confirm, override, log a call, undo and redo; every step is
checked against the workspace file itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gui_support import LOAD_TIMEOUT_MS, ScriptedDialogs
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from steward.core.checks.phone import CallOutcome
from steward.core.checks.result import Status
from steward.gui.browser import BrowserView
from steward.gui.main_window import MainWindow
from steward.gui.settings_dialog import SettingsDialog
from steward.gui.sidebar import QUEUE
from steward.gui.word_dialog import CallAnswer, CallDialog, ItemAnswer, ItemDialog
from steward.store.settings import Settings


def _queue(qtbot: QtBot, window: MainWindow) -> BrowserView:
    """Show the queue; the first time, every lead is checked in the background first."""
    browser = window.browser
    with qtbot.waitSignal(browser.queue.loaded, timeout=LOAD_TIMEOUT_MS * 3):
        browser.sidebar.set_current_object(QUEUE)
    qtbot.waitUntil(lambda: browser.checklist.view is not None, timeout=LOAD_TIMEOUT_MS)
    return browser


def _key(qtbot: QtBot, browser: BrowserView, key: str) -> None:
    """A key press where the steward's focus is: the queue table."""
    browser.queue.table.setFocus()
    qtbot.keyClick(browser.queue.table, key)


def _db(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


# Leads the queue waits on: not ready, and neither converted nor closed as not converted.
_NOT_READY_OPEN = (
    'SELECT count(*) FROM lead_check c JOIN lead l ON l."Id" = c.lead_id WHERE NOT c.ready '
    'AND NOT coalesce(l."IsConverted", 0) AND l."Status" != \'Closed - Not Converted\''
)


def _current_lead(browser: BrowserView) -> str:
    row = browser.queue.current_row()
    assert row is not None
    return row.lead_id


def _go_to(qtbot: QtBot, browser: BrowserView, wanted: object) -> str:
    """Press J until the panel shows a lead for which wanted(view) is true."""
    for _ in range(browser.queue.model.rowCount()):
        view = browser.checklist.view
        assert view is not None
        if wanted(view):  # type: ignore[operator]
            return view.lead_id
        _key(qtbot, browser, "j")
    raise AssertionError("no such lead in the queue")


def test_the_queue_lists_leads_not_ready_with_their_checklist(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    browser = _queue(qtbot, open_window)
    model = browser.queue.model
    not_ready = _db(workspace_path, _NOT_READY_OPEN)[0][0]
    assert model.rowCount() == not_ready > 100
    assert browser.sidebar.count_text(QUEUE) == f"{not_ready:,}"
    assert browser.queue.count_label.text() == f"{not_ready:,} leads not ready"
    # The first lead is shown: its fields beside its checklist, readiness on top.
    assert browser.checklist.isVisible() and browser.detail.fields()
    view = browser.checklist.view
    assert view is not None and view.lead_id == _current_lead(browser)
    assert browser.checklist.readiness.text().startswith("Not ready: ")
    checks = [
        browser.checklist.checks.topLevelItem(n).text(0).split()[-1]
        for n in range(browser.checklist.checks.topLevelItemCount())
    ]
    assert checks[:3] == ["Name", "Address", "Mobile/phone"]
    # Oldest first by default.
    created = [model.row(n).created for n in range(model.rowCount()) if model.row(n).created]
    assert created == sorted(created)


def test_sorting_and_filtering_the_queue(qtbot: QtBot, open_window: MainWindow) -> None:
    browser = _queue(qtbot, open_window)
    queue = browser.queue
    with qtbot.waitSignal(queue.loaded, timeout=LOAD_TIMEOUT_MS):
        queue.sort.setCurrentIndex(queue.sort.findData("icp"))
    scores = [queue.model.row(n).icp_score for n in range(queue.model.rowCount())]
    known = [s for s in scores if s is not None]
    assert known == sorted(known, reverse=True)
    with qtbot.waitSignal(queue.loaded, timeout=LOAD_TIMEOUT_MS):
        queue.filter.setCurrentIndex(queue.filter.findData("email"))
    assert queue.model.rowCount() > 0
    assert all("email" in queue.model.row(n).failing for n in range(queue.model.rowCount()))
    assert "Email" in queue.model.index(0, 4).data()


def test_j_and_k_move_through_the_queue(qtbot: QtBot, open_window: MainWindow) -> None:
    browser = _queue(qtbot, open_window)
    first = _current_lead(browser)
    _key(qtbot, browser, "j")
    second = _current_lead(browser)
    assert second != first
    assert browser.checklist.view is not None and browser.checklist.view.lead_id == second
    assert dict(browser.detail.fields())["Id"] == second
    _key(qtbot, browser, "k")
    assert _current_lead(browser) == first


def test_apply_a_fix_with_f_then_undo_and_redo(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    browser = _queue(qtbot, open_window)

    def name_fixable(view: object) -> bool:
        name = next(r for r in view.verdict.results if r.check == "name")  # type: ignore[attr-defined]
        return name.fix is not None

    lead = _go_to(qtbot, browser, name_fixable)
    names = 'SELECT "FirstName", "LastName" FROM lead WHERE "Id" = ?'
    before = _db(workspace_path, names, lead)
    _key(qtbot, browser, "1")
    assert browser.checklist.current_check() == "name"
    fix = browser.checklist.current_result().fix  # type: ignore[union-attr]
    assert fix is not None and browser.checklist.fix_button.isVisible()
    _key(qtbot, browser, "f")
    after = _db(workspace_path, names, lead)
    assert after != before
    assert set(fix.values.values()) <= set(after[0])
    name = browser.checklist.current_result()
    assert name is not None and name.check == "name" and name.fix is None
    assert dict(browser.detail.fields())["FirstName"] == after[0][0]
    assert _db(workspace_path, "SELECT count(*) FROM operation WHERE kind = 'edit'")[0][0] == 1
    assert open_window.undo_action.isEnabled()

    open_window.undo_action.trigger()
    assert _db(workspace_path, names, lead) == before
    assert browser.checklist.current_result().fix is not None  # type: ignore[union-attr]
    assert "Undid" in open_window.statusBar().currentMessage()
    open_window.redo_action.trigger()
    assert _db(workspace_path, names, lead) == after


def test_log_a_call_with_l_confirms_the_phone_and_undo_takes_it_back(
    qtbot: QtBot, open_window: MainWindow, dialogs: ScriptedDialogs, workspace_path: Path
) -> None:
    browser = _queue(qtbot, open_window)
    lead = _current_lead(browser)
    dialogs.call_answers.append(CallAnswer(CallOutcome.REACHED, "spoke to her assistant"))
    _key(qtbot, browser, "l")
    assert dialogs.asked and dialogs.asked[-1].startswith("call ")
    rows = _db(
        workspace_path,
        "SELECT kind, outcome, note, who FROM confirmation WHERE lead_id = ? AND item = 'phone'",
        lead,
    )
    assert rows and rows[0][:3] == ("call", "reached", "spoke to her assistant") and rows[0][3]
    phone = browser.checklist.current_result()
    assert phone is not None and phone.check == "phone" and phone.status is Status.CONFIRMED
    assert "spoke to her assistant" in phone.evidence
    stored = _db(workspace_path, "SELECT results FROM lead_check WHERE lead_id = ?", lead)
    assert '"phone","status":"confirmed"' in str(stored[0][0])

    open_window.undo_action.trigger()
    assert not _db(workspace_path, "SELECT * FROM confirmation WHERE lead_id = ?", lead)
    phone = browser.checklist.current_result()
    assert phone is not None and phone.status is not Status.CONFIRMED


def test_a_wrong_number_fails_the_phone(
    qtbot: QtBot, open_window: MainWindow, dialogs: ScriptedDialogs
) -> None:
    browser = _queue(qtbot, open_window)
    dialogs.call_answers.append(CallAnswer(CallOutcome.WRONG_NUMBER, ""))
    _key(qtbot, browser, "l")
    phone = browser.checklist.current_result()
    assert phone is not None and phone.status is Status.FAIL
    assert "Wrong number" in phone.evidence
    assert "Mobile/phone" in browser.checklist.readiness.text()


def test_confirm_and_override_until_the_lead_is_ready(
    qtbot: QtBot, open_window: MainWindow, dialogs: ScriptedDialogs, workspace_path: Path
) -> None:
    browser = _queue(qtbot, open_window)
    lead = _current_lead(browser)
    view = browser.checklist.view
    assert view is not None
    blocking = list(view.verdict.readiness.blocking)
    assert blocking
    for number, item in enumerate(blocking):
        assert browser.checklist.current_check() == item  # the panel goes to what blocks
        if item == "relationship":
            dialogs.item_answers.append(ItemAnswer("checked", "CFO", "LinkedIn"))
            _key(qtbot, browser, "c")
        else:
            dialogs.item_answers.append(ItemAnswer(f"reason {number}"))
            _key(qtbot, browser, "o")
    assert browser.checklist.readiness.text() == "Ready to convert"
    assert _db(workspace_path, "SELECT ready FROM lead_check WHERE lead_id = ?", lead) == [(1,)]
    assert browser.queue.model.index(browser.queue.table.currentIndex().row(), 4).data() == (
        "✓ Ready to convert"
    )
    words = _db(workspace_path, "SELECT item, kind, note FROM confirmation WHERE lead_id = ?", lead)
    assert {w[0] for w in words} == set(blocking)
    labels = [row[0] for row in _db(workspace_path, "SELECT label FROM operation ORDER BY id")]
    assert len(labels) == len(blocking) and all(lead not in label for label in labels)


def test_an_override_asks_for_a_reason(qtbot: QtBot, app: QApplication) -> None:
    dialog = ItemDialog("Email", "Bounced on 2026-10-01", override=True, relationship=False)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.note, "new address confirmed by phone")
    assert ok.isEnabled()
    assert dialog.answer().note == "new address confirmed by phone"


def test_the_relationship_dialog_takes_a_role_and_where_it_was_seen(
    qtbot: QtBot, app: QApplication
) -> None:
    dialog = ItemDialog("Relationship", "", override=False, relationship=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.role, "Head of Finance")
    dialog.seen_at.setCurrentText("LinkedIn")
    answer = dialog.answer()
    assert (answer.role, answer.seen_at, answer.note) == ("Head of Finance", "LinkedIn", "")


def test_the_call_dialog_defaults_to_reached(qtbot: QtBot, app: QApplication) -> None:
    dialog = CallDialog("+44 20 7946 0000")
    qtbot.addWidget(dialog)
    assert dialog.answer().outcome is CallOutcome.REACHED
    dialog.choose(CallOutcome.VOICEMAIL)
    qtbot.keyClicks(dialog.note, "left a message")
    assert dialog.answer() == CallAnswer(CallOutcome.VOICEMAIL, "left a message")


def test_leads_in_the_record_browser_have_the_checklist_too(
    qtbot: QtBot, open_window: MainWindow
) -> None:
    browser = open_window.browser
    assert browser.current_object() == "Lead"
    qtbot.waitUntil(lambda: browser.checklist.view is not None, timeout=LOAD_TIMEOUT_MS)
    assert browser.checklist.isVisible()
    browser.show_object("Account")
    qtbot.waitUntil(lambda: bool(browser.detail.fields()), timeout=LOAD_TIMEOUT_MS)
    assert not browser.checklist.isVisible()


def test_new_settings_check_the_leads_again(
    qtbot: QtBot, open_window: MainWindow, dialogs: ScriptedDialogs, workspace_path: Path
) -> None:
    browser = _queue(qtbot, open_window)
    template = '[[manual]]\nid = "budget"\nlabel = "Budget"\nrequired = true\n'
    dialogs.settings_answers.append(Settings(checklist=template, max_age_days=90))
    with qtbot.waitSignal(browser.queue.loaded, timeout=LOAD_TIMEOUT_MS * 3):
        assert open_window.edit_settings()
    open_leads = _db(workspace_path, _NOT_READY_OPEN)[0][0]
    queue = browser.queue.model
    assert queue.rowCount() == open_leads  # nobody has confirmed a budget yet
    assert all("budget" in queue.row(n).failing for n in range(queue.rowCount()))
    assert browser.queue.filter.findData("budget") > 0
    view = browser.checklist.view
    assert view is not None and view.template.item("budget") is not None
    stored = _db(workspace_path, "SELECT value FROM setting WHERE key = 'workspace'")
    assert '"max_age_days":90' in str(stored[0][0])


def test_the_settings_dialog_refuses_what_cannot_be_used(
    qtbot: QtBot, app: QApplication, tmp_path: Path
) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    broken = tmp_path / "checklist.toml"
    broken.write_text('[checks]\nname = "sometimes"\n', encoding="utf-8")
    assert dialog.checklist.load_file(broken) is None
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "checks.name must be required, optional or off" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.checklist.set_text("")
    dialog.dns.setChecked(True)
    dialog.max_age.setValue(45)
    chosen = dialog.settings()
    assert (chosen.dns_enabled, chosen.max_age_days, chosen.checklist) == (True, 45, "")
    assert dialog.checklist.load_file(tmp_path / "missing.toml") is not None


def test_reopening_lists_the_stored_results_without_checking_again(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    browser = _queue(qtbot, open_window)
    waiting = browser.queue.model.rowCount()
    checked = _db(workspace_path, "SELECT lead_id, checked_at FROM lead_check ORDER BY lead_id")
    assert open_window.close_workspace()
    with qtbot.waitSignal(open_window.ready, timeout=LOAD_TIMEOUT_MS):
        assert open_window.open_workspace(workspace_path)
    assert browser.showing_queue  # where the steward left off
    qtbot.waitUntil(lambda: browser.queue.model.rowCount() == waiting, timeout=LOAD_TIMEOUT_MS)
    assert not browser.queue.checking
    assert _db(workspace_path, "SELECT lead_id, checked_at FROM lead_check ORDER BY lead_id") == (
        checked
    )
