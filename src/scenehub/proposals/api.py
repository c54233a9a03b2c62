"""JSON routes of proposals (揭榜) and invitations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from scenehub.governance.policy import Actor
from scenehub.proposals import service
from scenehub.proposals.schemas import (
    InvitationCreate,
    InvitationRead,
    ProposalAdvance,
    ProposalCreate,
    ProposalRead,
    ProposalReject,
    ProposalScores,
)
from scenehub.web.deps import IdPath, SessionDep, require

router = APIRouter(tags=["proposals"])
FirmActor = Annotated[Actor, require("proposals.submit")]
ReviewActor = Annotated[Actor, require("proposals.review")]
SignedIn = Annotated[Actor, require("auth.account")]


@router.post("/scenes/{code}/proposals", status_code=201)
def submit_proposal(
    code: str, body: ProposalCreate, actor: FirmActor, session: SessionDep
) -> ProposalRead:
    return service.submit(session, actor, code, body)


@router.get("/scenes/{code}/proposals")
def scene_proposals(code: str, actor: ReviewActor, session: SessionDep) -> list[ProposalRead]:
    return service.for_scene(session, actor, code)


@router.get("/my/proposals")
def my_proposals(actor: FirmActor, session: SessionDep) -> list[ProposalRead]:
    return service.mine(session, actor)


@router.get("/proposals/{proposal_id}")
def read_proposal(proposal_id: IdPath, actor: SignedIn, session: SessionDep) -> ProposalRead:
    return service.get(session, actor, proposal_id)


@router.post("/proposals/{proposal_id}/advance")
def advance_proposal(
    proposal_id: IdPath, body: ProposalAdvance, actor: ReviewActor, session: SessionDep
) -> ProposalRead:
    return service.advance(session, actor, proposal_id, body)


@router.post("/proposals/{proposal_id}/scores")
def score_proposal(
    proposal_id: IdPath, body: ProposalScores, actor: ReviewActor, session: SessionDep
) -> ProposalRead:
    return service.score(session, actor, proposal_id, body)


@router.post("/proposals/{proposal_id}/reject")
def reject_proposal(
    proposal_id: IdPath, body: ProposalReject, actor: ReviewActor, session: SessionDep
) -> ProposalRead:
    return service.reject(session, actor, proposal_id, body)


@router.post("/proposals/{proposal_id}/withdraw")
def withdraw_proposal(proposal_id: IdPath, actor: FirmActor, session: SessionDep) -> ProposalRead:
    return service.withdraw(session, actor, proposal_id)


@router.post("/scenes/{code}/invitations", status_code=201)
def invite_firm(
    code: str,
    body: InvitationCreate,
    actor: Annotated[Actor, require("scenes.match")],
    session: SessionDep,
) -> InvitationRead:
    return service.invite(session, actor, code, body)


@router.get("/my/invitations")
def my_invitations(
    actor: Annotated[Actor, require("firms.home")], session: SessionDep
) -> list[InvitationRead]:
    return service.my_invitations(session, actor)
