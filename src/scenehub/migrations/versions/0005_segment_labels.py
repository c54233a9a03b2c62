"""the centre's labels of firms' chain segments

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "segment_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.String(length=40), nullable=False),
        sa.Column("firm_name", sa.String(length=200), nullable=False),
        sa.Column("primary", sa.String(length=40), nullable=False),
        sa.Column("secondary", sa.JSON(), nullable=False),
        sa.Column("predicted", sa.String(length=40), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("labelled_by", sa.Integer(), nullable=True),
        sa.Column("created_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["labelled_by"], ["users.id"], name=op.f("fk_segment_labels_labelled_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment_labels")),
    )
    op.create_index(op.f("ix_segment_labels_firm_id"), "segment_labels", ["firm_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_segment_labels_firm_id"), table_name="segment_labels")
    op.drop_table("segment_labels")
