"""JSON routes of governance: the audit trail and its verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.governance import service
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import AuditEntryRead, ChainReportRead
from scenehub.web.deps import OptionalSeqQuery, SessionDep, require

router = APIRouter(prefix="/audit", tags=["governance"])
StaffActor = Annotated[Actor, require("audit.read_all")]


@router.get("")
def list_audit_entries(
    actor: StaffActor,
    session: SessionDep,
    action: str | None = None,
    before_seq: OptionalSeqQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntryRead]:
    return service.list_entries(session, actor, action=action, before_seq=before_seq, limit=limit)


@router.get("/mine")
def list_audit_entries_about_my_org(
    actor: Annotated[Actor, require("audit.read_own_org")],
    session: SessionDep,
    action: str | None = None,
    before_seq: OptionalSeqQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntryRead]:
    """Who read or changed your organisation's data and accounts."""
    return service.list_entries_about_my_org(
        session, actor, action=action, before_seq=before_seq, limit=limit
    )


@router.get("/verify")
def verify_audit_chain(actor: StaffActor, session: SessionDep) -> ChainReportRead:
    return service.verify_trail(session, actor)
