"""Releases of statistics (disclosure control or differential privacy, with their cells)
and the privacy budget's ledger per period

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=True),
        sa.Column("noise_scale", sa.Float(), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("budget_total", sa.Float(), nullable=True),
        sa.Column("budget_spent", sa.Float(), nullable=True),
        sa.Column("released_by", sa.Integer(), nullable=True),
        sa.Column("released_by_name", sa.String(length=64), nullable=False),
        sa.Column("released_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.Column("suppressed", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["released_by"], ["users.id"], name=op.f("fk_releases_released_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
    )
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_releases_audience"), ["audience"], unique=False)
        batch_op.create_index(batch_op.f("ix_releases_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_releases_period"), ["period"], unique=False)

    op.create_table(
        "privacy_budgets",
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("spent", sa.Float(), nullable=False),
        sa.Column("releases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("period", name=op.f("pk_privacy_budgets")),
    )


def downgrade() -> None:
    op.drop_table("privacy_budgets")
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_releases_period"))
        batch_op.drop_index(batch_op.f("ix_releases_kind"))
        batch_op.drop_index(batch_op.f("ix_releases_audience"))
    op.drop_table("releases")
