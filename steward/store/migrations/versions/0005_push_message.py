"""The CRM's message on an operation whose push failed or met a conflict.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operation") as batch:
        batch.add_column(sa.Column("message", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("operation") as batch:
        batch.drop_column("message")
