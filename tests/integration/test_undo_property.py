"""Property: any sequence of merges, conversions, disqualifications, checklist confirmations
and edits, undone one by one, walks the workspace back through exactly the states it went
through; redone, forward again, to the byte (hidden helper columns, verdicts, the steward's
words and match data included)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from steward_testing import dump_tables

from steward.core.checks.checklist import Confirmation
from steward.core.convert import ConvertProblem
from steward.core.merge import MergeProblem
from steward.jobs.verify import reverify
from steward.store.checks import record_confirmation
from steward.store.converting import NEW, convert, disqualify, plan_lead
from steward.store.journal import JournalError, edit_field, redo, undo
from steward.store.merging import merge, plan_for
from steward.store.settings import Settings
from steward.store.workspace import Workspace

_EDITABLE = ("Title", "City", "Phone", "Email", "Company")
_ITEMS = ("name", "email", "relationship")
_CHECKED = 60  # the first leads have verdicts, so merges move and drop them too

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("merge"),
            st.sampled_from(["Account", "Contact", "Lead"]),
            st.integers(0, 40),
            st.integers(2, 4),
        ),
        st.tuples(st.just("convert"), st.integers(0, 60), st.booleans(), st.booleans()),
        st.tuples(st.just("disqualify"), st.integers(0, 60)),
        st.tuples(st.just("confirm"), st.integers(0, 8), st.sampled_from(_ITEMS)),
        st.tuples(
            st.just("edit"),
            st.integers(0, 60),
            st.sampled_from(_EDITABLE),
            st.one_of(st.none(), st.text(max_size=12)),
        ),
    ),
    min_size=1,
    max_size=5,
)


def _ids(workspace: Workspace, table: str, offset: int, count: int, where: str = "1") -> list[str]:
    with workspace.engine.connect() as connection:
        rows = connection.execute(
            text(f'SELECT "Id" FROM {table} WHERE {where} ORDER BY pk LIMIT :c OFFSET :o'),
            {"c": count, "o": offset},
        )
        return [str(r[0]) for r in rows]


def _apply(workspace: Workspace, step: tuple[Any, ...]) -> bool:
    """Make one operation; False when it was refused (nothing changed then)."""
    kind = step[0]
    open_lead = 'NOT coalesce("IsConverted", 0)'
    try:
        with workspace.transaction() as session:
            if kind == "merge":
                _kind, object_name, offset, count = step
                ids = _ids(workspace, object_name.lower(), offset, count)
                if len(ids) < 2:
                    return False
                merge(session, plan_for(session, object_name, ids))
            elif kind == "convert":
                _kind, offset, existing, opportunity = step
                leads = _ids(workspace, "lead", offset, 1, open_lead)
                accounts = _ids(workspace, "account", offset, 1)
                if not leads or not accounts:
                    return False
                plan = plan_lead(
                    session, Settings(), leads[0],
                    account_id=accounts[0] if existing else NEW,
                    opportunity="" if opportunity else None,
                    override="property test", today=date(2026, 11, 23),
                )  # fmt: skip
                convert(session, plan)
            elif kind == "confirm":  # the first leads, so that merges meet their words
                _kind, offset, item = step
                leads = _ids(workspace, "lead", offset, 1)
                if not leads:
                    return False
                word = Confirmation(item, "steward", "2026-11-23T10:00:00Z", f"seen {offset}")
                record_confirmation(session, leads[0], word, evidence="as checked", label=item)
            elif kind == "disqualify":
                leads = _ids(workspace, "lead", step[1], 1, open_lead)
                if not leads:
                    return False
                disqualify(session, Settings(), leads[0], "property test")
            else:
                _kind, offset, field, value = step
                leads = _ids(workspace, "lead", offset, 1)
                if not leads:
                    return False
                edit_field(session, "Lead", leads[0], field, value)
    except (MergeProblem, ConvertProblem, JournalError):
        return False
    return True


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations)
def test_undo_all_restores_every_state_and_redo_reapplies_them(
    steps: list[tuple[Any, ...]], demo_workspace_file: Path, tmp_path_factory: Any
) -> None:
    path = tmp_path_factory.mktemp("property") / "demo.steward"
    shutil.copyfile(demo_workspace_file, path)
    with Workspace.open(path) as workspace:
        with workspace.transaction() as session:
            reverify(workspace, session.connection(), _ids(workspace, "lead", 0, _CHECKED))
        states = [dump_tables(workspace)]
        for step in steps:
            if _apply(workspace, step):
                states.append(dump_tables(workspace))
        for expected in reversed(states[:-1]):
            with workspace.transaction() as session:
                undo(session)
            assert dump_tables(workspace) == expected
        for expected in states[1:]:
            with workspace.transaction() as session:
                redo(session)
            assert dump_tables(workspace) == expected
