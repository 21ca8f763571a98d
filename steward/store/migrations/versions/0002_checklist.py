"""Checklist results, confirmations, settings, DNS cache; undo/redo images in the journal.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Spelled out rather than imported: a migration must not change when the code does.
_TABLES = {"Lead": "lead", "Account": "account", "Contact": "contact",
           "Opportunity": "opportunity", "User": "sf_user"}  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("operation") as batch:
        batch.add_column(sa.Column("after", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("label", sa.Text(), server_default="", nullable=False))
    _convert_edit_images()
    op.create_table(
        "lead_check",
        sa.Column("lead_id", sa.String(length=18), nullable=False),
        sa.Column("checked_at", sa.String(length=24), nullable=False),
        sa.Column("ready", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("failing", sa.Text(), nullable=False),
        sa.Column("icp_score", sa.Integer(), nullable=True),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("lead_id"),
    )
    op.create_index("ix_lead_check_ready", "lead_check", ["ready"])
    op.create_table(
        "confirmation",
        sa.Column("lead_id", sa.String(length=18), nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("confirmed_at", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("lead_id", "item"),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "dns_cache",
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("domain"),
    )


def _convert_edit_images() -> None:
    """0001 edits kept {"object", "id", "values"}; images are now {"table", "key", "row"}.
    They get the label a new edit gets, so the history and the undo command can name them."""
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, inputs, before FROM operation")).fetchall()
    for op_id, inputs_text, before_text in rows:
        inputs, before = json.loads(inputs_text), json.loads(before_text)
        label = (
            f"Edit {inputs['object']} {inputs['id']}: {inputs['field']}"
            if {"object", "id", "field"} <= set(inputs)
            else ""
        )
        new_before = [
            {"table": _TABLES[image["object"]], "key": {"Id": image["id"]},
             "row": image["values"]}
            for image in before
            if "object" in image
        ]  # fmt: skip
        after = [
            {"table": _TABLES[inputs["object"]], "key": {"Id": inputs["id"]},
             "row": {inputs["field"]: inputs["value"]}}
        ] if {"object", "id", "field"} <= set(inputs) else []  # fmt: skip
        connection.execute(
            sa.text('UPDATE operation SET before = :b, "after" = :a, label = :l WHERE id = :i'),
            {"b": json.dumps(new_before), "a": json.dumps(after), "l": label, "i": op_id},
        )


def downgrade() -> None:
    op.drop_table("dns_cache")
    op.drop_table("setting")
    op.drop_table("confirmation")
    op.drop_index("ix_lead_check_ready", "lead_check")
    op.drop_table("lead_check")
    with op.batch_alter_table("operation") as batch:
        batch.drop_column("label")
        batch.drop_column("after")
