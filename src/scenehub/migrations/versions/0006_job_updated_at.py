"""when a job last reported: a queued or running job silent for long no longer blocks its step

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("updated_at", scenehub.db.UtcDateTime(timezone=True), nullable=True)
        )
    # A job's last word so far: its end, else its creation.
    op.execute("UPDATE jobs SET updated_at = coalesce(finished_at, created_at)")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.alter_column(
            "updated_at", existing_type=scenehub.db.UtcDateTime(timezone=True), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
