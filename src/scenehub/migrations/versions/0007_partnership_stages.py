"""partnership stages (agreed … catalogue listed, terminated), stage history, pilots with
milestones and KPIs, evaluations, contracts, publication flags

The old statuses become stages (negotiating → agreed, pilot and evaluated → pilot,
demonstration, scaled → scale, ended → terminated with the reason "imported"); a
partnership's KPI names become KPI rows and its 0–100 evaluation score an evaluation with
one "overall" criterion.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import scenehub.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGE_OF_STATUS = {
    "negotiating": "agreed",
    "pilot": "pilot",
    "evaluated": "pilot",
    "demonstration": "demonstration",
    "scaled": "scale",
    "ended": "terminated",
}
STATUS_OF_STAGE = {
    "agreed": "negotiating",
    "pilot": "pilot",
    "demonstration": "demonstration",
    "scale": "scaled",
    "catalogue_nominated": "scaled",
    "catalogue_listed": "scaled",
    "terminated": "ended",
}

partnerships = sa.table(
    "partnerships",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("stage", sa.String()),
    sa.column("kpis", sa.JSON()),
    sa.column("evaluation_score", sa.Float()),
)
kpis = sa.table(
    "partnership_kpis",
    sa.column("partnership_id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("unit", sa.String()),
    sa.column("higher_is_better", sa.Boolean()),
)
evaluations = sa.table(
    "partnership_evaluations",
    sa.column("partnership_id", sa.Integer()),
    sa.column("rubric", sa.JSON()),
    sa.column("grade", sa.String()),
    sa.column("comment", sa.String()),
    sa.column("at", scenehub.db.UtcDateTime(timezone=True)),
)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _partnership_fk(table: str, unique: bool = False) -> list[Any]:
    items: list[Any] = [
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f(f"fk_{table}_partnership_id_partnerships"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]
    if unique:
        items.append(sa.UniqueConstraint("partnership_id", name=op.f(f"uq_{table}_partnership_id")))
    return items


def _user_fk(table: str) -> list[Any]:
    return [
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users")),
    ]


def _create_tables() -> None:
    op.create_table(
        "partnership_events",
        _id(),
        sa.Column("from_stage", sa.String(length=30), nullable=False),
        sa.Column("to_stage", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        *_user_fk("partnership_events"),
        *_partnership_fk("partnership_events"),
    )
    op.create_table(
        "partnership_pilots",
        _id(),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("site", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("data_granted", sa.JSON(), nullable=False),
        *_partnership_fk("partnership_pilots", unique=True),
    )
    op.create_table(
        "partnership_milestones",
        _id(),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        *_partnership_fk("partnership_milestones"),
    )
    op.create_table(
        "partnership_kpis",
        _id(),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        *_partnership_fk("partnership_kpis"),
    )
    op.create_table(
        "partnership_evaluations",
        _id(),
        sa.Column("rubric", sa.JSON(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", scenehub.db.UtcDateTime(timezone=True), nullable=False),
        *_user_fk("partnership_evaluations"),
        *_partnership_fk("partnership_evaluations", unique=True),
    )
    op.create_table(
        "partnership_contracts",
        _id(),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("value_fen", sa.BigInteger(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        *_partnership_fk("partnership_contracts", unique=True),
    )
    for table in ("partnership_events", "partnership_milestones", "partnership_kpis"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(
                batch_op.f(f"ix_{table}_partnership_id"), ["partnership_id"], unique=False
            )


def _grade(overall: int) -> str:
    # The grade floors of partnerships/stages.py at the time of this migration.
    return "A" if overall >= 4.5 else "B" if overall >= 3.5 else "C" if overall >= 2.5 else "D"


def _move_old_data() -> None:
    bind = op.get_bind()
    for old, new in STAGE_OF_STATUS.items():
        bind.execute(partnerships.update().where(partnerships.c.status == old).values(stage=new))
    bind.execute(
        sa.text(
            "UPDATE partnerships SET terminated_reason = CASE WHEN status = 'ended' "
            "THEN 'imported' ELSE '' END, origin = 'import', note = ''"
        )
    )
    bind.execute(sa.text("UPDATE partnerships SET published_parts = '[]'"))
    now = datetime.now(UTC)
    rows = bind.execute(
        sa.select(partnerships.c.id, partnerships.c.kpis, partnerships.c.evaluation_score)
    ).all()
    kpi_rows = [
        {"partnership_id": id_, "name": name[:200], "unit": "", "higher_is_better": True}
        for id_, names, _ in rows
        for name in names or []
    ]
    if kpi_rows:
        bind.execute(kpis.insert(), kpi_rows)
    scored = [
        (id_, min(5, max(1, int(score / 20 + 0.5)))) for id_, _, score in rows if score is not None
    ]
    if scored:
        bind.execute(
            evaluations.insert(),
            [
                {
                    "partnership_id": id_,
                    "rubric": {"overall": overall},
                    "grade": _grade(overall),
                    "comment": "imported",
                    "at": now,
                }
                for id_, overall in scored
            ],
        )


def upgrade() -> None:
    _create_tables()
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stage", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("terminated_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("origin", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("published_parts", sa.JSON(), nullable=True))
    _move_old_data()
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        for name, type_ in (
            ("stage", sa.String(length=30)),
            ("terminated_reason", sa.Text()),
            ("origin", sa.String(length=20)),
            ("note", sa.Text()),
            ("published_parts", sa.JSON()),
        ):
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.drop_index(batch_op.f("ix_partnerships_status"))
        batch_op.drop_column("status")
        batch_op.drop_column("kpis")
        batch_op.drop_column("evaluation_score")
        batch_op.create_index(batch_op.f("ix_partnerships_stage"), ["stage"], unique=False)


def _restore_old_data() -> None:
    bind = op.get_bind()
    for new, old in STATUS_OF_STAGE.items():
        bind.execute(partnerships.update().where(partnerships.c.stage == new).values(status=old))
    names: dict[int, list[str]] = {}
    for id_, name in bind.execute(sa.select(kpis.c.partnership_id, kpis.c.name)):
        names.setdefault(id_, []).append(name)
    scores = {
        id_: 20.0 * sum(rubric.values()) / len(rubric)
        for id_, rubric in bind.execute(
            sa.select(evaluations.c.partnership_id, evaluations.c.rubric)
        )
        if rubric
    }
    for (id_,) in bind.execute(sa.select(partnerships.c.id)).all():
        bind.execute(
            partnerships.update()
            .where(partnerships.c.id == id_)
            .values(kpis=names.get(id_, []), evaluation_score=scores.get(id_))
        )


def downgrade() -> None:
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("kpis", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("evaluation_score", sa.Float(), nullable=True))
    _restore_old_data()
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column("kpis", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_index(batch_op.f("ix_partnerships_stage"))
        for name in ("stage", "terminated_reason", "origin", "note", "published_parts"):
            batch_op.drop_column(name)
        batch_op.create_index(batch_op.f("ix_partnerships_status"), ["status"], unique=False)
    for table in (
        "partnership_contracts",
        "partnership_evaluations",
        "partnership_kpis",
        "partnership_milestones",
        "partnership_pilots",
        "partnership_events",
    ):
        op.drop_table(table)
