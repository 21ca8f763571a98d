"""The workspace's tables, as SQLAlchemy 2 typed models.

Record tables hold one Salesforce object each. Their typed columns carry the fields of
steward.core.fields (same API names, same order); every other column of a source file lives in
`extra` (a JSON object of the raw text), so an import followed by an export loses nothing.
Dates and datetimes are kept as the canonical text of steward.core.values ('YYYY-MM-DD',
'YYYY-MM-DDTHH:MM:SS.sssZ' in UTC): it sorts correctly and is written back verbatim.
Helper columns (norm_name, email_domain, phone_digits, search_text) are derived at import for
search and matching; `search_text` feeds a trigram FTS5 index kept in step by triggers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class Record(Base):
    """Columns every record table has."""

    __abstract__ = True

    # An integer key of our own: FTS5 and the record browser address rows by it, and unlike an
    # implicit rowid it survives VACUUM.
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    Id: Mapped[str] = mapped_column(String(18), unique=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    norm_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    email_domain: Mapped[str] = mapped_column(Text, default="", server_default="")
    phone_digits: Mapped[str] = mapped_column(Text, default="", server_default="")
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")


def _key() -> Mapped[str]:
    return mapped_column(Text, default="", server_default="")


# The match keys that candidate look-ups go through, each with a partial index (most records
# lack one key or another, and '' is never looked up).
INDEXED_MATCH_KEYS = ("mk_email", "mk_phone", "mk_mobile", "mk_domain", "mk_company", "mk_last")


class Matchable:
    """The match keys of steward.core.matching.keys, derived at import like the helpers."""

    mk_first: Mapped[str] = _key()
    mk_nick: Mapped[str] = _key()
    mk_last: Mapped[str] = _key()
    mk_email: Mapped[str] = _key()
    mk_domain: Mapped[str] = _key()
    mk_phone: Mapped[str] = _key()
    mk_mobile: Mapped[str] = _key()
    mk_company: Mapped[str] = _key()
    mk_postcode: Mapped[str] = _key()
    mk_street: Mapped[str] = _key()
    mk_city: Mapped[str] = _key()
    mk_country: Mapped[str] = _key()

    @staticmethod
    def index_args(table: str) -> tuple[Index, ...]:
        return tuple(
            Index(f"ix_{table}_{key}", key, sqlite_where=text(f"{key} != ''"))
            for key in INDEXED_MATCH_KEYS
        )

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, ...]:
        return Matchable.index_args(cls.__tablename__)  # type: ignore[attr-defined]


class Lead(Matchable, Record):
    __tablename__ = "lead"
    IsDeleted: Mapped[bool | None] = mapped_column(Boolean)
    OwnerId: Mapped[str | None] = mapped_column(String)
    CreatedDate: Mapped[str | None] = mapped_column(String(24))
    CreatedById: Mapped[str | None] = mapped_column(String)
    LastModifiedDate: Mapped[str | None] = mapped_column(String(24))
    LastModifiedById: Mapped[str | None] = mapped_column(String)
    SystemModstamp: Mapped[str | None] = mapped_column(String(24))
    MasterRecordId: Mapped[str | None] = mapped_column(String)
    Salutation: Mapped[str | None] = mapped_column(Text)
    FirstName: Mapped[str | None] = mapped_column(Text)
    LastName: Mapped[str | None] = mapped_column(Text)
    Title: Mapped[str | None] = mapped_column(Text)
    Company: Mapped[str | None] = mapped_column(Text)
    Street: Mapped[str | None] = mapped_column(Text)
    City: Mapped[str | None] = mapped_column(Text)
    State: Mapped[str | None] = mapped_column(Text)
    PostalCode: Mapped[str | None] = mapped_column(Text)
    Country: Mapped[str | None] = mapped_column(Text)
    Phone: Mapped[str | None] = mapped_column(Text)
    MobilePhone: Mapped[str | None] = mapped_column(Text)
    Fax: Mapped[str | None] = mapped_column(Text)
    Email: Mapped[str | None] = mapped_column(Text)
    Website: Mapped[str | None] = mapped_column(Text)
    Description: Mapped[str | None] = mapped_column(Text)
    LeadSource: Mapped[str | None] = mapped_column(Text)
    Status: Mapped[str | None] = mapped_column(Text)
    Industry: Mapped[str | None] = mapped_column(Text)
    Rating: Mapped[str | None] = mapped_column(Text)
    AnnualRevenue: Mapped[float | None] = mapped_column(Float)
    NumberOfEmployees: Mapped[int | None] = mapped_column(Integer)
    DoNotCall: Mapped[bool | None] = mapped_column(Boolean)
    HasOptedOutOfEmail: Mapped[bool | None] = mapped_column(Boolean)
    HasOptedOutOfFax: Mapped[bool | None] = mapped_column(Boolean)
    EmailBouncedDate: Mapped[str | None] = mapped_column(String(24))
    EmailBouncedReason: Mapped[str | None] = mapped_column(Text)
    IsConverted: Mapped[bool | None] = mapped_column(Boolean)
    ConvertedDate: Mapped[str | None] = mapped_column(String(10))
    ConvertedAccountId: Mapped[str | None] = mapped_column(String)
    ConvertedContactId: Mapped[str | None] = mapped_column(String)
    ConvertedOpportunityId: Mapped[str | None] = mapped_column(String)
    LastActivityDate: Mapped[str | None] = mapped_column(String(10))


class Account(Matchable, Record):
    __tablename__ = "account"
    IsDeleted: Mapped[bool | None] = mapped_column(Boolean)
    OwnerId: Mapped[str | None] = mapped_column(String)
    CreatedDate: Mapped[str | None] = mapped_column(String(24))
    CreatedById: Mapped[str | None] = mapped_column(String)
    LastModifiedDate: Mapped[str | None] = mapped_column(String(24))
    LastModifiedById: Mapped[str | None] = mapped_column(String)
    SystemModstamp: Mapped[str | None] = mapped_column(String(24))
    MasterRecordId: Mapped[str | None] = mapped_column(String)
    Name: Mapped[str | None] = mapped_column(Text)
    Type: Mapped[str | None] = mapped_column(Text)
    ParentId: Mapped[str | None] = mapped_column(String)
    BillingStreet: Mapped[str | None] = mapped_column(Text)
    BillingCity: Mapped[str | None] = mapped_column(Text)
    BillingState: Mapped[str | None] = mapped_column(Text)
    BillingPostalCode: Mapped[str | None] = mapped_column(Text)
    BillingCountry: Mapped[str | None] = mapped_column(Text)
    ShippingStreet: Mapped[str | None] = mapped_column(Text)
    ShippingCity: Mapped[str | None] = mapped_column(Text)
    ShippingState: Mapped[str | None] = mapped_column(Text)
    ShippingPostalCode: Mapped[str | None] = mapped_column(Text)
    ShippingCountry: Mapped[str | None] = mapped_column(Text)
    Phone: Mapped[str | None] = mapped_column(Text)
    Fax: Mapped[str | None] = mapped_column(Text)
    Website: Mapped[str | None] = mapped_column(Text)
    Industry: Mapped[str | None] = mapped_column(Text)
    AnnualRevenue: Mapped[float | None] = mapped_column(Float)
    NumberOfEmployees: Mapped[int | None] = mapped_column(Integer)
    Rating: Mapped[str | None] = mapped_column(Text)
    AccountSource: Mapped[str | None] = mapped_column(Text)
    Description: Mapped[str | None] = mapped_column(Text)
    LastActivityDate: Mapped[str | None] = mapped_column(String(10))


class Contact(Matchable, Record):
    __tablename__ = "contact"
    # A contact's company is its account's: looked up through AccountId.
    __table_args__ = (*Matchable.index_args("contact"), Index("ix_contact_account", "AccountId"))
    IsDeleted: Mapped[bool | None] = mapped_column(Boolean)
    OwnerId: Mapped[str | None] = mapped_column(String)
    CreatedDate: Mapped[str | None] = mapped_column(String(24))
    CreatedById: Mapped[str | None] = mapped_column(String)
    LastModifiedDate: Mapped[str | None] = mapped_column(String(24))
    LastModifiedById: Mapped[str | None] = mapped_column(String)
    SystemModstamp: Mapped[str | None] = mapped_column(String(24))
    MasterRecordId: Mapped[str | None] = mapped_column(String)
    AccountId: Mapped[str | None] = mapped_column(String)
    ReportsToId: Mapped[str | None] = mapped_column(String)
    Salutation: Mapped[str | None] = mapped_column(Text)
    FirstName: Mapped[str | None] = mapped_column(Text)
    LastName: Mapped[str | None] = mapped_column(Text)
    Title: Mapped[str | None] = mapped_column(Text)
    Department: Mapped[str | None] = mapped_column(Text)
    MailingStreet: Mapped[str | None] = mapped_column(Text)
    MailingCity: Mapped[str | None] = mapped_column(Text)
    MailingState: Mapped[str | None] = mapped_column(Text)
    MailingPostalCode: Mapped[str | None] = mapped_column(Text)
    MailingCountry: Mapped[str | None] = mapped_column(Text)
    Phone: Mapped[str | None] = mapped_column(Text)
    MobilePhone: Mapped[str | None] = mapped_column(Text)
    Fax: Mapped[str | None] = mapped_column(Text)
    Email: Mapped[str | None] = mapped_column(Text)
    LeadSource: Mapped[str | None] = mapped_column(Text)
    Description: Mapped[str | None] = mapped_column(Text)
    DoNotCall: Mapped[bool | None] = mapped_column(Boolean)
    HasOptedOutOfEmail: Mapped[bool | None] = mapped_column(Boolean)
    HasOptedOutOfFax: Mapped[bool | None] = mapped_column(Boolean)
    EmailBouncedDate: Mapped[str | None] = mapped_column(String(24))
    EmailBouncedReason: Mapped[str | None] = mapped_column(Text)
    LastActivityDate: Mapped[str | None] = mapped_column(String(10))


class Opportunity(Record):
    __tablename__ = "opportunity"
    __table_args__ = (Index("ix_opportunity_account", "AccountId"),)
    IsDeleted: Mapped[bool | None] = mapped_column(Boolean)
    OwnerId: Mapped[str | None] = mapped_column(String)
    CreatedDate: Mapped[str | None] = mapped_column(String(24))
    CreatedById: Mapped[str | None] = mapped_column(String)
    LastModifiedDate: Mapped[str | None] = mapped_column(String(24))
    LastModifiedById: Mapped[str | None] = mapped_column(String)
    SystemModstamp: Mapped[str | None] = mapped_column(String(24))
    AccountId: Mapped[str | None] = mapped_column(String)
    ContactId: Mapped[str | None] = mapped_column(String)
    Name: Mapped[str | None] = mapped_column(Text)
    StageName: Mapped[str | None] = mapped_column(Text)
    Amount: Mapped[float | None] = mapped_column(Float)
    Probability: Mapped[float | None] = mapped_column(Float)
    CloseDate: Mapped[str | None] = mapped_column(String(10))
    Type: Mapped[str | None] = mapped_column(Text)
    LeadSource: Mapped[str | None] = mapped_column(Text)
    IsClosed: Mapped[bool | None] = mapped_column(Boolean)
    IsWon: Mapped[bool | None] = mapped_column(Boolean)
    Description: Mapped[str | None] = mapped_column(Text)


class User(Record):
    __tablename__ = "sf_user"
    Username: Mapped[str | None] = mapped_column(Text)
    FirstName: Mapped[str | None] = mapped_column(Text)
    LastName: Mapped[str | None] = mapped_column(Text)
    Email: Mapped[str | None] = mapped_column(Text)
    Title: Mapped[str | None] = mapped_column(Text)
    Department: Mapped[str | None] = mapped_column(Text)
    IsActive: Mapped[bool | None] = mapped_column(Boolean)
    UserRoleId: Mapped[str | None] = mapped_column(String)
    ManagerId: Mapped[str | None] = mapped_column(String)
    CreatedDate: Mapped[str | None] = mapped_column(String(24))
    LastModifiedDate: Mapped[str | None] = mapped_column(String(24))
    SystemModstamp: Mapped[str | None] = mapped_column(String(24))


RECORD_MODELS: dict[str, type[Record]] = {
    model.__name__: model for model in (Lead, Account, Contact, Opportunity, User)
}


class Meta(Base):
    """Facts about the workspace itself: its origin, when it was made, by which version."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SourceColumn(Base):
    """The columns of an object's source files, in the order first seen, for lossless export."""

    __tablename__ = "source_column"

    object_name: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)


class ImportRun(Base):
    """One import of export files: where from, when, and what it did."""

    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started: Mapped[str] = mapped_column(String(24))
    finished: Mapped[str | None] = mapped_column(String(24))
    sources: Mapped[list[str]] = mapped_column(JSON)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Operation(Base):
    """A journal entry: one change the steward made, with the images to undo and redo it.

    before and after are lists of row images, {"table", "key", "row"}: the touched columns of
    one row as they were and as they became (row None: the row did not exist).
    """

    __tablename__ = "operation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)  # edit, confirm, merge, convert, disqualify, ...
    created: Mapped[str] = mapped_column(String(24))
    author: Mapped[str] = mapped_column(String)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    before: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    after: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    label: Mapped[str] = mapped_column(Text, default="", server_default="")  # for the history
    # pending (not yet in the CRM), pushed, failed, conflict; discarded: undone, then replaced
    # by a newer operation, so it can no longer be redone.
    state: Mapped[str] = mapped_column(String, default="pending")
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    # what the CRM said when the push failed or met a conflict
    message: Mapped[str] = mapped_column(Text, default="", server_default="")


class OperationRow(Base):
    """Which records an operation touched, so export can find what changed per object."""

    __tablename__ = "operation_row"

    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operation.id", ondelete="CASCADE"), primary_key=True
    )
    object_name: Mapped[str] = mapped_column(String, primary_key=True)
    record_id: Mapped[str] = mapped_column(String, primary_key=True)


class LeadCheck(Base):
    """The latest checklist verdict on one lead: every result, and readiness for the queue."""

    __tablename__ = "lead_check"

    lead_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    checked_at: Mapped[str] = mapped_column(String(24))
    ready: Mapped[bool] = mapped_column(Boolean, index=True)
    reason: Mapped[str] = mapped_column(Text)
    # Required items that are not passed or confirmed, in template order, space-separated.
    failing: Mapped[str] = mapped_column(Text, default="")
    icp_score: Mapped[int | None] = mapped_column(Integer)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{"check", "status", "evidence", "fix": {"label", "values"} | None, "details"}]
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class Confirmation(Base):
    """A steward's current word on one checklist item of one lead; the journal keeps history."""

    __tablename__ = "confirmation"

    lead_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    item: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str] = mapped_column(String)  # confirm, override, call
    who: Mapped[str] = mapped_column(String)
    confirmed_at: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")  # what the check said at the time
    outcome: Mapped[str | None] = mapped_column(String)  # a call's outcome
    role: Mapped[str | None] = mapped_column(Text)  # a confirmed relationship's role
    seen_at: Mapped[str | None] = mapped_column(String)  # ... and where it was seen


class Setting(Base):
    """Workspace settings, one JSON document per key (see steward.store.settings)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class DnsVerdict(Base):
    """A cached answer to "does this domain take mail?", so DNS is asked once per domain."""

    __tablename__ = "dns_cache"

    domain: Mapped[str] = mapped_column(Text, primary_key=True)
    status: Mapped[str] = mapped_column(String)
    detail: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[str] = mapped_column(String(24))


class MatchDecision(Base):
    """A steward's word on a pair of records, which every later matching run respects.

    The pair is stored in one order (the smaller (object, id) on the left). verdict is
    'different' (not a duplicate), 'duplicate', or 'member' (the lead belongs to the account:
    "same company", "link to this account").
    """

    __tablename__ = "match_decision"

    left_object: Mapped[str] = mapped_column(String, primary_key=True)
    left_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    right_object: Mapped[str] = mapped_column(String, primary_key=True)
    right_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    verdict: Mapped[str] = mapped_column(String)
    who: Mapped[str] = mapped_column(String)
    decided_at: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_match_decision_right", "right_object", "right_id"),)


class MatchPair(Base):
    """A candidate pair at or above the threshold in the latest run for its objects."""

    __tablename__ = "match_pair"

    left_object: Mapped[str] = mapped_column(String, primary_key=True)
    left_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    right_object: Mapped[str] = mapped_column(String, primary_key=True)
    right_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)  # "Email: same (+6.0); Phone: ..."

    __table_args__ = (Index("ix_match_pair_right", "right_object", "right_id"),)


class LeadMatch(Base):
    """What matching found for one lead: its account, a contact it already is, its warnings."""

    __tablename__ = "lead_match"

    lead_id: Mapped[str] = mapped_column(String(18), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(String(18))
    account_score: Mapped[float | None] = mapped_column(Float)
    contact_id: Mapped[str | None] = mapped_column(String(18))
    contact_score: Mapped[float | None] = mapped_column(Float)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)  # other leads above threshold
    # space-separated: customer, open_deal, contact
    warnings: Mapped[str] = mapped_column(Text, default="")
    matched_at: Mapped[str] = mapped_column(String(24))
