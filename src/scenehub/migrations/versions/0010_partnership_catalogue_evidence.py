"""a partnership's catalogue evidence: sites beyond the pilot and compliance checks passed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sites_beyond_pilot", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("compliance_passed", sa.JSON(), nullable=True))
    # Nothing was recorded before: no sites beyond the pilot, no checks passed.
    op.execute("UPDATE partnerships SET sites_beyond_pilot = 0, compliance_passed = '[]'")
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.alter_column("sites_beyond_pilot", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("compliance_passed", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_column("compliance_passed")
        batch_op.drop_column("sites_beyond_pilot")
