"""Purpose-bound data grants (governance/grants.py): grantee, datasets, fields, purpose,
link, expiry, status, who requested and decided.

The applications already made get the grant their consent is (docs/governance.md): to the
product's provider, for exactly the consented fields, expiring 90 days after the consent;
a withdrawn consent's grant is revoked.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 18:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = scenehub.db.UtcDateTime(timezone=True)
CONSENT_DAYS = 90  # the default of SCENEHUB_CONSENT_GRANT_DAYS


def upgrade() -> None:
    op.create_table(
        "data_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grantee_org_id", sa.Integer(), nullable=False),
        sa.Column("subject_org_id", sa.Integer(), nullable=True),
        sa.Column("datasets", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("purpose_text", sa.String(length=300), nullable=False),
        sa.Column("link_kind", sa.String(length=20), nullable=False),
        sa.Column("link_ref", sa.String(length=40), nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by_user_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", MOMENT, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["grantee_org_id"],
            ["organisations.id"],
            name=op.f("fk_data_grants_grantee_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_org_id"],
            ["organisations.id"],
            name=op.f("fk_data_grants_subject_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["users.id"],
            name=op.f("fk_data_grants_requested_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_data_grants_decided_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_grants")),
    )
    with op.batch_alter_table("data_grants", schema=None) as batch_op:
        for column in ("grantee_org_id", "subject_org_id", "link_ref", "status"):
            batch_op.create_index(batch_op.f(f"ix_data_grants_{column}"), [column], unique=False)
    _grant_the_consents_given()


def _grant_the_consents_given() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT a.code, a.firm_org_id, a.consent_fields, a.consented_at, "
            "a.consent_withdrawn_at, a.applicant_user_id, p.provider_org_id "
            "FROM financing_applications a JOIN financing_products p ON p.id = a.product_id "
            "WHERE a.consented_at IS NOT NULL"
        ).columns(
            sa.column("code"),
            sa.column("firm_org_id"),
            sa.column("consent_fields", sa.JSON()),
            sa.column("consented_at", MOMENT),
            sa.column("consent_withdrawn_at", MOMENT),
            sa.column("applicant_user_id"),
            sa.column("provider_org_id"),
        )
    ).all()
    if not rows:
        return
    grants = sa.table(
        "data_grants",
        *(sa.column(n) for n in ("grantee_org_id", "subject_org_id", "purpose", "purpose_text")),
        *(sa.column(n) for n in ("link_kind", "link_ref", "status", "requested_by")),
        *(sa.column(n) for n in ("requested_by_user_id", "decided_by_user_id", "decided_by")),
        sa.column("datasets", sa.JSON()),
        sa.column("fields", sa.JSON()),
        sa.column("reason", sa.Text()),
        sa.column("expires_at", MOMENT),
        sa.column("decided_at", MOMENT),
        sa.column("created_at", MOMENT),
    )
    now = datetime.now(UTC)
    op.bulk_insert(grants, [_consent_grant(row, now) for row in rows])


def _consent_grant(row: sa.Row[tuple[object, ...]], now: datetime) -> dict[str, object]:
    consented = row.consented_at
    return {
        "grantee_org_id": row.provider_org_id,
        "subject_org_id": row.firm_org_id,
        "datasets": ["estation_facts"],
        "fields": list(row.consent_fields or []),
        "purpose": "financing-application",
        "purpose_text": f"financing application {row.code}",
        "link_kind": "application",
        "link_ref": row.code,
        "expires_at": consented + timedelta(days=CONSENT_DAYS),
        "status": "revoked" if row.consent_withdrawn_at else "approved",
        "requested_by_user_id": row.applicant_user_id,
        "requested_by": "",
        "decided_by_user_id": row.applicant_user_id,
        "decided_by": "",
        "decided_at": consented,
        "reason": "the firm's consent",
        "created_at": now,
    }


def downgrade() -> None:
    with op.batch_alter_table("data_grants", schema=None) as batch_op:
        for column in ("status", "link_ref", "subject_org_id", "grantee_org_id"):
            batch_op.drop_index(batch_op.f(f"ix_data_grants_{column}"))
    op.drop_table("data_grants")
