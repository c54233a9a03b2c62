"""Use cases of partnerships."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.partnerships.models import Partnership
from scenehub.partnerships.schemas import (
    STATUSES,
    PartnershipImport,
    PartnershipListItem,
    StatusCount,
)

# scenes.service imports this module through firms.service; the names are used at call time.
from scenehub.scenes import service as scene_service


def import_partnership(session: Session, actor: Actor, body: PartnershipImport) -> None:
    authorize(actor, "partnerships.manage")
    if session.scalar(select(Partnership.id).where(Partnership.code == body.code)) is not None:
        return
    session.add(Partnership(**body.model_dump()))
    session.flush()
    audit.record(
        session,
        actor,
        "partnerships.import",
        resource_type="partnership",
        resource_id=body.code,
        subject_org_id=body.firm_org_id,
        details={"status": body.status},
    )


def list_partnerships(
    session: Session,
    actor: Actor,
    *,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[PartnershipListItem]:
    """Partnerships, newest first, with their scenes' and firms' names; optionally of one
    status. (Three queries, whatever the number of rows.)"""
    authorize(actor, "partnerships.read_all")
    query = select(Partnership).order_by(Partnership.started_on.desc(), Partnership.id.desc())
    if status is not None:
        query = query.where(Partnership.status == status)
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    firms = auth_service.org_names(session, {r.firm_org_id for r in rows})
    scenes = scene_service.by_ids(session, {r.scene_id for r in rows})
    return [
        PartnershipListItem(
            id=r.id,
            code=r.code,
            scene_id=r.scene_id,
            scene_code=scenes[r.scene_id].code,
            scene_title=scenes[r.scene_id].title,
            firm_org_id=r.firm_org_id,
            firm_name=firms.get(r.firm_org_id, ""),
            status=r.status,
            started_on=r.started_on,
            evaluation_score=r.evaluation_score,
        )
        for r in rows
    ]


def counts_by_status(session: Session, actor: Actor) -> list[StatusCount]:
    """Partnerships per lifecycle status, in lifecycle order."""
    authorize(actor, "partnerships.read_all")
    counts = {
        key: n
        for key, n in session.execute(
            select(Partnership.status, func.count()).group_by(Partnership.status)
        )
    }
    return [StatusCount(status=s, count=counts.get(s, 0)) for s in STATUSES]


# A pilot counts once it has started, whatever came of it later.
PILOT_STATUSES = ("pilot", "evaluated", "demonstration", "scaled", "ended")


def pilot_counts_by_org(session: Session) -> dict[int, int]:
    """Pilots each firm organisation has run (matching's track record)."""
    rows = session.execute(
        select(Partnership.firm_org_id, func.count())
        .where(Partnership.status.in_(PILOT_STATUSES))
        .group_by(Partnership.firm_org_id)
    )
    return {org: n for org, n in rows}


def start_from_selection(
    session: Session, actor: Actor, *, code: str, scene_id: int, firm_org_id: int
) -> None:
    """A selected proposal opens a partnership in negotiation (once)."""
    if session.scalar(
        select(Partnership.id).where(
            Partnership.scene_id == scene_id, Partnership.firm_org_id == firm_org_id
        )
    ):
        return
    session.add(
        Partnership(
            code=code,
            scene_id=scene_id,
            firm_org_id=firm_org_id,
            status="negotiating",
            started_on=date.today(),
            kpis=[],
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        "partnerships.start",
        resource_type="partnership",
        resource_id=code,
        subject_org_id=firm_org_id,
    )
