"""partnership attachments: files (photos, PDF, DOCX, XLSX) a partnership's parties or the
centre attach, with name, caption, kind, size, sha256, who uploaded them and when; the bytes
are kept under the data directory

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partnership_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("caption", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by_org_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_partnership_attachments_partnership_id_partnerships"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_org_id"],
            ["organisations.id"],
            name=op.f("fk_partnership_attachments_uploaded_by_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_user_id"],
            ["users.id"],
            name=op.f("fk_partnership_attachments_uploaded_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_attachments")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_partnership_attachments_storage_key")),
    )
    with op.batch_alter_table("partnership_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partnership_attachments_partnership_id"), ["partnership_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("partnership_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnership_attachments_partnership_id"))
    op.drop_table("partnership_attachments")
