"""Use cases of a salon's 1:1 meetings: the operator's pins and forbids, solving the schedule,
check-in at the door, outcomes, follow-ups, and the schedule's documents.

Solving runs inside the request, limited to ``MAX_REQUEST_SOLVE_SECONDS`` (10 s), not as a
job: a salon the centre runs (tens of firms, a few departments, 6–12 slots) is solved to
optimality in well under a second, and the request owning the transaction stores the
meetings with the salon's solve status in one commit, with nothing to poll. When the limit
is reached the best schedule found so far is kept with the solver's bound, its status
"feasible", and the operator may solve again. The jobs package runs pipeline steps (resolve,
map) that read whole registries for minutes; benchmark-sized problems (200 firms × 40
departments, which need 30 s or more) are the `scenehub salons schedule` command's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound
from scenehub.firms import service as firm_service
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.partnerships import service as partnership_service
from scenehub.proposals import service as proposal_service
from scenehub.proposals.schemas import InvitationCreate
from scenehub.salons import documents, lifecycle, planning, reads, schedule
from scenehub.salons.models import (
    Salon,
    SalonConstraint,
    SalonInvitation,
    SalonMeeting,
    SalonRegistration,
)
from scenehub.salons.schemas import (
    ConstraintWrite,
    FollowUpWrite,
    MeetingRead,
    OutcomeWrite,
    SalonDetail,
    SolveRequest,
)
from scenehub.salons.service import (
    InvalidSalonState,
    invitation_resource,
    managed_salon,
    move,
    own_invitation,
    require_status,
    salon_by_code,
)

SOLVER_WORKERS = 2
CALENDAR_TYPE = "text/calendar"


class ScheduleRefused(Conflict):
    code = "schedule_refused"


# --- pins and forbids -----------------------------------------------------------------------


def _invited(session: Session, salon: Salon, org_id: int, kind: str) -> bool:
    return (
        session.scalar(
            select(SalonInvitation.id).where(
                SalonInvitation.salon_id == salon.id,
                SalonInvitation.org_id == org_id,
                SalonInvitation.kind == kind,
            )
        )
        is not None
    )


def set_constraint(session: Session, actor: Actor, code: str, body: ConstraintWrite) -> SalonDetail:
    """Pin a firm's meeting with a department (to a slot, or anywhere) or forbid it; the next
    solve keeps it. A pair has one constraint: setting another replaces it."""
    salon = managed_salon(session, actor, code, lifecycle.SOLVABLE)
    if not _invited(session, salon, body.firm_org_id, "firm") or not _invited(
        session, salon, body.department_org_id, "department"
    ):
        raise InvalidSalonState(N_("pin or forbid meetings between an invited firm and department"))
    if body.slot is not None and body.slot >= salon.slots:
        raise InvalidSalonState(
            N_("the salon has slots 0 to %(last)s"), params={"last": salon.slots - 1}
        )
    pair = (body.firm_org_id, body.department_org_id)
    row = session.scalar(
        select(SalonConstraint).where(
            SalonConstraint.salon_id == salon.id,
            SalonConstraint.firm_org_id == pair[0],
            SalonConstraint.department_org_id == pair[1],
        )
    ) or SalonConstraint(salon_id=salon.id, firm_org_id=pair[0], department_org_id=pair[1])
    row.kind, row.slot = body.kind, body.slot if body.kind == "pin" else None
    session.add(row)
    for meeting in _pair_meetings(session, salon, pair):
        meeting.pinned = body.kind == "pin"
    session.flush()
    audit.record(
        session,
        actor,
        f"salons.{body.kind}",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=pair[0],
        details={"department": pair[1], "slot": body.slot},
    )
    return reads.detail(session, salon)


def _pair_meetings(session: Session, salon: Salon, pair: tuple[int, int]) -> list[SalonMeeting]:
    return list(
        session.scalars(
            select(SalonMeeting).where(
                SalonMeeting.salon_id == salon.id,
                SalonMeeting.firm_org_id == pair[0],
                SalonMeeting.department_org_id == pair[1],
            )
        )
    )


def remove_constraint(session: Session, actor: Actor, code: str, constraint_id: int) -> SalonDetail:
    salon = managed_salon(session, actor, code, lifecycle.SOLVABLE)
    row = session.get(SalonConstraint, constraint_id)
    if row is None or row.salon_id != salon.id:
        raise NotFound(N_("constraint %(id)s not found"), params={"id": constraint_id})
    for meeting in _pair_meetings(session, salon, (row.firm_org_id, row.department_org_id)):
        meeting.pinned = False
    session.delete(row)
    session.flush()
    audit.record(
        session,
        actor,
        "salons.unconstrain",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=row.firm_org_id,
        details={"department": row.department_org_id, "kind": row.kind},
    )
    return reads.detail(session, salon)


# --- solving --------------------------------------------------------------------------------


def _wishes(
    session: Session, salon: Salon
) -> tuple[list[SalonRegistration], list[planning.FirmWish], list[planning.DepartmentWish]]:
    """The registrations of participants that accepted, as the planner's wishes."""
    rows = session.execute(
        select(SalonRegistration, SalonInvitation)
        .join(
            SalonInvitation,
            (SalonInvitation.salon_id == SalonRegistration.salon_id)
            & (SalonInvitation.org_id == SalonRegistration.org_id),
        )
        .where(SalonRegistration.salon_id == salon.id, SalonInvitation.status == "accepted")
        .order_by(SalonRegistration.org_id)
    ).all()
    scenes = reads.linked_scenes(session, salon.id)
    firms = [
        planning.FirmWish(
            org_id=r.org_id,
            scene_ids=frozenset(r.wanted_scene_ids or []),
            department_ids=frozenset(r.wanted_org_ids or []),
            scene_scores={int(k): v for k, v in (i.scene_scores or {}).items()},
        )
        for r, i in rows
        if r.kind == "firm"
    ]
    departments = [
        planning.DepartmentWish(
            org_id=r.org_id,
            firm_ids=frozenset(r.wanted_org_ids or []),
            scene_ids=tuple(s.id for s in scenes if s.department_org_id == r.org_id),
        )
        for r, _ in rows
        if r.kind == "department"
    ]
    return [r for r, _ in rows], firms, departments


def _constraints(session: Session, salon: Salon) -> list[SalonConstraint]:
    return list(
        session.scalars(select(SalonConstraint).where(SalonConstraint.salon_id == salon.id))
    )


def solve(session: Session, actor: Actor, code: str, body: SolveRequest) -> SalonDetail:
    """Solve the salon's 1:1 schedule and store it: unpinned meetings are replaced; the
    solve's status, objective and bound are recorded. An infeasible solve keeps the
    meetings there were."""
    salon = managed_salon(session, actor, code, lifecycle.SOLVABLE)
    if any(m.checked_in_at for m in reads_meetings(session, salon)):
        raise ScheduleRefused(
            N_("meetings have been checked in: the schedule can no longer change")
        )
    problem, requests, pinned = _problem(session, salon)

    try:
        result = schedule.solve(problem, time_limit=body.time_limit, workers=SOLVER_WORKERS)
    except schedule.ScheduleInputError as error:  # a pin in a slot its firm is away, say
        raise ScheduleRefused(error.message, params=error.params) from error
    _record(session, actor, salon, result, requests, pinned)
    return reads.detail(session, salon)


def _problem(
    session: Session, salon: Salon
) -> tuple[Any, list[planning.PairRequest], set[tuple[int, int]]]:
    """The solver's problem from the registrations and the operator's constraints between
    registered participants; the requests it weighs and the pinned pairs."""

    registrations, firms, departments = _wishes(session, salon)
    present = {r.org_id for r in registrations}
    constraints = [
        c for c in _constraints(session, salon) if {c.firm_org_id, c.department_org_id} <= present
    ]
    pins = {(c.firm_org_id, c.department_org_id): c.slot for c in constraints if c.kind == "pin"}
    forbidden = frozenset(
        (c.firm_org_id, c.department_org_id) for c in constraints if c.kind == "forbid"
    )
    requests = planning.pair_requests(
        firms, departments, pinned=frozenset(pins), forbidden=forbidden
    )
    if not requests:
        raise ScheduleRefused(N_("no registered participant wants to meet another yet"))
    requested = {(r.firm, r.department) for r in requests}
    problem = schedule.Problem(
        slots=salon.slots,
        tables=salon.tables,
        firms=tuple(
            schedule.Firm(str(r.org_id), _slots(r.available))
            for r in registrations
            if r.kind == "firm"
        ),
        departments=tuple(
            schedule.Department(str(r.org_id), r.seats, _slots(r.available))
            for r in registrations
            if r.kind == "department"
        ),
        requests=tuple(
            schedule.Request(str(r.firm), str(r.department), r.weight) for r in requests
        ),
        pins=tuple(
            schedule.Pin(str(f), str(d), s) for (f, d), s in pins.items() if (f, d) in requested
        ),
        forbidden=frozenset((str(f), str(d)) for f, d in forbidden),
    )
    return problem, requests, set(pins) & requested


def _slots(available: list[int] | None) -> frozenset[int] | None:
    return frozenset(available) if available is not None else None


def reads_meetings(session: Session, salon: Salon) -> list[SalonMeeting]:
    return list(session.scalars(select(SalonMeeting).where(SalonMeeting.salon_id == salon.id)))


def _record(
    session: Session,
    actor: Actor,
    salon: Salon,
    result: Any,
    requests: list[planning.PairRequest],
    pinned: set[tuple[int, int]],
) -> None:
    salon.schedule_status, salon.solved_at = result.status, utcnow()
    salon.objective, salon.bound = result.objective, result.bound
    if result.status != "infeasible":
        _store(session, salon, result.meetings, requests, pinned)
        move(session, actor, salon, "scheduled")
    session.flush()
    audit.record(
        session,
        actor,
        "salons.solve",
        resource_type="salon",
        resource_id=salon.code,
        details={
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "meetings": len(result.meetings),
        },
    )


def _store(
    session: Session,
    salon: Salon,
    solved: Any,
    requests: list[planning.PairRequest],
    pinned: set[tuple[int, int]],
) -> None:
    """Replace the salon's meetings by the solved ones, updating pinned rows in place."""
    assert salon.starts_at is not None
    scene_of = {(r.firm, r.department): r.scene_id for r in requests}
    kept = {(m.firm_org_id, m.department_org_id or 0): m for m in reads_meetings(session, salon)}
    for meeting in solved:
        pair = (int(meeting.firm), int(meeting.department))
        row = kept.pop(pair, None) if pair in pinned else None
        row = row or SalonMeeting(salon_id=salon.id, firm_org_id=pair[0], department_org_id=pair[1])
        row.scene_id, row.slot, row.table_no = scene_of[pair], meeting.slot, meeting.table
        row.starts_at = planning.slot_start(
            salon.starts_at, meeting.slot, salon.slot_minutes, salon.break_minutes
        )
        row.minutes, row.pinned = salon.slot_minutes, pair in pinned
        session.add(row)
    for row in kept.values():
        session.delete(row)
    session.flush()


# --- the day: check-in, outcomes, follow-ups ------------------------------------------------


def _meeting(session: Session, salon: Salon, meeting_id: int) -> SalonMeeting:
    row = session.get(SalonMeeting, meeting_id)
    if row is None or row.salon_id != salon.id:
        raise NotFound(N_("meeting %(id)s not found"), params={"id": meeting_id})
    return row


def check_in_meeting(session: Session, actor: Actor, code: str, meeting_id: int) -> SalonDetail:
    """Both sides of a meeting are at its table."""
    salon = managed_salon(session, actor, code, lifecycle.CHECK_IN)
    row = _meeting(session, salon, meeting_id)
    row.checked_in_at = row.checked_in_at or utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "salons.check_in",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=row.firm_org_id,
        details={"meeting": row.id},
    )
    return reads.detail(session, salon)


def check_in_participant(session: Session, actor: Actor, code: str, org_id: int) -> SalonDetail:
    """A participant has arrived: each of its meetings whose other side is here too is
    checked in."""
    salon = managed_salon(session, actor, code, lifecycle.CHECK_IN)
    registrations = {
        r.org_id: r
        for r in session.scalars(
            select(SalonRegistration).where(SalonRegistration.salon_id == salon.id)
        )
    }
    if org_id not in registrations:
        raise NotFound(
            N_("organisation %(id)s is not registered for this salon"), params={"id": org_id}
        )
    now = utcnow()
    registrations[org_id].checked_in_at = registrations[org_id].checked_in_at or now
    here = {o for o, r in registrations.items() if r.checked_in_at is not None}
    for meeting in reads_meetings(session, salon):
        both = {meeting.firm_org_id, meeting.department_org_id or 0}
        if org_id in both and both <= here:
            meeting.checked_in_at = meeting.checked_in_at or now
    session.flush()
    audit.record(
        session,
        actor,
        "salons.check_in",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=org_id,
    )
    return reads.detail(session, salon)


def record_outcome(
    session: Session, actor: Actor, code: str, meeting_id: int, body: OutcomeWrite
) -> SalonDetail:
    """What came of a meeting, after the salon."""
    salon = managed_salon(session, actor, code, lifecycle.OUTCOMES)
    row = _meeting(session, salon, meeting_id)
    if row.follow_up and body.outcome not in lifecycle.FOLLOWED_UP:
        raise InvalidSalonState(N_("this meeting has been followed up already"))
    row.outcome, row.note = body.outcome, body.note
    session.flush()
    audit.record(
        session,
        actor,
        "salons.outcome",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=row.firm_org_id,
        details={"meeting": row.id, "outcome": body.outcome},
    )
    return reads.detail(session, salon)


def follow_up(
    session: Session, actor: Actor, code: str, meeting_id: int, body: FollowUpWrite
) -> SalonDetail:
    """A meeting with a follow-up opens a partnership for its scene and firm, or invites the
    firm to propose for the scene."""
    salon = managed_salon(session, actor, code, lifecycle.OUTCOMES)
    row = _meeting(session, salon, meeting_id)
    if (refusal := lifecycle.check_follow_up(row.outcome)) is not None:
        raise InvalidSalonState(refusal)
    if row.follow_up is not None:
        raise InvalidSalonState(N_("this meeting has been followed up already"))
    if body.action == "partnership":
        row.partnership_code = partnership_service.open_from_follow_up(
            session,
            actor,
            scene_id=row.scene_id,
            firm_org_id=row.firm_org_id,
            note=body.message or f"{salon.code} · {salon.theme}",
        )
        row.follow_up = "partnership"
    else:
        _invite_to_propose(session, actor, row, body.message)
        row.follow_up, row.outcome = "proposal_invitation", "proposal"
    session.flush()
    audit.record(
        session,
        actor,
        "salons.follow_up",
        resource_type="salon",
        resource_id=salon.code,
        subject_org_id=row.firm_org_id,
        details={"meeting": row.id, "action": body.action, "partnership": row.partnership_code},
    )
    return reads.detail(session, salon)


def _invite_to_propose(session: Session, actor: Actor, row: SalonMeeting, message: str) -> None:
    firm = firm_service.firm_of_org(session, row.firm_org_id)
    if firm is None:
        raise InvalidSalonState(N_("the firm has no record in the registry to propose with"))
    scene = reads.scene_of(session, row.scene_id)
    proposal_service.invite(
        session, actor, scene.code, InvitationCreate(firm_id=firm.id, message=message)
    )


# --- documents ------------------------------------------------------------------------------


def _salon_info(salon: Salon) -> Any:

    assert salon.starts_at is not None
    return documents.SalonInfo(
        code=salon.code,
        theme=salon.theme,
        venue=salon.venue,
        starts_at=salon.starts_at,
        slot_minutes=salon.slot_minutes,
        break_minutes=salon.break_minutes,
        timezone=salon.time_zone,
    )


def _scheduled(meetings: list[MeetingRead]) -> list[Any]:

    return [
        documents.ScheduledMeeting(
            slot=m.slot,
            table=m.table,
            firm=m.firm_name,
            department=m.department_name,
            scenes=(m.scene_title,),
        )
        for m in meetings
        if m.slot is not None and m.table is not None
    ]


def schedule_pdf(
    session: Session, actor: Actor, code: str, translate: Callable[[str], str]
) -> bytes:
    """The salon's printable schedule (the centre's)."""
    authorize(actor, "salons.manage")
    salon = salon_by_code(session, code)
    _require_schedule(salon)
    meetings = reads.detail(session, salon).meetings

    pdf: bytes = documents.schedule_pdf(_salon_info(salon), _scheduled(meetings), translate)
    return pdf


def _require_schedule(salon: Salon) -> None:
    if salon.starts_at is None or salon.schedule_status in (None, "infeasible"):
        raise InvalidSalonState(
            N_("salon %(code)s has no schedule yet"), params={"code": salon.code}
        )


def participant_calendar(session: Session, actor: Actor, code: str, org_id: int | None) -> bytes:
    """A participant's meetings as an .ics file: its own, or any participant's for the centre."""
    salon = salon_by_code(session, code)
    if org_id is None:
        row = own_invitation(session, actor, salon)
        authorize(actor, "salons.participate", invitation_resource(salon, row))
    else:
        authorize(actor, "salons.manage")
        row = _invitation_of(session, salon, org_id)
    require_status(salon, lifecycle.CHECK_IN)
    _require_schedule(salon)
    view = reads.participant_view(session, salon, row)

    ics: bytes = documents.participant_calendar(
        _salon_info(salon), _scheduled(view.meetings), participant=view.invitation.org_name
    )
    return ics


def _invitation_of(session: Session, salon: Salon, org_id: int) -> SalonInvitation:
    row = session.scalar(
        select(SalonInvitation).where(
            SalonInvitation.salon_id == salon.id, SalonInvitation.org_id == org_id
        )
    )
    if row is None:
        raise NotFound(N_("invitation %(id)s not found"), params={"id": org_id})
    return row
