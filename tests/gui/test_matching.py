"""The match screen, the warnings and the Duplicates view, driven like a steward: run matching
from its button, open a lead with a planted duplicate that also matches an existing customer,
link the account, keep a pair apart, run matching again, undo; every decision is checked
against the workspace file itself."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import LOAD_TIMEOUT_MS, ScriptedDialogs, show_lead
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from steward.gui.browser import BrowserView
from steward.gui.cluster_model import KINDS
from steward.gui.labels import warning_label
from steward.gui.main_window import MainWindow
from steward.gui.match_data import Card
from steward.gui.match_panel import AGREEMENT_ROLE, ROWS, MatchPanel
from steward.gui.services import Services
from steward.gui.sidebar import DUPLICATES, QUEUE
from steward.gui.views import select_row
from steward.jobs.match import match_everything
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.resources import resource_path
from steward.store.workspace import Workspace

TRUTH = json.loads(resource_path("demo", "truth.json").read_text(encoding="utf-8"))
MATCH_TIMEOUT_MS = LOAD_TIMEOUT_MS * 3
_ROW = {key: n for n, (key, _label) in enumerate(ROWS)}


def _db(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def matched_file(demo_workspace_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo after a full matching pass, for the tests that are not about running it."""
    path = tmp_path_factory.mktemp("matched") / "matched.steward"
    shutil.copyfile(demo_workspace_file, path)
    with Workspace.open(path) as workspace:
        match_everything(workspace)
    return path


@pytest.fixture
def matched_window(
    qtbot: QtBot, window: MainWindow, matched_file: Path, tmp_path: Path
) -> MainWindow:
    path = tmp_path / "matched.steward"
    shutil.copyfile(matched_file, path)
    path.chmod(0o600)
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(path)
    return window


def _run_matching(qtbot: QtBot, browser: BrowserView) -> None:
    """Run matching from the Duplicates view's button and wait for it and the new list."""
    _show_duplicates(qtbot, browser)
    bar = browser.duplicates.run_bar
    with (
        qtbot.waitSignal(browser.match_run.finished, timeout=MATCH_TIMEOUT_MS) as finished,
        qtbot.waitSignal(browser.duplicates.loaded, timeout=MATCH_TIMEOUT_MS),
    ):
        qtbot.mouseClick(bar.run_button, Qt.MouseButton.LeftButton)
        assert bar.cancel_button.isVisible() and not bar.run_button.isEnabled()
    assert finished.args is not None and finished.args[0] is not None
    assert bar.run_button.isEnabled() and not bar.progress.isVisible()


def _show_duplicates(qtbot: QtBot, browser: BrowserView) -> None:
    if browser.showing_duplicates:
        return
    with qtbot.waitSignal(browser.duplicates.loaded, timeout=LOAD_TIMEOUT_MS):
        browser.sidebar.set_current_object(DUPLICATES)


def _customer_lead(path: Path) -> tuple[str, str, list[str]]:
    """A planted duplicate lead whose group are people of an existing customer, as matching
    summarised it: (lead, its customer account, the other leads of its group)."""
    for group in TRUTH["duplicate_lead_groups"]:
        account = group.get("account_id")
        if not account:
            continue
        for lead in group["lead_ids"]:
            found = _db(
                path,
                "SELECT account_id, warnings, duplicates FROM lead_match WHERE lead_id = ?",
                lead,
            )
            if found and found[0][0] == account and "customer" in str(found[0][1]).split():
                return lead, account, [other for other in group["lead_ids"] if other != lead]
    raise AssertionError("no planted duplicate of an existing customer in the demo")


def _open_matches(qtbot: QtBot, browser: BrowserView) -> MatchPanel:
    """M, the way a steward gets from the checklist to the matches."""
    browser.table.setFocus()
    qtbot.keyClick(browser.table, "m")
    assert browser.detail_tabs.currentWidget() is browser.match_panel
    return browser.match_panel


def _card(panel: MatchPanel, object_name: str, record_id: str) -> Card:
    found = [
        c
        for c in panel.candidate_cards()
        if (c.object_name, c.record_id) == (object_name, record_id)
    ]
    assert found, f"{object_name} {record_id} is not among the candidates"
    return found[0]


def _cell(panel: MatchPanel, object_name: str, record_id: str, row: str, role: int) -> object:
    column = panel.model.column_of(object_name, record_id)
    assert column is not None
    return panel.model.index(_ROW[row], column).data(role)


def _verdicts(path: Path, lead: str) -> dict[tuple[str, str], str]:
    rows = _db(
        path,
        "SELECT left_object, left_id, right_object, right_id, verdict FROM match_decision "
        "WHERE (left_object = 'Lead' AND left_id = ?) OR (right_object = 'Lead' AND right_id = ?)",
        lead,
        lead,
    )
    return {
        (str(ro), str(ri)) if (lo, li) == ("Lead", lead) else (str(lo), str(li)): str(v)
        for lo, li, ro, ri, v in rows
    }


def test_the_match_screen_from_a_first_run_to_undo(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    browser = open_window.browser
    # Never matched: both views say so and offer the run.
    _show_duplicates(qtbot, browser)
    assert "has not run" in browser.duplicates.run_bar.state.text()
    assert browser.duplicates.model.rowCount() == 0
    _run_matching(qtbot, browser)
    assert "has not run" not in browser.duplicates.run_bar.state.text()
    assert browser.duplicates.model.rowCount() > 0
    assert "Matching done" in open_window.statusBar().currentMessage()

    lead, account, others = _customer_lead(workspace_path)
    show_lead(qtbot, browser, workspace_path, lead)
    assert browser.detail_tabs.isTabVisible(1)
    # The warning is in view over the checklist, before the matches are even opened.
    assert browser.warning_banner.isVisible()
    assert "Existing customer" in browser.warning_banner.text()
    panel = _open_matches(qtbot, browser)
    assert "has not run" not in panel.run_bar.state.text()

    # The planted duplicates and the customer account, side by side with the lead.
    account_card = _card(panel, "Account", account)
    assert account_card.score is not None and account_card.score >= 0.8
    assert "customer" in account_card.warnings
    comparison = panel.comparison
    assert comparison is not None and comparison.lead.record_id == lead
    assert panel.model.index(0, 0).data() == comparison.lead.cells["name"].value
    duplicate = next(
        c for c in panel.candidate_cards() if c.object_name == "Lead" and c.record_id in others
    )
    assert duplicate.score is not None and duplicate.score >= 0.8
    assert panel.model.headerData(
        panel.model.column_of("Account", account) or 0, Qt.Orientation.Horizontal
    ).startswith("Account · ")
    assert _cell(panel, "Account", account, "company", AGREEMENT_ROLE) == "same"
    assert "Existing customer" in str(_cell(panel, "Account", account, "warnings", 0))
    assert _cell(panel, "Lead", duplicate.record_id, "email", AGREEMENT_ROLE) in ("same", "similar")
    assert "Email:" in str(
        _cell(panel, "Lead", duplicate.record_id, "email", Qt.ItemDataRole.ToolTipRole)
    )

    # Keyboard: the grid moves between candidates; the buttons follow the selected one.
    panel.grid.setFocus()
    assert panel.select_candidate("Account", account)
    assert panel.link_button.isEnabled() and not panel.duplicate_button.isEnabled()
    assert "Company name: same" in panel.reasons.text()
    qtbot.keyClick(panel.grid, Qt.Key.Key_Right)
    moved = panel.current_candidate()
    assert moved is not None and (moved.object_name, moved.record_id) != ("Account", account)

    # Link the account.
    assert panel.select_candidate("Account", account)
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert _verdicts(workspace_path, lead) == {("Account", account): "member"}
    assert _card(panel, "Account", account).verdict == "member"
    assert _cell(panel, "Account", account, "decision", 0) == "Linked: same company"
    assert not panel.link_button.isEnabled() and panel.forget_button.isEnabled()
    assert "Linked to" in open_window.statusBar().currentMessage()
    assert open_window.undo_action.isEnabled()

    # Keep the lead apart from one of its planted duplicates.
    other = duplicate.record_id
    assert panel.select_candidate("Lead", other)
    qtbot.mouseClick(panel.different_button, Qt.MouseButton.LeftButton)
    assert _verdicts(workspace_path, lead)[("Lead", other)] == "different"
    assert _cell(panel, "Lead", other, "decision", 0) == "Not a duplicate"
    before = _db(workspace_path, "SELECT duplicates FROM lead_match WHERE lead_id = ?", lead)[0][0]

    # Matching again respects both decisions.
    _run_matching(qtbot, browser)
    pair = sorted([lead, other])
    assert not _db(
        workspace_path,
        "SELECT * FROM match_pair WHERE left_object = 'Lead' AND right_object = 'Lead' "
        "AND ((left_id = ? AND right_id = ?) OR (left_id = ? AND right_id = ?))",
        pair[0], pair[1], pair[1], pair[0],
    )  # fmt: skip
    assert (
        _db(workspace_path, "SELECT duplicates FROM lead_match WHERE lead_id = ?", lead)[0][0]
        == before
    )
    show_lead(qtbot, browser, workspace_path, lead)
    panel = _open_matches(qtbot, browser)
    kept_apart = _card(panel, "Lead", other)
    assert kept_apart.verdict == "different"
    assert _cell(panel, "Lead", other, "decision", 0) == "Not a duplicate"
    assert _card(panel, "Account", account).verdict == "member"

    # Edit > Undo takes the decisions back, newest first, and the panel follows.
    open_window.undo_action.trigger()
    assert ("Lead", other) not in _verdicts(workspace_path, lead)
    assert _card(panel, "Lead", other).verdict == ""
    assert _cell(panel, "Lead", other, "decision", 0) == "Undecided"
    assert "Undid" in open_window.statusBar().currentMessage()
    open_window.undo_action.trigger()
    assert _verdicts(workspace_path, lead) == {}
    assert _card(panel, "Account", account).verdict == ""
    open_window.redo_action.trigger()
    assert _verdicts(workspace_path, lead) == {("Account", account): "member"}
    assert _card(panel, "Account", account).verdict == "member"


def test_mark_duplicate_points_to_the_merge_in_the_duplicates_view(
    qtbot: QtBot, matched_window: MainWindow, tmp_path: Path
) -> None:
    browser = matched_window.browser
    path = tmp_path / "matched.steward"
    lead, _account, others = _customer_lead(path)
    show_lead(qtbot, browser, path, lead)
    panel = _open_matches(qtbot, browser)
    other = next(c.record_id for c in panel.candidate_cards() if c.record_id in others)
    assert panel.select_candidate("Lead", other)
    matched_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is matched_window)
    panel.grid.setFocus()
    qtbot.keyClick(panel.grid, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Mark &duplicate
    # A mnemonic clicks the button the way a mouse would, once its press has shown.
    qtbot.waitUntil(lambda: _verdicts(path, lead) == {("Lead", other): "duplicate"})
    assert "Duplicates view (Merge…)" in matched_window.statusBar().currentMessage()
    assert _cell(panel, "Lead", other, "decision", 0) == "Duplicate"
    # Forget takes it back as a journaled step of its own.
    qtbot.mouseClick(panel.forget_button, Qt.MouseButton.LeftButton)
    assert _verdicts(path, lead) == {}
    matched_window.undo_action.trigger()
    assert _verdicts(path, lead) == {("Lead", other): "duplicate"}


def test_the_queue_shows_each_leads_warnings_and_follows_a_decision(
    qtbot: QtBot, matched_window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "matched.steward"
    browser = matched_window.browser
    with qtbot.waitSignal(browser.queue.loaded, timeout=LOAD_TIMEOUT_MS * 3):
        browser.sidebar.set_current_object(QUEUE)
    model = browser.queue.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    warnings_column = headers.index("Warnings")
    stored = dict(_db(path, "SELECT lead_id, warnings FROM lead_match WHERE warnings != ''"))
    rows = [n for n in range(model.rowCount()) if model.row(n).lead_id in stored]
    assert rows, "no lead with a warning in the queue"
    for n in rows:
        words = str(stored[model.row(n).lead_id]).split()
        text = model.index(n, warnings_column).data()
        assert ("Existing customer" in text) == ("customer" in words)
        assert ("Already a contact" in text) == ("contact" in words)
        assert ("In an open deal" in text) == ("open_deal" in words)
        assert model.index(n, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    quiet = next(n for n in range(model.rowCount()) if model.row(n).lead_id not in stored)
    assert model.index(quiet, warnings_column).data() == ""

    # A customer's lead, chosen in the queue: its one account is not this company after all.
    def one_account(lead_id: str) -> bool:
        pairs = _db(
            path,
            "SELECT count(*) FROM match_pair WHERE left_object = 'Lead' AND left_id = ? "
            "AND right_object = 'Account'",
            lead_id,
        )
        summary = _db(path, "SELECT contact_id FROM lead_match WHERE lead_id = ?", lead_id)
        return pairs[0][0] == 1 and summary[0][0] is None

    row = next(
        n
        for n in rows
        if "customer" in str(stored[model.row(n).lead_id]).split()
        and one_account(model.row(n).lead_id)
    )
    lead = model.row(row).lead_id
    account = str(_db(path, "SELECT account_id FROM lead_match WHERE lead_id = ?", lead)[0][0])
    select_row(browser.queue.table, row)
    qtbot.waitUntil(lambda: browser.match_work.lead_id == lead, timeout=LOAD_TIMEOUT_MS)
    assert "Existing customer" in browser.warning_banner.text()
    browser.queue.table.setFocus()
    qtbot.keyClick(browser.queue.table, "m")
    panel = browser.match_panel
    assert browser.detail_tabs.currentWidget() is panel
    assert panel.select_candidate("Account", account)
    qtbot.mouseClick(panel.different_button, Qt.MouseButton.LeftButton)
    assert _verdicts(path, lead) == {("Account", account): "different"}
    summary = _db(path, "SELECT account_id, warnings FROM lead_match WHERE lead_id = ?", lead)
    words = str(summary[0][1]).split() if summary else []
    assert "customer" not in words and (not summary or summary[0][0] != account)
    assert model.index(row, warnings_column).data() == ", ".join(warning_label(w) for w in words)
    assert not browser.warning_banner.isVisible() or "customer" not in (
        browser.warning_banner.text().lower()
    )
    matched_window.undo_action.trigger()
    assert "Existing customer" in model.index(row, warnings_column).data()
    assert "Existing customer" in browser.warning_banner.text()


def test_the_duplicates_view_lists_clusters_largest_first_and_filters(
    qtbot: QtBot, matched_window: MainWindow
) -> None:
    browser = matched_window.browser
    _show_duplicates(qtbot, browser)
    view = browser.duplicates
    model = view.model
    assert model.rowCount() > 10
    assert browser.sidebar.count_text(DUPLICATES) == f"{model.rowCount():,}"
    sizes = [len(model.cluster(n).members) for n in range(model.rowCount())]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 2
    assert {model.cluster(n).kind for n in range(model.rowCount())} == {k for k, _ in KINDS} - {
        "Account-Account"
    }  # the demo plants no duplicate accounts
    # Each member with its score; the first one is shown beside the list.
    first = model.index(0, 0, model.index(0, 0))
    member = model.member(first)
    assert member is not None
    assert model.index(0, 2, model.index(0, 0)).data().endswith("%")
    assert dict(browser.detail.fields())["Id"] == member.record_id

    # By object.
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.kind.setCurrentIndex(view.kind.findData("Contact-Contact"))
    assert model.rowCount() > 0
    for n in range(model.rowCount()):
        assert {m.object_name for m in model.cluster(n).members} == {"Contact"}
    # Choosing a member shows it.
    third = model.index(1, 0, model.index(0, 0))
    chosen = model.member(third)
    assert chosen is not None
    view.tree.setCurrentIndex(third)
    assert dict(browser.detail.fields())["Id"] == chosen.record_id
    assert not browser.detail_tabs.isTabVisible(1)  # matches are a lead's

    # By text, then only what is still undecided.
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.kind.setCurrentIndex(view.kind.findData("Lead-Lead"))
    leads = model.rowCount()
    name = model.cluster(0).members[0].title
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.search.setText(name)
    assert 0 < model.rowCount() < leads
    assert all(
        any(name.lower() in m.title.lower() for m in model.cluster(n).members)
        for n in range(model.rowCount())
    )
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.search.clear()
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.min_score.setValue(0.99)
    assert 0 < model.rowCount() <= leads
    assert all(model.cluster(n).best >= 0.99 for n in range(model.rowCount()))
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(view.undecided, Qt.MouseButton.LeftButton)
    assert all(model.cluster(n).decided < model.cluster(n).pairs for n in range(model.rowCount()))

    # J and K walk the members across clusters.
    before = view.current_member_key()
    browser.step_record(1)
    assert view.current_member_key() != before


def test_a_decision_leaves_its_cluster_as_the_list_is_read_again(
    qtbot: QtBot, matched_window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "matched.steward"
    browser = matched_window.browser
    lead, _account, others = _customer_lead(path)
    show_lead(qtbot, browser, path, lead)
    panel = _open_matches(qtbot, browser)
    for other in [c.record_id for c in panel.candidate_cards() if c.record_id in others]:
        assert panel.select_candidate("Lead", other)
        qtbot.mouseClick(panel.different_button, Qt.MouseButton.LeftButton)
    _show_duplicates(qtbot, browser)
    view = browser.duplicates
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        view.kind.setCurrentIndex(view.kind.findData("Lead-Lead"))
    members = {
        m.record_id for n in range(view.model.rowCount()) for m in view.model.cluster(n).members
    }
    # Apart from every planted duplicate it had, the lead is in no lead cluster any more.
    assert lead not in members


def test_matching_can_be_cancelled(
    qtbot: QtBot, open_window: MainWindow, services: Services
) -> None:
    browser = open_window.browser
    _show_duplicates(qtbot, browser)
    release = threading.Event()

    def hold(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        release.wait(10)  # the write slot is taken: the run waits behind this

    services.runner.run(hold, name="hold", write=True)
    bar = browser.duplicates.run_bar
    with qtbot.waitSignal(browser.match_run.finished, timeout=MATCH_TIMEOUT_MS) as finished:
        qtbot.mouseClick(bar.run_button, Qt.MouseButton.LeftButton)
        assert bar.cancel_button.isVisible()
        qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
        release.set()
    assert finished.args == [None]
    assert "Matching stopped" in open_window.statusBar().currentMessage()
    assert "has not run" in bar.state.text()
    assert bar.run_button.isEnabled() and not bar.cancel_button.isVisible()


def test_the_match_panel_before_any_run_finds_candidates_live(
    qtbot: QtBot, open_window: MainWindow, workspace_path: Path
) -> None:
    browser = open_window.browser
    lead = TRUTH["duplicate_lead_groups"][0]["lead_ids"][0]
    show_lead(qtbot, browser, workspace_path, lead)
    panel = _open_matches(qtbot, browser)
    assert "has not run" in panel.run_bar.state.text() and panel.run_bar.run_button.isEnabled()
    assert panel.candidate_cards(), "candidates come from the match keys, no run needed"
    assert not browser.warning_banner.isVisible()
    assert browser.detail_tabs.tabText(1).startswith("Matches (")


def test_the_grid_and_cluster_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, matched_window: MainWindow, tmp_path: Path
) -> None:
    browser = matched_window.browser
    lead, _account, _others = _customer_lead(tmp_path / "matched.steward")
    show_lead(qtbot, browser, tmp_path / "matched.steward", lead)
    qtmodeltester.check(browser.match_panel.model)
    _show_duplicates(qtbot, browser)
    qtmodeltester.check(browser.duplicates.model)
    assert browser.duplicates.model.parent(QModelIndex()) == QModelIndex()


def test_a_busy_workspace_makes_a_decision_wait(
    qtbot: QtBot, matched_window: MainWindow, services: Services, tmp_path: Path
) -> None:
    browser = matched_window.browser
    path = tmp_path / "matched.steward"
    lead, account, _others = _customer_lead(path)
    show_lead(qtbot, browser, path, lead)
    panel = _open_matches(qtbot, browser)
    assert panel.select_candidate("Account", account)
    release = threading.Event()

    def hold(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        release.wait(10)

    task = services.runner.run(hold, name="hold", write=True)
    try:
        qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
        assert "busy" in matched_window.statusBar().currentMessage()
        assert _verdicts(path, lead) == {}
    finally:
        release.set()
        qtbot.waitUntil(lambda: task.done, timeout=LOAD_TIMEOUT_MS)


@pytest.fixture(autouse=True)
def _no_errors(dialogs: ScriptedDialogs) -> Iterator[None]:
    """Nothing here should reach an error dialog."""
    yield
    assert not dialogs.errors, dialogs.errors
