"""Merging, converting and disqualifying in a real copy of the demo workspace, with undo."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text
from steward_testing import dump_tables

from steward.core.checks.checklist import Confirmation
from steward.core.convert import ConvertProblem
from steward.core.merge import MergeProblem
from steward.jobs.verify import reverify
from steward.store import browse
from steward.store.checks import record_confirmation
from steward.store.converting import NEW, convert, disqualify, plan_lead
from steward.store.journal import JournalError, history, redo, set_push_state, undo
from steward.store.matching import DIFFERENT, decide
from steward.store.merging import merge, plan_for, related_counts
from steward.store.models import LeadCheck, Operation
from steward.store.settings import Settings
from steward.store.workspace import Workspace


@pytest.fixture
def demo(workspace_path: Path) -> Iterator[Workspace]:
    with Workspace.open(workspace_path) as opened:
        yield opened


def _scalar(workspace: Workspace, sql: str, **params: object) -> object:
    with workspace.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def _column(workspace: Workspace, sql: str, **params: object) -> list[object]:
    with workspace.engine.connect() as connection:
        return list(connection.execute(text(sql), params).scalars())


def _accounts_with_contacts(workspace: Workspace, count: int) -> list[str]:
    return [
        str(i)
        for i in _column(
            workspace,
            'SELECT a."Id" FROM account a WHERE (SELECT count(*) FROM contact c '
            'WHERE c."AccountId" = a."Id") > 0 ORDER BY a.pk LIMIT :n',
            n=count,
        )
    ]


def test_merging_accounts_moves_their_contacts_and_deals_and_undo_restores_everything(
    demo: Workspace,
) -> None:
    ids = _accounts_with_contacts(demo, 3)
    before = dump_tables(demo)
    with demo.session() as session:
        counts = related_counts(session, "Account", ids)
        plan = plan_for(session, "Account", ids, master_id=ids[1], picks={"Phone": ids[2]})
    moving = sum(counts[i]["contacts"] for i in ids)
    deals = sum(counts[i]["opportunities"] for i in ids)
    assert moving >= 3
    with demo.transaction() as session:
        merge(session, plan)
    marks = ", ".join(f"'{i}'" for i in ids)
    assert _column(demo, f'SELECT "Id" FROM account WHERE "Id" IN ({marks})') == [ids[1]]
    assert _scalar(demo, 'SELECT count(*) FROM contact WHERE "AccountId" = :m', m=ids[1]) == moving
    assert (
        _scalar(demo, 'SELECT count(*) FROM opportunity WHERE "AccountId" = :m', m=ids[1]) == deals
    )
    phone = _scalar(demo, 'SELECT "Phone" FROM account WHERE "Id" = :m', m=ids[1])
    assert phone == plan.choice("Phone").value
    after = dump_tables(demo)

    with demo.transaction() as session:
        step = undo(session)
    assert step.label.startswith("Merge 3 accounts")
    assert dump_tables(demo) == before
    with demo.transaction() as session:
        redo(session)
    assert dump_tables(demo) == after


def test_a_merged_away_record_can_be_found_again_by_search_after_undo(demo: Workspace) -> None:
    ids = _accounts_with_contacts(demo, 2)
    name = str(_scalar(demo, 'SELECT "Name" FROM account WHERE "Id" = :i', i=ids[1]))
    with demo.session() as session:
        plan = plan_for(session, "Account", ids, master_id=ids[0])
    with demo.transaction() as session:
        merge(session, plan)
    with demo.transaction() as session:
        undo(session)
    pk = _scalar(demo, 'SELECT pk FROM account WHERE "Id" = :i', i=ids[1])
    with demo.engine.connect() as connection:
        assert pk in browse.ids(connection, "Account", search=name)


def test_merging_contacts_moves_their_deals(demo: Workspace) -> None:
    rows = _column(
        demo,
        'SELECT "ContactId" FROM opportunity WHERE "ContactId" IS NOT NULL GROUP BY "ContactId" '
        "LIMIT 2",
    )
    if len(rows) < 2:  # the demo org names no contact on its deals: give two deals one each
        contacts = _column(demo, 'SELECT "Id" FROM contact ORDER BY pk LIMIT 2')
        deals = _column(demo, 'SELECT "Id" FROM opportunity ORDER BY pk LIMIT 2')
        with demo.engine.begin() as connection:
            for contact, deal in zip(contacts, deals, strict=True):
                connection.execute(
                    text('UPDATE opportunity SET "ContactId" = :c WHERE "Id" = :d'),
                    {"c": contact, "d": deal},
                )
        rows = contacts
    ids = [str(i) for i in rows]
    with demo.session() as session:
        plan = plan_for(session, "Contact", ids, master_id=ids[0])
    with demo.transaction() as session:
        merge(session, plan)
    assert _scalar(demo, 'SELECT count(*) FROM opportunity WHERE "ContactId" = :i', i=ids[1]) == 0
    assert _scalar(demo, 'SELECT count(*) FROM opportunity WHERE "ContactId" = :i', i=ids[0]) >= 2


def test_merging_leads_keeps_the_stewards_decisions_about_them(demo: Workspace) -> None:
    leads = [str(i) for i in _column(demo, 'SELECT "Id" FROM lead ORDER BY pk LIMIT 3')]
    with demo.transaction() as session:
        decide(session, ("Lead", leads[1]), ("Lead", leads[2]), DIFFERENT)
    with demo.session() as session:
        plan = plan_for(session, "Lead", leads[:2], master_id=leads[0])
    with demo.transaction() as session:
        merge(session, plan)
    remaining = _column(
        demo, "SELECT left_id || ' ' || right_id FROM match_decision WHERE verdict = 'different'"
    )
    assert f"{min(leads[0], leads[2])} {max(leads[0], leads[2])}" in remaining
    assert not any(leads[1] in str(pair) for pair in remaining)


def _confirm(workspace: Workspace, lead: str, item: str, note: str) -> None:
    word = Confirmation(item, "steward", "2026-11-23T10:00:00Z", note)
    with workspace.transaction() as session:
        record_confirmation(session, lead, word, evidence="as checked", label=f"Confirm {item}")


def _words(workspace: Workspace, lead: str) -> dict[str, str]:
    with workspace.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT item, note FROM confirmation WHERE lead_id = ?", (lead,)
        )
        return dict(rows.all())


def test_merging_leads_carries_the_stewards_confirmations_to_the_master(demo: Workspace) -> None:
    master, second, third = (
        str(i) for i in _column(demo, 'SELECT "Id" FROM lead ORDER BY pk LIMIT 3')
    )
    with demo.transaction() as session:
        reverify(demo, session.connection(), [master, second, third])
    _confirm(demo, master, "name", "met at the fair")
    _confirm(demo, second, "name", "a different word on the name")
    _confirm(demo, second, "email", "replied to our mail")
    _confirm(demo, third, "email", "bounced once, then replied")
    _confirm(demo, third, "relationship", "CFO, seen on LinkedIn")
    before = dump_tables(demo)
    with demo.session() as session:
        plan = plan_for(session, "Lead", [master, second, third], master_id=master)
    with demo.transaction() as session:
        merge(session, plan)

    # The master's own word stands; the others' words fill the items it had none on, the
    # first merged lead in rank order first.
    first_other = plan.others[0]
    email_note = "replied to our mail" if first_other == second else "bounced once, then replied"
    assert _words(demo, master) == {
        "name": "met at the fair",
        "email": email_note,
        "relationship": "CFO, seen on LinkedIn",
    }
    marks = f"'{second}', '{third}'"
    for table in ("confirmation", "lead_check", "lead_match"):
        assert _scalar(demo, f"SELECT count(*) FROM {table} WHERE lead_id IN ({marks})") == 0
    assert _scalar(demo, "SELECT stale FROM lead_check WHERE lead_id = :m", m=master) == 1

    with demo.transaction() as session:
        undo(session)
    assert dump_tables(demo) == before
    assert _words(demo, third) == {
        "email": "bounced once, then replied",
        "relationship": "CFO, seen on LinkedIn",
    }
    with demo.transaction() as session:
        redo(session)
    assert _words(demo, master)["relationship"] == "CFO, seen on LinkedIn"


def test_merging_accounts_merges_the_orgs_own_fields_too(demo: Workspace) -> None:
    """The demo's accounts carry custom fields (CustomerPriority__c, SLA__c) in `extra`: they
    are chosen like the standard fields, picked by the steward, and undone exactly."""
    with demo.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT \"Id\", json_extract(extra, '$.SLA__c') FROM account ORDER BY pk"
        ).all()
    blank = next(str(i) for i, sla in rows if not sla)
    with_sla = [(str(i), str(sla)) for i, sla in rows if sla][:2]
    (first, first_sla), (second, second_sla) = with_sla
    assert first_sla and second_sla
    ids = [blank, first, second]
    before = dump_tables(demo)
    with demo.session() as session:
        plan = plan_for(session, "Account", ids, master_id=blank)
        picked = plan_for(session, "Account", ids, master_id=blank, picks={"SLA__c": second})
    sla = plan.choice("SLA__c")
    assert sla.differs and sla.value in (first_sla, second_sla) and sla.source in (first, second)
    assert picked.choice("SLA__c").value == second_sla
    assert picked.choice("SLA__c").rule == "chosen"
    with demo.transaction() as session:
        merge(session, picked)
    extra = json.loads(str(_scalar(demo, 'SELECT extra FROM account WHERE "Id" = :m', m=blank)))
    assert extra["SLA__c"] == second_sla
    assert extra["CustomerPriority__c"] == picked.choice("CustomerPriority__c").value != ""

    with demo.transaction() as session:
        undo(session)
    assert dump_tables(demo) == before


def test_a_merge_refuses_records_that_are_not_in_the_workspace(demo: Workspace) -> None:
    ids = _accounts_with_contacts(demo, 1)
    with demo.session() as session, pytest.raises(MergeProblem, match="No Account with id 001x"):
        plan_for(session, "Account", [ids[0], "001x"])


def _open_lead(workspace: Workspace, *, offset: int = 0) -> str:
    return str(
        _scalar(
            workspace,
            'SELECT "Id" FROM lead WHERE NOT coalesce("IsConverted", 0) AND "Company" != \'\' '
            "ORDER BY pk LIMIT 1 OFFSET :o",
            o=offset,
        )
    )


def _make_ready(workspace: Workspace, lead_id: str) -> None:
    with workspace.transaction() as session:
        session.merge(
            LeadCheck(
                lead_id=lead_id,
                checked_at="2026-11-23T00:00:00.000Z",
                ready=True,
                reason="",
                failing="",
                results=[],
            )
        )


def test_converting_a_lead_into_a_new_account_with_a_deal(demo: Workspace) -> None:
    lead_id = _open_lead(demo)
    _make_ready(demo, lead_id)
    before = dump_tables(demo)
    company = _scalar(demo, 'SELECT "Company" FROM lead WHERE "Id" = :i', i=lead_id)
    with demo.transaction() as session:
        plan = plan_lead(
            session, Settings(), lead_id, account_id=NEW, opportunity="", today=date(2026, 11, 23)
        )
        _op, made = convert(session, plan)
    assert made.account_id.startswith("local-001-")
    assert made.opportunity_id is not None
    lead = dict(
        zip(
            ("IsConverted", "ConvertedAccountId", "ConvertedContactId", "Status"),
            _column(
                demo,
                'SELECT "IsConverted" FROM lead WHERE "Id" = :i UNION ALL '
                'SELECT "ConvertedAccountId" FROM lead WHERE "Id" = :i UNION ALL '
                'SELECT "ConvertedContactId" FROM lead WHERE "Id" = :i UNION ALL '
                'SELECT "Status" FROM lead WHERE "Id" = :i',
                i=lead_id,
            ),
            strict=True,
        )
    )
    assert lead == {
        "IsConverted": 1,
        "ConvertedAccountId": made.account_id,
        "ConvertedContactId": made.contact_id,
        "Status": "Closed - Converted",
    }
    assert _scalar(demo, 'SELECT "Name" FROM account WHERE "Id" = :i', i=made.account_id) == company
    assert _scalar(demo, 'SELECT "AccountId" FROM contact WHERE "Id" = :i', i=made.contact_id) == (
        made.account_id
    )
    deal = _column(
        demo,
        'SELECT "Name" FROM opportunity WHERE "Id" = :i UNION ALL '
        'SELECT "CloseDate" FROM opportunity WHERE "Id" = :i',
        i=made.opportunity_id,
    )
    assert deal == [company, "2026-12-31"]
    with demo.transaction() as session:
        undo(session)
    assert dump_tables(demo) == before


def test_converting_into_an_existing_account_fills_only_its_blank_fields(demo: Workspace) -> None:
    lead_id = _open_lead(demo, offset=1)
    _make_ready(demo, lead_id)
    account = _accounts_with_contacts(demo, 1)[0]
    with demo.engine.begin() as connection:
        connection.execute(
            text('UPDATE account SET "Website" = NULL, "Name" = :n WHERE "Id" = :i'),
            {"n": "Kept Name Ltd", "i": account},
        )
        connection.execute(
            text('UPDATE lead SET "Website" = :w WHERE "Id" = :i'),
            {"w": "https://filled.example", "i": lead_id},
        )
    with demo.transaction() as session:
        plan = plan_lead(session, Settings(), lead_id, account_id=account)
        convert(session, plan)
    row = _column(
        demo,
        'SELECT "Name" FROM account WHERE "Id" = :i UNION ALL '
        'SELECT "Website" FROM account WHERE "Id" = :i',
        i=account,
    )
    assert row == ["Kept Name Ltd", "https://filled.example"]


def test_a_lead_that_is_not_ready_converts_only_with_a_reason_the_journal_keeps(
    demo: Workspace,
) -> None:
    lead_id = _open_lead(demo, offset=2)
    with demo.session() as session, pytest.raises(ConvertProblem, match="not ready"):
        plan_lead(session, Settings(), lead_id)
    with demo.transaction() as session:
        plan = plan_lead(session, Settings(), lead_id, override="Met them at the trade fair")
        convert(session, plan)
    with demo.session() as session:
        entry = history(session, limit=1)[0]
    assert entry.kind == "convert"
    assert entry.inputs["override"] == "Met them at the trade fair"


def test_disqualifying_needs_a_reason_and_keeps_it(demo: Workspace) -> None:
    lead_id = _open_lead(demo, offset=3)
    with demo.transaction() as session, pytest.raises(ConvertProblem, match="reason"):
        disqualify(session, Settings(), lead_id, "  ")
    with demo.transaction() as session:
        disqualify(session, Settings(), lead_id, "Student, not a buyer")
    assert _scalar(demo, 'SELECT "Status" FROM lead WHERE "Id" = :i', i=lead_id) == (
        "Closed - Not Converted"
    )
    with demo.session() as session:
        assert history(session, limit=1)[0].inputs["reason"] == "Student, not a buyer"


def test_an_operation_pushed_to_the_crm_cannot_be_undone(demo: Workspace) -> None:
    lead_id = _open_lead(demo, offset=4)
    with demo.transaction() as session:
        disqualify(session, Settings(), lead_id, "Duplicate of a customer contact")
    with demo.transaction() as session:
        newest = session.scalar(select(Operation.id).order_by(Operation.id.desc()).limit(1))
        assert newest is not None
        set_push_state(session, newest, "failed", "FIELD_CUSTOM_VALIDATION_EXCEPTION: Region")
    with demo.transaction() as session, pytest.raises(JournalError, match="Region"):
        undo(session)
    with demo.transaction() as session:
        set_push_state(session, newest, "pushed")
    with demo.transaction() as session, pytest.raises(JournalError, match="pushed to the CRM"):
        undo(session)
