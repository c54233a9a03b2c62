"""A firm's exit, the partnerships' part: the partnerships and pilots the firm is party
to, with their stage changes (history: they are the departments' records too)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.partnerships.models import Partnership, PartnershipEvent, Pilot
from scenehub.scenes import service as scene_service

Row = dict[str, Any]


def export_for_org(session: Session, org_id: int) -> dict[str, list[Row]]:
    rows = session.scalars(
        select(Partnership).where(Partnership.firm_org_id == org_id).order_by(Partnership.code)
    ).all()
    ids = [p.id for p in rows]
    events: dict[int, list[Row]] = {i: [] for i in ids}
    for e in session.scalars(
        select(PartnershipEvent)
        .where(PartnershipEvent.partnership_id.in_(ids))
        .order_by(PartnershipEvent.at, PartnershipEvent.id)
    ):
        events[e.partnership_id].append(
            {"from": e.from_stage, "to": e.to_stage, "reason": e.reason, "at": e.at.isoformat()}
        )
    pilots = {
        p.partnership_id: p
        for p in session.scalars(select(Pilot).where(Pilot.partnership_id.in_(ids)))
    }
    scenes = scene_service.by_ids(session, {p.scene_id for p in rows})
    return {
        "partnerships": [
            {
                "code": p.code,
                "scene_code": scenes[p.scene_id].code,
                "stage": p.stage,
                "origin": p.origin,
                "started_on": p.started_on,
                "terminated_reason": p.terminated_reason,
                "pilot": _pilot(pilots.get(p.id)),
                "events": events[p.id],
            }
            for p in rows
        ]
    }


def _pilot(pilot: Pilot | None) -> Row | None:
    if pilot is None:
        return None
    return {
        "scope": pilot.scope,
        "site": pilot.site,
        "starts_on": pilot.starts_on.isoformat(),
        "ends_on": pilot.ends_on.isoformat(),
        "data_granted": pilot.data_granted,
    }
