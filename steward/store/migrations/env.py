"""Alembic environment: run migrations on the connection the workspace hands over."""

from __future__ import annotations

from alembic import context

from steward.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("Steward applies its migrations itself when a workspace is opened")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
