"""E-Station applications with consent: the consent (when, to which product version, its
withdrawal), the applicant, a note, the decision (amount granted, reason, when) and the
conversation of an application (requests for information, answers, decisions)

The demo's imported applications stay valid: their consent is dated their submission day
(they were submitted with it), an approved one was granted what it asked for.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 15:10:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = scenehub.db.UtcDateTime(timezone=True)
NEW_COLUMNS = (
    "consented_at",
    "product_version",
    "consent_withdrawn_at",
    "applicant_user_id",
    "note",
    "granted_10k",
    "decision_reason",
    "decided_at",
    "updated_at",
)


def upgrade() -> None:
    with op.batch_alter_table("financing_applications", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=20), type_=sa.String(length=30)
        )
        batch_op.add_column(sa.Column("consented_at", MOMENT, nullable=True))
        batch_op.add_column(sa.Column("product_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("consent_withdrawn_at", MOMENT, nullable=True))
        batch_op.add_column(sa.Column("applicant_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("granted_10k", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decision_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", MOMENT, nullable=True))
        batch_op.add_column(sa.Column("updated_at", MOMENT, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_financing_applications_applicant_user_id_users"),
            "users",
            ["applicant_user_id"],
            ["id"],
        )
    _keep_the_imported_applications_valid()
    with op.batch_alter_table("financing_applications", schema=None) as batch_op:
        for name in ("note", "decision_reason"):
            batch_op.alter_column(name, existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("updated_at", existing_type=MOMENT, nullable=False)
    op.create_table(
        "financing_application_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["financing_applications.id"],
            name=op.f("fk_financing_application_messages_application_id_financing_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_financing_application_messages_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financing_application_messages")),
    )
    with op.batch_alter_table("financing_application_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_financing_application_messages_application_id"),
            ["application_id"],
            unique=False,
        )


def _keep_the_imported_applications_valid() -> None:
    bind = op.get_bind()
    table = sa.table(
        "financing_applications",
        sa.column("id"),
        sa.column("submitted_on", sa.Date()),
        sa.column("status", sa.String()),
        sa.column("amount_10k", sa.Integer()),
        sa.column("consented_at", MOMENT),
        sa.column("note", sa.Text()),
        sa.column("granted_10k", sa.Integer()),
        sa.column("decision_reason", sa.Text()),
        sa.column("updated_at", MOMENT),
    )
    now = datetime.now(UTC)
    rows = bind.execute(
        sa.select(table.c.id, table.c.submitted_on, table.c.status, table.c.amount_10k)
    ).all()
    for id_, submitted_on, status, amount in rows:
        consented = datetime(submitted_on.year, submitted_on.month, submitted_on.day, tzinfo=UTC)
        bind.execute(
            table.update()
            .where(table.c.id == id_)
            .values(
                consented_at=consented,
                note="",
                decision_reason="",
                granted_10k=amount if status == "approved" else None,
                updated_at=now,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("financing_application_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financing_application_messages_application_id"))
    op.drop_table("financing_application_messages")
    # The statuses the old column knows: a request for information is pending again.
    op.execute(
        "UPDATE financing_applications SET status = 'pending' "
        "WHERE status NOT IN ('pending', 'approved', 'rejected')"
    )
    with op.batch_alter_table("financing_applications", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_financing_applications_applicant_user_id_users"), type_="foreignkey"
        )
        for name in reversed(NEW_COLUMNS):
            batch_op.drop_column(name)
        batch_op.alter_column(
            "status", existing_type=sa.String(length=30), type_=sa.String(length=20)
        )
