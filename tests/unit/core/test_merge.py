"""Merge planning: the master, every field's surviving value, and the CRM's calls."""

from __future__ import annotations

import pytest

from steward.core.merge import MergePlan, MergeProblem, MergeRecord, MergeRules, plan_merge


def _contact(record_id: str, **values: object) -> MergeRecord:
    customer = bool(values.pop("customer", False))
    owner_active = bool(values.pop("owner_active", True))
    return MergeRecord(record_id, values, customer=customer, owner_active=owner_active)  # type: ignore[arg-type]


def _plan(*records: MergeRecord, **options: object) -> MergePlan:
    return plan_merge("Contact", records, **options)  # type: ignore[arg-type]


def test_a_customer_survives_a_prospect_whatever_else() -> None:
    old = _contact("003A", CreatedDate="2019-01-01T00:00:00.000Z", Email="a@x.com", Phone="1")
    customer = _contact("003B", CreatedDate="2024-01-01T00:00:00.000Z", customer=True)
    plan = _plan(old, customer)
    assert plan.master_id == "003B" and plan.others == ("003A",)


def test_ties_go_to_the_most_complete_then_the_most_recent_activity_then_the_oldest() -> None:
    sparse = _contact("003A", LastName="Ng")
    full = _contact("003B", LastName="Ng", Email="ng@acme.com", Phone="+14155550123")
    assert _plan(sparse, full).master_id == "003B"
    quiet = _contact("003C", LastName="Ng", LastActivityDate="2023-05-01")
    busy = _contact("003D", LastName="Ng", LastActivityDate="2024-05-01")
    assert _plan(quiet, busy).master_id == "003D"
    young = _contact("003E", LastName="Ng", CreatedDate="2024-01-01T00:00:00.000Z")
    old = _contact("003F", LastName="Ng", CreatedDate="2020-01-01T00:00:00.000Z")
    assert _plan(young, old).master_id == "003F"


def test_the_master_rules_are_the_stewards_to_order() -> None:
    young_full = _contact("003A", CreatedDate="2024-01-01T00:00:00.000Z", Email="a@x.com")
    old_sparse = _contact("003B", CreatedDate="2020-01-01T00:00:00.000Z")
    assert _plan(young_full, old_sparse).master_id == "003A"
    oldest_first = MergeRules(master=("oldest", "most_complete"))
    assert _plan(young_full, old_sparse, rules=oldest_first).master_id == "003B"


def test_blank_master_fields_are_filled_from_the_others_and_flags_survive() -> None:
    master = _contact("003A", customer=True, LastName="Lee", Email="", DoNotCall=False)
    other = _contact("003B", LastName="LEE", Email="lee@acme.com", DoNotCall=True, Title="CFO")
    plan = _plan(master, other)
    assert plan.master_id == "003A"
    assert plan.choice("Email").value == "lee@acme.com" and plan.choice("Email").source == "003B"
    assert plan.choice("DoNotCall").value is True
    assert plan.choice("LastName").value == "Lee" and not plan.choice("LastName").differs
    assert plan.changes(master.values) == {"Email": "lee@acme.com", "DoNotCall": True,
                                           "Title": "CFO"}  # fmt: skip


def test_descriptions_are_joined_and_each_field_can_have_its_own_rule() -> None:
    a = _contact("003A", customer=True, Description="Met at Dreamforce", Title="VP",
                 LastModifiedDate="2023-01-01T00:00:00.000Z", Phone="111")  # fmt: skip
    b = _contact("003B", Description="met at dreamforce ", Title="Vice President",
                 LastModifiedDate="2024-06-01T00:00:00.000Z", Phone="222")  # fmt: skip
    c = _contact("003C", Description="Prefers email", Title="VP", Phone="222")
    rules = MergeRules(fields={"Title": "longest", "Phone": "most_frequent"})
    plan = _plan(a, b, c, rules=rules)
    assert plan.choice("Description").value == "Met at Dreamforce\n\nPrefers email"
    assert plan.choice("Title").value == "Vice President"
    assert plan.choice("Phone").value == "222"
    newest = _plan(a, b, c, rules=MergeRules(fields={"Title": "newest"}))
    assert newest.choice("Title").value == "Vice President"
    assert newest.choice("Title").source == "003B"


def test_the_stewards_picks_and_master_win() -> None:
    a = _contact("003A", customer=True, Email="old@acme.com")
    b = _contact("003B", Email="new@acme.com")
    plan = _plan(a, b, master_id="003B", picks={"Email": "003A"})
    assert plan.master_id == "003B" and plan.others == ("003A",)
    assert plan.choice("Email").value == "old@acme.com"
    assert plan.choice("Email").rule == "chosen" and plan.choice("Email").differs


def test_a_large_group_becomes_a_chain_of_calls_on_one_master() -> None:
    records = [_contact(f"003{n}", LastName="Ng", customer=n == 4) for n in range(7)]
    plan = _plan(*records)
    assert plan.master_id == "0034"
    assert plan.calls == (("0034", "0030", "0031"), ("0034", "0032", "0033"),
                          ("0034", "0035", "0036"))  # fmt: skip
    assert all(len(call) <= 3 for call in plan.calls)


def test_system_fields_are_never_chosen() -> None:
    plan = _plan(_contact("003A", LastName="A"), _contact("003B", LastName="B"))
    names = {c.name for c in plan.fields}
    assert {"Id", "CreatedDate", "SystemModstamp", "MasterRecordId"}.isdisjoint(names)
    assert {"LastName", "Email", "AccountId", "OwnerId"} <= names


@pytest.mark.parametrize(
    ("object_name", "records", "options", "message"),
    [
        ("Opportunity", ["006A", "006B"], {}, "cannot be merged"),
        ("Contact", ["003A"], {}, "2 to 10 records"),
        ("Contact", [f"003{n:02d}" for n in range(11)], {}, "2 to 10 records"),
        ("Contact", ["003A", "003A"], {}, "named twice"),
        ("Contact", ["003A", "003B"], {"master_id": "003Z"}, "is not one of the records"),
        ("Contact", ["003A", "003B"], {"picks": {"Email": "003Z"}}, "Email: 003Z"),
        ("Contact", ["003A", "003B"], {"picks": {"Id": "003A"}}, "not a field a merge"),
    ],
)
def test_a_merge_that_cannot_be_planned_says_why(
    object_name: str, records: list[str], options: dict[str, object], message: str
) -> None:
    with pytest.raises(MergeProblem, match=message):
        plan_merge(object_name, [MergeRecord(r, {}) for r in records], **options)  # type: ignore[arg-type]


def test_unknown_rules_are_refused_by_name() -> None:
    with pytest.raises(MergeProblem, match="unknown master rule 'newest'"):
        MergeRules(master=("newest",))
    with pytest.raises(MergeProblem, match="Title: unknown rule 'best'"):
        MergeRules(fields={"Title": "best"})
