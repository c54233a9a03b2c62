"""Use cases of releases: an operator releases a public or investor table, by disclosure
control or with differential privacy charged to the period's privacy budget; readers get
the latest release of each table they may see, re-served from its stored cells."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scenehub.db import today
from scenehub.errors import Conflict, NotFound, ValidationFailed
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.dp import count_mechanism
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.governance.releases import (
    DIFFERENTIAL_PRIVACY,
    EPSILON_SLACK,
    KINDS,
    METHOD_LABELS,
    Budget,
    ReleasedTable,
    ReleasePlan,
    budget_refusal,
    by_differential_privacy,
    cells_json,
    plan_release,
    table_from_json,
)
from scenehub.i18n import N_
from scenehub.industry import service as industry_service
from scenehub.releases.models import PrivacyBudget, Release
from scenehub.releases.schemas import BudgetRead, ReleaseCreate, ReleaseRead, ReleaseSummary
from scenehub.settings import Settings


class PrivacyBudgetExceeded(Conflict):
    code = "privacy_budget_exceeded"


@dataclass(frozen=True)
class BudgetRule:
    """The settings' budget: total ε per period (``Settings.dp_budget``, ``dp_budget_period``)."""

    total: float = 2.0
    per: str = "quarter"


def release_labels() -> dict[str, Any]:
    """What the releases' templates name kinds and methods by (message ids)."""
    return {
        "kind_titles": {key: kind.title for key, kind in KINDS.items()},
        "method_labels": METHOD_LABELS,
    }


def budget_rule(settings: Settings) -> BudgetRule:
    return BudgetRule(settings.dp_budget, settings.dp_budget_period)


def create_release(
    session: Session, actor: Actor, *, warehouse: Path, rule: BudgetRule, body: ReleaseCreate
) -> ReleaseRead:
    """Release a table; a DP release spends its ε or is refused (409), writing nothing."""
    authorize(actor, "releases.create")
    plan = plan_release(body.kind, body.method, body.epsilon, today(), rule.per)
    if isinstance(plan, tuple):
        raise ValidationFailed(plan[0], params=plan[1])
    if plan.method == DIFFERENTIAL_PRIVACY:
        row = _private_release(session, actor, warehouse, rule, plan)
    else:
        latest = _latest_tables(session, ("public",))
        table = industry_service.controlled_table(
            actor, warehouse, industry_service.district_codes(), plan.kind.key, latest
        )
        row = _row(actor, plan, table)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "release.create",
        resource_type="release",
        resource_id=row.id,
        details={
            "kind": row.kind,
            "method": row.method,
            "epsilon": row.epsilon,
            "period": row.period,
        },
    )
    return _read(row)


def _private_release(
    session: Session, actor: Actor, warehouse: Path, rule: BudgetRule, plan: ReleasePlan
) -> Release:
    assert plan.epsilon is not None  # plan_release requires it for DP
    mechanism = count_mechanism(plan.epsilon)
    _refuse_over_budget(_budget(session, plan.period, rule.total), mechanism.epsilon)
    source = industry_service.count_table(actor, warehouse, plan.kind.key)
    zeros = industry_service.structural_zeros(plan.kind.key)
    table = by_differential_privacy(source, mechanism.release, zeros)
    spent = _charge(session, plan.period, mechanism.epsilon, rule.total)
    row = _row(actor, plan, table)
    row.epsilon, row.noise_scale = mechanism.epsilon, mechanism.scale
    row.budget_total, row.budget_spent = rule.total, spent.spent
    return row


def _row(actor: Actor, plan: ReleasePlan, table: ReleasedTable) -> Release:
    return Release(
        kind=plan.kind.key,
        audience=plan.kind.audience,
        method=plan.method,
        period=plan.period,
        released_by=actor.user_id,
        released_by_name=actor.display_name or actor.username,
        cells=cells_json(table),
        suppressed=[[*key, measure] for key, measure in table.suppressed()],
    )


def _refuse_over_budget(budget: Budget, epsilon: float) -> None:
    refusal = budget_refusal(budget, epsilon)
    if refusal is not None:
        details = {"period": budget.period, "total": budget.total, "spent": budget.spent}
        details |= {"remaining": budget.remaining, "epsilon": epsilon}
        raise PrivacyBudgetExceeded(refusal[0], params=refusal[1], details=details)


def _budget(session: Session, period: str, total: float) -> Budget:
    spent = session.scalar(select(PrivacyBudget.spent).where(PrivacyBudget.period == period))
    return Budget(period, total, float(spent or 0.0))


def _charge(session: Session, period: str, epsilon: float, total: float) -> Budget:
    """Add ``epsilon`` to the period's spending in one conditional UPDATE: of two releases
    racing for the last of a budget, one is refused."""
    if session.get(PrivacyBudget, period) is None:
        try:
            with session.begin_nested():
                session.add(PrivacyBudget(period=period, spent=0.0, releases=0))
        except IntegrityError:
            pass  # another release opened the period first
    charged = session.execute(
        update(PrivacyBudget)
        .where(
            PrivacyBudget.period == period,
            PrivacyBudget.spent + epsilon <= total + EPSILON_SLACK,
        )
        .values(spent=PrivacyBudget.spent + epsilon, releases=PrivacyBudget.releases + 1)
        .execution_options(synchronize_session=False)
    )
    after = _budget(session, period, total)
    if getattr(charged, "rowcount", 0) != 1:
        _refuse_over_budget(after, epsilon)
    return after


# --- reading ------------------------------------------------------------------------------


def _audiences(actor: Actor) -> tuple[str, ...]:
    investor = isinstance(decide(actor, "releases.read_investor"), Allow)
    return ("public", "investor") if investor else ("public",)


def _latest_rows(session: Session, audiences: tuple[str, ...]) -> list[Release]:
    newest = (
        select(func.max(Release.id))
        .where(Release.audience.in_(audiences))
        .group_by(Release.kind)
        .scalar_subquery()
    )
    return list(session.scalars(select(Release).where(Release.id.in_(newest))))


def _latest_tables(session: Session, audiences: tuple[str, ...]) -> dict[str, ReleasedTable]:
    return {row.kind: _table(row) for row in _latest_rows(session, audiences)}


def latest_tables(session: Session, actor: Actor) -> dict[str, ReleasedTable]:
    """The latest release of each table ``actor`` may read, by kind (as it was released)."""
    authorize(actor, "releases.read")
    return _latest_tables(session, _audiences(actor))


@dataclass(frozen=True)
class Latest:
    """The latest release of each table a reader may read: to show, and by kind as tables."""

    releases: list[ReleaseRead]
    tables: dict[str, ReleasedTable]


def latest(session: Session, actor: Actor) -> Latest:
    """The latest release of each table ``actor`` may read, newest first (one query)."""
    authorize(actor, "releases.read")
    rows = sorted(_latest_rows(session, _audiences(actor)), key=lambda r: r.id, reverse=True)
    return Latest([_read(r) for r in rows], {r.kind: _table(r) for r in rows})


def list_releases(session: Session, actor: Actor, *, limit: int = 100) -> list[ReleaseSummary]:
    """Every release ``actor`` may read, newest first."""
    authorize(actor, "releases.read")
    rows = session.scalars(
        select(Release)
        .where(Release.audience.in_(_audiences(actor)))
        .order_by(Release.id.desc())
        .limit(limit)
    )
    return [_summary(r) for r in rows]


def get_release(session: Session, actor: Actor, release_id: int) -> ReleaseRead:
    authorize(actor, "releases.read")
    row = session.get(Release, release_id)
    if row is None or row.audience not in _audiences(actor):
        if row is not None:
            authorize(actor, "releases.read_investor")  # says why, and audits the denial
        raise NotFound(N_("no release %(id)s"), params={"id": release_id})
    return _read(row)


def ledger(session: Session, actor: Actor, *, rule: BudgetRule) -> list[BudgetRead]:
    """The privacy budget of this period, then of the earlier periods that spent some."""
    authorize(actor, "releases.read_ledger")
    current = plan_release("industry.districts", "disclosure_control", None, today(), rule.per)
    assert isinstance(current, ReleasePlan)
    rows = {r.period: r for r in session.scalars(select(PrivacyBudget))}
    periods = [current.period, *sorted((p for p in rows if p != current.period), reverse=True)]
    out = []
    for period in periods:
        row = rows.get(period)
        budget = Budget(period, rule.total, row.spent if row else 0.0)
        out.append(
            BudgetRead(
                period=period,
                total=budget.total,
                spent=budget.spent,
                remaining=budget.remaining,
                releases=row.releases if row else 0,
            )
        )
    return out


def _table(row: Release) -> ReleasedTable:
    method = DIFFERENTIAL_PRIVACY if row.method == DIFFERENTIAL_PRIVACY else "disclosure_control"
    return table_from_json(row.cells, method)


def _summary(row: Release) -> ReleaseSummary:
    return ReleaseSummary(
        id=row.id,
        kind=row.kind,
        audience=row.audience,
        method=row.method,
        epsilon=row.epsilon,
        period=row.period,
        released_by=row.released_by_name,
        released_at=row.released_at,
    )


def _read(row: Release) -> ReleaseRead:
    cells: dict[str, Any] = row.cells
    remaining = None
    if row.budget_total is not None and row.budget_spent is not None:
        remaining = Budget(row.period, row.budget_total, row.budget_spent).remaining
    return ReleaseRead(
        **_summary(row).model_dump(),
        noise_scale=row.noise_scale,
        budget_total=row.budget_total,
        budget_remaining=remaining,
        categories=cells["categories"],
        measures=cells["measures"],
        cells=[{"row": r, "column": c, "measure": m, "value": v} for r, c, m, v in cells["values"]],
        suppressed=len(row.suppressed),
        noisy=row.method == DIFFERENTIAL_PRIVACY,
    )
