"""`steward settings`, `journal`, `undo` and `redo` end to end, on the demo leads."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from steward_testing import Run

from steward.jobs.desk import Desk
from steward.resources import demo_export
from steward.store.settings import Settings, load_settings
from steward.store.workspace import Workspace

BROKEN_FILES = {
    "not_toml.toml": "[[rule]\nname = 'x'\n",
    "rule_not_a_list.toml": "rule = 5\n",
    "no_rules.toml": "[tiers]\nA = 75\n",
    "bad_op.toml": "[[rule]]\nname = 'Big'\nfield = 'NumberOfEmployees'\nop = 'huge'\npoints = 5\n",
    "bad_checklist.toml": '[checks]\nname = "sometimes"\n',
    "manual_not_a_list.toml": "manual = 5\n",
    "check_as_list.toml": "[checks]\nname = ['required']\n",
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "w.steward"
    Workspace.open(path, create=True).close()
    return path


@pytest.fixture
def demo_leads(steward: Run, tmp_path: Path) -> Path:
    path = tmp_path / "demo.steward"
    steward("import", str(demo_export() / "Lead.csv"), "--workspace", str(path), check=True)
    return path


def _settings(steward: Run, workspace: Path) -> dict[str, object]:
    shown = steward("settings", "--json", "--workspace", str(workspace), check=True)
    data: dict[str, object] = json.loads(shown.stdout)
    return data


def _one_error_line(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("steward: ") and message in lines[0]


def test_a_setting_set_is_shown_afterwards(steward: Run, workspace: Path) -> None:
    assert _settings(steward, workspace) == Settings().as_dict()

    changed = steward(
        "settings", "--set", "max_age_days=30", "--set", "dns_enabled=on", "--workspace",
        str(workspace),
    )  # fmt: skip

    assert changed.returncode == 0, changed.stderr
    assert "max_age_days    30" in changed.stdout.splitlines()
    shown = _settings(steward, workspace)
    assert shown == {**Settings().as_dict(), "max_age_days": 30, "dns_enabled": True}


def test_rules_and_checklist_files_are_kept_in_the_workspace(
    steward: Run, workspace: Path, tmp_path: Path
) -> None:
    checklist = tmp_path / "checklist.toml"
    checklist.write_text('[[manual]]\nid = "budget"\nlabel = "Budget"\nrequired = true\n')

    result = steward("settings", "--checklist", str(checklist), "--workspace", str(workspace))

    assert result.returncode == 0, result.stderr
    assert "checklist       4 lines" in result.stdout.splitlines()
    assert _settings(steward, workspace)["checklist"] == checklist.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "max_age_days=abc"], "max_age_days must be a number, not 'abc'"),
        (["--set", "max_age_days=0"], "max_age_days must be between 1 and 36500 days"),
        (["--set", "dns_enabled=maybe"], "dns_enabled must be on or off, not 'maybe'"),
        (["--set", "nope=1"], "No setting called 'nope'"),
        (["--set", "max_age_days"], "--set needs NAME=VALUE, not 'max_age_days'"),
        (["--icp-rules", "{tmp}/absent.toml"], "cannot read {tmp}/absent.toml"),
        (["--icp-rules", "{tmp}/not_toml.toml"], "ICP rules setting: not valid TOML"),
        (["--icp-rules", "{tmp}/rule_not_a_list.toml"], "ICP rules setting: rules must be"),
        (["--icp-rules", "{tmp}/no_rules.toml"], "ICP rules setting: has no [[rule]] entries"),
        (["--icp-rules", "{tmp}/bad_op.toml"], "ICP rules setting, rule 1 (Big): unknown op"),
        (["--checklist", "{tmp}/bad_checklist.toml"], "checklist setting: checks.name must be"),
        (["--checklist", "{tmp}/manual_not_a_list.toml"], "checklist setting: manual items"),
        (["--checklist", "{tmp}/check_as_list.toml"], "checklist setting: checks.name must be"),
    ],
)
def test_a_bad_setting_exits_2_naming_it_and_changes_nothing(
    steward: Run, workspace: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    for name, text in BROKEN_FILES.items():
        (tmp_path / name).write_text(text)
    filled = [arg.format(tmp=tmp_path) for arg in args]

    result = steward("settings", "--set", "max_age_days=45", *filled, "--workspace", str(workspace))

    _one_error_line(result, message.format(tmp=tmp_path))
    assert "Traceback" not in result.stderr
    with Workspace.open(workspace) as opened, opened.session() as session:
        assert load_settings(session) == Settings()


def test_the_journal_of_a_fresh_workspace_is_empty(steward: Run, workspace: Path) -> None:
    listed = steward("journal", "--json", "--workspace", str(workspace), check=True)
    assert json.loads(listed.stdout) == []
    text = steward("journal", "--workspace", str(workspace), check=True)
    assert text.stdout.strip() == "The journal is empty: no changes yet"


@pytest.mark.parametrize("verb", ["undo", "redo"])
def test_nothing_to_undo_or_redo_exits_2(steward: Run, workspace: Path, verb: str) -> None:
    _one_error_line(steward(verb, "--workspace", str(workspace)), f"Nothing to {verb}")


def test_a_desk_edit_is_undone_and_redone_by_the_command(steward: Run, demo_leads: Path) -> None:
    with Workspace.open(demo_leads) as workspace:
        desk = Desk(workspace)
        with workspace.engine.connect() as connection:
            lead = connection.exec_driver_sql('SELECT "Id" FROM lead ORDER BY pk').scalar()
        assert isinstance(lead, str)
        first = desk.view(lead).lead
        title = first["Title"]
        desk.edit(lead, {"Title": "Chief Steward"})
    label = f"{first['FirstName']} {first['LastName']}: edit Title"
    where = ("--workspace", str(demo_leads))

    undone = steward("undo", *where)
    assert (undone.returncode, undone.stdout, undone.stderr) == (0, f"Undid: {label}\n", "")
    with Workspace.open(demo_leads) as workspace:
        assert Desk(workspace).view(lead).lead["Title"] == title
    (entry,) = json.loads(steward("journal", "--json", *where, check=True).stdout)
    assert (entry["label"], entry["kind"], entry["undone"]) == (label, "edit", True)
    assert entry["inputs"] == {"object": "Lead", "id": lead, "values": {"Title": "Chief Steward"}}

    redone = steward("redo", *where)
    assert (redone.returncode, redone.stdout, redone.stderr) == (0, f"Redid: {label}\n", "")
    with Workspace.open(demo_leads) as workspace:
        assert Desk(workspace).view(lead).lead["Title"] == "Chief Steward"
    listed = steward("journal", *where, check=True).stdout
    assert "pending" in listed and label in listed
    stats = json.loads(steward("stats", "--json", *where, check=True).stdout)
    assert stats["pending_changes"] == 1

    steward("undo", *where, check=True)
    _one_error_line(steward("undo", *where), "Nothing to undo")
