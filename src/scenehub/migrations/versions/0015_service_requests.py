"""E-Station service requests: a firm's compute hours (with their usage), data access
(approved with an expiry) and consulting bookings (an expert's slot held by one booking at
a time, unique), each counted against its quota period

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("firm_org_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=True),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("hours_requested", sa.Integer(), nullable=True),
        sa.Column("hours_approved", sa.Integer(), nullable=True),
        sa.Column("dataset", sa.String(length=64), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("expert_key", sa.String(length=64), nullable=True),
        sa.Column("starts_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("held_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_service_requests_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["firm_org_id"],
            ["organisations.id"],
            name=op.f("fk_service_requests_firm_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_service_requests_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"], ["scenes.id"], name=op.f("fk_service_requests_scene_id_scenes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_requests")),
        sa.UniqueConstraint("code", name=op.f("uq_service_requests_code")),
        sa.UniqueConstraint("expert_key", "held_at", name=op.f("uq_service_requests_expert_key")),
    )
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_requests_firm_org_id"), ["firm_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_service_requests_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_requests_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_requests_status"), ["status"], unique=False)

    op.create_table(
        "service_compute_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorder", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_service_compute_usage_recorded_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["service_requests.id"],
            name=op.f("fk_service_compute_usage_request_id_service_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_compute_usage")),
    )
    with op.batch_alter_table("service_compute_usage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_compute_usage_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("service_compute_usage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_compute_usage_request_id"))

    op.drop_table("service_compute_usage")
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_requests_status"))
        batch_op.drop_index(batch_op.f("ix_service_requests_period"))
        batch_op.drop_index(batch_op.f("ix_service_requests_kind"))
        batch_op.drop_index(batch_op.f("ix_service_requests_firm_org_id"))

    op.drop_table("service_requests")
