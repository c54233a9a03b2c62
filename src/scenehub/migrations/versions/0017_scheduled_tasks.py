"""Housekeeping tasks: when each last ran and what it did (retention …)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scheduled_tasks",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("started_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduled_tasks")),
    )


def downgrade() -> None:
    op.drop_table("scheduled_tasks")
