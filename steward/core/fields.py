"""The field vocabulary: which Salesforce objects Steward keeps and which of their fields it uses.

Field names are Salesforce API names. The fields listed here become typed columns in the
workspace; every other column of a source file is kept verbatim beside them, so an import
followed by an export loses nothing. The store's models mirror this table (a unit test keeps
the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a field's text is parsed and written back."""

    ID = "id"  # the record's own Salesforce id (15 or 18 characters, stored as 18)
    REF = "ref"  # a reference to another record's id
    STR = "str"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True, slots=True)
class ObjectSpec:
    """One Salesforce object: its API name, typed fields in export order, and display hints."""

    name: str
    label: str
    plural: str
    fields: dict[str, Kind]
    title_fields: tuple[str, ...]  # what names a record in a list or a heading
    browse_columns: tuple[str, ...]  # the columns the record browser shows first

    def kind(self, field: str) -> Kind | None:
        return self.fields.get(field)


_SYSTEM: dict[str, Kind] = {
    "Id": Kind.ID,
    "IsDeleted": Kind.BOOL,
    "OwnerId": Kind.REF,
    "CreatedDate": Kind.DATETIME,
    "CreatedById": Kind.REF,
    "LastModifiedDate": Kind.DATETIME,
    "LastModifiedById": Kind.REF,
    "SystemModstamp": Kind.DATETIME,
}

_CONTACT_FLAGS: dict[str, Kind] = {
    "DoNotCall": Kind.BOOL,
    "HasOptedOutOfEmail": Kind.BOOL,
    "HasOptedOutOfFax": Kind.BOOL,
    "EmailBouncedDate": Kind.DATETIME,
    "EmailBouncedReason": Kind.STR,
}

LEAD = ObjectSpec(
    name="Lead",
    label="Lead",
    plural="Leads",
    fields={
        **_SYSTEM,
        "MasterRecordId": Kind.REF,
        "Salutation": Kind.STR,
        "FirstName": Kind.STR,
        "LastName": Kind.STR,
        "Title": Kind.STR,
        "Company": Kind.STR,
        "Street": Kind.STR,
        "City": Kind.STR,
        "State": Kind.STR,
        "PostalCode": Kind.STR,
        "Country": Kind.STR,
        "Phone": Kind.STR,
        "MobilePhone": Kind.STR,
        "Fax": Kind.STR,
        "Email": Kind.STR,
        "Website": Kind.STR,
        "Description": Kind.STR,
        "LeadSource": Kind.STR,
        "Status": Kind.STR,
        "Industry": Kind.STR,
        "Rating": Kind.STR,
        "AnnualRevenue": Kind.FLOAT,
        "NumberOfEmployees": Kind.INT,
        **_CONTACT_FLAGS,
        "IsConverted": Kind.BOOL,
        "ConvertedDate": Kind.DATE,
        "ConvertedAccountId": Kind.REF,
        "ConvertedContactId": Kind.REF,
        "ConvertedOpportunityId": Kind.REF,
        "LastActivityDate": Kind.DATE,
    },
    title_fields=("FirstName", "LastName"),
    browse_columns=(
        "FirstName",
        "LastName",
        "Company",
        "Title",
        "Email",
        "Phone",
        "City",
        "Country",
        "LeadSource",
        "Status",
        "CreatedDate",
    ),
)

ACCOUNT = ObjectSpec(
    name="Account",
    label="Account",
    plural="Accounts",
    fields={
        **_SYSTEM,
        "MasterRecordId": Kind.REF,
        "Name": Kind.STR,
        "Type": Kind.STR,
        "ParentId": Kind.REF,
        "BillingStreet": Kind.STR,
        "BillingCity": Kind.STR,
        "BillingState": Kind.STR,
        "BillingPostalCode": Kind.STR,
        "BillingCountry": Kind.STR,
        "ShippingStreet": Kind.STR,
        "ShippingCity": Kind.STR,
        "ShippingState": Kind.STR,
        "ShippingPostalCode": Kind.STR,
        "ShippingCountry": Kind.STR,
        "Phone": Kind.STR,
        "Fax": Kind.STR,
        "Website": Kind.STR,
        "Industry": Kind.STR,
        "AnnualRevenue": Kind.FLOAT,
        "NumberOfEmployees": Kind.INT,
        "Rating": Kind.STR,
        "AccountSource": Kind.STR,
        "Description": Kind.STR,
        "LastActivityDate": Kind.DATE,
    },
    title_fields=("Name",),
    browse_columns=(
        "Name",
        "Type",
        "Industry",
        "Website",
        "Phone",
        "BillingCity",
        "BillingCountry",
        "NumberOfEmployees",
        "AnnualRevenue",
    ),
)

CONTACT = ObjectSpec(
    name="Contact",
    label="Contact",
    plural="Contacts",
    fields={
        **_SYSTEM,
        "MasterRecordId": Kind.REF,
        "AccountId": Kind.REF,
        "ReportsToId": Kind.REF,
        "Salutation": Kind.STR,
        "FirstName": Kind.STR,
        "LastName": Kind.STR,
        "Title": Kind.STR,
        "Department": Kind.STR,
        "MailingStreet": Kind.STR,
        "MailingCity": Kind.STR,
        "MailingState": Kind.STR,
        "MailingPostalCode": Kind.STR,
        "MailingCountry": Kind.STR,
        "Phone": Kind.STR,
        "MobilePhone": Kind.STR,
        "Fax": Kind.STR,
        "Email": Kind.STR,
        "LeadSource": Kind.STR,
        "Description": Kind.STR,
        **_CONTACT_FLAGS,
        "LastActivityDate": Kind.DATE,
    },
    title_fields=("FirstName", "LastName"),
    browse_columns=(
        "FirstName",
        "LastName",
        "Title",
        "Email",
        "Phone",
        "MailingCity",
        "MailingCountry",
        "AccountId",
    ),
)

OPPORTUNITY = ObjectSpec(
    name="Opportunity",
    label="Opportunity",
    plural="Opportunities",
    fields={
        **_SYSTEM,
        "AccountId": Kind.REF,
        "ContactId": Kind.REF,
        "Name": Kind.STR,
        "StageName": Kind.STR,
        "Amount": Kind.FLOAT,
        "Probability": Kind.FLOAT,
        "CloseDate": Kind.DATE,
        "Type": Kind.STR,
        "LeadSource": Kind.STR,
        "IsClosed": Kind.BOOL,
        "IsWon": Kind.BOOL,
        "Description": Kind.STR,
    },
    title_fields=("Name",),
    browse_columns=("Name", "StageName", "Amount", "CloseDate", "Type", "AccountId", "IsClosed"),
)

USER = ObjectSpec(
    name="User",
    label="User",
    plural="Users",
    fields={
        "Id": Kind.ID,
        "Username": Kind.STR,
        "FirstName": Kind.STR,
        "LastName": Kind.STR,
        "Email": Kind.STR,
        "Title": Kind.STR,
        "Department": Kind.STR,
        "IsActive": Kind.BOOL,
        "UserRoleId": Kind.REF,
        "ManagerId": Kind.REF,
        "CreatedDate": Kind.DATETIME,
        "LastModifiedDate": Kind.DATETIME,
        "SystemModstamp": Kind.DATETIME,
    },
    title_fields=("FirstName", "LastName"),
    browse_columns=("FirstName", "LastName", "Username", "Email", "Title", "IsActive"),
)

OBJECTS: dict[str, ObjectSpec] = {
    spec.name: spec for spec in (LEAD, ACCOUNT, CONTACT, OPPORTUNITY, USER)
}


def object_spec(name: str) -> ObjectSpec | None:
    """The spec for an object's API name, matched case-insensitively ("lead" -> Lead)."""
    wanted = name.strip().lower()
    for spec in OBJECTS.values():
        if spec.name.lower() == wanted:
            return spec
    return None
