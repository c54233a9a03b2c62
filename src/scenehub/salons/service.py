"""Use cases of salons: the operator's salon and its scenes, invitations proposed from
matching, participants' answers and registrations, and the reads of all of it.

The schedule, check-in and outcomes are ``meeting_service.py``'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind
from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Allow, Resource, decide
from scenehub.i18n import N_
from scenehub.matching import service as matching_service
from scenehub.notifications import service as notifications
from scenehub.salons import lifecycle, planning, reads
from scenehub.salons.models import (
    Salon,
    SalonInvitation,
    SalonMeeting,
    SalonRegistration,
    SalonScene,
)
from scenehub.salons.schemas import (
    InvitationAnswer,
    ParticipantView,
    RegistrationWrite,
    SalonDetail,
    SalonImport,
    SalonRead,
    SalonTransition,
    SalonWrite,
)
from scenehub.scenes import lifecycle as scene_lifecycle
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneRead
from scenehub.settings import Settings
from scenehub.work import WorkRecord


class InvalidSalonState(Conflict):
    code = "invalid_salon_state"


class SalonFull(Conflict):
    code = "salon_full"


def import_salon(session: Session, actor: Actor, body: SalonImport) -> None:
    """The demo's history: a held salon with its scenes and meetings (once per code)."""
    authorize(actor, "salons.manage")
    if session.scalar(select(Salon.id).where(Salon.code == body.code)) is not None:
        return
    salon = Salon(
        code=body.code,
        theme=body.theme,
        held_on=body.held_on,
        venue=body.venue,
        status="held",
        starts_at=min((m.starts_at for m in body.meetings), default=None),
    )
    session.add(salon)
    session.flush()
    session.add_all(SalonScene(salon_id=salon.id, scene_id=s) for s in body.scene_ids)
    departments = {
        s.id: s.department_org_id
        for s in scene_service.by_ids(session, {m.scene_id for m in body.meetings}).values()
    }
    session.add_all(
        SalonMeeting(
            salon_id=salon.id, department_org_id=departments.get(m.scene_id), **m.model_dump()
        )
        for m in body.meetings
    )
    session.flush()
    audit.record(
        session,
        actor,
        "salons.import",
        resource_type="salon",
        resource_id=salon.code,
        details={"scenes": len(body.scene_ids), "meetings": len(body.meetings)},
    )


def list_salons(session: Session, actor: Actor) -> list[SalonRead]:
    """The salons, newest first, with the number of scenes shown and meetings held: every
    one for the centre, the announced ones (past their draft) for anybody else."""
    authorize(actor, "salons.read")
    manages = isinstance(decide(actor, "salons.manage"), Allow)
    return reads.salon_list(session, announced_only=not manages)


# --- the operator's salon -------------------------------------------------------------------


def salon_by_code(session: Session, code: str) -> Salon:
    salon = session.scalar(select(Salon).where(Salon.code == code))
    if salon is None:
        raise NotFound(N_("salon %(code)s not found"), params={"code": code})
    return salon


def managed_salon(session: Session, actor: Actor, code: str, allowed: tuple[str, ...]) -> Salon:
    """The salon ``code`` for an operator's change allowed in the statuses ``allowed``."""
    authorize(actor, "salons.manage")
    salon = salon_by_code(session, code)
    require_status(salon, allowed)
    return salon


def require_status(salon: Salon, allowed: tuple[str, ...]) -> None:
    if (refusal := lifecycle.check_allowed(salon.status, allowed)) is not None:
        params = {"code": salon.code, "status": lifecycle.status_word(salon.status)}
        raise InvalidSalonState(refusal, params=params)


def _linked_scenes(session: Session, actor: Actor, codes: list[str]) -> list[SceneRead]:
    scenes = [scene_service.for_matching(session, actor, c) for c in dict.fromkeys(codes)]
    if len(scenes) < 2:
        raise InvalidSalonState(N_("a salon shows two or more different scenes"))
    for scene in scenes:
        if scene.status not in scene_lifecycle.OPEN_FOR_PROPOSALS:
            raise InvalidSalonState(
                N_("scene %(code)s is %(status)s: a salon shows scenes open for proposals"),
                params={"code": scene.code, "status": scene_lifecycle.status_term(scene.status)},
            )
    return scenes


def _next_code(session: Session, starts_at: datetime) -> str:
    year = starts_at.year  # the code only names the salon: the year it is given in will do
    prefix = f"SAL-{year}-"
    taken = session.scalar(select(func.count()).where(Salon.code.startswith(prefix))) or 0
    number = taken + 1
    while session.scalar(select(Salon.id).where(Salon.code == f"{prefix}{number:03d}")):
        number += 1
    return f"{prefix}{number:03d}"


def _zone(name: str) -> ZoneInfo:
    if (zone := planning.known_zone(name)) is None:
        raise InvalidSalonState(N_("unknown time zone %(zone)s"), params={"zone": name})
    return zone


def _apply(salon: Salon, body: SalonWrite) -> None:
    salon.theme, salon.venue = body.theme, body.venue
    local = body.starts_at.astimezone(_zone(body.time_zone))
    salon.starts_at, salon.held_on, salon.time_zone = body.starts_at, local.date(), body.time_zone
    salon.slot_minutes, salon.break_minutes = body.slot_minutes, body.break_minutes
    salon.slots, salon.tables, salon.capacity = body.slots, body.tables, body.capacity


def _link(session: Session, salon: Salon, scenes: list[SceneRead]) -> None:
    session.execute(delete(SalonScene).where(SalonScene.salon_id == salon.id))
    session.add_all(SalonScene(salon_id=salon.id, scene_id=s.id) for s in scenes)
    session.flush()


def create_salon(session: Session, actor: Actor, body: SalonWrite) -> SalonDetail:
    """A new salon (a draft) showing two or more scenes."""
    authorize(actor, "salons.manage")
    scenes = _linked_scenes(session, actor, body.scene_codes)
    salon = Salon(
        code=_next_code(session, body.starts_at), status="draft", created_by=actor.user_id
    )
    _apply(salon, body)
    session.add(salon)
    session.flush()
    _link(session, salon, scenes)
    audit.record(
        session,
        actor,
        "salons.create",
        resource_type="salon",
        resource_id=salon.code,
        details={"scenes": [s.code for s in scenes]},
    )
    return reads.detail(session, salon)


def update_salon(session: Session, actor: Actor, code: str, body: SalonWrite) -> SalonDetail:
    """Change a salon's theme, time, grid or scenes before it is scheduled."""
    salon = managed_salon(session, actor, code, lifecycle.EDITABLE)
    scenes = _linked_scenes(session, actor, body.scene_codes)
    _apply(salon, body)
    _link(session, salon, scenes)
    audit.record(session, actor, "salons.edit", resource_type="salon", resource_id=salon.code)
    return reads.detail(session, salon)


def get_salon(session: Session, actor: Actor, code: str) -> SalonDetail:
    """Everything about a salon, for the centre."""
    authorize(actor, "salons.manage")
    return reads.detail(session, salon_by_code(session, code))


def transition(session: Session, actor: Actor, code: str, body: SalonTransition) -> SalonDetail:
    """Mark a salon held after the day, or cancel it."""
    authorize(actor, "salons.manage")
    salon = salon_by_code(session, code)
    move(session, actor, salon, body.to)
    return reads.detail(session, salon)


def move(session: Session, actor: Actor, salon: Salon, to: str) -> None:
    if salon.status == to:
        return
    if (refusal := lifecycle.check_transition(salon.status, to)) is not None:
        words = {"from": lifecycle.status_word(salon.status), "to": lifecycle.status_word(to)}
        raise InvalidSalonState(refusal, params=words)
    before, salon.status = salon.status, to
    session.flush()
    audit.record(
        session,
        actor,
        "salons.transition",
        resource_type="salon",
        resource_id=salon.code,
        details={"from": before, "to": to},
    )
    if to in _TOLD_OF_MOVES:
        _tell_participants(session, actor, salon, f"salon.{to}")


# The moves participants hear of: the schedule is out (their meetings are on their page), or
# the salon is off.
_TOLD_OF_MOVES = ("scheduled", "cancelled")


def _tell_participants(session: Session, actor: Actor, salon: Salon, kind: str) -> None:
    """Tell the organisations that accepted (and, when the salon is cancelled, those still
    asked) what happened to the salon."""
    statuses = ("accepted", "sent") if kind == "salon.cancelled" else ("accepted",)
    org_ids = session.scalars(
        select(SalonInvitation.org_id).where(_of(salon), SalonInvitation.status.in_(statuses))
    ).all()
    notifications.notify_orgs(
        session, actor, org_ids, kind, _salon_params(salon), f"/my/salons/{salon.code}"
    )


def _salon_params(salon: Salon) -> dict[str, Any]:
    return {"title": salon.theme, "code": salon.code, "date": salon.held_on.isoformat()}


# --- invitations ----------------------------------------------------------------------------


def propose_invitations(
    session: Session, actor: Actor, code: str, *, settings: Settings, top: int = 20
) -> SalonDetail:
    """Add to the list the firms matching ranks best for the linked scenes (each with its
    score per scene and its best scene's reasons) and the departments owning the scenes.

    Organisations already on the list keep their place; firms without an account (no
    organisation to answer) are left out."""
    salon = managed_salon(session, actor, code, lifecycle.EDITABLE)
    scenes = reads.linked_scenes(session, salon.id)
    listed = set(session.scalars(select(SalonInvitation.org_id).where(_of(salon))))
    ranked = _ranked_firms(session, actor, scenes, settings, top)
    added = 0
    for rank, (org_id, scores, reasons) in enumerate(ranked, start=1):
        if org_id not in listed:
            session.add(_firm_invitation(salon, org_id, rank, scores, reasons))
            listed.add(org_id)
            added += 1
    for department in dict.fromkeys(s.department_org_id for s in scenes):
        if department not in listed:
            session.add(SalonInvitation(salon_id=salon.id, org_id=department, kind="department"))
            added += 1
    session.flush()
    audit.record(
        session,
        actor,
        "salons.propose_invitations",
        resource_type="salon",
        resource_id=salon.code,
        details={"added": added},
    )
    return reads.detail(session, salon)


_Ranked = tuple[int, dict[str, float], list[dict[str, Any]]]


def _ranked_firms(
    session: Session, actor: Actor, scenes: Iterable[SceneRead], settings: Settings, top: int
) -> list[_Ranked]:
    """Firm organisations with their score per scene and their best scene's reasons, best
    first."""
    scores: dict[int, dict[str, float]] = {}
    best: dict[int, tuple[float, list[dict[str, Any]]]] = {}
    for scene in scenes:
        for ranked in matching_service.rank_firms_for_scene(
            session, actor, scene.code, top, settings=settings
        ):
            org_id, score = ranked.firm.org_id, ranked.match.score
            if org_id is None:
                continue
            scores.setdefault(org_id, {})[str(scene.id)] = score
            if score > best.get(org_id, (-1.0, []))[0]:
                reasons = [{"code": r.code, "params": r.params} for r in ranked.match.reasons]
                best[org_id] = (score, reasons)
    order = sorted(best, key=lambda o: (-best[o][0], o))
    return [(o, scores[o], best[o][1]) for o in order]


def _firm_invitation(
    salon: Salon, org_id: int, rank: int, scores: dict[str, float], reasons: list[dict[str, Any]]
) -> SalonInvitation:
    return SalonInvitation(
        salon_id=salon.id,
        org_id=org_id,
        kind="firm",
        rank=rank,
        score=max(scores.values()),
        scene_scores=scores,
        reasons=reasons,
        status="proposed",
    )


def _of(salon: Salon) -> ColumnElement[bool]:
    return SalonInvitation.salon_id == salon.id


def add_invitation(session: Session, actor: Actor, code: str, org_id: int) -> SalonDetail:
    """The operator adds a firm or a department to the list by hand."""
    salon = managed_salon(session, actor, code, lifecycle.EDITABLE)
    org = auth_service.get_org(session, actor, org_id)
    if org.kind not in (OrgKind.FIRM, OrgKind.DEPARTMENT):
        raise InvalidSalonState(N_("only firms and departments are invited to a salon"))
    if session.scalar(
        select(SalonInvitation.id).where(_of(salon), SalonInvitation.org_id == org_id)
    ):
        raise InvalidSalonState(N_("%(name)s is on the list already"), params={"name": org.name})
    session.add(SalonInvitation(salon_id=salon.id, org_id=org_id, kind=org.kind.value))
    session.flush()
    audit.record(
        session,
        actor,
        "salons.add_invitation",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=org_id,
    )
    return reads.detail(session, salon)


def remove_invitation(session: Session, actor: Actor, code: str, invitation_id: int) -> SalonDetail:
    """Take a proposed invitation off the list (one that was sent stays: it was answered or
    may be)."""
    salon = managed_salon(session, actor, code, lifecycle.EDITABLE)
    row = _invitation(session, salon, invitation_id)
    if row.status != "proposed":
        raise InvalidSalonState(N_("only invitations not yet sent can be removed"))
    session.delete(row)
    session.flush()
    audit.record(
        session,
        actor,
        "salons.remove_invitation",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=row.org_id,
    )
    return reads.detail(session, salon)


def _invitation(session: Session, salon: Salon, invitation_id: int) -> SalonInvitation:
    row = session.get(SalonInvitation, invitation_id)
    if row is None or row.salon_id != salon.id:
        raise NotFound(N_("invitation %(id)s not found"), params={"id": invitation_id})
    return row


def send_invitations(session: Session, actor: Actor, code: str) -> SalonDetail:
    """Send every proposed invitation; the salon is then inviting."""
    salon = managed_salon(session, actor, code, lifecycle.EDITABLE)
    rows = list(session.scalars(select(SalonInvitation).where(_of(salon))))
    proposed = [r for r in rows if r.status == "proposed"]
    if not proposed:
        raise InvalidSalonState(N_("there is no proposed invitation to send"))
    if not any(r.kind == "firm" for r in rows) or not any(r.kind == "department" for r in rows):
        raise InvalidSalonState(N_("invite at least one firm and one department"))
    for row in proposed:
        row.status = "sent"
    move(session, actor, salon, "inviting")
    notifications.notify_orgs(
        session,
        actor,
        [r.org_id for r in proposed],
        "salon.invited",
        _salon_params(salon),
        f"/my/salons/{salon.code}",
    )
    audit.record(
        session,
        actor,
        "salons.send_invitations",
        resource_type="salon",
        resource_id=salon.code,
        details={"sent": len(proposed)},
    )
    return reads.detail(session, salon)


# --- a participant's side -------------------------------------------------------------------


def invitation_resource(salon: Salon, row: SalonInvitation) -> Resource:
    return Resource("salon invitation", f"{salon.code}/{row.id}", owner_org_id=row.org_id)


def own_invitation(session: Session, actor: Actor, salon: Salon) -> SalonInvitation:
    authorize(actor, "salons.participate")
    row = session.scalar(
        select(SalonInvitation).where(_of(salon), SalonInvitation.org_id == actor.org_id)
    )
    if row is None or row.status == "proposed":
        raise _no_invitation(salon)
    return row


def _no_invitation(salon: Salon) -> NotFound:
    """An invitation not yet sent is the centre's plan: to its organisation, there is none."""
    return NotFound(
        N_("your organisation has no invitation to salon %(code)s"), params={"code": salon.code}
    )


def answer_invitation(
    session: Session, actor: Actor, code: str, invitation_id: int, body: InvitationAnswer
) -> ParticipantView:
    """A firm or department accepts or declines its own invitation."""
    salon = salon_by_code(session, code)
    row = _invitation(session, salon, invitation_id)
    authorize(actor, "salons.participate", invitation_resource(salon, row))
    if row.status == "proposed":
        raise _no_invitation(salon)
    require_status(salon, lifecycle.ANSWERABLE)
    if (refusal := lifecycle.check_answer(row.status)) is not None:
        raise InvalidSalonState(refusal)
    status = "accepted" if body.accept else "declined"
    if status == "accepted" and row.kind == "firm" and row.status != "accepted":
        accepted = session.scalar(
            select(func.count()).where(
                _of(salon), SalonInvitation.kind == "firm", SalonInvitation.status == "accepted"
            )
        )
        if (accepted or 0) >= salon.capacity:
            raise SalonFull(
                N_("salon %(code)s is full (%(capacity)s firms)"),
                params={"code": salon.code, "capacity": salon.capacity},
            )
    row.status, row.responded_at = status, utcnow()
    if not body.accept:
        session.execute(
            delete(SalonRegistration).where(
                SalonRegistration.salon_id == salon.id, SalonRegistration.org_id == row.org_id
            )
        )
    session.flush()
    audit.record(
        session,
        actor,
        f"salons.{status}",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=row.org_id,
    )
    _tell_the_centre_the_answer(session, actor, salon, row.org_id, status)
    return reads.participant_view(session, salon, row)


def _tell_the_centre_the_answer(
    session: Session, actor: Actor, salon: Salon, org_id: int, status: str
) -> None:
    """The operator who made the salon hears each answer (the centre's staff, when the
    salon has no maker on record)."""
    params = {
        **_salon_params(salon),
        "org": auth_service.org_names(session, {org_id}).get(org_id, ""),
    }
    kind, link = f"salon.{status}", f"/salons/{salon.code}#invitations"
    if salon.created_by is not None:
        notifications.notify_users(session, actor, [salon.created_by], kind, params, link)
    else:
        notifications.notify_staff(session, actor, kind, params, link)


def register(session: Session, actor: Actor, code: str, body: RegistrationWrite) -> ParticipantView:
    """A participant that accepted says whom it wants to meet and when it can (a department
    also how many officers it brings); registering again replaces the registration."""
    salon = salon_by_code(session, code)
    row = own_invitation(session, actor, salon)
    authorize(actor, "salons.participate", invitation_resource(salon, row))
    require_status(salon, lifecycle.REGISTERING)
    if row.status != "accepted":
        raise InvalidSalonState(N_("accept the invitation before registering"))
    _check_registration(session, salon, row.kind, body)
    found = session.scalar(
        select(SalonRegistration).where(
            SalonRegistration.salon_id == salon.id, SalonRegistration.org_id == row.org_id
        )
    )
    registration = found or SalonRegistration(salon_id=salon.id, org_id=row.org_id, kind=row.kind)
    registration.seats = body.seats if row.kind == "department" else 1
    registration.available = sorted(set(body.available)) if body.available else None
    registration.wanted_scene_ids = sorted(set(body.scene_ids)) if row.kind == "firm" else []
    registration.wanted_org_ids = sorted(set(body.org_ids))
    session.add(registration)
    session.flush()
    audit.record(
        session,
        actor,
        "salons.register",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=row.org_id,
        details={"scenes": registration.wanted_scene_ids, "orgs": registration.wanted_org_ids},
    )
    return reads.participant_view(session, salon, row)


def _check_registration(session: Session, salon: Salon, kind: str, body: RegistrationWrite) -> None:
    """Wishes name this salon's scenes and its other side's invited organisations only."""
    scenes = reads.linked_scenes(session, salon.id)
    if kind == "firm":
        choices = {s.department_org_id for s in scenes}
    else:
        choices = set(
            session.scalars(
                select(SalonInvitation.org_id).where(
                    _of(salon),
                    SalonInvitation.kind == "firm",
                    SalonInvitation.status.in_(reads.MEETABLE),
                )
            )
        )
    if unknown := set(body.scene_ids) - {s.id for s in scenes}:
        raise InvalidSalonState(
            N_("scenes %(ids)s are not shown at this salon"), params={"ids": sorted(unknown)}
        )
    if unknown := set(body.org_ids) - choices:
        raise InvalidSalonState(
            N_("organisations %(ids)s cannot be met at this salon"),
            params={"ids": sorted(unknown)},
        )
    if body.available and max(body.available) >= salon.slots:
        raise InvalidSalonState(
            N_("the salon has slots 0 to %(last)s"), params={"last": salon.slots - 1}
        )


def my_salon(session: Session, actor: Actor, code: str) -> ParticipantView:
    """A firm's or department's view of a salon it is invited to."""
    salon = salon_by_code(session, code)
    row = own_invitation(session, actor, salon)
    authorize(actor, "salons.participate", invitation_resource(salon, row))
    return reads.participant_view(session, salon, row)


def my_invitations(session: Session, actor: Actor) -> list[SalonRead]:
    """The salons the actor's organisation is invited to, newest first."""
    authorize(actor, "salons.participate")
    return reads.salons_of_org(session, actor.org_id)


def work_record(session: Session) -> WorkRecord:
    """What the salons did, for the dashboard. A meeting counts as held when its salon was held
    and it was checked in or has an outcome — or when its salon was never scheduled here (the
    history a centre imports holds only meetings that took place). Every firm that met was
    invited, so the met pairs are among the invited ones too."""
    held = {
        salon_id: (held_on, imported)
        for salon_id, held_on, imported in session.execute(
            select(Salon.id, Salon.held_on, Salon.schedule_status.is_(None)).where(
                Salon.status == "held"
            )
        )
    }
    scenes: dict[int, list[int]] = {}
    for salon_id, scene_id in session.execute(select(SalonScene.salon_id, SalonScene.scene_id)):
        scenes.setdefault(salon_id, []).append(scene_id)
    invited = {
        (scene_id, org_id)
        for salon_id, org_id in session.execute(
            select(SalonInvitation.salon_id, SalonInvitation.org_id).where(
                SalonInvitation.kind == "firm", SalonInvitation.status.in_(("sent", "accepted"))
            )
        )
        for scene_id in scenes.get(salon_id, ())
    }
    met: set[tuple[int, int]] = set()
    follow_up: set[tuple[int, int]] = set()
    events = [("salon", held_on) for held_on, _ in held.values()]
    meetings = session.execute(
        select(
            SalonMeeting.salon_id,
            SalonMeeting.scene_id,
            SalonMeeting.firm_org_id,
            SalonMeeting.checked_in_at.is_not(None),
            SalonMeeting.outcome,
        ).where(SalonMeeting.salon_id.in_(list(held)))
    )
    for salon_id, scene_id, firm_org_id, checked_in, outcome in meetings:
        if checked_in or outcome is not None or held[salon_id][1]:
            met.add((scene_id, firm_org_id))
            events.append(("meeting", held[salon_id][0]))
            if outcome in ("follow_up", "proposal"):
                follow_up.add((scene_id, firm_org_id))
    return WorkRecord(
        pairs={
            "invited": frozenset(invited | met),
            "met": frozenset(met),
            "follow_up": frozenset(follow_up),
        },
        events=tuple(events),
        firms=frozenset(org for _, org in invited | met),
        figures={"salons_held": len(held), "meetings_held": len(events) - len(held)},
    )
