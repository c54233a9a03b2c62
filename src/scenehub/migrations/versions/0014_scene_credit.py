"""Scene credit: a scene won or a pilot completed, as the E-Station heard of it, and the
products it unlocked for the firm

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "estation_scene_credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("scene_code", sa.String(length=40), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("unlocked", sa.JSON(), nullable=False),
        sa.Column("seen_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["firm_id"], ["firms.id"], name=op.f("fk_estation_scene_credits_firm_id_firms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estation_scene_credits")),
        sa.UniqueConstraint(
            "firm_id", "trigger", "reference", name=op.f("uq_estation_scene_credits_firm_id")
        ),
    )
    with op.batch_alter_table("estation_scene_credits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_estation_scene_credits_firm_id"), ["firm_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("estation_scene_credits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_estation_scene_credits_firm_id"))
    op.drop_table("estation_scene_credits")
