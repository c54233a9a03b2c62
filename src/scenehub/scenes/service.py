"""Use cases of scenes: import (from a department list or the demo city), the catalogue."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from scenehub.errors import NotFound
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.scenes.models import Scene
from scenehub.scenes.schemas import DomainCount, SceneImport, SceneRead

PUBLIC_STATUSES = ("published", "matching", "partnered", "closed")


def import_scene(session: Session, actor: Actor, body: SceneImport) -> SceneRead:
    """Add a scene; importing a code that exists returns the existing scene unchanged."""
    authorize(actor, "scenes.manage")
    existing = session.scalar(select(Scene).where(Scene.code == body.code))
    if existing is not None:
        return SceneRead.model_validate(existing)
    scene = Scene(**body.model_dump())
    session.add(scene)
    session.flush()
    audit.record(
        session,
        actor,
        "scenes.import",
        resource_type="scene",
        resource_id=scene.code,
        subject_org_id=scene.department_org_id,
        details={"title": scene.title[:80]},
    )
    return SceneRead.model_validate(scene)


def list_published(
    session: Session,
    actor: Actor,
    *,
    domain: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[SceneRead]:
    """The public catalogue, newest batch first."""
    authorize(actor, "scenes.read_published")
    query = select(Scene).where(Scene.status.in_(PUBLIC_STATUSES))
    if domain:
        query = query.where(Scene.domain == domain)
    if text:
        like = f"%{text}%"
        query = query.where(
            or_(Scene.title.ilike(like), Scene.wanted.ilike(like), Scene.background.ilike(like))
        )
    rows = session.scalars(
        query.order_by(Scene.published_on.desc(), Scene.code).limit(min(limit, 200)).offset(offset)
    )
    return [SceneRead.model_validate(s) for s in rows]


def get_published(session: Session, actor: Actor, code: str) -> SceneRead:
    authorize(actor, "scenes.read_published")
    scene = session.scalar(
        select(Scene).where(Scene.code == code, Scene.status.in_(PUBLIC_STATUSES))
    )
    if scene is None:
        raise NotFound(N_("scene %(code)s not found"), params={"code": code})
    return SceneRead.model_validate(scene)


def counts_by_domain(session: Session, actor: Actor) -> list[DomainCount]:
    authorize(actor, "scenes.read_published")
    rows = session.execute(
        select(Scene.domain, func.count())
        .where(Scene.status.in_(PUBLIC_STATUSES))
        .group_by(Scene.domain)
        .order_by(Scene.domain)
    )
    return [DomainCount(domain=d, count=n) for d, n in rows]


def ids_by_code(session: Session) -> dict[str, int]:
    """Scene ids by code (for other domains' imports)."""
    return {code: id_ for code, id_ in session.execute(select(Scene.code, Scene.id))}
