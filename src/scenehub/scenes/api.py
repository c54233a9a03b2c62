"""JSON routes of scenes: the catalogue, a department's scenes, the lifecycle, batches."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.governance.policy import Actor
from scenehub.scenes import service
from scenehub.scenes.schemas import (
    BatchPublish,
    BatchRead,
    SceneDraft,
    SceneEventRead,
    SceneRead,
    SceneTransition,
)
from scenehub.web.deps import OffsetQuery, PublicActor, SessionDep, require

router = APIRouter(tags=["scenes"])


@router.get("/scenes")
def list_published_scenes(
    actor: PublicActor,
    session: SessionDep,
    domain: str | None = None,
    batch: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: OffsetQuery = 0,
) -> list[SceneRead]:
    return service.list_published(
        session, actor, domain=domain, batch=batch, text=q, limit=limit, offset=offset
    )


@router.post("/scenes", status_code=201)
def create_scene(
    body: SceneDraft, actor: Annotated[Actor, require("scenes.create")], session: SessionDep
) -> SceneRead:
    return service.create(session, actor, body)


@router.get("/my/scenes")
def list_my_scenes(
    actor: Annotated[Actor, require("scenes.read_own")],
    session: SessionDep,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> list[SceneRead]:
    return service.list_own(session, actor, status)


@router.get("/review/scenes")
def review_queue(
    actor: Annotated[Actor, require("scenes.review")], session: SessionDep
) -> list[SceneRead]:
    return service.review_queue(session, actor)


@router.get("/scenes/{code}")
def read_scene(code: str, actor: PublicActor, session: SessionDep) -> SceneRead:
    return service.get_any(session, actor, code)


@router.put("/scenes/{code}")
def update_scene(
    code: str,
    body: SceneDraft,
    actor: Annotated[Actor, require("scenes.create")],
    session: SessionDep,
) -> SceneRead:
    return service.update_draft(session, actor, code, body)


@router.post("/scenes/{code}/transitions")
def move_scene(
    code: str,
    body: SceneTransition,
    actor: Annotated[Actor, require("auth.account")],
    session: SessionDep,
) -> SceneRead:
    return service.transition(session, actor, code, body)


@router.get("/scenes/{code}/history")
def scene_history(
    code: str, actor: Annotated[Actor, require("auth.account")], session: SessionDep
) -> list[SceneEventRead]:
    return service.history(session, actor, code)


@router.get("/scene-batches")
def list_batches(actor: PublicActor, session: SessionDep) -> list[BatchRead]:
    return service.list_batches(session, actor)


@router.post("/scene-batches", status_code=201)
def publish_batch(
    body: BatchPublish,
    actor: Annotated[Actor, require("scenes.publish_batch")],
    session: SessionDep,
) -> BatchRead:
    return service.publish_batch(session, actor, body)
