"""The first workspace schema: record tables, journal, import history, trigram search.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Spelled out rather than imported: a migration must not change when the models do.
RECORD_TABLES = ("lead", "account", "contact", "opportunity", "sf_user")


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("IsDeleted", sa.Boolean(), nullable=True),
        sa.Column("OwnerId", sa.String(), nullable=True),
        sa.Column("CreatedDate", sa.String(length=24), nullable=True),
        sa.Column("CreatedById", sa.String(), nullable=True),
        sa.Column("LastModifiedDate", sa.String(length=24), nullable=True),
        sa.Column("LastModifiedById", sa.String(), nullable=True),
        sa.Column("SystemModstamp", sa.String(length=24), nullable=True),
        sa.Column("MasterRecordId", sa.String(), nullable=True),
        sa.Column("Name", sa.Text(), nullable=True),
        sa.Column("Type", sa.Text(), nullable=True),
        sa.Column("ParentId", sa.String(), nullable=True),
        sa.Column("BillingStreet", sa.Text(), nullable=True),
        sa.Column("BillingCity", sa.Text(), nullable=True),
        sa.Column("BillingState", sa.Text(), nullable=True),
        sa.Column("BillingPostalCode", sa.Text(), nullable=True),
        sa.Column("BillingCountry", sa.Text(), nullable=True),
        sa.Column("ShippingStreet", sa.Text(), nullable=True),
        sa.Column("ShippingCity", sa.Text(), nullable=True),
        sa.Column("ShippingState", sa.Text(), nullable=True),
        sa.Column("ShippingPostalCode", sa.Text(), nullable=True),
        sa.Column("ShippingCountry", sa.Text(), nullable=True),
        sa.Column("Phone", sa.Text(), nullable=True),
        sa.Column("Fax", sa.Text(), nullable=True),
        sa.Column("Website", sa.Text(), nullable=True),
        sa.Column("Industry", sa.Text(), nullable=True),
        sa.Column("AnnualRevenue", sa.Float(), nullable=True),
        sa.Column("NumberOfEmployees", sa.Integer(), nullable=True),
        sa.Column("Rating", sa.Text(), nullable=True),
        sa.Column("AccountSource", sa.Text(), nullable=True),
        sa.Column("Description", sa.Text(), nullable=True),
        sa.Column("LastActivityDate", sa.String(length=10), nullable=True),
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("Id", sa.String(length=18), nullable=False),
        sa.Column("extra", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("norm_name", sa.Text(), server_default="", nullable=False),
        sa.Column("email_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("phone_digits", sa.Text(), server_default="", nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("Id"),
    )
    op.create_table(
        "contact",
        sa.Column("IsDeleted", sa.Boolean(), nullable=True),
        sa.Column("OwnerId", sa.String(), nullable=True),
        sa.Column("CreatedDate", sa.String(length=24), nullable=True),
        sa.Column("CreatedById", sa.String(), nullable=True),
        sa.Column("LastModifiedDate", sa.String(length=24), nullable=True),
        sa.Column("LastModifiedById", sa.String(), nullable=True),
        sa.Column("SystemModstamp", sa.String(length=24), nullable=True),
        sa.Column("MasterRecordId", sa.String(), nullable=True),
        sa.Column("AccountId", sa.String(), nullable=True),
        sa.Column("ReportsToId", sa.String(), nullable=True),
        sa.Column("Salutation", sa.Text(), nullable=True),
        sa.Column("FirstName", sa.Text(), nullable=True),
        sa.Column("LastName", sa.Text(), nullable=True),
        sa.Column("Title", sa.Text(), nullable=True),
        sa.Column("Department", sa.Text(), nullable=True),
        sa.Column("MailingStreet", sa.Text(), nullable=True),
        sa.Column("MailingCity", sa.Text(), nullable=True),
        sa.Column("MailingState", sa.Text(), nullable=True),
        sa.Column("MailingPostalCode", sa.Text(), nullable=True),
        sa.Column("MailingCountry", sa.Text(), nullable=True),
        sa.Column("Phone", sa.Text(), nullable=True),
        sa.Column("MobilePhone", sa.Text(), nullable=True),
        sa.Column("Fax", sa.Text(), nullable=True),
        sa.Column("Email", sa.Text(), nullable=True),
        sa.Column("LeadSource", sa.Text(), nullable=True),
        sa.Column("Description", sa.Text(), nullable=True),
        sa.Column("DoNotCall", sa.Boolean(), nullable=True),
        sa.Column("HasOptedOutOfEmail", sa.Boolean(), nullable=True),
        sa.Column("HasOptedOutOfFax", sa.Boolean(), nullable=True),
        sa.Column("EmailBouncedDate", sa.String(length=24), nullable=True),
        sa.Column("EmailBouncedReason", sa.Text(), nullable=True),
        sa.Column("LastActivityDate", sa.String(length=10), nullable=True),
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("Id", sa.String(length=18), nullable=False),
        sa.Column("extra", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("norm_name", sa.Text(), server_default="", nullable=False),
        sa.Column("email_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("phone_digits", sa.Text(), server_default="", nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("Id"),
    )
    op.create_table(
        "import_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started", sa.String(length=24), nullable=False),
        sa.Column("finished", sa.String(length=24), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "lead",
        sa.Column("IsDeleted", sa.Boolean(), nullable=True),
        sa.Column("OwnerId", sa.String(), nullable=True),
        sa.Column("CreatedDate", sa.String(length=24), nullable=True),
        sa.Column("CreatedById", sa.String(), nullable=True),
        sa.Column("LastModifiedDate", sa.String(length=24), nullable=True),
        sa.Column("LastModifiedById", sa.String(), nullable=True),
        sa.Column("SystemModstamp", sa.String(length=24), nullable=True),
        sa.Column("MasterRecordId", sa.String(), nullable=True),
        sa.Column("Salutation", sa.Text(), nullable=True),
        sa.Column("FirstName", sa.Text(), nullable=True),
        sa.Column("LastName", sa.Text(), nullable=True),
        sa.Column("Title", sa.Text(), nullable=True),
        sa.Column("Company", sa.Text(), nullable=True),
        sa.Column("Street", sa.Text(), nullable=True),
        sa.Column("City", sa.Text(), nullable=True),
        sa.Column("State", sa.Text(), nullable=True),
        sa.Column("PostalCode", sa.Text(), nullable=True),
        sa.Column("Country", sa.Text(), nullable=True),
        sa.Column("Phone", sa.Text(), nullable=True),
        sa.Column("MobilePhone", sa.Text(), nullable=True),
        sa.Column("Fax", sa.Text(), nullable=True),
        sa.Column("Email", sa.Text(), nullable=True),
        sa.Column("Website", sa.Text(), nullable=True),
        sa.Column("Description", sa.Text(), nullable=True),
        sa.Column("LeadSource", sa.Text(), nullable=True),
        sa.Column("Status", sa.Text(), nullable=True),
        sa.Column("Industry", sa.Text(), nullable=True),
        sa.Column("Rating", sa.Text(), nullable=True),
        sa.Column("AnnualRevenue", sa.Float(), nullable=True),
        sa.Column("NumberOfEmployees", sa.Integer(), nullable=True),
        sa.Column("DoNotCall", sa.Boolean(), nullable=True),
        sa.Column("HasOptedOutOfEmail", sa.Boolean(), nullable=True),
        sa.Column("HasOptedOutOfFax", sa.Boolean(), nullable=True),
        sa.Column("EmailBouncedDate", sa.String(length=24), nullable=True),
        sa.Column("EmailBouncedReason", sa.Text(), nullable=True),
        sa.Column("IsConverted", sa.Boolean(), nullable=True),
        sa.Column("ConvertedDate", sa.String(length=10), nullable=True),
        sa.Column("ConvertedAccountId", sa.String(), nullable=True),
        sa.Column("ConvertedContactId", sa.String(), nullable=True),
        sa.Column("ConvertedOpportunityId", sa.String(), nullable=True),
        sa.Column("LastActivityDate", sa.String(length=10), nullable=True),
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("Id", sa.String(length=18), nullable=False),
        sa.Column("extra", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("norm_name", sa.Text(), server_default="", nullable=False),
        sa.Column("email_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("phone_digits", sa.Text(), server_default="", nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("Id"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("created", sa.String(length=24), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "opportunity",
        sa.Column("IsDeleted", sa.Boolean(), nullable=True),
        sa.Column("OwnerId", sa.String(), nullable=True),
        sa.Column("CreatedDate", sa.String(length=24), nullable=True),
        sa.Column("CreatedById", sa.String(), nullable=True),
        sa.Column("LastModifiedDate", sa.String(length=24), nullable=True),
        sa.Column("LastModifiedById", sa.String(), nullable=True),
        sa.Column("SystemModstamp", sa.String(length=24), nullable=True),
        sa.Column("AccountId", sa.String(), nullable=True),
        sa.Column("ContactId", sa.String(), nullable=True),
        sa.Column("Name", sa.Text(), nullable=True),
        sa.Column("StageName", sa.Text(), nullable=True),
        sa.Column("Amount", sa.Float(), nullable=True),
        sa.Column("Probability", sa.Float(), nullable=True),
        sa.Column("CloseDate", sa.String(length=10), nullable=True),
        sa.Column("Type", sa.Text(), nullable=True),
        sa.Column("LeadSource", sa.Text(), nullable=True),
        sa.Column("IsClosed", sa.Boolean(), nullable=True),
        sa.Column("IsWon", sa.Boolean(), nullable=True),
        sa.Column("Description", sa.Text(), nullable=True),
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("Id", sa.String(length=18), nullable=False),
        sa.Column("extra", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("norm_name", sa.Text(), server_default="", nullable=False),
        sa.Column("email_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("phone_digits", sa.Text(), server_default="", nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("Id"),
    )
    op.create_table(
        "sf_user",
        sa.Column("Username", sa.Text(), nullable=True),
        sa.Column("FirstName", sa.Text(), nullable=True),
        sa.Column("LastName", sa.Text(), nullable=True),
        sa.Column("Email", sa.Text(), nullable=True),
        sa.Column("Title", sa.Text(), nullable=True),
        sa.Column("Department", sa.Text(), nullable=True),
        sa.Column("IsActive", sa.Boolean(), nullable=True),
        sa.Column("UserRoleId", sa.String(), nullable=True),
        sa.Column("ManagerId", sa.String(), nullable=True),
        sa.Column("CreatedDate", sa.String(length=24), nullable=True),
        sa.Column("LastModifiedDate", sa.String(length=24), nullable=True),
        sa.Column("SystemModstamp", sa.String(length=24), nullable=True),
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("Id", sa.String(length=18), nullable=False),
        sa.Column("extra", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("norm_name", sa.Text(), server_default="", nullable=False),
        sa.Column("email_domain", sa.Text(), server_default="", nullable=False),
        sa.Column("phone_digits", sa.Text(), server_default="", nullable=False),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("Id"),
    )
    op.create_table(
        "source_column",
        sa.Column("object_name", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("object_name", "position"),
    )
    op.create_table(
        "operation_row",
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("object_name", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["operation_id"], ["operation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("operation_id", "object_name", "record_id"),
    )

    for table in RECORD_TABLES:
        _create_search_index(table)


def _create_search_index(table: str) -> None:
    """A trigram FTS5 index over the table's search_text, kept in step by triggers.

    detail=none keeps no positions: searches use GLOB, which the trigram index answers and then
    checks against the text, and the index builds about a third faster.
    """
    op.execute(
        f"CREATE VIRTUAL TABLE {table}_fts USING fts5("
        f"search_text, content='{table}', content_rowid='pk', tokenize='trigram', detail=none)"
    )
    op.execute(
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {table}_fts(rowid, search_text) VALUES (new.pk, new.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, search_text) "
        f"VALUES ('delete', old.pk, old.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {table}_fts({table}_fts, rowid, search_text) "
        f"VALUES ('delete', old.pk, old.search_text); "
        f"INSERT INTO {table}_fts(rowid, search_text) VALUES (new.pk, new.search_text); END"
    )


def downgrade() -> None:
    for table in RECORD_TABLES:
        op.execute(f"DROP TABLE {table}_fts")
    op.drop_table("operation_row")
    op.drop_table("source_column")
    op.drop_table("sf_user")
    op.drop_table("opportunity")
    op.drop_table("operation")
    op.drop_table("meta")
    op.drop_table("lead")
    op.drop_table("import_run")
    op.drop_table("contact")
    op.drop_table("account")
