"""JSON routes of matching: a scene's ranked firms, a firm's recommended scenes, duplicate
needs, the published weights."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.firms import service as firm_service
from scenehub.governance.policy import Actor
from scenehub.matching import service
from scenehub.matching.schemas import DuplicateOut, MatchOut
from scenehub.web.deps import PublicActor, SessionDep, SettingsDep, require

router = APIRouter(tags=["matching"])


@router.get("/scenes/{code}/matches")
def ranked_firms(
    code: str,
    actor: Annotated[Actor, require("scenes.match")],
    session: SessionDep,
    settings: SettingsDep,
    top: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[MatchOut]:
    ranked = service.rank_firms_for_scene(session, actor, code, top, settings=settings)
    return [MatchOut.of(r.match, r.firm.name) for r in ranked]


@router.get("/registry/me/recommendations")
def recommended_scenes(
    actor: Annotated[Actor, require("firms.home")],
    session: SessionDep,
    settings: SettingsDep,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[MatchOut]:
    firm = firm_service.require_my_firm(session, actor)
    ranked = service.recommended_scenes(session, actor, firm, top, settings=settings)
    return [MatchOut.of(r.match, r.scene.title) for r in ranked]


@router.get("/review/duplicates")
def duplicate_needs(
    actor: Annotated[Actor, require("scenes.review")], session: SessionDep
) -> list[DuplicateOut]:
    return [
        DuplicateOut(
            first=d.first.code,
            second=d.second.code,
            similarity=d.similarity,
            shared_terms=list(d.shared_terms),
        )
        for d in service.duplicate_needs(session, actor)
    ]


@router.get("/matching/weights")
def published_weights(actor: PublicActor) -> dict[str, float]:
    return service.published_weights()
