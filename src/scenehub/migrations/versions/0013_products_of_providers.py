"""E-Station products kept by their providers: terms, documents, data fields, eligibility
rules, status and a version history; the financier role

The old columns stage, segments and min_headcount (read by nothing) become the product's
rule — ``all`` of ``stage == …`` (unless "any"), ``segments in […]`` (unless empty) and
``headcount >= …`` (unless 0) — and are dropped. Existing products are published, each with
a first version. Users with the role investor in a financier organisation become financiers.
The downgrade gives the columns back from a rule of that shape (other conditions are lost)
and the financiers their investor role.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 11:40:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TERMS = (
    "name",
    "kind",
    "description",
    "min_10k",
    "max_10k",
    "rate_note",
    "term_months",
    "documents",
    "data_fields",
    "rules",
)
FINANCIER_USERS = (
    "UPDATE users SET role = '{to}' WHERE role = '{frm}' "
    "AND org_id IN (SELECT id FROM organisations WHERE kind = 'financier')"
)


JSON_COLUMNS = frozenset({"segments", "documents", "data_fields", "rules"})


def _type(column: str) -> Any:
    if column in JSON_COLUMNS:
        return sa.JSON()
    if column in ("created_at", "updated_at"):
        return scenehub.db.UtcDateTime(timezone=True)
    return None


def _products(*columns: str) -> sa.TableClause:
    typed = (sa.column(c, _type(c)) for c in columns)
    return sa.table("financing_products", sa.column("id"), *typed)


def legacy_rule(stage: str, segments: list[str], min_headcount: int) -> dict[str, Any]:
    parts: list[dict[str, Any]] = []
    if stage != "any":
        parts.append({"field": "stage", "op": "==", "value": stage})
    if segments:
        parts.append({"field": "segments", "op": "in", "value": list(segments)})
    if min_headcount > 0:
        parts.append({"field": "headcount", "op": ">=", "value": min_headcount})
    return {"all": parts}


def upgrade() -> None:
    op.execute(FINANCIER_USERS.format(to="financier", frm="investor"))
    with op.batch_alter_table("financing_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("term_months", sa.Integer(), nullable=True))
        for name in ("documents", "data_fields", "rules"):
            batch_op.add_column(sa.Column(name, sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("suspended_by_centre", sa.Boolean(), nullable=True))
        for name in ("created_at", "updated_at"):
            batch_op.add_column(
                sa.Column(name, scenehub.db.UtcDateTime(timezone=True), nullable=True)
            )
    versions = op.create_table(
        "financing_product_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["financing_products.id"],
            name=op.f("fk_financing_product_versions_product_id_financing_products"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_financing_product_versions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financing_product_versions")),
        sa.UniqueConstraint(
            "product_id", "number", name=op.f("uq_financing_product_versions_product_id")
        ),
    )
    with op.batch_alter_table("financing_product_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_financing_product_versions_product_id"), ["product_id"], unique=False
        )
    _rules_from_the_old_columns(versions)
    with op.batch_alter_table("financing_products", schema=None) as batch_op:
        for name in ("documents", "data_fields", "rules"):
            batch_op.alter_column(name, existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("status", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("suspended_by_centre", existing_type=sa.Boolean(), nullable=False)
        for name in ("created_at", "updated_at"):
            batch_op.alter_column(
                name, existing_type=scenehub.db.UtcDateTime(timezone=True), nullable=False
            )
        batch_op.create_index(batch_op.f("ix_financing_products_status"), ["status"], unique=False)
        for name in ("stage", "segments", "min_headcount"):
            batch_op.drop_column(name)


def _rules_from_the_old_columns(versions: sa.Table) -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    old = _products("stage", "segments", "min_headcount", *TERMS[:6])
    new = _products(*TERMS[6:], "status", "suspended_by_centre", "created_at", "updated_at")
    for row in bind.execute(sa.select(old)).mappings().all():
        rule = legacy_rule(row["stage"], row["segments"] or [], row["min_headcount"])
        terms: dict[str, Any] = {
            "term_months": None,
            "documents": [],
            "data_fields": [],
            "rules": rule,
        }
        bind.execute(
            new.update()
            .where(new.c.id == row["id"])
            .values(**terms, status="published", suspended_by_centre=False)
            .values(created_at=now, updated_at=now)
        )
        snapshot = {**{name: row[name] for name in TERMS[:6]}, **terms}
        bind.execute(
            versions.insert().values(
                product_id=row["id"],
                number=1,
                snapshot=snapshot,
                author="migration",
                note="rules from the stage, segments and headcount columns",
                at=now,
            )
        )


def _old_columns(rule: dict[str, Any]) -> dict[str, Any]:
    """stage, segments and min_headcount from a rule of the shape the upgrade writes."""
    found: dict[str, Any] = {"stage": "any", "segments": [], "min_headcount": 0}
    for part in rule.get("all", []) if isinstance(rule, dict) else []:
        key = (part.get("field"), part.get("op")) if isinstance(part, dict) else None
        if key == ("stage", "==") and part["value"] in ("0-1", "1-100"):
            found["stage"] = part["value"]
        elif key == ("segments", "in"):
            found["segments"] = list(part["value"])
        elif key == ("headcount", ">="):
            found["min_headcount"] = int(part["value"])
    return found


def downgrade() -> None:
    with op.batch_alter_table("financing_products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stage", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("segments", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("min_headcount", sa.Integer(), nullable=True))
    bind = op.get_bind()
    table = _products("rules", "stage", "segments", "min_headcount")
    for id_, rule in bind.execute(sa.select(table.c.id, table.c.rules)).all():
        bind.execute(table.update().where(table.c.id == id_).values(**_old_columns(rule)))
    with op.batch_alter_table("financing_products", schema=None) as batch_op:
        batch_op.alter_column("stage", existing_type=sa.String(length=10), nullable=False)
        batch_op.alter_column("segments", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("min_headcount", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index(batch_op.f("ix_financing_products_status"))
        for name in (
            "updated_at",
            "created_at",
            "suspended_by_centre",
            "status",
            "rules",
            "data_fields",
            "documents",
            "term_months",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("financing_product_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financing_product_versions_product_id"))
    op.drop_table("financing_product_versions")
    op.execute(FINANCIER_USERS.format(to="investor", frm="financier"))
