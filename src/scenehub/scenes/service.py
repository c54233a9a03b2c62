"""Use cases of scenes: the catalogue, a department's drafts, the lifecycle, batches.

Scenes that need security vetting (policing, say) are visible only to the centre, their
department and firms the centre has vetted; to everybody else they do not exist (404).
"""

from __future__ import annotations

import statistics
import uuid
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import TypeAdapter
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.batches import ensure_batch, next_batch
from scenehub.db import autocommitted
from scenehub.db import today as local_today
from scenehub.errors import Conflict, NotFound
from scenehub.firms import service as firm_service
from scenehub.governance import audit
from scenehub.governance.authz import authorize, authorize_or_hide
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.scenes import lifecycle
from scenehub.scenes.models import Scene, SceneBatch, SceneEvent
from scenehub.scenes.schemas import (
    BatchPublish,
    BatchRead,
    DomainCount,
    SceneDraft,
    SceneEventRead,
    SceneImport,
    SceneRead,
    SceneTransition,
    SegmentDemand,
)
from scenehub.work import WorkRecord

CENTRE_ROLES = (Role.OPERATOR, Role.ADMIN)
_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])  # of any columns


class InvalidTransition(Conflict):
    code = "invalid_transition"


def import_scene(session: Session, actor: Actor, body: SceneImport) -> SceneRead:
    """Add a scene; importing a code that exists returns the existing scene unchanged."""
    authorize(actor, "scenes.manage")
    existing = session.scalar(select(Scene).where(Scene.code == body.code))
    if existing is not None:
        return SceneRead.model_validate(existing)
    scene = Scene(**body.model_dump())
    session.add(scene)
    session.flush()
    if body.batch and body.published_on:
        ensure_batch(session, SceneBatch, body.batch, body.published_on)
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


def _sees_vetted(session: Session, actor: Actor) -> bool:
    if actor.role in CENTRE_ROLES:
        return True
    return actor.role is Role.FIRM and firm_service.org_is_vetted(session, actor.org_id)


def _visible(query: Select[Scene], session: Session, actor: Actor) -> Select[Scene]:
    """Published scenes the actor may see (vetted scenes only to the vetted)."""
    return _visible_to(query, _sees_vetted(session, actor), _own_department(actor))


def _own_department(actor: Actor) -> int | None:
    return actor.org_id if actor.role is Role.DEPARTMENT else None


def _visible_to(query: _Query, sees_vetted: bool, department: int | None) -> _Query:
    query = query.where(Scene.status.in_(lifecycle.PUBLIC_STATUSES))
    if sees_vetted:
        return query
    if department is not None:
        return query.where(
            or_(Scene.security_vetting.is_(False), Scene.department_org_id == department)
        )
    return query.where(Scene.security_vetting.is_(False))


# The catalogue's columns, read as rows and validated as one list (no ORM objects to build
# for a read-only list: half its cost).
_CATALOGUE_COLUMNS = tuple(Scene.__table__.c[name] for name in SceneRead.model_fields)
_SCENE_LIST = TypeAdapter(list[SceneRead])


@lru_cache(maxsize=256)
def _catalogue(sees_vetted: bool, department: int | None) -> Select[Any]:
    """The catalogue's statement for one kind of reader, built once: building and keying
    a statement per request cost more than PostgreSQL takes to run it."""
    query = _visible_to(select(*_CATALOGUE_COLUMNS), sees_vetted, department)
    return (
        query.order_by(Scene.published_on.desc(), Scene.code)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def list_published(
    session: Session,
    actor: Actor,
    *,
    domain: str | None = None,
    text: str | None = None,
    batch: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[SceneRead]:
    """The public catalogue, newest batch first."""
    authorize(actor, "scenes.read_published")
    query = _catalogue(_sees_vetted(session, actor), _own_department(actor))
    if domain:
        query = query.where(Scene.domain == domain)
    if batch:
        query = query.where(Scene.batch == batch)
    if text:
        like = f"%{text}%"
        query = query.where(
            or_(Scene.title.ilike(like), Scene.wanted.ilike(like), Scene.background.ilike(like))
        )
    # Columns, not entities: run as Core on the session's connection (the ORM's row loading
    # cost more than the query, benchmarks/web_requests.py).
    with autocommitted(session) as connection:
        rows = connection.execute(query, {"limit": min(limit, 500), "offset": offset})
        columns = list(rows.keys())
        return _SCENE_LIST.validate_python([dict(zip(columns, row, strict=True)) for row in rows])


def published_in_batch(session: Session, actor: Actor, batch: str) -> list[SceneRead]:
    """Every published scene of a batch (its download), however many: the catalogue's list
    in pages of its largest size, until a page comes back short."""
    found: list[SceneRead] = []
    while True:
        page = list_published(session, actor, batch=batch, limit=500, offset=len(found))
        found.extend(page)
        if len(page) < 500:
            return found


def get_published(session: Session, actor: Actor, code: str) -> SceneRead:
    authorize(actor, "scenes.read_published")
    scene = session.scalar(_visible(select(Scene), session, actor).where(Scene.code == code))
    if scene is None:
        raise NotFound(N_("scene %(code)s not found"), params={"code": code})
    return SceneRead.model_validate(scene)


def get_any(session: Session, actor: Actor, code: str) -> SceneRead:
    """A scene in any status: published ones for anybody who may see them, others only for
    their department and the centre."""
    scene = _scene(session, code)
    if scene.status in lifecycle.PUBLIC_STATUSES:
        return get_published(session, actor, code)
    _authorize_on(actor, "scenes.edit", scene)
    return SceneRead.model_validate(scene)


def counts_by_domain(session: Session, actor: Actor) -> list[DomainCount]:
    authorize(actor, "scenes.read_published")
    visible = _visible(select(Scene), session, actor).subquery()
    rows = session.execute(
        select(visible.c.domain, func.count()).group_by(visible.c.domain).order_by(visible.c.domain)
    )
    return [DomainCount(domain=d, count=n) for d, n in rows]


def ids_by_code(session: Session) -> dict[str, int]:
    """Scene ids by code (for other domains' imports)."""
    return {code: id_ for code, id_ in session.execute(select(Scene.code, Scene.id))}


def _scene(session: Session, code: str) -> Scene:
    scene = session.scalar(select(Scene).where(Scene.code == code))
    if scene is None:
        raise NotFound(N_("scene %(code)s not found"), params={"code": code})
    return scene


def _resource(scene: Scene) -> Resource:
    return Resource("scene", scene.code, scene.department_org_id)


def _authorize_on(actor: Actor, action: str, scene: Scene) -> None:
    """A scene that is not public is, to anybody who may not act on it, not there (404,
    as a missing one): its code cannot be probed. A public one refuses with the reason."""
    if scene.status in lifecycle.PUBLIC_STATUSES:
        authorize(actor, action, _resource(scene))
    else:
        missing = N_("scene %(code)s not found")
        authorize_or_hide(actor, action, _resource(scene), missing, {"code": scene.code})


def create(session: Session, actor: Actor, body: SceneDraft) -> SceneRead:
    """A department's new scene, as a draft."""
    authorize(actor, "scenes.create")
    department = body.department_org_id if actor.role in CENTRE_ROLES else actor.org_id
    # Well-formed drafts that the caller's role or the named organisation refuse: 409.
    if department is None:
        raise Conflict(N_("name the department the scene belongs to"))
    if auth_service.get_org(session, actor, department).kind is not OrgKind.DEPARTMENT:
        raise Conflict(N_("a scene belongs to a municipal department"))
    fields = body.model_dump(exclude={"department_org_id"})
    scene = Scene(**fields, code=f"tmp-{uuid.uuid4().hex[:12]}", department_org_id=department)
    session.add(scene)
    session.flush()
    scene.code = f"S{local_today().year % 100:02d}{scene.id:05d}"
    session.flush()
    audit.record(
        session,
        actor,
        "scenes.create",
        resource_type="scene",
        resource_id=scene.code,
        subject_org_id=department,
        details={"title": scene.title[:80]},
    )
    return SceneRead.model_validate(scene)


def get_editable(session: Session, actor: Actor, code: str) -> SceneRead:
    """A scene for its edit form, refused as saving it would be (not the actor's: 403 or
    404; no longer a draft: 409), so no form is shown that cannot be saved."""
    return SceneRead.model_validate(_editable(session, actor, code))


def _editable(session: Session, actor: Actor, code: str) -> Scene:
    scene = _scene(session, code)
    _authorize_on(actor, "scenes.edit", scene)
    if scene.status not in lifecycle.EDITABLE:
        raise InvalidTransition(
            N_("scene %(code)s is %(status)s; only drafts can be edited"),
            params={"code": code, "status": scene.status},
        )
    return scene


def update_draft(session: Session, actor: Actor, code: str, body: SceneDraft) -> SceneRead:
    scene = _editable(session, actor, code)
    for key, value in body.model_dump(exclude={"department_org_id"}).items():
        setattr(scene, key, value)
    session.flush()
    audit.record(
        session,
        actor,
        "scenes.edit",
        resource_type="scene",
        resource_id=scene.code,
        subject_org_id=scene.department_org_id,
    )
    return SceneRead.model_validate(scene)


def transition(session: Session, actor: Actor, code: str, body: SceneTransition) -> SceneRead:
    """Move a scene along its lifecycle; an invalid move is a 409 with the reason."""
    scene = _scene(session, code)
    _authorize_on(actor, "scenes.transition", scene)
    if body.to == "published":
        raise InvalidTransition(N_("scenes are published in a batch by the centre"))
    _move(session, actor, scene, body.to, body.reason)
    return SceneRead.model_validate(scene)


def _party(actor: Actor) -> str:
    return "centre" if actor.role in CENTRE_ROLES else "owner"


def _move(session: Session, actor: Actor, scene: Scene, to: str, reason: str) -> None:
    refused = lifecycle.check_transition(scene.status, to, _party(actor), reason)
    if refused is not None:
        raise InvalidTransition(refused, params={"from": scene.status, "to": to})
    session.add(
        SceneEvent(
            scene_id=scene.id,
            from_status=scene.status,
            to_status=to,
            reason=reason,
            user_id=actor.user_id,
        )
    )
    audit.record(
        session,
        actor,
        "scenes.transition",
        resource_type="scene",
        resource_id=scene.code,
        subject_org_id=scene.department_org_id,
        details={"from": scene.status, "to": to, "reason": reason[:200]},
    )
    scene.status = to
    session.flush()


def advance_for_partners(session: Session, actor: Actor, scene_id: int, to: str) -> None:
    """Move a scene as its proposals advance (matching when review starts, partnered when
    one is selected); a scene already there stays."""
    scene = session.get(Scene, scene_id)
    if scene is None or scene.status == to:
        return
    _move(session, actor, scene, to, "")


def history(session: Session, actor: Actor, code: str) -> list[SceneEventRead]:
    scene = _scene(session, code)
    _authorize_on(actor, "scenes.edit", scene)
    rows = session.scalars(
        select(SceneEvent).where(SceneEvent.scene_id == scene.id).order_by(SceneEvent.id)
    )
    return [SceneEventRead.model_validate(e) for e in rows]


def list_own(session: Session, actor: Actor, status: str | None = None) -> list[SceneRead]:
    """A department's scenes in every status (the centre sees every department's)."""
    authorize(actor, "scenes.read_own")
    query = select(Scene)
    if actor.role not in CENTRE_ROLES:
        query = query.where(Scene.department_org_id == actor.org_id)
    if status:
        query = query.where(Scene.status == status)
    rows = session.scalars(query.order_by(Scene.created_at.desc(), Scene.code.desc()).limit(500))
    return [SceneRead.model_validate(s) for s in rows]


def review_queue(session: Session, actor: Actor) -> list[SceneRead]:
    """Scenes departments have submitted, oldest first: the operator's queue."""
    authorize(actor, "scenes.review")
    rows = session.scalars(
        select(Scene).where(Scene.status == "submitted").order_by(Scene.created_at, Scene.id)
    )
    return [SceneRead.model_validate(s) for s in rows]


def publish_batch(session: Session, actor: Actor, body: BatchPublish) -> BatchRead:
    """Publish submitted scenes as the next numbered batch of this year (all or none)."""
    authorize(actor, "scenes.publish_batch")
    codes = list(dict.fromkeys(body.scene_codes))
    scenes = list(session.scalars(select(Scene).where(Scene.code.in_(codes))))
    missing = sorted(set(codes) - {s.code for s in scenes})
    if missing:
        raise NotFound(N_("scene %(code)s not found"), params={"code": ", ".join(missing)})
    today = local_today()
    batch = next_batch(session, SceneBatch, today, body.note)
    for scene in sorted(scenes, key=lambda s: s.code):
        _move(session, actor, scene, "published", "")
        scene.batch, scene.published_on = batch.label, today
    session.flush()
    audit.record(
        session,
        actor,
        "scenes.publish_batch",
        resource_type="scene_batch",
        resource_id=batch.label,
        details={"scenes": [s.code for s in scenes]},
    )
    return _batch_read(session, actor, batch)


def _batch_read(session: Session, actor: Actor, batch: SceneBatch) -> BatchRead:
    return _batch_reads(session, actor, [batch])[0]


def _batch_reads(session: Session, actor: Actor, batches: list[SceneBatch]) -> list[BatchRead]:
    """Batches with the count of their scenes the actor may see (one query for all): a
    security-vetted scene is not counted for a reader who may not see it."""
    counting = select(Scene.batch, func.count())
    visible = _visible_to(counting, _sees_vetted(session, actor), _own_department(actor))
    counts: dict[str | None, int] = dict(
        session.execute(
            visible.where(Scene.batch.in_([b.label for b in batches])).group_by(Scene.batch)
        ).all()
    )
    return [
        BatchRead.model_validate(b).model_copy(update={"scenes": counts.get(b.label, 0)})
        for b in batches
    ]


def list_batches(session: Session, actor: Actor) -> list[BatchRead]:
    authorize(actor, "scenes.read_published")
    batches = session.scalars(
        select(SceneBatch).order_by(SceneBatch.year.desc(), SceneBatch.number.desc())
    )
    return _batch_reads(session, actor, list(batches))


def get_batch(session: Session, actor: Actor, label: str) -> BatchRead:
    authorize(actor, "scenes.read_published")
    batch = session.scalar(select(SceneBatch).where(SceneBatch.label == label))
    if batch is None:
        raise NotFound(N_("batch %(label)s not found"), params={"label": label})
    return _batch_read(session, actor, batch)


def for_matching(session: Session, actor: Actor, code: str) -> SceneRead:
    """A scene its department or the centre may match firms to (any status but draft)."""
    scene = _scene(session, code)
    _authorize_on(actor, "scenes.match", scene)
    return SceneRead.model_validate(scene)


def open_scenes(session: Session) -> list[SceneRead]:
    """Every scene open for proposals (for recommendations; callers filter visibility)."""
    rows = session.scalars(
        select(Scene).where(Scene.status.in_(lifecycle.OPEN_FOR_PROPOSALS)).order_by(Scene.id)
    )
    return [SceneRead.model_validate(s) for s in rows]


def scenes_for_review(session: Session) -> list[SceneRead]:
    """Scenes a duplicate check looks at: submitted, published or matching."""
    rows = session.scalars(
        select(Scene)
        .where(Scene.status.in_(("submitted", "published", "matching")))
        .order_by(Scene.id)
    )
    return [SceneRead.model_validate(s) for s in rows]


def by_ids(session: Session, scene_ids: set[int]) -> dict[int, SceneRead]:
    """Scenes by id, in one query (for lists of things that point at scenes)."""
    if not scene_ids:
        return {}
    rows = session.scalars(select(Scene).where(Scene.id.in_(scene_ids)))
    return {s.id: SceneRead.model_validate(s) for s in rows}


def by_id(session: Session, scene_id: int) -> SceneRead:
    scene = session.get(Scene, scene_id)
    if scene is None:
        raise NotFound(N_("scene %(code)s not found"), params={"code": str(scene_id)})
    return SceneRead.model_validate(scene)


def demand_by_segment(session: Session, actor: Actor) -> list[SegmentDemand]:
    """Per chain segment: how many visible scenes want it, from how many departments, with
    what budget and how recently — the demand side of the industry map."""
    authorize(actor, "scenes.read_published")
    scenes = list(session.scalars(_visible(select(Scene), session, actor)))
    grouped: dict[str, list[Scene]] = {}
    for scene in scenes:
        for segment in dict.fromkeys(scene.wanted_segments):
            grouped.setdefault(segment, []).append(scene)
    result = []
    for segment, rows in sorted(grouped.items()):
        timelines = sorted(s.timeline_months for s in rows if s.timeline_months)
        dates = [s.published_on for s in rows if s.published_on]
        result.append(
            SegmentDemand(
                segment=segment,
                scenes=len(rows),
                main=sum(1 for s in rows if s.wanted_segments[0] == segment),
                departments=len({s.department_org_id for s in rows}),
                open=sum(1 for s in rows if s.status in lifecycle.OPEN_FOR_PROPOSALS),
                budget_max_10k=sum(s.budget_max_10k or 0 for s in rows),
                latest=max(dates) if dates else None,
                median_timeline_months=float(statistics.median(timelines)) if timelines else None,
            )
        )
    return result


def work_record(session: Session) -> WorkRecord:
    """What the scene catalogue did, for the dashboard: the scenes published and still public
    (published, matching, partnered or closed)."""
    published = session.scalar(
        select(func.count()).select_from(Scene).where(Scene.status.in_(lifecycle.PUBLIC_STATUSES))
    )
    return WorkRecord(figures={"scenes_published": int(published or 0)})


def scene_subject(session: Session, code: str) -> tuple[int, str] | None:
    """A scene's department and its status (for an appeal against taking it down)."""
    row = session.scalar(select(Scene).where(Scene.code == code))
    return (row.department_org_id, row.status) if row else None
