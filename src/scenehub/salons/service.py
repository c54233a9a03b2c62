"""Use cases of salons."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.salons.models import Salon, SalonMeeting, SalonScene
from scenehub.salons.schemas import SalonImport, SalonRead


def import_salon(session: Session, actor: Actor, body: SalonImport) -> None:
    authorize(actor, "salons.manage")
    if session.scalar(select(Salon.id).where(Salon.code == body.code)) is not None:
        return
    salon = Salon(code=body.code, theme=body.theme, held_on=body.held_on, venue=body.venue)
    session.add(salon)
    session.flush()
    session.add_all(SalonScene(salon_id=salon.id, scene_id=s) for s in body.scene_ids)
    session.add_all(SalonMeeting(salon_id=salon.id, **m.model_dump()) for m in body.meetings)
    session.flush()
    audit.record(
        session,
        actor,
        "salons.import",
        resource_type="salon",
        resource_id=salon.code,
        details={"scenes": len(body.scene_ids), "meetings": len(body.meetings)},
    )


def list_salons(session: Session, actor: Actor) -> list[SalonRead]:
    authorize(actor, "salons.read")
    scenes = {
        key: n
        for key, n in session.execute(
            select(SalonScene.salon_id, func.count()).group_by(SalonScene.salon_id)
        )
    }
    meetings = {
        key: n
        for key, n in session.execute(
            select(SalonMeeting.salon_id, func.count()).group_by(SalonMeeting.salon_id)
        )
    }
    salons = session.scalars(select(Salon).order_by(Salon.held_on.desc()))
    return [
        SalonRead(
            id=s.id,
            code=s.code,
            theme=s.theme,
            held_on=s.held_on,
            venue=s.venue,
            scenes=scenes.get(s.id, 0),
            meetings=meetings.get(s.id, 0),
        )
        for s in salons
    ]
