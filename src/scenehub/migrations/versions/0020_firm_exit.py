"""A firm's exit: the imported history of firm archives (read-only parts of an
organisation's record on another instance) and account closures with their notice

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = scenehub.db.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "imported_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=40), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("source_instance", sa.String(length=200), nullable=False),
        sa.Column("archive_sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_imported_history_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_history")),
    )
    with op.batch_alter_table("imported_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_history_org_id"), ["org_id"], unique=False)
    op.create_table(
        "account_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requested_at", MOMENT, nullable=False),
        sa.Column("effective_at", MOMENT, nullable=False),
        sa.Column("cancelled_at", MOMENT, nullable=True),
        sa.Column("applied_at", MOMENT, nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_account_closures_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_account_closures_requested_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_closures")),
    )
    with op.batch_alter_table("account_closures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_closures_effective_at"), ["effective_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_account_closures_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("account_closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_closures_org_id"))
        batch_op.drop_index(batch_op.f("ix_account_closures_effective_at"))
    op.drop_table("account_closures")
    with op.batch_alter_table("imported_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_history_org_id"))
    op.drop_table("imported_history")
