"""Match keys on leads, contacts and accounts; match decisions, pairs and lead summaries.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Spelled out rather than imported: a migration must not change when the code does.
_TABLES = ("lead", "contact", "account")
_KEYS = ("mk_first", "mk_nick", "mk_last", "mk_email", "mk_domain", "mk_phone", "mk_mobile",
         "mk_company", "mk_postcode", "mk_street", "mk_city", "mk_country")  # fmt: skip
_INDEXED = ("mk_email", "mk_phone", "mk_mobile", "mk_domain", "mk_company", "mk_last")
_OBJECTS = {"lead": "Lead", "contact": "Contact", "account": "Account"}


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            for key in _KEYS:
                batch.add_column(sa.Column(key, sa.Text(), server_default="", nullable=False))
    _fill_keys()
    for table in _TABLES:
        for key in _INDEXED:
            op.create_index(f"ix_{table}_{key}", table, [key], sqlite_where=sa.text(f"{key} != ''"))
    op.create_index("ix_contact_account", "contact", ["AccountId"])
    op.create_index("ix_opportunity_account", "opportunity", ["AccountId"])
    op.create_table(
        "match_decision",
        *_pair_columns(),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("decided_at", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("left_object", "left_id", "right_object", "right_id"),
    )
    op.create_index("ix_match_decision_right", "match_decision", ["right_object", "right_id"])
    op.create_table(
        "match_pair",
        *_pair_columns(),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("left_object", "left_id", "right_object", "right_id"),
    )
    op.create_index("ix_match_pair_right", "match_pair", ["right_object", "right_id"])
    op.create_table(
        "lead_match",
        sa.Column("lead_id", sa.String(length=18), nullable=False),
        sa.Column("account_id", sa.String(length=18), nullable=True),
        sa.Column("account_score", sa.Float(), nullable=True),
        sa.Column("contact_id", sa.String(length=18), nullable=True),
        sa.Column("contact_score", sa.Float(), nullable=True),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("matched_at", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("lead_id"),
    )


def _pair_columns() -> list[sa.Column[str]]:
    return [
        sa.Column("left_object", sa.String(), nullable=False),
        sa.Column("left_id", sa.String(length=18), nullable=False),
        sa.Column("right_object", sa.String(), nullable=False),
        sa.Column("right_id", sa.String(length=18), nullable=False),
    ]


def _fill_keys() -> None:
    # The one place a migration runs today's code: keys are derived data, computed the way
    # the version that opens the workspace computes them (imported here, not at the top, so
    # that loading the migration does not load the store).
    from steward.store.bulk import refresh_all_derived  # noqa: PLC0415

    connection = op.get_bind()
    for object_name in _OBJECTS.values():
        refresh_all_derived(connection, object_name)


def downgrade() -> None:
    for name in ("lead_match", "match_pair", "match_decision"):
        op.drop_table(name)
    op.drop_index("ix_opportunity_account", "opportunity")
    op.drop_index("ix_contact_account", "contact")
    for table in _TABLES:
        for key in _INDEXED:
            op.drop_index(f"ix_{table}_{key}", table)
        with op.batch_alter_table(table) as batch:
            for key in _KEYS:
                batch.drop_column(key)
