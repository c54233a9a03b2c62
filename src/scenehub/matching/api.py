"""JSON routes of matching: a scene's ranked firms, a firm's recommended scenes, duplicate
needs, the published weights."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from scenehub.firms import service as firm_service
from scenehub.governance.policy import Actor
from scenehub.matching import service
from scenehub.matching.documents import Match
from scenehub.web.deps import PublicActor, SessionDep, require

router = APIRouter(tags=["matching"])


class ReasonOut(BaseModel):
    code: str
    params: dict[str, Any]


class MatchOut(BaseModel):
    """One result: ``score`` = Σ weights[c] × components[c] (see ``/matching/weights``)."""

    id: str
    name: str
    score: float
    components: dict[str, float]
    reasons: list[ReasonOut]


class DuplicateOut(BaseModel):
    first: str
    second: str
    similarity: float
    shared_terms: list[str]


def _out(match: Match, name: str) -> MatchOut:
    return MatchOut(
        id=match.id,
        name=name,
        score=match.score,
        components=match.components,
        reasons=[ReasonOut(code=r.code, params=r.params) for r in match.reasons],
    )


@router.get("/scenes/{code}/matches")
def ranked_firms(
    code: str,
    actor: Annotated[Actor, require("scenes.match")],
    session: SessionDep,
    top: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[MatchOut]:
    ranked = service.rank_firms_for_scene(session, actor, code, top)
    return [_out(r.match, r.firm.name) for r in ranked]


@router.get("/registry/me/recommendations")
def recommended_scenes(
    actor: Annotated[Actor, require("firms.home")],
    session: SessionDep,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[MatchOut]:
    firm = firm_service.require_my_firm(session, actor)
    ranked = service.recommended_scenes(session, actor, firm, top)
    return [_out(r.match, r.scene.title) for r in ranked]


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
