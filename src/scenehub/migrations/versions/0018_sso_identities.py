"""Single sign-on identities: a user's (issuer, subject) at an OpenID provider, unique,
which links each later sign-in through the provider to the same user

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sso_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_sso_identities_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_identities")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_sso_identities_issuer")),
    )
    with op.batch_alter_table("sso_identities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sso_identities_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sso_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sso_identities_user_id"))
    op.drop_table("sso_identities")
