"""JSON routes of salons: the operator's salon, its invitations, pins, schedule, check-in
and outcomes; a participant's invitation, registration and meetings; the documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from scenehub.governance.policy import Actor
from scenehub.salons import meeting_service, service
from scenehub.salons.schemas import (
    ConstraintWrite,
    FollowUpWrite,
    InvitationAdd,
    InvitationAnswer,
    OutcomeWrite,
    ParticipantView,
    RegistrationWrite,
    SalonDetail,
    SalonRead,
    SalonTransition,
    SalonWrite,
    SolveRequest,
)
from scenehub.translator import Translator
from scenehub.web.deps import IdPath, SessionDep, SettingsDep, require
from scenehub.web.templating import translator

router = APIRouter(tags=["salons"])
Operator = Annotated[Actor, require("salons.manage")]
Participant = Annotated[Actor, require("salons.participate")]
SalonCode = Annotated[str, Path(max_length=20)]
Language = Annotated[Translator, Depends(translator)]

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such salon, invitation, meeting or constraint"},
    409: {"description": "not allowed in the salon's status, or refused (the message says why)"},
}
ICS = meeting_service.CALENDAR_TYPE
# The routes of one salon: the operator's writes each answer with the salon's detail; any of
# them may find no salon (404) or be refused in its status (409).
salon = APIRouter(prefix="/salons/{code}", responses=ERRORS)


@router.get("/salons")
def list_salons(
    actor: Annotated[Actor, require("salons.read")], session: SessionDep
) -> list[SalonRead]:
    """Every salon, newest first, with the number of scenes shown and meetings held."""
    return service.list_salons(session, actor)


@router.post("/salons", status_code=201, responses=ERRORS)
def create_salon(body: SalonWrite, actor: Operator, session: SessionDep) -> SalonDetail:
    """A new salon (a draft) showing two or more scenes open for proposals."""
    return service.create_salon(session, actor, body)


@salon.get("")
def read_salon(code: SalonCode, actor: Operator, session: SessionDep) -> SalonDetail:
    """A salon with its scenes, invitations, registrations, constraints and meetings."""
    return service.get_salon(session, actor, code)


@salon.put("")
def update_salon(
    code: SalonCode, body: SalonWrite, actor: Operator, session: SessionDep
) -> SalonDetail:
    return service.update_salon(session, actor, code, body)


@salon.post("/transitions")
def move_salon(
    code: SalonCode, body: SalonTransition, actor: Operator, session: SessionDep
) -> SalonDetail:
    """Mark a scheduled salon held, or cancel it."""
    return service.transition(session, actor, code, body)


@salon.post("/propose-invitations")
def propose_invitations(
    code: SalonCode, actor: Operator, session: SessionDep, settings: SettingsDep
) -> SalonDetail:
    """Add the firms matching ranks best for the scenes, and the scenes' departments."""
    return service.propose_invitations(session, actor, code, settings=settings)


@salon.post("/invitations", status_code=201)
def add_invitation(
    code: SalonCode, body: InvitationAdd, actor: Operator, session: SessionDep
) -> SalonDetail:
    return service.add_invitation(session, actor, code, body.org_id)


@salon.delete("/invitations/{invitation_id}")
def remove_invitation(
    code: SalonCode, invitation_id: IdPath, actor: Operator, session: SessionDep
) -> SalonDetail:
    return service.remove_invitation(session, actor, code, invitation_id)


@salon.post("/send-invitations")
def send_invitations(code: SalonCode, actor: Operator, session: SessionDep) -> SalonDetail:
    """Send the proposed invitations: the salon is then inviting."""
    return service.send_invitations(session, actor, code)


@salon.post("/invitations/{invitation_id}/answer")
def answer_invitation(
    code: SalonCode,
    invitation_id: IdPath,
    body: InvitationAnswer,
    actor: Participant,
    session: SessionDep,
) -> ParticipantView:
    """A firm or department accepts or declines its own invitation."""
    return service.answer_invitation(session, actor, code, invitation_id, body)


@router.get("/my/salons")
def my_salons(actor: Participant, session: SessionDep) -> list[SalonRead]:
    """The salons the caller's organisation is invited to."""
    return service.my_invitations(session, actor)


@router.get("/my/salons/{code}", responses=ERRORS)
def my_salon(code: SalonCode, actor: Participant, session: SessionDep) -> ParticipantView:
    return service.my_salon(session, actor, code)


@router.put("/my/salons/{code}/registration", responses=ERRORS)
def register(
    code: SalonCode, body: RegistrationWrite, actor: Participant, session: SessionDep
) -> ParticipantView:
    """Whom the caller wants to meet and when it can (a department: how many officers)."""
    return service.register(session, actor, code, body)


@router.get(
    "/my/salons/{code}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {ICS: {}}, "description": "the meetings"}, **ERRORS},
)
def my_calendar(code: SalonCode, actor: Participant, session: SessionDep) -> Response:
    """The caller's meetings at the salon as a calendar file."""
    return _ics(code, meeting_service.participant_calendar(session, actor, code, None))


@salon.post("/constraints")
def set_constraint(
    code: SalonCode, body: ConstraintWrite, actor: Operator, session: SessionDep
) -> SalonDetail:
    """Pin a meeting (to a slot or anywhere) or forbid it; the next solve keeps it."""
    return meeting_service.set_constraint(session, actor, code, body)


@salon.delete("/constraints/{constraint_id}")
def remove_constraint(
    code: SalonCode, constraint_id: IdPath, actor: Operator, session: SessionDep
) -> SalonDetail:
    return meeting_service.remove_constraint(session, actor, code, constraint_id)


@salon.post("/schedule")
def solve_schedule(
    code: SalonCode, body: SolveRequest, actor: Operator, session: SessionDep
) -> SalonDetail:
    """Solve the 1:1 schedule within the time limit and store its meetings."""
    return meeting_service.solve(session, actor, code, body)


@salon.get(
    "/schedule.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the schedule"}},
)
def schedule_pdf(
    code: SalonCode, actor: Operator, session: SessionDep, language: Language
) -> Response:
    """The printable schedule in the request's language."""
    pdf = meeting_service.schedule_pdf(session, actor, code, language.gettext)
    headers = {"Content-Disposition": f'attachment; filename="{code}-schedule.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@salon.get(
    "/participants/{org_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {ICS: {}}, "description": "the meetings"}},
)
def participant_calendar(
    code: SalonCode, org_id: IdPath, actor: Operator, session: SessionDep
) -> Response:
    """A participant's meetings as a calendar file (for the centre)."""
    return _ics(code, meeting_service.participant_calendar(session, actor, code, org_id))


def _ics(code: str, body: bytes) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{code}.ics"'}
    return Response(body, media_type=ICS, headers=headers)


@salon.post("/meetings/{meeting_id}/check-in")
def check_in_meeting(
    code: SalonCode, meeting_id: IdPath, actor: Operator, session: SessionDep
) -> SalonDetail:
    return meeting_service.check_in_meeting(session, actor, code, meeting_id)


@salon.post("/participants/{org_id}/check-in")
def check_in_participant(
    code: SalonCode, org_id: IdPath, actor: Operator, session: SessionDep
) -> SalonDetail:
    """A participant has arrived: its meetings whose other side is here are checked in."""
    return meeting_service.check_in_participant(session, actor, code, org_id)


@salon.put("/meetings/{meeting_id}/outcome")
def record_outcome(
    code: SalonCode, meeting_id: IdPath, body: OutcomeWrite, actor: Operator, session: SessionDep
) -> SalonDetail:
    """What came of a meeting (after the salon)."""
    return meeting_service.record_outcome(session, actor, code, meeting_id, body)


@salon.post("/meetings/{meeting_id}/follow-up")
def follow_up(
    code: SalonCode, meeting_id: IdPath, body: FollowUpWrite, actor: Operator, session: SessionDep
) -> SalonDetail:
    """Open a partnership from a meeting's follow-up, or invite the firm to propose."""
    return meeting_service.follow_up(session, actor, code, meeting_id, body)


router.include_router(salon)
