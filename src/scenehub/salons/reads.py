"""The queries behind salons' reads, in one place: each read costs a fixed number of
statements whatever the number of invitations, registrations or meetings (no per-row
query). Callers authorise; these only read."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from scenehub.auth import service as auth_service
from scenehub.salons.models import (
    Salon,
    SalonConstraint,
    SalonInvitation,
    SalonMeeting,
    SalonRegistration,
    SalonScene,
)
from scenehub.salons.schemas import (
    ConstraintRead,
    InvitationRead,
    MeetingRead,
    ParticipantView,
    ReasonRead,
    RegistrationRead,
    SalonDetail,
    SalonRead,
    SalonSceneRead,
    ScheduleSummary,
)
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneRead

# The firms a department may name: those invited (and not declined); a proposed invitation is
# the centre's plan, not yet theirs to see.
MEETABLE = ("sent", "accepted")


def salon_list(session: Session, *, announced_only: bool) -> list[SalonRead]:
    """Salons, newest first; ``announced_only``: those whose invitations went out."""
    scenes = _counts(session, SalonScene.salon_id)
    meetings = _counts(session, SalonMeeting.salon_id)
    query = select(Salon).order_by(Salon.held_on.desc(), Salon.id.desc())
    if announced_only:
        query = query.where(_announced())
    salons = session.scalars(query)
    return [_summary(s, scenes.get(s.id, 0), meetings.get(s.id, 0)) for s in salons]


def _announced() -> ColumnElement[bool]:
    """A salon past its draft: inviting, scheduled or held, or cancelled after invitations
    were sent (a draft, and a draft cancelled, are the centre's own planning)."""
    sent = (
        select(SalonInvitation.id)
        .where(SalonInvitation.salon_id == Salon.id, SalonInvitation.status != "proposed")
        .exists()
    )
    return Salon.status.not_in(("draft", "cancelled")) | ((Salon.status == "cancelled") & sent)


def _counts(session: Session, salon_id: InstrumentedAttribute[int]) -> dict[int, int]:
    rows = session.execute(select(salon_id, func.count()).group_by(salon_id))
    return {key: n for key, n in rows}


def _summary(salon: Salon, scenes: int, meetings: int) -> SalonRead:
    return SalonRead(
        id=salon.id,
        code=salon.code,
        theme=salon.theme,
        held_on=salon.held_on,
        venue=salon.venue,
        status=salon.status,
        starts_at=salon.starts_at,
        scenes=scenes,
        meetings=meetings,
    )


def salons_of_org(session: Session, org_id: int | None) -> list[SalonRead]:
    """Salons an organisation has an invitation to (sent or answered), newest first."""
    rows = session.scalars(
        select(Salon)
        .join(SalonInvitation, SalonInvitation.salon_id == Salon.id)
        .where(SalonInvitation.org_id == org_id, SalonInvitation.status != "proposed")
        .order_by(Salon.held_on.desc(), Salon.id.desc())
    )
    return [_summary(s, 0, 0) for s in rows]


def linked_scenes(session: Session, salon_id: int) -> list[SceneRead]:
    """A salon's scenes, in the order of their ids."""
    ids = set(session.scalars(select(SalonScene.scene_id).where(SalonScene.salon_id == salon_id)))
    scenes = scene_service.by_ids(session, ids)
    return [scenes[i] for i in sorted(scenes)]


def _scene_reads(scenes: Iterable[SceneRead], names: dict[int, str]) -> list[SalonSceneRead]:
    return [
        SalonSceneRead(
            id=s.id,
            code=s.code,
            title=s.title,
            department_org_id=s.department_org_id,
            department_name=names.get(s.department_org_id, ""),
        )
        for s in scenes
    ]


def invitation_read(row: SalonInvitation, names: dict[int, str]) -> InvitationRead:
    return InvitationRead(
        id=row.id,
        org_id=row.org_id,
        org_name=names.get(row.org_id, ""),
        kind=row.kind,
        rank=row.rank,
        score=row.score,
        reasons=[ReasonRead.model_validate(r) for r in row.reasons or []],
        status=row.status,
        responded_at=row.responded_at,
    )


def _registration_read(row: SalonRegistration, names: dict[int, str]) -> RegistrationRead:
    return RegistrationRead(
        org_id=row.org_id,
        org_name=names.get(row.org_id, ""),
        kind=row.kind,
        seats=row.seats,
        available=row.available,
        scene_ids=list(row.wanted_scene_ids or []),
        org_ids=list(row.wanted_org_ids or []),
        checked_in_at=row.checked_in_at,
    )


def _meeting_read(
    row: SalonMeeting, names: dict[int, str], scenes: dict[int, SceneRead]
) -> MeetingRead:
    scene = scenes.get(row.scene_id)
    return MeetingRead(
        id=row.id,
        firm_org_id=row.firm_org_id,
        firm_name=names.get(row.firm_org_id, ""),
        department_org_id=row.department_org_id,
        department_name=names.get(row.department_org_id or 0, ""),
        scene_id=row.scene_id,
        scene_code=scene.code if scene else "",
        scene_title=scene.title if scene else "",
        slot=row.slot,
        table=row.table_no,
        starts_at=row.starts_at,
        minutes=row.minutes,
        pinned=row.pinned,
        checked_in_at=row.checked_in_at,
        outcome=row.outcome,
        note=row.note,
        follow_up=row.follow_up,
        partnership_code=row.partnership_code,
    )


def _meetings(session: Session, salon_id: int, org_id: int | None = None) -> list[SalonMeeting]:
    query = select(SalonMeeting).where(SalonMeeting.salon_id == salon_id)
    if org_id is not None:
        query = query.where(
            (SalonMeeting.firm_org_id == org_id) | (SalonMeeting.department_org_id == org_id)
        )
    order = (SalonMeeting.slot, SalonMeeting.starts_at, SalonMeeting.table_no, SalonMeeting.id)
    return list(session.scalars(query.order_by(*order)))


def _scenes_with(
    session: Session, salon_id: int, meetings: list[SalonMeeting]
) -> dict[int, SceneRead]:
    ids = set(session.scalars(select(SalonScene.scene_id).where(SalonScene.salon_id == salon_id)))
    return scene_service.by_ids(session, ids | {m.scene_id for m in meetings})


def _constraint_read(row: SalonConstraint, names: dict[int, str]) -> ConstraintRead:
    return ConstraintRead(
        id=row.id,
        firm_org_id=row.firm_org_id,
        firm_name=names.get(row.firm_org_id, ""),
        department_org_id=row.department_org_id,
        department_name=names.get(row.department_org_id, ""),
        kind=row.kind,
        slot=row.slot,
    )


def detail(session: Session, salon: Salon) -> SalonDetail:
    """Everything about a salon (eight statements)."""
    invitations = list(
        session.scalars(
            select(SalonInvitation)
            .where(SalonInvitation.salon_id == salon.id)
            .order_by(SalonInvitation.kind.desc(), SalonInvitation.rank, SalonInvitation.id)
        )
    )
    registrations = list(
        session.scalars(
            select(SalonRegistration)
            .where(SalonRegistration.salon_id == salon.id)
            .order_by(SalonRegistration.kind, SalonRegistration.id)
        )
    )
    constraints = list(
        session.scalars(
            select(SalonConstraint)
            .where(SalonConstraint.salon_id == salon.id)
            .order_by(SalonConstraint.id)
        )
    )
    meetings = _meetings(session, salon.id)
    all_scenes = _scenes_with(session, salon.id, meetings)
    linked = set(
        session.scalars(select(SalonScene.scene_id).where(SalonScene.salon_id == salon.id))
    )
    orgs = {i.org_id for i in invitations} | {s.department_org_id for s in all_scenes.values()}
    orgs |= {m.firm_org_id for m in meetings} | {m.department_org_id or 0 for m in meetings}
    names = auth_service.org_names(session, orgs)
    return SalonDetail(
        id=salon.id,
        code=salon.code,
        theme=salon.theme,
        venue=salon.venue,
        status=salon.status,
        starts_at=salon.starts_at,
        held_on=salon.held_on,
        time_zone=salon.time_zone,
        slot_minutes=salon.slot_minutes,
        break_minutes=salon.break_minutes,
        slots=salon.slots,
        tables=salon.tables,
        capacity=salon.capacity,
        scenes=_scene_reads((all_scenes[i] for i in sorted(linked) if i in all_scenes), names),
        invitations=[invitation_read(i, names) for i in invitations],
        registrations=[_registration_read(r, names) for r in registrations],
        constraints=[_constraint_read(c, names) for c in constraints],
        meetings=[_meeting_read(m, names, all_scenes) for m in meetings],
        schedule=ScheduleSummary(
            status=salon.schedule_status,
            objective=salon.objective,
            bound=salon.bound,
            solved_at=salon.solved_at,
            meetings=len(meetings),
            firms_met=len({m.firm_org_id for m in meetings}),
        ),
    )


def participant_view(session: Session, salon: Salon, row: SalonInvitation) -> ParticipantView:
    """A participant's invitation, registration and meetings, and whom it may name."""
    registration = session.scalar(
        select(SalonRegistration).where(
            SalonRegistration.salon_id == salon.id, SalonRegistration.org_id == row.org_id
        )
    )
    meetings = _meetings(session, salon.id, row.org_id)
    scenes = _scenes_with(session, salon.id, meetings)
    linked = linked_scene_ids(session, salon.id)
    if row.kind == "firm":
        choice_ids = {s.department_org_id for i, s in scenes.items() if i in linked}
    else:
        choice_ids = set(
            session.scalars(
                select(SalonInvitation.org_id).where(
                    SalonInvitation.salon_id == salon.id,
                    SalonInvitation.kind == "firm",
                    SalonInvitation.status.in_(MEETABLE),
                )
            )
        )
    orgs = choice_ids | {row.org_id} | {s.department_org_id for s in scenes.values()}
    orgs |= {m.firm_org_id for m in meetings} | {m.department_org_id or 0 for m in meetings}
    names = auth_service.org_names(session, orgs)
    return ParticipantView(
        salon=_summary(salon, len(linked), len(meetings)),
        time_zone=salon.time_zone,
        slots=salon.slots,
        slot_minutes=salon.slot_minutes,
        break_minutes=salon.break_minutes,
        scenes=_scene_reads((scenes[i] for i in sorted(linked) if i in scenes), names),
        invitation=invitation_read(row, names),
        registration=_registration_read(registration, names) if registration else None,
        meetings=[_meeting_read(m, names, scenes) for m in meetings],
        choices={o: names.get(o, "") for o in sorted(choice_ids)},
    )


def linked_scene_ids(session: Session, salon_id: int) -> set[int]:
    return set(session.scalars(select(SalonScene.scene_id).where(SalonScene.salon_id == salon_id)))


def scene_of(session: Session, scene_id: int) -> SceneRead:
    return scene_service.by_id(session, scene_id)
