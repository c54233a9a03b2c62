"""Cases: objections to a read of an organisation's data and appeals against decisions,
each with its deadline and the centre's written decision

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = scenehub.db.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "governance_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.String(length=40), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("filed_by", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_at", MOMENT, nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("decided_at", MOMENT, nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_governance_cases_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["filed_by"], ["users.id"], name=op.f("fk_governance_cases_filed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_governance_cases_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_cases")),
    )
    with op.batch_alter_table("governance_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_governance_cases_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_governance_cases_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("governance_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_governance_cases_status"))
        batch_op.drop_index(batch_op.f("ix_governance_cases_org_id"))
    op.drop_table("governance_cases")
