"""A firm's exit, the proposals' part: its proposals (揭榜) and the invitations matching
sent it, with their scores (called by governance/export_service.py and
closure_service.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.db import rows_deleted
from scenehub.proposals.models import Invitation, Proposal
from scenehub.scenes import service as scene_service

Row = dict[str, Any]
TEXT_FIELDS = (
    "summary",
    "approach",
    "budget_10k",
    "timeline_months",
    "status",
    "reason",
    "scores",
    "total_score",
    "created_at",
    "decided_at",
)
# Decided proposals stay for the departments' records when the firm leaves; the rest go.
KEPT_ON_CLOSURE = ("selected", "rejected")


def export_for_org(session: Session, org_id: int, firm_id: int | None) -> dict[str, list[Row]]:
    """The organisation's proposals and the invitations its firm received."""
    proposals = session.scalars(select(Proposal).where(Proposal.org_id == org_id)).all()
    invitations = (
        session.scalars(select(Invitation).where(Invitation.firm_id == firm_id)).all()
        if firm_id is not None
        else []
    )
    scene_ids = {p.scene_id for p in proposals} | {i.scene_id for i in invitations}
    scenes = scene_service.by_ids(session, scene_ids)
    inviters = auth_service.org_names(session, {i.invited_by_org_id for i in invitations})
    return {
        "proposals": sorted(
            (
                {"scene_code": scenes[p.scene_id].code, **{f: getattr(p, f) for f in TEXT_FIELDS}}
                for p in proposals
            ),
            key=lambda r: str(r["scene_code"]),
        ),
        "match_history": sorted(
            (
                {
                    "scene_code": scenes[i.scene_id].code,
                    "invited_by": inviters.get(i.invited_by_org_id, ""),
                    "message": i.message,
                    "score": i.score,
                    "created_at": i.created_at,
                }
                for i in invitations
            ),
            key=lambda r: str(r["scene_code"]),
        ),
    }


def import_for_org(
    session: Session, org_id: int, firm_id: int | None, rows: list[Row]
) -> list[Row]:
    """Restore the proposals whose scene this instance has (by its code), as they stood;
    a decided one kept here from the firm's earlier account becomes its own again.
    Returns the rows whose scene is not here (kept as history)."""
    ids = scene_service.ids_by_code(session)
    unplaced: list[Row] = []
    for row in rows:
        scene_id = ids.get(str(row["scene_code"]))
        if scene_id is None or firm_id is None:
            unplaced.append(row)
            continue
        kept = session.scalar(
            select(Proposal).where(Proposal.scene_id == scene_id, Proposal.firm_id == firm_id)
        )
        if kept is None:
            kept = Proposal(scene_id=scene_id, firm_id=firm_id, org_id=org_id)
            session.add(kept)
        kept.org_id = org_id
        for field in TEXT_FIELDS:
            setattr(kept, field, _value(field, row.get(field)))
    session.flush()
    return unplaced


def _value(field: str, value: Any) -> Any:
    if field in ("created_at", "decided_at") and isinstance(value, str):
        return datetime.fromisoformat(value)
    if field in ("approach", "reason") and value is None:
        return ""
    return value


def close_for_org(session: Session, org_id: int) -> dict[str, int]:
    """Delete the proposals still open or withdrawn; keep the decided ones (the department
    chose or turned them down) under the anonymised organisation."""
    deleted = rows_deleted(
        session,
        delete(Proposal).where(Proposal.org_id == org_id, Proposal.status.not_in(KEPT_ON_CLOSURE)),
    )
    kept = len(session.scalars(select(Proposal.id).where(Proposal.org_id == org_id)).all())
    session.flush()
    return {"proposals_deleted": deleted, "proposals_kept": kept}
