"""A firm's exit, the salons' part: the salons it was invited to (with matching's score),
registered for, and its 1:1 meetings there (history: the departments met it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.salons.models import Salon, SalonInvitation, SalonMeeting, SalonRegistration
from scenehub.scenes import service as scene_service

Row = dict[str, Any]


def export_for_org(session: Session, org_id: int) -> dict[str, list[Row]]:
    invitations = session.execute(
        select(SalonInvitation, Salon).join(Salon).where(SalonInvitation.org_id == org_id)
    ).all()
    registrations = session.execute(
        select(SalonRegistration, Salon).join(Salon).where(SalonRegistration.org_id == org_id)
    ).all()
    meetings = session.execute(
        select(SalonMeeting, Salon).join(Salon).where(SalonMeeting.firm_org_id == org_id)
    ).all()
    scenes = scene_service.by_ids(session, {m.scene_id for m, _ in meetings})
    rows: list[Row] = [
        {"salon_code": s.code, "theme": s.theme, "what": "invitation", "status": i.status}
        | {"score": i.score, "starts_at": s.starts_at}
        for i, s in invitations
    ]
    rows += [
        {"salon_code": s.code, "theme": s.theme, "what": "registration", "status": r.kind}
        | {"starts_at": s.starts_at, "checked_in_at": r.checked_in_at}
        for r, s in registrations
    ]
    rows += [
        {"salon_code": s.code, "theme": s.theme, "what": "meeting", "starts_at": m.starts_at}
        | {"scene_code": scenes[m.scene_id].code, "outcome": m.outcome, "note": m.note}
        | {"checked_in_at": m.checked_in_at}
        for m, s in meetings
    ]
    order = {"invitation": 0, "registration": 1, "meeting": 2}
    rows.sort(key=lambda r: (r["salon_code"], order[r["what"]], str(r["starts_at"])))
    return {"salons": rows}
