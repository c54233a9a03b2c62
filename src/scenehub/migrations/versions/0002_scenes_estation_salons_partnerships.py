"""scenes, financing products and applications, salons, partnerships

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:55:39.474314
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "salons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salons")),
        sa.UniqueConstraint("code", name=op.f("uq_salons_code")),
    )
    with op.batch_alter_table("salons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_salons_held_on"), ["held_on"], unique=False)

    op.create_table(
        "financing_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("provider_org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("min_10k", sa.Integer(), nullable=False),
        sa.Column("max_10k", sa.Integer(), nullable=False),
        sa.Column("rate_note", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("min_headcount", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_org_id"],
            ["organisations.id"],
            name=op.f("fk_financing_products_provider_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financing_products")),
        sa.UniqueConstraint("code", name=op.f("uq_financing_products_code")),
    )
    with op.batch_alter_table("financing_products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_financing_products_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_financing_products_provider_org_id"), ["provider_org_id"], unique=False
        )

    op.create_table(
        "scenes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("department_org_id", sa.Integer(), nullable=False),
        sa.Column("background", sa.Text(), nullable=False),
        sa.Column("pain_points", sa.Text(), nullable=False),
        sa.Column("wanted", sa.Text(), nullable=False),
        sa.Column("offered", sa.Text(), nullable=False),
        sa.Column("constraints", sa.Text(), nullable=False),
        sa.Column("wanted_segments", sa.JSON(), nullable=False),
        sa.Column("stage_preference", sa.String(length=10), nullable=False),
        sa.Column("budget_min_10k", sa.Integer(), nullable=True),
        sa.Column("budget_max_10k", sa.Integer(), nullable=True),
        sa.Column("timeline_months", sa.Integer(), nullable=True),
        sa.Column("on_premise", sa.Boolean(), nullable=False),
        sa.Column("security_vetting", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("created_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_org_id"],
            ["organisations.id"],
            name=op.f("fk_scenes_department_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenes")),
        sa.UniqueConstraint("code", name=op.f("uq_scenes_code")),
    )
    with op.batch_alter_table("scenes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenes_batch"), ["batch"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_scenes_department_org_id"), ["department_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_scenes_domain"), ["domain"], unique=False)
        batch_op.create_index(batch_op.f("ix_scenes_status"), ["status"], unique=False)

    op.create_table(
        "financing_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("firm_org_id", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("amount_10k", sa.Integer(), nullable=False),
        sa.Column("consent_fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["firm_org_id"],
            ["organisations.id"],
            name=op.f("fk_financing_applications_firm_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["financing_products.id"],
            name=op.f("fk_financing_applications_product_id_financing_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financing_applications")),
        sa.UniqueConstraint("code", name=op.f("uq_financing_applications_code")),
    )
    with op.batch_alter_table("financing_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_financing_applications_firm_org_id"), ["firm_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_financing_applications_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_financing_applications_status"), ["status"], unique=False
        )

    op.create_table(
        "partnerships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=False),
        sa.Column("firm_org_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("kpis", sa.JSON(), nullable=False),
        sa.Column("evaluation_score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["firm_org_id"],
            ["organisations.id"],
            name=op.f("fk_partnerships_firm_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"], ["scenes.id"], name=op.f("fk_partnerships_scene_id_scenes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerships")),
        sa.UniqueConstraint("code", name=op.f("uq_partnerships_code")),
    )
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partnerships_firm_org_id"), ["firm_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partnerships_scene_id"), ["scene_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partnerships_status"), ["status"], unique=False)

    op.create_table(
        "salon_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=False),
        sa.Column("firm_org_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["firm_org_id"],
            ["organisations.id"],
            name=op.f("fk_salon_meetings_firm_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["salon_id"],
            ["salons.id"],
            name=op.f("fk_salon_meetings_salon_id_salons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"], ["scenes.id"], name=op.f("fk_salon_meetings_scene_id_scenes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salon_meetings")),
    )
    with op.batch_alter_table("salon_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_salon_meetings_firm_org_id"), ["firm_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_salon_meetings_salon_id"), ["salon_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_salon_meetings_scene_id"), ["scene_id"], unique=False)

    op.create_table(
        "salon_scenes",
        sa.Column("salon_id", sa.Integer(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["salon_id"],
            ["salons.id"],
            name=op.f("fk_salon_scenes_salon_id_salons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scene_id"], ["scenes.id"], name=op.f("fk_salon_scenes_scene_id_scenes")
        ),
        sa.PrimaryKeyConstraint("salon_id", "scene_id", name=op.f("pk_salon_scenes")),
    )


def downgrade() -> None:
    op.drop_table("salon_scenes")
    with op.batch_alter_table("salon_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salon_meetings_scene_id"))
        batch_op.drop_index(batch_op.f("ix_salon_meetings_salon_id"))
        batch_op.drop_index(batch_op.f("ix_salon_meetings_firm_org_id"))

    op.drop_table("salon_meetings")
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partnerships_status"))
        batch_op.drop_index(batch_op.f("ix_partnerships_scene_id"))
        batch_op.drop_index(batch_op.f("ix_partnerships_firm_org_id"))

    op.drop_table("partnerships")
    with op.batch_alter_table("financing_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financing_applications_status"))
        batch_op.drop_index(batch_op.f("ix_financing_applications_product_id"))
        batch_op.drop_index(batch_op.f("ix_financing_applications_firm_org_id"))

    op.drop_table("financing_applications")
    with op.batch_alter_table("scenes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenes_status"))
        batch_op.drop_index(batch_op.f("ix_scenes_domain"))
        batch_op.drop_index(batch_op.f("ix_scenes_department_org_id"))
        batch_op.drop_index(batch_op.f("ix_scenes_batch"))

    op.drop_table("scenes")
    with op.batch_alter_table("financing_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financing_products_provider_org_id"))
        batch_op.drop_index(batch_op.f("ix_financing_products_kind"))

    op.drop_table("financing_products")
    with op.batch_alter_table("salons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salons_held_on"))

    op.drop_table("salons")
