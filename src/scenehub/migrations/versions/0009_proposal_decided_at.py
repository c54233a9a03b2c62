"""when a proposal was decided: the dashboard's days from proposal to decision per department

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decided_at", scenehub.db.UtcDateTime(timezone=True), nullable=True)
        )
    # Before this column a decided proposal's last change was its decision.
    op.execute(
        "UPDATE proposals SET decided_at = updated_at WHERE status IN ('selected', 'rejected')"
    )


def downgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_column("decided_at")
