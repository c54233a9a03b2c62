"""a salon meeting keeps the code of the partnership its follow-up opened

Meetings followed up before keep the partnership of their scene and firm (one per pair).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("salon_meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partnership_code", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_salon_meetings_partnership_code_partnerships"),
            "partnerships",
            ["partnership_code"],
            ["code"],
        )
    op.execute(
        "UPDATE salon_meetings SET partnership_code = (SELECT MIN(partnerships.code) "
        "FROM partnerships WHERE partnerships.scene_id = salon_meetings.scene_id "
        "AND partnerships.firm_org_id = salon_meetings.firm_org_id) "
        "WHERE follow_up = 'partnership'"
    )


def downgrade() -> None:
    with op.batch_alter_table("salon_meetings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_salon_meetings_partnership_code_partnerships"), type_="foreignkey"
        )
        batch_op.drop_column("partnership_code")
