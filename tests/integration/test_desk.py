"""The steward's desk on the demo org: each step changes the lead, its stored verdict and the
journal together, re-checks only that lead, and undoes back to the verdict before it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from steward.core.checks.checklist import Kind
from steward.core.checks.phone import CallOutcome
from steward.core.checks.result import CheckResult, Status
from steward.jobs.desk import Desk, DeskError, LeadView
from steward.jobs.importer import import_files
from steward.jobs.verify import verify_workspace
from steward.resources import demo_export
from steward.store.checks import StoredVerdict, stored_verdict, work_queue
from steward.store.journal import JournalError, current_author, history
from steward.store.settings import Settings, load_settings, save_settings
from steward.store.workspace import Workspace

NOW = datetime(2026, 11, 1, tzinfo=UTC)
BUDGET_TEMPLATE = '[[manual]]\nid = "budget"\nlabel = "Budget"\nrequired = true\n'
Summary = tuple[list[tuple[str, Status, str]], bool, str]


@pytest.fixture(scope="module")
def verified_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("desk") / "demo.steward"
    with Workspace.open(path, create=True) as workspace:
        import_files(workspace, [demo_export()])
        verify_workspace(workspace, now=NOW)
    return path


@pytest.fixture
def desk(tmp_path: Path, verified_demo: Path) -> Iterator[Desk]:
    copy = tmp_path / "desk.steward"
    copy.write_bytes(verified_demo.read_bytes())
    with Workspace.open(copy) as workspace:
        yield Desk(workspace)


def _verdicts(desk: Desk) -> list[StoredVerdict]:
    with desk.workspace.engine.connect() as connection:
        ids = connection.exec_driver_sql("SELECT lead_id FROM lead_check ORDER BY lead_id")
        found = [stored_verdict(connection, lead_id) for lead_id in ids.scalars()]
    return [verdict for verdict in found if verdict is not None]


def _first(desk: Desk, wanted: Callable[[StoredVerdict], bool]) -> str:
    return next(v.lead_id for v in _verdicts(desk) if wanted(v))


def _status(verdict: StoredVerdict, check: str) -> Status | None:
    result = verdict.result(check)
    return result.status if result is not None else None


def _needs_casing(verdict: StoredVerdict) -> bool:
    name = verdict.result("name")
    return name is not None and name.fix is not None and name.fix.label == "Fix casing"


def _ready_with_passing_phone(verdict: StoredVerdict) -> bool:
    return verdict.ready and _status(verdict, "phone") is Status.PASS


def _stored(desk: Desk, lead_id: str) -> StoredVerdict:
    with desk.workspace.engine.connect() as connection:
        verdict = stored_verdict(connection, lead_id)
    assert verdict is not None
    return verdict


def _checked_at(desk: Desk) -> dict[str, str]:
    with desk.workspace.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT lead_id, checked_at FROM lead_check")
        return {lead_id: checked_at for lead_id, checked_at in rows}


def _lines(results: list[CheckResult]) -> list[tuple[str, Status, str]]:
    return [(r.check, r.status, r.evidence) for r in results]


def _stored_summary(desk: Desk, lead_id: str) -> Summary:
    verdict = _stored(desk, lead_id)
    return _lines(verdict.results), verdict.ready, verdict.reason


def _view_summary(view: LeadView) -> Summary:
    return _lines(view.verdict.results), view.verdict.readiness.ready, view.verdict.readiness.reason


def _operations(desk: Desk) -> int:
    with desk.workspace.engine.connect() as connection:
        return len(history(connection))


def _confirmation(desk: Desk, lead_id: str, item: str) -> dict[str, object] | None:
    with desk.workspace.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT * FROM confirmation WHERE lead_id = ? AND item = ?", (lead_id, item)
        )
        found = row.mappings().first()
    return dict(found) if found is not None else None


def test_apply_fix_changes_the_lead_and_only_its_stored_verdict(desk: Desk) -> None:
    lead = _first(desk, _needs_casing)
    before = _stored(desk, lead)
    name = before.result("name")
    assert name is not None and name.fix is not None and name.status is not Status.PASS
    checked = _checked_at(desk)
    assert set(checked.values()) == {"2026-11-01T00:00:00.000Z"}

    view = desk.apply_fix(lead, "name")

    for field, value in name.fix.values.items():
        assert view.lead[field] == value
        assert desk.view(lead).lead[field] == value
    after = _stored(desk, lead)
    assert _status(after, "name") is Status.PASS
    assert after.result("name").fix is None  # type: ignore[union-attr]
    assert _stored_summary(desk, lead) == _view_summary(view)
    now = _checked_at(desk)
    assert {lead_id for lead_id in now if now[lead_id] != checked[lead_id]} == {lead}


def test_a_check_without_a_fix_offers_nothing_to_apply(desk: Desk) -> None:
    lead = _first(desk, lambda v: _status(v, "name") is Status.PASS and not _needs_casing(v))
    with pytest.raises(DeskError, match=r"^The name check suggests no fix for this lead$"):
        desk.apply_fix(lead, "name")
    with pytest.raises(DeskError, match=r"^No lead with id 00Q000000000000AAA$"):
        desk.apply_fix("00Q000000000000AAA", "name")
    assert _operations(desk) == 0


def test_confirming_a_relationship_records_role_source_who_and_when(desk: Desk) -> None:
    lead = _first(desk, lambda v: _status(v, "relationship") is not Status.PASS)
    said = desk.view(lead).verdict.results
    evidence = next(r.evidence for r in said if r.check == "relationship")
    started = datetime.now(UTC).isoformat()[:19]

    view = desk.confirm(
        lead, "relationship", " on the team page ", role="Head of Finance", seen_at="website"
    )

    stored = _stored(desk, lead)
    assert _status(stored, "relationship") is Status.CONFIRMED
    relationship = stored.result("relationship")
    assert relationship is not None
    assert relationship.evidence.startswith("Confirmed as Head of Finance via website by ")
    assert relationship.evidence.endswith(": on the team page")
    assert _stored_summary(desk, lead) == _view_summary(view)
    word = _confirmation(desk, lead, "relationship")
    assert word is not None
    assert (word["kind"], word["who"], word["note"], word["evidence"]) == (
        "confirm",
        current_author(),
        "on the team page",
        evidence,
    )
    assert (word["role"], word["seen_at"]) == ("Head of Finance", "website")
    assert str(word["confirmed_at"]) >= started
    with desk.workspace.engine.connect() as connection:
        (entry,) = history(connection)
    assert (entry.kind, entry.author, entry.state) == ("confirm", current_author(), "pending")
    assert entry.created >= started
    assert entry.inputs["note"] == "on the team page" and entry.inputs["evidence"] == evidence
    assert entry.inputs["role"] == "Head of Finance" and entry.inputs["seen_at"] == "website"


@pytest.mark.parametrize("note", ["", "   "])
def test_an_override_without_a_note_is_refused(desk: Desk, note: str) -> None:
    lead = _first(desk, lambda v: _status(v, "email") is not Status.PASS)
    before = _stored(desk, lead)

    with pytest.raises(DeskError, match=r"^An override needs a note saying why$"):
        desk.confirm(lead, "email", note, override=True)

    assert _stored(desk, lead) == before
    assert _confirmation(desk, lead, "email") is None
    assert _operations(desk) == 0


def test_an_override_with_a_note_settles_the_item(desk: Desk) -> None:
    lead = _first(desk, lambda v: "email" in v.failing)

    view = desk.confirm(lead, "email", "the CRM bounces are from an old server", override=True)

    email = next(r for r in view.verdict.results if r.check == "email")
    assert email.status is Status.CONFIRMED and email.evidence.startswith("Overridden by ")
    assert "email" not in _stored(desk, lead).failing
    word = _confirmation(desk, lead, "email")
    assert word is not None and word["kind"] == Kind.OVERRIDE.value


def test_calls_decide_the_phone_check_and_readiness_follows(desk: Desk) -> None:
    lead = _first(desk, _ready_with_passing_phone)

    desk.log_call(lead, CallOutcome.WRONG_NUMBER, "a bakery answered")
    wrong = _stored(desk, lead)
    assert _status(wrong, "phone") is Status.FAIL
    assert not wrong.ready and wrong.failing == ("phone",)
    assert wrong.reason.startswith("Not ready: Mobile/phone fails (Wrong number")
    with desk.workspace.engine.connect() as connection:
        assert lead in {row.lead_id for row in work_queue(connection, failing="phone")}

    desk.log_call(lead, CallOutcome.REACHED)
    reached = _stored(desk, lead)
    assert _status(reached, "phone") is Status.CONFIRMED
    assert reached.ready and reached.reason == "Ready to convert"
    with desk.workspace.engine.connect() as connection:
        assert lead not in {row.lead_id for row in work_queue(connection)}


def test_an_unanswered_call_does_not_settle_an_unchecked_phone(desk: Desk) -> None:
    lead = _first(desk, lambda v: _status(v, "phone") is Status.UNKNOWN and "phone" in v.failing)

    desk.log_call(lead, CallOutcome.NO_ANSWER)

    stored = _stored(desk, lead)
    assert _status(stored, "phone") is Status.UNKNOWN and "phone" in stored.failing


def test_a_required_manual_item_blocks_readiness_until_confirmed(desk: Desk) -> None:
    lead = _first(desk, lambda v: v.ready)
    with desk.workspace.transaction() as session:
        save_settings(session, load_settings(session).with_values(checklist=BUDGET_TEMPLATE))

    waiting = desk.view(lead).verdict
    assert not waiting.readiness.ready and waiting.failing == ["budget"]
    assert waiting.readiness.reason == "Not ready: Budget not confirmed"

    view = desk.confirm(lead, "budget", "approved in the Q3 plan")

    assert view.verdict.readiness.ready
    stored = _stored(desk, lead)
    assert stored.ready and _status(stored, "budget") is Status.CONFIRMED
    budget = stored.result("budget")
    assert budget is not None and budget.evidence.startswith("Ticked by ")


def test_confirming_an_item_the_checklist_does_not_have_is_refused(desk: Desk) -> None:
    lead = _first(desk, lambda v: v.ready)
    with pytest.raises(DeskError, match=r"^'budget' is not an item of this workspace's checklist$"):
        desk.confirm(lead, "budget", "approved")
    with pytest.raises(DeskError, match=r"^Relationship has no confirmation to withdraw$"):
        desk.withdraw(lead, "relationship")
    assert _operations(desk) == 0


def test_undo_of_each_step_restores_the_verdict_before_it(desk: Desk) -> None:
    casing = _first(desk, _needs_casing)
    lead = _first(desk, lambda v: _ready_with_passing_phone(v) and v.lead_id != casing)
    fields = desk.view(casing).lead
    steps: list[Callable[[], LeadView]] = [
        lambda: desk.apply_fix(casing, "name"),
        lambda: desk.confirm(lead, "relationship", role="CFO", seen_at="LinkedIn"),
        lambda: desk.log_call(lead, CallOutcome.WRONG_NUMBER),
        lambda: desk.confirm(lead, "email", "verified by phone", override=True),
        lambda: desk.withdraw(lead, "relationship"),
        lambda: desk.edit(lead, {"Title": "Chief Financial Officer"}),
    ]
    before: list[Summary] = []
    after: list[Summary] = []
    for step in steps:
        target = casing if not before else lead
        before.append(_view_summary(desk.view(target)))
        after.append(_view_summary(step()))

    for number in reversed(range(len(steps))):
        target = casing if number == 0 else lead
        assert _stored_summary(desk, target) == after[number]
        undone = desk.undo()
        assert undone.records == {"Lead": {target}}
        assert _stored_summary(desk, target) == before[number]

    assert desk.view(casing).lead == fields
    with pytest.raises(JournalError, match=r"^Nothing to undo$"):
        desk.undo()
    for number in range(len(steps)):
        desk.redo()
        target = casing if number == 0 else lead
        assert _stored_summary(desk, target) == after[number]


def test_history_lists_the_steps_with_readable_labels(desk: Desk) -> None:
    casing = _first(desk, _needs_casing)
    lead = _first(desk, lambda v: _ready_with_passing_phone(v) and v.lead_id != casing)
    written = desk.view(casing).lead
    old_name = f"{written['FirstName']} {written['LastName']}"
    person = desk.view(lead).lead
    name = f"{person['FirstName']} {person['LastName']}"

    desk.apply_fix(casing, "name")
    desk.confirm(lead, "relationship", "on the team page", role="CFO", seen_at="website")
    desk.log_call(lead, CallOutcome.WRONG_NUMBER, "a bakery answered")
    desk.confirm(lead, "email", "verified by phone", override=True)
    desk.withdraw(lead, "relationship")
    desk.edit(lead, {"Title": "CFO"})
    undone = desk.undo()

    with desk.workspace.engine.connect() as connection:
        entries = history(connection)
    assert [(e.label, e.undone) for e in entries] == [
        (f"{name}: edit Title", True),
        (f"{name}: withdraw the confirmation of Relationship", False),
        (f"{name}: override Email – verified by phone", False),
        (f"{name}: call Mobile/phone: wrong number – a bakery answered", False),
        (f"{name}: confirm Relationship – on the team page", False),
        (f"{old_name}: fix casing (name)", False),
    ]
    assert undone.label == f"{name}: edit Title"
    assert [e.kind for e in entries] == ["edit", "withdraw", "override", "call", "confirm", "edit"]


def test_settings_saved_in_the_workspace_shape_the_desk(desk: Desk) -> None:
    with desk.workspace.transaction() as session:
        save_settings(session, Settings(checklist='[checks]\nphone = "off"\n'))
    lead = _first(desk, lambda v: "phone" in v.failing)

    view = desk.view(lead)

    assert "phone" not in {r.check for r in view.verdict.results}
    with pytest.raises(DeskError, match=r"^'phone' is not an item of this workspace's checklist$"):
        desk.log_call(lead, CallOutcome.REACHED)
