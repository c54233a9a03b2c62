"""JSON routes of the capability registry: claims, the firm's record, capabilities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.fields import RequestBody
from scenehub.firms import service
from scenehub.firms.schemas import (
    CapabilityBatchPublish,
    CapabilityBatchRead,
    CapabilityMove,
    CapabilityRead,
    CapabilityWrite,
    ClaimCreate,
    ClaimDecision,
    ClaimRead,
    FirmProfileUpdate,
    FirmRead,
)
from scenehub.governance.policy import Actor
from scenehub.web.deps import IdPath, OffsetQuery, PublicActor, SessionDep, require

router = APIRouter(tags=["registry"])
FirmActor = Annotated[Actor, require("firms.home")]
CentreActor = Annotated[Actor, require("firms.decide_claims")]


class Vetting(RequestBody):
    vetted: bool


@router.get("/registry/me")
def my_firm(actor: FirmActor, session: SessionDep) -> FirmRead | None:
    return service.my_firm(session, actor)


@router.put("/registry/me")
def update_my_firm(body: FirmProfileUpdate, actor: FirmActor, session: SessionDep) -> FirmRead:
    return service.update_profile(session, actor, body)


@router.post("/registry/claims", status_code=201)
def claim_firm(
    body: ClaimCreate, actor: Annotated[Actor, require("firms.claim")], session: SessionDep
) -> ClaimRead:
    return service.claim(session, actor, body)


@router.get("/registry/claims/mine")
def my_claims(
    actor: Annotated[Actor, require("firms.claim")], session: SessionDep
) -> list[ClaimRead]:
    return service.my_claims(session, actor)


@router.get("/registry/claims")
def pending_claims(actor: CentreActor, session: SessionDep) -> list[ClaimRead]:
    return service.pending_claims(session, actor)


@router.post("/registry/claims/{claim_id}/decision")
def decide_claim(
    claim_id: IdPath, body: ClaimDecision, actor: CentreActor, session: SessionDep
) -> ClaimRead:
    return service.decide_claim(session, actor, claim_id, body)


@router.post("/registry/firms/{firm_id}/vetting")
def set_vetting(
    firm_id: IdPath,
    body: Vetting,
    actor: Annotated[Actor, require("firms.vet")],
    session: SessionDep,
) -> FirmRead:
    return service.set_vetted(session, actor, firm_id, body.vetted)


@router.get("/registry/me/capabilities")
def my_capabilities(actor: FirmActor, session: SessionDep) -> list[CapabilityRead]:
    return service.my_capabilities(session, actor)


@router.post("/registry/me/capabilities", status_code=201)
def add_capability(
    body: CapabilityWrite,
    actor: Annotated[Actor, require("firms.manage_capabilities")],
    session: SessionDep,
) -> CapabilityRead:
    return service.add_capability(session, actor, body)


@router.put("/capabilities/{code}")
def update_capability(
    code: str,
    body: CapabilityWrite,
    actor: Annotated[Actor, require("firms.manage_capabilities")],
    session: SessionDep,
) -> CapabilityRead:
    return service.update_capability(session, actor, code, body)


@router.post("/capabilities/{code}/transitions")
def move_capability(
    code: str,
    body: CapabilityMove,
    actor: Annotated[Actor, require("firms.manage_capabilities")],
    session: SessionDep,
) -> CapabilityRead:
    return service.move_capability(session, actor, code, body.to)


@router.get("/capabilities")
def published_capabilities(
    actor: PublicActor,
    session: SessionDep,
    batch: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: OffsetQuery = 0,
) -> list[CapabilityRead]:
    return service.published_capabilities(session, actor, batch, limit, offset)


@router.get("/capability-batches")
def capability_batches(actor: PublicActor, session: SessionDep) -> list[CapabilityBatchRead]:
    return service.list_capability_batches(session, actor)


@router.get("/review/capabilities")
def capability_queue(
    actor: Annotated[Actor, require("firms.publish_capabilities")], session: SessionDep
) -> list[CapabilityRead]:
    return service.capability_queue(session, actor)


@router.post("/capability-batches", status_code=201)
def publish_capability_batch(
    body: CapabilityBatchPublish,
    actor: Annotated[Actor, require("firms.publish_capabilities")],
    session: SessionDep,
) -> CapabilityBatchRead:
    return service.publish_capability_batch(session, actor, body)
