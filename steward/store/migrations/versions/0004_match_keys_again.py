"""Match keys computed again: street keys read past a first line such as "Floor 10", and
placeholder addresses (smith@noemail.com) are no longer mailbox keys.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OBJECTS = ("Lead", "Contact", "Account")


def upgrade() -> None:
    # Keys are derived data: they are computed the way the opening version computes them.
    from steward.store.bulk import refresh_all_derived  # noqa: PLC0415

    connection = op.get_bind()
    for object_name in _OBJECTS:
        refresh_all_derived(connection, object_name)


def downgrade() -> None:
    """Nothing to undo: the older version reads these keys as they are."""
