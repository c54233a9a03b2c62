"""salons as events the centre runs: status, time and grid, invitations, registrations, the
operator's pins and forbids, and meetings with slot, table, check-in and outcome

Salons already in the database are the demo's imported history: they become "held", and
their meetings get the department of their scene.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SALON_COLUMNS = (
    ("status", sa.String(length=20), "held"),
    ("slot_minutes", sa.Integer(), "20"),
    ("break_minutes", sa.Integer(), "0"),
    ("slots", sa.Integer(), "0"),
    ("tables", sa.Integer(), "0"),
    ("capacity", sa.Integer(), "0"),
    ("time_zone", sa.String(length=40), "Asia/Shanghai"),
)


def upgrade() -> None:
    with op.batch_alter_table("salons", schema=None) as batch_op:
        for name, type_, default in _SALON_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=False, server_default=default))
        batch_op.add_column(sa.Column("starts_at", scenehub.db.UtcDateTime(timezone=True)))
        batch_op.add_column(sa.Column("created_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("schedule_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("objective", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("bound", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("solved_at", scenehub.db.UtcDateTime(timezone=True)))
        batch_op.create_foreign_key(
            batch_op.f("fk_salons_created_by_users"), "users", ["created_by"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_salons_status"), ["status"], unique=False)

    _create_invitations()
    _create_registrations()
    _create_constraints()

    with op.batch_alter_table("salon_meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department_org_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("slot", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("table_no", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("checked_in_at", scenehub.db.UtcDateTime(timezone=True)))
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("follow_up", sa.String(length=30), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_salon_meetings_department_org_id_organisations"),
            "organisations",
            ["department_org_id"],
            ["id"],
        )
    # The history's meetings were with the department of their scene.
    op.execute(
        "UPDATE salon_meetings SET department_org_id = "
        "(SELECT scenes.department_org_id FROM scenes WHERE scenes.id = salon_meetings.scene_id)"
    )


def _create_invitations() -> None:
    op.create_table(
        "salon_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("scene_scores", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("responded_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_salon_invitations_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["salon_id"],
            ["salons.id"],
            name=op.f("fk_salon_invitations_salon_id_salons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salon_invitations")),
        sa.UniqueConstraint("salon_id", "org_id", name=op.f("uq_salon_invitations_salon_id")),
    )
    with op.batch_alter_table("salon_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salon_invitations_org_id"), ["org_id"])
        batch_op.create_index(batch_op.f("ix_salon_invitations_salon_id"), ["salon_id"])


def _create_registrations() -> None:
    op.create_table(
        "salon_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("available", sa.JSON(), nullable=True),
        sa.Column("wanted_scene_ids", sa.JSON(), nullable=False),
        sa.Column("wanted_org_ids", sa.JSON(), nullable=False),
        sa.Column("checked_in_at", scenehub.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_salon_registrations_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["salon_id"],
            ["salons.id"],
            name=op.f("fk_salon_registrations_salon_id_salons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salon_registrations")),
        sa.UniqueConstraint("salon_id", "org_id", name=op.f("uq_salon_registrations_salon_id")),
    )
    with op.batch_alter_table("salon_registrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salon_registrations_org_id"), ["org_id"])
        batch_op.create_index(batch_op.f("ix_salon_registrations_salon_id"), ["salon_id"])


def _create_constraints() -> None:
    op.create_table(
        "salon_constraints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), nullable=False),
        sa.Column("firm_org_id", sa.Integer(), nullable=False),
        sa.Column("department_org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_org_id"],
            ["organisations.id"],
            name=op.f("fk_salon_constraints_department_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["firm_org_id"],
            ["organisations.id"],
            name=op.f("fk_salon_constraints_firm_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["salon_id"],
            ["salons.id"],
            name=op.f("fk_salon_constraints_salon_id_salons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salon_constraints")),
        sa.UniqueConstraint(
            "salon_id",
            "firm_org_id",
            "department_org_id",
            name=op.f("uq_salon_constraints_salon_id"),
        ),
    )
    with op.batch_alter_table("salon_constraints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salon_constraints_salon_id"), ["salon_id"])


def downgrade() -> None:
    with op.batch_alter_table("salon_meetings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_salon_meetings_department_org_id_organisations"), type_="foreignkey"
        )
        for name in (
            "follow_up",
            "note",
            "outcome",
            "checked_in_at",
            "pinned",
            "table_no",
            "slot",
            "department_org_id",
        ):
            batch_op.drop_column(name)
    op.drop_table("salon_constraints")
    op.drop_table("salon_registrations")
    op.drop_table("salon_invitations")
    with op.batch_alter_table("salons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salons_status"))
        batch_op.drop_constraint(batch_op.f("fk_salons_created_by_users"), type_="foreignkey")
        for name in ("solved_at", "bound", "objective", "schedule_status", "created_by"):
            batch_op.drop_column(name)
        batch_op.drop_column("starts_at")
        for name, _type, _default in reversed(_SALON_COLUMNS):
            batch_op.drop_column(name)
