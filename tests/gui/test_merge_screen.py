"""The merge screen, driven like a steward: open it from the Duplicates view, click and key
through the grid to choose the values, change the master, merge, then undo and redo from the
Edit menu; every step is checked against the workspace file itself.

The demo plants no duplicate accounts, so the module's workspace re-imports one demo account
twice the way CRMs drift apart (without its legal form, in capitals, moved), each copy with a
contact of its own and one with an opportunity, and runs matching over everything.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from gui_support import LOAD_TIMEOUT_MS, ScriptedDialogs
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from steward.core.checks.checklist import Confirmation
from steward.core.merge import MergeProblem
from steward.gui.browser import BrowserView
from steward.gui.cluster_model import Cluster, Member
from steward.gui.main_window import MainWindow
from steward.gui.merge_model import (
    CHOSEN_ROLE,
    DIFFERS_ROLE,
    RESULT,
    MergeDraft,
    MergeModel,
    related_text,
)
from steward.gui.merge_screen import BUSY, MergeScreen
from steward.gui.services import Services
from steward.gui.sidebar import DUPLICATES
from steward.jobs.importer import import_files
from steward.jobs.match import match_everything
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store.checks import record_confirmation
from steward.store.merging import merge_records
from steward.store.workspace import Workspace

ORIGINAL = "0015g0000H05055AQA"  # Aurora Bay Industries, Inc.: four contacts in the demo
COPY_A = "0015g0000H09001AQA"  # without the legal form, another phone format, a Type
COPY_B = "0015g0000H09002AQA"  # in capitals, moved, a Rating and revenue
ACCOUNTS = (ORIGINAL, COPY_A, COPY_B)
CONTACT_A, CONTACT_B = "0035g0000I09001AQA", "0035g0000I09002AQA"
OPPORTUNITY_B = "0065g0000J09001AQA"


def _db(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


def _write(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _plant_duplicates(folder: Path) -> Path:
    """Two more entries of the demo's Aurora Bay Industries, as export files."""
    folder.mkdir()
    base = {
        "Id": "", "Name": "", "Type": "", "BillingStreet": "2793 River Rd",
        "BillingCity": "Orlando", "BillingState": "FL", "BillingPostalCode": "32825",
        "BillingCountry": "United States", "Phone": "(407) 726-5391",
        "Website": "aurorabayindustries.com", "Industry": "Manufacturing",
        "NumberOfEmployees": "6", "Rating": "", "AnnualRevenue": "", "Description": "",
        "OwnerId": "0055g0000L05009AQA", "CreatedDate": "2024-03-01T10:00:00.000Z",
        "LastModifiedDate": "2024-03-02T10:00:00.000Z",
    }  # fmt: skip
    _write(
        folder,
        "Account",
        [
            {
                **base, "Id": COPY_A, "Name": "Aurora Bay Industries", "Type": "Prospect",
                "Phone": "407 726 5391", "Website": "https://aurorabayindustries.com/",
                "NumberOfEmployees": "8", "Description": "Met at the Orlando trade show",
            },
            {
                **base, "Id": COPY_B, "Name": "AURORA BAY INDUSTRIES INC",
                "BillingStreet": "12 Park Street", "BillingPostalCode": "", "Phone": "",
                "Website": "", "Rating": "Hot", "AnnualRevenue": "4200000",
            },
        ],
    )  # fmt: skip
    _write(
        folder,
        "Contact",
        [
            {"Id": CONTACT_A, "AccountId": COPY_A, "FirstName": "Nora", "LastName": "Quill",
             "Email": "nora.quill@aurorabayindustries.com"},
            {"Id": CONTACT_B, "AccountId": COPY_B, "FirstName": "Omar", "LastName": "Reyes",
             "Email": "omar.reyes@aurorabayindustries.com"},
        ],
    )  # fmt: skip
    _write(
        folder,
        "Opportunity",
        [
            {"Id": OPPORTUNITY_B, "AccountId": COPY_B, "ContactId": CONTACT_B,
             "Name": "Aurora Bay line 3", "StageName": "Prospecting", "Amount": "50000",
             "CloseDate": "2026-12-01"},
        ],
    )  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def planted_file(demo_workspace_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with the planted account duplicates, after a full matching pass."""
    folder = tmp_path_factory.mktemp("planted")
    path = folder / "planted.steward"
    shutil.copyfile(demo_workspace_file, path)
    with Workspace.open(path) as workspace:
        summary = import_files(workspace, [_plant_duplicates(folder / "export")])
        assert summary.inserted == 5
        match_everything(workspace)
    return path


@pytest.fixture
def path(planted_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "planted.steward"
    shutil.copyfile(planted_file, copy)
    copy.chmod(0o600)
    return copy


@pytest.fixture
def merge_window(qtbot: QtBot, window: MainWindow, path: Path) -> MainWindow:
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(path)
    return window


def _show_kind(qtbot: QtBot, browser: BrowserView, kind: str) -> None:
    view = browser.duplicates
    if not browser.showing_duplicates:
        with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
            browser.sidebar.set_current_object(DUPLICATES)
    if view.kind.currentData() != kind:
        with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
            view.kind.setCurrentIndex(view.kind.findData(kind))


def _select_cluster(browser: BrowserView, wanted: set[str]) -> Cluster:
    view = browser.duplicates
    for row in range(view.model.rowCount()):
        cluster = view.model.cluster(row)
        if {m.record_id for m in cluster.members} == wanted:
            view.tree.setCurrentIndex(view.model.index(0, 0, view.model.index(row, 0)))
            return cluster
    raise AssertionError(f"no cluster of {sorted(wanted)}")


def _open_from_duplicates(qtbot: QtBot, browser: BrowserView) -> MergeScreen:
    """Merge… under the list, the way a steward opens the screen."""
    button = browser.duplicates.merge_button
    assert button.isEnabled(), browser.duplicates.merge_action.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    screen = browser.merge_work.screen
    assert screen is not None
    qtbot.waitExposed(screen)
    # Shortcuts (Ctrl+Enter) reach the active window only.
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    return screen


def _open_accounts(qtbot: QtBot, window: MainWindow) -> MergeScreen:
    browser = window.browser
    _show_kind(qtbot, browser, "Account-Account")
    _select_cluster(browser, set(ACCOUNTS))
    return _open_from_duplicates(qtbot, browser)


def _index(screen: MergeScreen, field: str, record: str | None) -> QModelIndex:
    model = screen.model
    row = model.row_of(field)
    column = RESULT if record is None else model.column_of(record)
    assert row is not None and column is not None, (field, record)
    return model.index(row, column)


def _click(qtbot: QtBot, screen: MergeScreen, field: str, record: str) -> None:
    index = _index(screen, field, record)
    screen.grid.scrollTo(index)
    rect = screen.grid.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(screen.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _result(screen: MergeScreen, field: str) -> str:
    return str(_index(screen, field, None).data())


def _rows(path: Path, table: str, ids: tuple[str, ...]) -> list[tuple[Any, ...]]:
    marks = ", ".join("?" * len(ids))
    return _db(path, f'SELECT * FROM {table} WHERE "Id" IN ({marks}) ORDER BY "Id"', *ids)


def _related(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    marks = ", ".join("?" * len(ACCOUNTS))
    return {
        table: _db(
            path,
            f'SELECT "Id", "AccountId" FROM {table} WHERE "AccountId" IN ({marks}) ORDER BY "Id"',
            *ACCOUNTS,
        )
        for table in ("contact", "opportunity")
    }


def _edit_menu_trigger(window: MainWindow, action_name: str) -> None:
    """Edit › Undo (or Redo) as the menu does it: opening the menu reads the journal first."""
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Edit")
    menu.aboutToShow.emit()
    action = getattr(window, action_name)
    assert action.isEnabled(), f"{action.text()} is disabled"
    action.trigger()


def _account_members(browser: BrowserView) -> set[str]:
    model = browser.duplicates.model
    return {
        m.record_id
        for n in range(model.rowCount())
        for m in model.cluster(n).members
        if m.object_name == "Account"
    }


def test_merge_three_duplicate_accounts_choosing_values_then_undo_and_redo(
    qtbot: QtBot, merge_window: MainWindow, path: Path, dialogs: ScriptedDialogs
) -> None:
    browser = merge_window.browser
    before = {"account": _rows(path, "account", ACCOUNTS), **_related(path)}
    assert len(before["account"]) == 3 and len(before["contact"]) == 6
    accounts_before = int(browser.sidebar.count_text("Account").replace(",", ""))

    screen = _open_accounts(qtbot, merge_window)
    model = screen.model
    assert screen.isVisible() and screen.windowTitle() == "Merge 3 accounts"
    assert model.columnCount() == 4
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers[0].startswith("Result")
    # The master rules keep the original (the most complete record); its header says so.
    assert screen.draft.master_id == ORIGINAL
    assert "★ Master" in headers[model.column_of(ORIGINAL) or 0]
    assert "Merged away" in headers[model.column_of(COPY_A) or 0]
    # Related records, per record and in total.
    assert model.index(0, model.column_of(ORIGINAL) or 0).data() == "4 contacts"
    assert model.index(0, model.column_of(COPY_B) or 0).data() == "1 contact, 1 opportunity"
    assert model.index(0, RESULT).data() == "6 contacts, 1 opportunity"
    assert screen.summary.text().startswith("Merging 3 accounts into Aurora Bay Industries, Inc.")
    assert "2 contacts and 1 opportunity follow the master" in screen.summary.text()
    assert "merge calls" not in screen.summary.text()

    # Choose values with the mouse and the keyboard; the Result follows at once.
    _click(qtbot, screen, "Phone", COPY_A)
    assert _result(screen, "Phone") == "407 726 5391"
    assert _index(screen, "Phone", COPY_A).data(CHOSEN_ROLE) is True
    assert _index(screen, "Phone", ORIGINAL).data(CHOSEN_ROLE) is False
    screen.grid.setCurrentIndex(_index(screen, "Rating", COPY_B))
    qtbot.keyClick(screen.grid, Qt.Key.Key_Space)
    assert _result(screen, "Rating") == "Hot"
    _click(qtbot, screen, "NumberOfEmployees", COPY_A)
    assert _result(screen, "NumberOfEmployees") == "8"
    assert screen.draft.picks == {"Phone": COPY_A, "Rating": COPY_B, "NumberOfEmployees": COPY_A}
    assert "Your choice" in str(_index(screen, "Rating", None).data(Qt.ItemDataRole.ToolTipRole))

    # Keep the copy with the opportunity as the master: the picks stay, the name follows
    # the new master unless picked, so the steward picks the original's.
    screen.master.setCurrentIndex(screen.master.findData(COPY_B))
    assert screen.draft.master_id == COPY_B
    assert "★ Master" in str(
        model.headerData(model.column_of(COPY_B) or 0, Qt.Orientation.Horizontal)
    )
    assert "Merged away" in str(
        model.headerData(model.column_of(ORIGINAL) or 0, Qt.Orientation.Horizontal)
    )
    assert _result(screen, "Name") == "AURORA BAY INDUSTRIES INC"
    assert screen.summary.text().startswith("Merging 3 accounts into AURORA BAY INDUSTRIES INC:")
    _click(qtbot, screen, "Name", ORIGINAL)
    assert _result(screen, "Name") == "Aurora Bay Industries, Inc."
    assert _result(screen, "Rating") == "Hot" and _result(screen, "Phone") == "407 726 5391"
    summary = screen.summary.text()
    assert summary.startswith("Merging 3 accounts into Aurora Bay Industries, Inc.:")
    assert "5 contacts follow the master" in summary
    expected = {c.name: c.value for c in screen.draft.plan.fields}

    # Ctrl+Enter merges.
    with qtbot.waitSignal(browser.message, timeout=LOAD_TIMEOUT_MS) as said:
        qtbot.keyClick(screen.grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert said.args == ["Merged 3 accounts into Aurora Bay Industries, Inc. Undo with Ctrl+Z"]
    assert browser.merge_work.screen is None

    # One account is left, with the chosen values; the others' contacts and opportunity
    # point at it.
    assert [
        r[0] for r in _db(path, 'SELECT "Id" FROM account WHERE "Id" IN (?, ?, ?)', *ACCOUNTS)
    ] == [COPY_B]
    workspace = merge_window.workspace
    assert workspace is not None
    with workspace.engine.connect() as connection:
        (master,) = merge_records(connection, "Account", [COPY_B])
    assert {name: master.values[name] for name in expected} == expected
    assert master.values["Name"] == "Aurora Bay Industries, Inc."
    assert master.values["Phone"] == "407 726 5391"
    assert master.values["Rating"] == "Hot"
    assert master.values["NumberOfEmployees"] == 8
    related = _related(path)
    assert {account for _id, account in related["contact"]} == {COPY_B}
    assert [c for c, _a in related["contact"]] == [c for c, _a in before["contact"]]
    assert related["opportunity"] == [(OPPORTUNITY_B, COPY_B)]

    # The lists follow: the account cluster is gone, the count is two fewer.
    view = browser.duplicates
    qtbot.waitUntil(
        lambda: not {ORIGINAL, COPY_A} & _account_members(browser), timeout=LOAD_TIMEOUT_MS
    )
    assert view.model.rowCount() == 0
    assert not view.merge_action.isEnabled()
    qtbot.waitUntil(
        lambda: browser.sidebar.count_text("Account") == f"{accounts_before - 2:,}",
        timeout=LOAD_TIMEOUT_MS,
    )

    # Edit › Undo brings all three back exactly, with their related records.
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        _edit_menu_trigger(merge_window, "undo_action")
    assert {"account": _rows(path, "account", ACCOUNTS), **_related(path)} == before
    assert _account_members(browser) == set(ACCOUNTS)
    qtbot.waitUntil(
        lambda: browser.sidebar.count_text("Account") == f"{accounts_before:,}",
        timeout=LOAD_TIMEOUT_MS,
    )

    # Edit › Redo merges them again.
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        _edit_menu_trigger(merge_window, "redo_action")
    assert _db(path, 'SELECT "Id" FROM account WHERE "Id" IN (?, ?, ?)', *ACCOUNTS) == [(COPY_B,)]
    with workspace.engine.connect() as connection:
        (again,) = merge_records(connection, "Account", [COPY_B])
    assert again.values == master.values
    assert _related(path) == related
    assert view.model.rowCount() == 0
    assert "Redid: Merge 3 accounts into Aurora Bay Industries, Inc." in (
        merge_window.statusBar().currentMessage()
    )
    assert not dialogs.errors


def test_differing_rows_are_highlighted_and_can_be_shown_alone(
    qtbot: QtBot, qtmodeltester: ModelTester, merge_window: MainWindow
) -> None:
    screen = _open_accounts(qtbot, merge_window)
    model = screen.model
    qtmodeltester.check(model)
    name, city = model.row_of("Name"), model.row_of("BillingCity")
    assert name is not None and city is not None
    original = model.column_of(ORIGINAL) or 0
    copy = model.column_of(COPY_A) or 0
    # Names differ: the row is tinted and its label bold; the surviving value is marked.
    assert model.index(name, copy).data(DIFFERS_ROLE) is True
    assert model.index(name, copy).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.headerData(name, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole).bold()
    assert model.index(name, original).data(CHOSEN_ROLE) is True
    assert model.index(name, original).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(name, original).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(name, copy).data(Qt.ItemDataRole.DecorationRole) is None
    assert not model.index(name, copy).data(Qt.ItemDataRole.FontRole).bold()
    chosen = model.index(name, original).data(Qt.ItemDataRole.BackgroundRole).color()
    tinted = model.index(name, copy).data(Qt.ItemDataRole.BackgroundRole).color()
    assert chosen != tinted
    # All three are in Orlando: nothing to choose, nothing highlighted.
    assert model.index(city, copy).data(DIFFERS_ROLE) is False
    assert model.index(city, copy).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(city, original).data(Qt.ItemDataRole.DecorationRole) is None
    assert not model.headerData(city, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole).bold()

    # Only the differences: the related records and the differing fields stay.
    differing = model.differing_fields()
    assert "Name" in differing and "BillingCity" not in differing
    all_rows = model.rowCount()
    qtbot.mouseClick(screen.only_differences, Qt.MouseButton.LeftButton)
    assert screen.only_differences.isChecked()
    assert model.rowCount() == 1 + len(differing) < all_rows
    assert model.row_of("BillingCity") is None
    assert all(model.index(row, copy).data(DIFFERS_ROLE) for row in range(1, model.rowCount()))
    assert screen.grid.currentIndex().isValid()
    qtmodeltester.check(model)
    qtbot.mouseClick(screen.only_differences, Qt.MouseButton.LeftButton)
    assert model.rowCount() == all_rows
    screen.reject()


def test_keyboard_moves_picks_and_cancels(
    qtbot: QtBot, merge_window: MainWindow, path: Path, dialogs: ScriptedDialogs
) -> None:
    before = _rows(path, "account", ACCOUNTS)
    screen = _open_accounts(qtbot, merge_window)
    grid, model = screen.grid, screen.model
    qtbot.waitUntil(grid.hasFocus)
    # The grid starts on the first field that differs, in the master's column.
    start = grid.currentIndex()
    assert model.field_at(start.row()) == model.differing_fields()[0]
    assert model.record_at(start.column()) == ORIGINAL
    grid.setCurrentIndex(_index(screen, "Name", ORIGINAL))
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert model.record_at(grid.currentIndex().column()) == COPY_A
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert model.record_at(grid.currentIndex().column()) == COPY_B
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert _result(screen, "Name") == "AURORA BAY INDUSTRIES INC"
    assert _index(screen, "Name", COPY_B).data(CHOSEN_ROLE) is True
    assert _index(screen, "Name", ORIGINAL).data(CHOSEN_ROLE) is False
    assert _result(screen, "Type") == "Prospect"  # the first that is not blank: copy A's
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert model.field_at(grid.currentIndex().row()) == "Type"
    assert model.record_at(grid.currentIndex().column()) == COPY_B
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # Enter picks too (a blank here), never merges
    assert _result(screen, "Type") == "—"
    assert screen.draft.picks == {"Name": COPY_B, "Type": COPY_B}
    assert screen.isVisible() and screen.step is None
    assert screen.reset_button.isEnabled()
    qtbot.mouseClick(screen.reset_button, Qt.MouseButton.LeftButton)
    assert screen.draft.picks == {} and _result(screen, "Name") == "Aurora Bay Industries, Inc."
    # Space on the Result column chooses nothing.
    grid.setCurrentIndex(_index(screen, "Name", None))
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert screen.draft.picks == {}
    # Esc cancels: nothing merged.
    with qtbot.waitSignal(screen.rejected, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(grid, Qt.Key.Key_Escape)
    assert merge_window.browser.merge_work.screen is None
    assert _rows(path, "account", ACCOUNTS) == before
    assert not dialogs.errors


def test_merge_is_offered_only_for_one_object_and_at_most_ten_records(
    qtbot: QtBot, merge_window: MainWindow
) -> None:
    browser = merge_window.browser
    view = browser.duplicates
    # A lead and the accounts of its company: not a merge.
    _show_kind(qtbot, browser, "Lead-Account")
    mixed = next(
        n
        for n in range(view.model.rowCount())
        if len({m.object_name for m in view.model.cluster(n).members}) > 1
    )
    view.tree.setCurrentIndex(view.model.index(0, 0, view.model.index(mixed, 0)))
    assert not view.merge_action.isEnabled() and not view.merge_button.isEnabled()
    assert "different objects" in view.merge_hint.text()
    assert not view.merge_selected()
    # Duplicate leads are.
    _show_kind(qtbot, browser, "Lead-Lead")
    view.tree.setCurrentIndex(view.model.index(0, 0))  # the cluster row itself
    assert view.merge_action.isEnabled() and view.merge_hint.text() == ""
    # Eleven records are one too many.
    eleven = Cluster(
        "Lead-Lead",
        tuple(
            Member("Lead", f"00Q5g0000K0999{n:02d}AAA", n, f"Lead {n}", "", 0.9, ())
            for n in range(11)
        ),
        0.9,
        10,
        0,
    )
    view.model.set_clusters([eleven])
    view.tree.expandAll()
    view.tree.setCurrentIndex(view.model.index(0, 0))
    assert not view.merge_action.isEnabled()
    assert "2 to 10 records" in view.merge_hint.text() and "has 11" in view.merge_hint.text()
    workspace = merge_window.workspace
    assert workspace is not None
    with pytest.raises(MergeProblem, match="2 to 10"):
        MergeDraft.read(workspace, "Lead", [m.record_id for m in eleven.members])


def test_three_duplicate_leads_merge_and_leave_the_lists(
    qtbot: QtBot, merge_window: MainWindow, path: Path
) -> None:
    browser = merge_window.browser
    view = browser.duplicates
    _show_kind(qtbot, browser, "Lead-Lead")
    cluster = next(
        view.model.cluster(n)
        for n in range(view.model.rowCount())
        if len(view.model.cluster(n).members) == 3
    )
    ids = tuple(m.record_id for m in cluster.members)
    _select_cluster(browser, set(ids))
    leads_before = int(browser.sidebar.count_text("Lead").replace(",", ""))
    screen = _open_from_duplicates(qtbot, browser)
    assert screen.model.headerData(0, Qt.Orientation.Vertical) != "Related records"
    assert "follow" not in screen.summary.text()  # leads bring no related records
    master = screen.draft.master_id
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    assert _db(path, 'SELECT "Id" FROM lead WHERE "Id" IN (?, ?, ?)', *ids) == [(master,)]
    members = {
        m.record_id for n in range(view.model.rowCount()) for m in view.model.cluster(n).members
    }
    assert not (set(ids) - {master}) & members
    qtbot.waitUntil(
        lambda: browser.sidebar.count_text("Lead") == f"{leads_before - 2:,}",
        timeout=LOAD_TIMEOUT_MS,
    )
    with qtbot.waitSignal(view.loaded, timeout=LOAD_TIMEOUT_MS):
        _edit_menu_trigger(merge_window, "undo_action")
    assert len(_rows(path, "lead", ids)) == 3
    assert set(ids) <= {
        m.record_id for n in range(view.model.rowCount()) for m in view.model.cluster(n).members
    }


def test_a_merge_that_cannot_be_made_says_why_in_one_line(
    qtbot: QtBot,
    merge_window: MainWindow,
    services: Services,
    dialogs: ScriptedDialogs,
    path: Path,
) -> None:
    screen = _open_accounts(qtbot, merge_window)
    # While a background job writes, the merge waits.
    release = threading.Event()

    def hold(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        release.wait(10)

    task = services.runner.run(hold, name="hold", write=True)
    try:
        qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
        assert dialogs.errors == [BUSY]
        assert screen.isVisible()
    finally:
        release.set()
        qtbot.waitUntil(lambda: task.done, timeout=LOAD_TIMEOUT_MS)
    # One of the records went away behind the screen's back (the command line merged it).
    _db(path, 'DELETE FROM account WHERE "Id" = ?', COPY_A)
    qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors[1:] == [f"No Account with id {COPY_A} in this workspace"]
    assert screen.isVisible() and screen.step is None
    assert len(_db(path, 'SELECT "Id" FROM account WHERE "Id" IN (?, ?)', ORIGINAL, COPY_B)) == 2
    screen.reject()


def test_related_records_read_in_words() -> None:
    assert related_text({"contacts": 4, "opportunities": 1}) == "4 contacts, 1 opportunity"
    assert related_text({"contacts": 1, "opportunities": 0}) == "1 contact"
    assert (
        related_text({"contacts": 2, "opportunities": 1, "child accounts": 3}, joined=" and ")
        == "2 contacts, 1 opportunity and 3 child accounts"
    )
    assert related_text({"contacts": 0}) == ""


def test_more_than_three_records_go_to_the_crm_as_several_calls(
    merge_window: MainWindow, path: Path
) -> None:
    workspace = merge_window.workspace
    assert workspace is not None
    leads = [r[0] for r in _db(path, 'SELECT "Id" FROM lead ORDER BY pk LIMIT 5')]
    draft = MergeDraft.read(workspace, "Lead", leads)
    assert len(draft.plan.calls) == 2
    assert "The CRM gets it as 2 merge calls" in draft.summary()


def test_a_lead_merge_shows_custom_fields_and_where_the_checklist_words_go(
    qtbot: QtBot, merge_window: MainWindow, path: Path
) -> None:
    workspace = merge_window.workspace
    assert workspace is not None
    leads = [str(r[0]) for r in _db(path, 'SELECT "Id" FROM lead ORDER BY pk LIMIT 3')]
    draft = MergeDraft.read(workspace, "Lead", leads)
    assert "checklist" not in draft.summary()
    other = draft.plan.others[0]
    word = Confirmation("email", "steward", "2026-11-23T10:00:00Z", "Replied to our mail")
    with workspace.transaction() as session:
        record_confirmation(session, other, word, evidence="as checked", label="Confirm email")
    draft = MergeDraft.read(workspace, "Lead", leads)
    assert "1 checklist confirmation goes from the others to the master" in draft.summary()
    # The org's own fields (the demo's leads carry Region__c) are rows like the others.
    model = MergeModel(draft, QIcon)
    rows = [model.headerData(n, Qt.Orientation.Vertical) for n in range(model.rowCount())]
    assert "Region__c" in rows and "Email" in rows
