"""Use cases of partnerships."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.partnerships.models import Partnership
from scenehub.partnerships.schemas import STATUSES, PartnershipImport, StatusCount


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
