"""JSON routes of scenes: the public catalogue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.scenes import service
from scenehub.scenes.schemas import SceneRead
from scenehub.web.deps import OffsetQuery, PublicActor, SessionDep

router = APIRouter(prefix="/scenes", tags=["scenes"])


@router.get("")
def list_published_scenes(
    actor: PublicActor,
    session: SessionDep,
    domain: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: OffsetQuery = 0,
) -> list[SceneRead]:
    return service.list_published(session, actor, domain=domain, text=q, limit=limit, offset=offset)


@router.get("/{code}")
def read_published_scene(code: str, actor: PublicActor, session: SessionDep) -> SceneRead:
    return service.get_published(session, actor, code)
