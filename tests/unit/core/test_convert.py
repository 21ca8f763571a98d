"""Conversion planning: what a lead becomes, and what stands in the way."""

from __future__ import annotations

from datetime import date

import pytest

from steward.core.convert import ConvertProblem, ConvertRequest, end_of_quarter, plan_conversion

LEAD = {
    "Id": "00Q000000000001AAA",
    "OwnerId": "005000000000001AAA",
    "FirstName": "Ana",
    "LastName": "Silva",
    "Title": "CFO",
    "Company": "Acme Lda",
    "Street": "Rua Augusta 17",
    "City": "Lisboa",
    "Country": "Portugal",
    "Phone": "+351 21 000 0000",
    "Email": "ana@acme.pt",
    "Website": "acme.pt",
    "LeadSource": "Trade Show",
    "DoNotCall": True,
    "IsConverted": False,
}
ACCOUNT = {"Id": "001000000000001AAA", "Name": "ACME", "Phone": "", "Website": "www.acme.pt"}
CONTACT = {"Id": "003000000000001AAA", "AccountId": ACCOUNT["Id"], "Email": "",
           "LastName": "Silva", "LeadSource": "Web"}  # fmt: skip


def test_a_lead_into_new_records_takes_the_standard_mapping() -> None:
    plan = plan_conversion(ConvertRequest(LEAD, opportunity=""))
    assert plan.account.record_id is None and plan.contact.record_id is None
    assert plan.account.values == {
        "Name": "Acme Lda", "BillingStreet": "Rua Augusta 17", "BillingCity": "Lisboa",
        "BillingCountry": "Portugal", "Phone": "+351 21 000 0000", "Website": "acme.pt",
        "OwnerId": LEAD["OwnerId"],
    }  # fmt: skip
    contact = plan.contact.values
    assert contact["MailingCity"] == "Lisboa" and contact["Email"] == "ana@acme.pt"
    assert contact["DoNotCall"] is True and contact["LeadSource"] == "Trade Show"
    assert "AccountId" not in contact  # the new account's id comes when it exists
    assert plan.opportunity is not None
    assert plan.opportunity.values["Name"] == "Acme Lda"
    assert plan.opportunity.values["LeadSource"] == "Trade Show"


def test_into_an_existing_account_and_contact_only_blank_fields_are_filled() -> None:
    plan = plan_conversion(ConvertRequest(LEAD, account=ACCOUNT, contact=CONTACT))
    assert plan.account.record_id == ACCOUNT["Id"]
    assert plan.account.values["Phone"] == "+351 21 000 0000"  # was blank
    assert "Name" not in plan.account.values and plan.account.kept["Name"] == "ACME"
    assert plan.account.kept["Website"] == "www.acme.pt"
    assert plan.contact.values["Email"] == "ana@acme.pt"
    assert plan.contact.kept["LeadSource"] == "Web" and plan.opportunity is None
    asked = plan_conversion(
        ConvertRequest(LEAD, account=ACCOUNT, contact=CONTACT, overwrite_lead_source=True)
    )
    assert asked.contact.values["LeadSource"] == "Trade Show"


def test_a_new_contact_in_an_existing_account_belongs_to_it() -> None:
    plan = plan_conversion(ConvertRequest(LEAD, account=ACCOUNT, opportunity="Acme renewal"))
    assert plan.contact.record_id is None
    assert plan.contact.values["AccountId"] == ACCOUNT["Id"]
    assert plan.opportunity is not None and plan.opportunity.values["Name"] == "Acme renewal"
    assert plan.opportunity.values["AccountId"] == ACCOUNT["Id"]


def test_a_lead_without_a_company_names_its_account_after_the_person() -> None:
    plan = plan_conversion(ConvertRequest({**LEAD, "Company": ""}, opportunity=""))
    assert plan.account.values["Name"] == "Ana Silva"
    assert plan.opportunity is not None and plan.opportunity.values["Name"] == "Ana Silva"


def test_a_lead_that_is_not_ready_converts_only_with_a_reason() -> None:
    with pytest.raises(ConvertProblem, match="not ready to convert: give the reason"):
        plan_conversion(ConvertRequest(LEAD, ready=False))
    plan = plan_conversion(ConvertRequest(LEAD, ready=False, override=" Confirmed by phone "))
    assert plan.override == "Confirmed by phone"


def test_the_orgs_mapping_of_a_lead_field_replaces_its_standard_one() -> None:
    mapping = {"Title": (("Contact", "Department"), ("Opportunity", "Description"))}
    plan = plan_conversion(ConvertRequest(LEAD, mapping=mapping, opportunity=""))
    assert plan.contact.values["Department"] == "CFO" and "Title" not in plan.contact.values
    assert plan.opportunity is not None and plan.opportunity.values["Description"] == "CFO"
    with pytest.raises(ConvertProblem, match=r"mapping Email -> Contact.Nickname: a conversion"):
        plan_conversion(ConvertRequest(LEAD, mapping={"Email": (("Contact", "Nickname"),)}))


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ConvertRequest({**LEAD, "IsConverted": True}), "converted already"),
        (ConvertRequest(LEAD, status="Working"), "'Working' is not a converted lead status"),
        (ConvertRequest(LEAD, contact=CONTACT), "needs its account too"),
        (
            ConvertRequest(LEAD, account=ACCOUNT, contact={**CONTACT, "AccountId": "001X"}),
            "belongs to account 001X",
        ),
        (ConvertRequest({**LEAD, "Id": ""}), "has no id"),
    ],
)
def test_a_conversion_that_cannot_be_planned_says_why(
    request_: ConvertRequest, message: str
) -> None:
    with pytest.raises(ConvertProblem, match=message):
        plan_conversion(request_)


def test_the_orgs_own_converted_statuses() -> None:
    plan = plan_conversion(ConvertRequest(LEAD, status="Qualified"), ["Qualified"])
    assert plan.status == "Qualified"


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 5, 17), date(2026, 6, 30)),
        (date(2026, 9, 30), date(2026, 9, 30)),
        (date(2026, 11, 23), date(2026, 12, 31)),
    ],
)
def test_the_quarter_ends_on_its_last_day(day: date, end: date) -> None:
    assert end_of_quarter(day) == end


def test_the_opportunity_starts_at_the_first_stage_and_closes_at_the_quarters_end() -> None:
    request = ConvertRequest(LEAD, opportunity="", today=date(2026, 11, 23), stage="Qualification")
    opportunity = plan_conversion(request).opportunity
    assert opportunity is not None
    assert opportunity.values["StageName"] == "Qualification"
    assert opportunity.values["CloseDate"] == "2026-12-31"
    assert opportunity.values["IsClosed"] is False
    dated = ConvertRequest(LEAD, opportunity="Renewal", close_date="2027-02-01")
    assert plan_conversion(dated).opportunity.values["CloseDate"] == "2027-02-01"  # type: ignore[union-attr]
