"""JSON routes of purpose-bound grants: request, list, approve, revoke (docs/governance.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.governance import grant_service as service
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import GrantDecision, GrantRead, GrantRequest
from scenehub.web.deps import IdPath, SessionDep, require

router = APIRouter(prefix="/grants", tags=["governance"])
KeeperActor = Annotated[Actor, require("grants.read_all")]


@router.get("")
def list_grants(
    actor: KeeperActor,
    session: SessionDep,
    status: Annotated[str | None, Query(pattern="^(requested|approved|revoked)$")] = None,
) -> list[GrantRead]:
    """Every grant, newest first (administrators)."""
    return service.list_all(session, actor, status=status)


@router.get("/mine")
def list_my_grants(
    actor: Annotated[Actor, require("grants.read_own")], session: SessionDep
) -> list[GrantRead]:
    """The grants your organisation holds, and those about your organisation's data."""
    return service.list_mine(session, actor)


@router.post("", status_code=201)
def request_grant(
    body: GrantRequest, actor: Annotated[Actor, require("grants.request")], session: SessionDep
) -> GrantRead:
    """Ask for access to named fields of named datasets, for a purpose, until an expiry."""
    return service.request(session, actor, body)


@router.get("/{grant_id}")
def read_grant(
    grant_id: IdPath, actor: Annotated[Actor, require("auth.account")], session: SessionDep
) -> GrantRead:
    return service.get_grant(session, actor, grant_id)


@router.post("/{grant_id}/approve")
def approve_grant(
    grant_id: IdPath,
    actor: Annotated[Actor, require("grants.decide")],
    session: SessionDep,
    body: GrantDecision | None = None,
) -> GrantRead:
    """An administrator approves a requested grant (never one they asked for)."""
    return service.approve(session, actor, grant_id, body or GrantDecision())


@router.post("/{grant_id}/revoke")
def revoke_grant(
    grant_id: IdPath,
    actor: Annotated[Actor, require("grants.revoke")],
    session: SessionDep,
    body: GrantDecision | None = None,
) -> GrantRead:
    """An administrator or the grantee revokes a grant: reads under it stop at once."""
    return service.revoke(session, actor, grant_id, body or GrantDecision())
