"""Records › Convert Ready Leads… and Merge Duplicates in Bulk…: previewed as a table, run in the
background, cancelled, undone in one step; every step checked against the workspace file."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from gui_support import LOAD_TIMEOUT_MS, POOL_TIMEOUT_MS, ScriptedDialogs
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from steward_testing import dump_tables

from steward.gui.bulk_dialog import BulkConvertDialog, BulkDialog, BulkMergeDialog
from steward.gui.bulk_model import ConvertPreviewModel
from steward.gui.main_window import MainWindow
from steward.gui.services import Services
from steward.jobs.bulk_work import _CHUNK, ConvertRow, preview_conversions
from steward.jobs.progress import CancelFlag, ProgressCallback
from steward.store.journal import history
from steward.store.workspace import Workspace

_READY = 4
_PAIRS = 2
_PLANNED = 0.3  # how far the bar goes while the batch is planned


def _db(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


_CLOSED = "Closed - Not Converted"  # the demo org's disqualified status


def _open_leads(path: Path, *, closed: bool = False) -> list[str]:
    """Leads still to work on: neither converted nor (unless closed) closed as not converted."""
    query = (
        'SELECT "Id" FROM lead WHERE NOT coalesce("IsConverted", 0) AND "Status" != ? ORDER BY pk'
    )
    return [str(r[0]) for r in _db(path, query, "" if closed else _CLOSED)]


def _mark_ready(path: Path, ids: list[str]) -> None:
    """Ready in the work queue, as if the checklist had passed (it has tests of its own)."""
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT OR REPLACE INTO lead_check (lead_id, checked_at, ready, reason, failing, "
            "stale, results) VALUES (?, '2026-11-23T00:00:00.000Z', 1, '', '', 0, '[]')",
            [(i,) for i in ids],
        )


def _pair(path: Path, ids: list[str]) -> list[tuple[str, str]]:
    """Each two leads in turn found to be duplicates, above the bulk merge threshold."""
    pairs = [(min(a, b), max(a, b)) for a, b in zip(ids[::2], ids[1::2], strict=True)]
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT OR REPLACE INTO match_pair VALUES ('Lead', ?, 'Lead', ?, 0.97, 'test')", pairs
        )
    return pairs


def _prepare(path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Some open leads marked ready, and pairs of others found to be duplicates."""
    leads = _open_leads(path)
    ready = leads[:_READY]
    _mark_ready(path, ready)
    return ready, _pair(path, leads[_READY : _READY + 2 * _PAIRS])


def _open(qtbot: QtBot, window: MainWindow, path: Path) -> MainWindow:
    with qtbot.waitSignal(window.ready, timeout=LOAD_TIMEOUT_MS):
        assert window.open_workspace(path)
    return window


def _converted(path: Path, ids: list[str]) -> dict[str, bool]:
    return {
        i: bool(_db(path, 'SELECT coalesce("IsConverted", 0) FROM lead WHERE "Id" = ?', i)[0][0])
        for i in ids
    }


def _present(path: Path, ids: tuple[str, ...]) -> list[str]:
    marks = ", ".join("?" for _ in ids)
    found = _db(path, f'SELECT "Id" FROM lead WHERE "Id" IN ({marks}) ORDER BY "Id"', *ids)
    return [str(r[0]) for r in found]


def _operations(path: Path) -> list[tuple[object, ...]]:
    return _db(path, "SELECT id, kind, label, undone FROM operation ORDER BY id")


def _wait_idle(qtbot: QtBot, dialog: BulkDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running, timeout=POOL_TIMEOUT_MS)


def _previewed(qtbot: QtBot, dialog: BulkDialog, rows: int) -> None:
    _wait_idle(qtbot, dialog)
    assert dialog.model.rowCount() == rows, dialog.status.text()


@pytest.fixture
def prepared(
    qtbot: QtBot, window: MainWindow, workspace_path: Path
) -> tuple[MainWindow, list[str], list[tuple[str, str]]]:
    ready, pairs = _prepare(workspace_path)
    return _open(qtbot, window, workspace_path), ready, pairs


def test_the_records_menu_follows_the_workspace(
    qtbot: QtBot, window: MainWindow, workspace_path: Path
) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Records") == titles.index("&Edit") + 1
    assert not window.bulk_convert_action.isEnabled()
    assert not window.bulk_merge_action.isEnabled()
    assert window.convert_ready_leads() is None
    _open(qtbot, window, workspace_path)
    assert window.bulk_convert_action.isEnabled() and window.bulk_merge_action.isEnabled()
    assert window.close_workspace()
    assert not window.bulk_convert_action.isEnabled()


def test_convert_the_ticked_ready_leads_then_undo_the_batch(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    prepared: tuple[MainWindow, list[str], list[tuple[str, str]]],
    workspace_path: Path,
) -> None:
    window, ready, _pairs = prepared
    window.bulk_convert_action.trigger()
    dialog = window.findChild(BulkConvertDialog)
    assert isinstance(dialog, BulkConvertDialog)
    assert dialog.threshold.value() == pytest.approx(0.9)  # the workspace's setting
    _previewed(qtbot, dialog, _READY)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    assert [r.lead_id for r in model.rows()] == ready
    assert all(not r.problem for r in model.rows())
    assert (
        dialog.summary.text() == f"{_READY} leads: 0 into existing accounts, {_READY} new accounts"
    )
    account = model.index(0, 2).data()
    assert isinstance(account, str) and account.startswith("New account: ")
    assert dialog.run_button.text() == f"Convert {_READY} leads"

    # Untick the second lead with the keyboard, as a steward would.
    dialog.table.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert dialog.run_button.text() == f"Convert {_READY - 1} leads"
    kept = [i for i in ready if i != ready[1]]

    with qtbot.waitSignal(dialog.batch_done, timeout=POOL_TIMEOUT_MS):
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    assert _converted(workspace_path, ready) == {i: i in kept for i in ready}
    operations = _operations(workspace_path)
    assert [(o[1], o[2], o[3]) for o in operations] == [
        ("bulk_convert", f"Convert {_READY - 1} leads", 0)
    ]
    assert dialog.status.text() == f"Converted {_READY - 1} leads. Undo with Ctrl+Z (one step)"
    assert window.undo_action.text() == f"&Undo Convert {_READY - 1} leads"
    assert not dialog.run_button.isEnabled()

    dialog.close()
    window.undo()
    assert _converted(workspace_path, ready) == {i: False for i in ready}
    assert [o[3] for o in _operations(workspace_path)] == [1]  # one step took it all back


def test_merge_the_ticked_clusters_then_undo_the_batch(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    prepared: tuple[MainWindow, list[str], list[tuple[str, str]]],
    workspace_path: Path,
) -> None:
    window, _ready, pairs = prepared
    dialog = window.merge_in_bulk()
    assert isinstance(dialog, BulkMergeDialog)
    assert dialog.object_name == "Lead"
    assert dialog.threshold.value() == pytest.approx(0.95)
    _previewed(qtbot, dialog, _PAIRS)
    qtmodeltester.check(dialog.model)
    assert sorted(r.ids for r in dialog.model.rows()) == sorted(pairs)
    assert dialog.summary.text() == f"{_PAIRS} clusters of {2 * _PAIRS} records"
    assert dialog.model.index(0, 0).data() == "2"

    with qtbot.waitSignal(dialog.batch_done, timeout=POOL_TIMEOUT_MS):
        dialog.run_button.click()
    _wait_idle(qtbot, dialog)
    for pair in pairs:
        assert len(_present(workspace_path, pair)) == 1  # the other one merged into it
    label = f"Merge {_PAIRS} clusters of leads"
    assert [(o[1], o[2]) for o in _operations(workspace_path)] == [("bulk_merge", label)]
    assert window.undo_action.text() == f"&Undo {label}"

    dialog.close()
    window.undo()
    for pair in pairs:
        assert _present(workspace_path, pair) == list(pair)


def test_unticking_a_cluster_leaves_it_alone_and_a_higher_threshold_clears_the_preview(
    qtbot: QtBot,
    prepared: tuple[MainWindow, list[str], list[tuple[str, str]]],
    workspace_path: Path,
) -> None:
    window, _ready, pairs = prepared
    dialog = window.merge_in_bulk()
    assert dialog is not None
    _previewed(qtbot, dialog, _PAIRS)
    dialog.threshold.setValue(0.99)  # above the pairs' 0.97: the old preview would mislead
    assert dialog.model.rowCount() == 0 and not dialog.run_button.isEnabled()
    dialog.preview_button.click()
    _previewed(qtbot, dialog, 0)
    assert dialog.summary.text() == "No cluster of duplicates at this threshold."
    dialog.threshold.setValue(0.95)
    dialog.preview_button.click()
    _previewed(qtbot, dialog, _PAIRS)
    skipped = dialog.model.rows()[0].ids
    dialog.model.set_ticked(0, False)
    with qtbot.waitSignal(dialog.batch_done, timeout=POOL_TIMEOUT_MS):
        dialog.run_button.click()
    _wait_idle(qtbot, dialog)
    assert _present(workspace_path, skipped) == list(skipped)
    (merged,) = [p for p in pairs if p != skipped]
    assert len(_present(workspace_path, merged)) == 1
    dialog.close()


def test_a_cancelled_batch_changes_nothing(
    qtbot: QtBot,
    services: Services,
    prepared: tuple[MainWindow, list[str], list[tuple[str, str]]],
    workspace_path: Path,
) -> None:
    window, ready, pairs = prepared
    dialog = window.convert_ready_leads()
    assert dialog is not None
    _previewed(qtbot, dialog, _READY)
    # Another write job holds the workspace, so the batch waits its turn and is cancelled
    # before it begins.
    release = threading.Event()

    def hold(_progress: ProgressCallback, _cancel: CancelFlag) -> None:
        release.wait(POOL_TIMEOUT_MS / 1000)

    services.runner.run(hold, name="hold the workspace", write=True)
    try:
        dialog.run_button.click()
        assert dialog.running and dialog.cancel_button.isVisible()
        assert not dialog.run_button.isEnabled() and not dialog.table.isEnabled()
        with qtbot.waitSignal(dialog.ended, timeout=POOL_TIMEOUT_MS) as ended:
            dialog.reject()  # Escape or Close while it runs: cancel first, stay open
            assert dialog.isVisible()
            release.set()
    finally:
        release.set()
    _wait_idle(qtbot, dialog)
    assert ended.args == ["cancelled"]
    assert dialog.status.text() == "Cancelled: the workspace is as it was."
    assert _converted(workspace_path, ready) == {i: False for i in ready}
    assert _operations(workspace_path) == []
    assert not window.undo_action.isEnabled()
    assert dialog.run_button.isEnabled()  # the preview stands: it can be run again

    # Same for a merge.
    merge = window.merge_in_bulk()
    assert merge is not None
    _previewed(qtbot, merge, _PAIRS)
    release.clear()
    services.runner.run(hold, name="hold the workspace", write=True)
    try:
        merge.run_button.click()
        with qtbot.waitSignal(merge.ended, timeout=POOL_TIMEOUT_MS) as ended:
            merge.cancel_button.click()
            release.set()
    finally:
        release.set()
    _wait_idle(qtbot, merge)
    assert ended.args == ["cancelled"]
    for pair in pairs:
        assert _present(workspace_path, pair) == list(pair)
    assert _operations(workspace_path) == []
    dialog.close()
    merge.close()


def _but_verdicts(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every data table but lead_check: the app's undo checks the leads it gave back again
    (Desk.undo), so their verdicts are today's rather than the ones the test wrote."""
    return {name: rows for name, rows in tables.items() if name != "lead_check"}


def _journal(workspace: Workspace) -> list[tuple[str, str, bool]]:
    with workspace.engine.connect() as connection:
        return [(e.kind, e.label, e.undone) for e in history(connection)]


def _cancel_while_applying(qtbot: QtBot, dialog: BulkDialog) -> None:
    """Run the batch, press Cancel once the bar says it is being applied, and see it stop."""
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.running
    # Planning fills the bar to 30%; past that every plan is made and the chunks are being
    # written, inside the one transaction. Several chunks and the journal are still to come.
    planned = round(_PLANNED * dialog.progress.maximum())
    qtbot.waitUntil(
        lambda: dialog.progress.value() > planned or not dialog.running,
        timeout=LOAD_TIMEOUT_MS,
    )
    assert dialog.running, f"the batch ended before Cancel was pressed: {dialog.status.text()}"
    assert "applying" in dialog.progress.format()
    assert dialog.cancel_button.isVisible() and dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(dialog.ended, timeout=LOAD_TIMEOUT_MS) as ended:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text() == "Cancelling: nothing will be changed…"
        assert not dialog.cancel_button.isEnabled()  # pressed once is enough
    _wait_idle(qtbot, dialog)
    assert ended.args == ["cancelled"]  # not "done": the cancel stopped the batch
    assert dialog.status.text() == "Cancelled: the workspace is as it was."
    assert not dialog.progress.isVisible() and not dialog.cancel_button.isVisible()
    dialog.progress.valueChanged.disconnect(seen.append)
    # Cancel was pressed mid-apply, and the bar never got to the end.
    assert seen and seen[-1] > planned and max(seen) < dialog.progress.maximum()


def test_cancel_while_the_ready_leads_are_converted_changes_nothing(
    qtbot: QtBot, window: MainWindow, workspace_path: Path
) -> None:
    leads = _open_leads(workspace_path)
    _mark_ready(workspace_path, leads)  # all of them: several chunks to apply
    _open(qtbot, window, workspace_path)
    workspace = window.workspace
    assert workspace is not None
    dialog = window.convert_ready_leads()
    assert isinstance(dialog, BulkConvertDialog)
    _previewed(qtbot, dialog, len(leads))
    assert len(leads) > 2 * _CHUNK
    before = dump_tables(workspace)

    _cancel_while_applying(qtbot, dialog)
    assert dump_tables(workspace) == before
    assert _journal(workspace) == []
    assert _converted(workspace_path, leads) == dict.fromkeys(leads, False)
    assert not window.undo_action.isEnabled()
    # The preview stands, every lead still ticked: the same batch can be run again.
    assert len(dialog.model.ticked()) == len(leads)
    assert dialog.run_button.isEnabled()

    with qtbot.waitSignal(dialog.ended, timeout=LOAD_TIMEOUT_MS) as ended:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    assert ended.args == ["done"]
    label = f"Convert {len(leads):,} leads"
    assert dialog.status.text() == f"Converted {len(leads):,} leads. Undo with Ctrl+Z (one step)"
    assert _journal(workspace) == [("bulk_convert", label, False)]
    assert _converted(workspace_path, leads) == dict.fromkeys(leads, True)
    assert window.undo_action.text() == f"&Undo {label}"

    dialog.close()
    window.undo()
    # One step took the whole batch back.
    assert _but_verdicts(dump_tables(workspace)) == _but_verdicts(before)
    assert _journal(workspace) == [("bulk_convert", label, True)]


def test_cancel_while_the_clusters_are_merged_changes_nothing(
    qtbot: QtBot, window: MainWindow, workspace_path: Path
) -> None:
    leads = _open_leads(workspace_path, closed=True)  # as many clusters as can be
    pairs = _pair(workspace_path, leads[: len(leads) // 2 * 2])
    _open(qtbot, window, workspace_path)
    workspace = window.workspace
    assert workspace is not None
    dialog = window.merge_in_bulk()
    assert isinstance(dialog, BulkMergeDialog)
    _previewed(qtbot, dialog, len(pairs))
    assert len(pairs) > _CHUNK
    before = dump_tables(workspace)

    _cancel_while_applying(qtbot, dialog)
    assert dump_tables(workspace) == before
    assert _journal(workspace) == []
    assert all(_present(workspace_path, pair) == list(pair) for pair in pairs)
    assert not window.undo_action.isEnabled()
    assert len(dialog.model.ticked()) == len(pairs)
    assert dialog.run_button.isEnabled()

    with qtbot.waitSignal(dialog.ended, timeout=LOAD_TIMEOUT_MS) as ended:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, dialog)
    assert ended.args == ["done"]
    label = f"Merge {len(pairs):,} clusters of leads"
    assert dialog.status.text() == f"Merged {len(pairs):,} clusters. Undo with Ctrl+Z (one step)"
    assert _journal(workspace) == [("bulk_merge", label, False)]
    assert all(len(_present(workspace_path, pair)) == 1 for pair in pairs)
    assert window.undo_action.text() == f"&Undo {label}"

    dialog.close()
    window.undo()
    assert _but_verdicts(dump_tables(workspace)) == _but_verdicts(before)
    assert _journal(workspace) == [("bulk_merge", label, True)]


def test_a_disqualified_lead_is_not_converted_in_bulk_even_when_ready(
    qtbot: QtBot, window: MainWindow, workspace_path: Path
) -> None:
    closed = [str(r[0]) for r in _db(
        workspace_path, 'SELECT "Id" FROM lead WHERE "Status" = ? ORDER BY pk LIMIT 2', _CLOSED
    )]  # fmt: skip
    still_open = _open_leads(workspace_path)[:2]
    _mark_ready(workspace_path, [*closed, *still_open])
    _open(qtbot, window, workspace_path)
    dialog = window.convert_ready_leads()
    assert dialog is not None
    _previewed(qtbot, dialog, 2)
    assert [r.lead_id for r in dialog.model.rows()] == still_open
    # Asked for by id (as the command line may), a closed lead is refused with the reason.
    workspace = window.workspace
    assert workspace is not None
    rows = preview_conversions(workspace, closed, threshold=0.9, opportunity=False)
    assert [r.problem for r in rows] == [f"closed as {_CLOSED}: convert it on its own"] * 2


def test_nothing_to_convert_says_so_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, workspace_path: Path, dialogs: ScriptedDialogs
) -> None:
    _open(qtbot, window, workspace_path)  # no lead is ready in the demo as imported
    dialog = window.convert_ready_leads()
    assert dialog is not None
    _previewed(qtbot, dialog, 0)
    assert dialog.summary.text() == "No lead is ready to convert."
    assert not dialog.run_button.isEnabled()
    dialog.close()
    assert _operations(workspace_path) == [] and dialogs.errors == []


def test_rows_with_a_problem_cannot_be_ticked(qtmodeltester: ModelTester) -> None:
    model = ConvertPreviewModel()
    good = ConvertRow("00Q1", "Ada Lovelace", "Engines", None, "Engines", None, (), "")
    bad = ConvertRow("00Q2", "Bob", "Acme", None, "", None, ("open_deal",), "not ready: …")
    model.set_rows([good, bad])
    qtmodeltester.check(model)
    assert model.ticked() == [good]
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert not model.setData(
        model.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert model.ticked() == [good]
    assert model.index(0, 2).data() == "New account: Engines"
    assert model.index(1, 2).data() == ""
    assert model.index(1, 4).data()  # the warning, in words
    assert model.index(1, 5).data() == "not ready: …"
