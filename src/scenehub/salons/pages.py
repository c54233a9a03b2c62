"""HTML pages of salons: the list, the operator's form and salon page (scenes, the proposed
invitations with their reasons, answers and registrations, pins and forbids, the schedule
grid, check-in, outcomes), and a participant's invitation, registration and meetings.
Each form posts to a route that calls one service function and comes back to its page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgRead
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.matching import service as matching_service
from scenehub.matching.documents import Reason
from scenehub.salons import lifecycle, meeting_service, planning, service
from scenehub.salons.schemas import (
    ConstraintWrite,
    FollowUpWrite,
    InvitationAdd,
    InvitationAnswer,
    OutcomeWrite,
    ReasonRead,
    RegistrationWrite,
    SalonDetail,
    SalonForm,
    SalonTransition,
    SolveRequest,
)
from scenehub.scenes import service as scene_service
from scenehub.web.deps import IdPath, SessionDep, SettingsDep, require
from scenehub.web.forms import FormPosts
from scenehub.web.templating import render, translator

router = APIRouter(include_in_schema=False)
Operator = Annotated[Actor, require("salons.manage")]
Participant = Annotated[Actor, require("salons.participate")]

LABELS = {
    "status_labels": lifecycle.STATUS_LABELS,
    "invitation_labels": lifecycle.INVITATION_LABELS,
    "outcome_labels": lifecycle.OUTCOME_LABELS,
}


def _reason_text(reason: ReasonRead, locale: str) -> str:
    return matching_service.reason_text(Reason(reason.code, reason.params), locale)


def slot_times(
    starts_at: datetime | None, zone: str, slots: int, minutes: int, pause: int
) -> list[str]:
    """Each slot's start as HH:MM in the salon's zone."""
    if starts_at is None:
        return []
    local = ZoneInfo(zone)
    return [
        planning.slot_start(starts_at, s, minutes, pause).astimezone(local).strftime("%H:%M")
        for s in range(slots)
    ]


@router.get("/salons")
def salons_page(
    request: Request, actor: Annotated[Actor, require("salons.read")], session: SessionDep
) -> HTMLResponse:
    manages = isinstance(decide(actor, "salons.manage"), Allow)
    return render(
        request,
        "salons/list.html",
        {"salons": service.list_salons(session, actor), "manages": manages, **LABELS},
    )


# --- the operator's form --------------------------------------------------------------------


def _form_context(actor: Actor, session: Session, code: str | None = None) -> dict[str, Any]:
    salon = service.get_salon(session, actor, code) if code else None
    scenes = scene_service.open_scenes(session) if actor.role is not Role.PUBLIC else []
    starts = ""
    if salon and salon.starts_at:
        starts = salon.starts_at.astimezone(ZoneInfo(salon.time_zone)).strftime("%Y-%m-%dT%H:%M")
    return {
        "salon": salon,
        "scenes": scenes,
        "department_names": auth_service.org_names(session, {s.department_org_id for s in scenes}),
        "chosen": {s.code for s in salon.scenes} if salon else set(),
        "starts_local": starts,
    }


@router.get("/salons/new")
def new_salon_page(request: Request, actor: Operator, session: SessionDep) -> HTMLResponse:
    return render(request, "salons/form.html", _form_context(actor, session))


salon_form = FormPosts(router, "salons/form.html", _form_context)


@salon_form.post("/salons/new")
def create_salon(actor: Operator, session: SessionDep, body: Annotated[SalonForm, Form()]) -> str:
    return f"/salons/{service.create_salon(session, actor, body.to_write()).code}"


@router.get("/salons/{code}/edit")
def edit_salon_page(
    code: str, request: Request, actor: Operator, session: SessionDep
) -> HTMLResponse:
    return render(request, "salons/form.html", _form_context(actor, session, code))


@salon_form.post("/salons/{code}/edit", back="/salons/{code}")
def edit_salon(
    code: str, actor: Operator, session: SessionDep, body: Annotated[SalonForm, Form()]
) -> None:
    service.update_salon(session, actor, code, body.to_write())


# --- the operator's salon page --------------------------------------------------------------


def salon_context(actor: Actor, session: Session, code: str) -> dict[str, Any]:
    salon = service.get_salon(session, actor, code)
    return {
        **LABELS,
        **_salon_parts(salon),
        "reason_text": _reason_text,
        "invitable": _invitable(actor, session, salon),
    }


def _invitable(actor: Actor, session: Session, salon: SalonDetail) -> list[OrgRead]:
    """The firms and departments the operator may add by hand: those not on the list yet."""
    if salon.status not in lifecycle.EDITABLE:
        return []
    listed = {i.org_id for i in salon.invitations}
    return [
        o
        for o in auth_service.list_orgs(session, actor)
        if o.kind in (OrgKind.FIRM, OrgKind.DEPARTMENT) and o.id not in listed
    ]


def _salon_parts(salon: SalonDetail) -> dict[str, Any]:
    placed = [
        (m.slot, m.table, m.id)
        for m in salon.meetings
        if m.slot is not None and m.table is not None
    ]
    firms = [i for i in salon.invitations if i.kind == "firm"]
    departments = [i for i in salon.invitations if i.kind == "department"]
    return {
        "salon": salon,
        "firms": firms,
        "departments": departments,
        "grid": planning.grid(salon.slots, salon.tables, placed),
        "meetings_by_id": {m.id: m for m in salon.meetings},
        "slot_times": slot_times(
            salon.starts_at, salon.time_zone, salon.slots, salon.slot_minutes, salon.break_minutes
        ),
        "editable": salon.status in lifecycle.EDITABLE,
        "solvable": salon.status in lifecycle.SOLVABLE,
        "checking_in": salon.status in lifecycle.CHECK_IN,
        "recording": salon.status in lifecycle.OUTCOMES,
        "followed_up": lifecycle.FOLLOWED_UP,
        "moves": [
            to
            for to in ("held", "cancelled")
            if lifecycle.check_transition(salon.status, to) is None
        ],
        "accepted_firms": [i for i in firms if i.status == "accepted"],
        "accepted_departments": [i for i in departments if i.status == "accepted"],
    }


@router.get("/salons/{code}")
def salon_page(code: str, request: Request, actor: Operator, session: SessionDep) -> HTMLResponse:
    return render(request, "salons/detail.html", salon_context(actor, session, code))


salon_page_forms = FormPosts(router, "salons/detail.html", salon_context)
SALON_PAGE = "/salons/{code}#"


@salon_page_forms.post("/salons/{code}/propose", back=SALON_PAGE + "invitations")
def propose(code: str, actor: Operator, session: SessionDep, settings: SettingsDep) -> None:
    service.propose_invitations(session, actor, code, settings=settings)


@salon_page_forms.post("/salons/{code}/invitations/add", back=SALON_PAGE + "invitations")
def add_invitation(
    code: str, actor: Operator, session: SessionDep, body: Annotated[InvitationAdd, Form()]
) -> None:
    service.add_invitation(session, actor, code, body.org_id)


@salon_page_forms.post(
    "/salons/{code}/invitations/{invitation_id}/remove", back=SALON_PAGE + "invitations"
)
def remove_invitation(
    code: str, invitation_id: IdPath, actor: Operator, session: SessionDep
) -> None:
    service.remove_invitation(session, actor, code, invitation_id)


@salon_page_forms.post("/salons/{code}/send", back=SALON_PAGE + "invitations")
def send_invitations(code: str, actor: Operator, session: SessionDep) -> None:
    service.send_invitations(session, actor, code)


@salon_page_forms.post("/salons/{code}/move", back=SALON_PAGE + "salon")
def move_salon(
    code: str, actor: Operator, session: SessionDep, body: Annotated[SalonTransition, Form()]
) -> None:
    service.transition(session, actor, code, body)


@salon_page_forms.post("/salons/{code}/solve", back=SALON_PAGE + "schedule")
def solve(
    code: str, actor: Operator, session: SessionDep, body: Annotated[SolveRequest, Form()]
) -> None:
    meeting_service.solve(session, actor, code, body)


@salon_page_forms.post("/salons/{code}/constraints", back=SALON_PAGE + "constraints")
def set_constraint(
    code: str, actor: Operator, session: SessionDep, body: Annotated[ConstraintWrite, Form()]
) -> None:
    meeting_service.set_constraint(session, actor, code, body)


@salon_page_forms.post(
    "/salons/{code}/constraints/{constraint_id}/remove", back=SALON_PAGE + "constraints"
)
def remove_constraint(
    code: str, constraint_id: IdPath, actor: Operator, session: SessionDep
) -> None:
    meeting_service.remove_constraint(session, actor, code, constraint_id)


@salon_page_forms.post(
    "/salons/{code}/meetings/{meeting_id}/check-in", back=SALON_PAGE + "schedule"
)
def check_in_meeting(code: str, meeting_id: IdPath, actor: Operator, session: SessionDep) -> None:
    meeting_service.check_in_meeting(session, actor, code, meeting_id)


@salon_page_forms.post(
    "/salons/{code}/participants/{org_id}/check-in", back=SALON_PAGE + "participants"
)
def check_in_participant(code: str, org_id: IdPath, actor: Operator, session: SessionDep) -> None:
    meeting_service.check_in_participant(session, actor, code, org_id)


@salon_page_forms.post("/salons/{code}/meetings/{meeting_id}/outcome", back=SALON_PAGE + "outcomes")
def record_outcome(
    code: str,
    meeting_id: IdPath,
    actor: Operator,
    session: SessionDep,
    body: Annotated[OutcomeWrite, Form()],
) -> None:
    meeting_service.record_outcome(session, actor, code, meeting_id, body)


@salon_page_forms.post(
    "/salons/{code}/meetings/{meeting_id}/follow-up", back=SALON_PAGE + "outcomes"
)
def follow_up(
    code: str,
    meeting_id: IdPath,
    actor: Operator,
    session: SessionDep,
    body: Annotated[FollowUpWrite, Form()],
) -> None:
    meeting_service.follow_up(session, actor, code, meeting_id, body)


@router.get("/salons/{code}/schedule.pdf")
def schedule_pdf(code: str, request: Request, actor: Operator, session: SessionDep) -> Response:
    pdf = meeting_service.schedule_pdf(session, actor, code, translator(request).gettext)
    headers = {"Content-Disposition": f'attachment; filename="{code}-schedule.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/salons/{code}/participants/{org_id}/calendar.ics")
def participant_calendar(
    code: str, org_id: IdPath, actor: Operator, session: SessionDep
) -> Response:
    ics = meeting_service.participant_calendar(session, actor, code, org_id)
    headers = {"Content-Disposition": f'attachment; filename="{code}-{org_id}.ics"'}
    return Response(ics, media_type=meeting_service.CALENDAR_TYPE, headers=headers)


# --- a participant's pages ------------------------------------------------------------------


@router.get("/my/salons")
def my_salons_page(request: Request, actor: Participant, session: SessionDep) -> HTMLResponse:
    return render(
        request,
        "salons/mine.html",
        {"salons": service.my_invitations(session, actor), "manages": False, **LABELS},
    )


def participant_context(actor: Actor, session: Session, code: str) -> dict[str, Any]:
    view = service.my_salon(session, actor, code)
    registration = view.registration
    return {
        **LABELS,
        "view": view,
        "is_firm": actor.role is Role.FIRM,
        "answerable": view.salon.status in lifecycle.ANSWERABLE,
        "registering": view.salon.status in lifecycle.REGISTERING
        and view.invitation.status == "accepted",
        "chosen_scenes": set(registration.scene_ids) if registration else set(),
        "chosen_orgs": set(registration.org_ids) if registration else set(),
        "chosen_slots": set(registration.available or []) if registration else set(),
        "seats": registration.seats if registration else 1,
        "slot_times": slot_times(
            view.salon.starts_at,
            view.time_zone,
            view.slots,
            view.slot_minutes,
            view.break_minutes,
        ),
        "has_schedule": any(m.slot is not None for m in view.meetings),
    }


@router.get("/my/salons/{code}")
def my_salon_page(
    code: str, request: Request, actor: Participant, session: SessionDep
) -> HTMLResponse:
    return render(request, "salons/participant.html", participant_context(actor, session, code))


participant_forms = FormPosts(router, "salons/participant.html", participant_context)


@participant_forms.post("/my/salons/{code}/answer", back="/my/salons/{code}")
def answer(
    code: str, actor: Participant, session: SessionDep, body: Annotated[InvitationAnswer, Form()]
) -> None:
    view = service.my_salon(session, actor, code)
    service.answer_invitation(session, actor, code, view.invitation.id, body)


@participant_forms.post("/my/salons/{code}/register", back="/my/salons/{code}#registration")
def register(
    code: str, actor: Participant, session: SessionDep, body: Annotated[RegistrationWrite, Form()]
) -> None:
    service.register(session, actor, code, body)


@router.get("/my/salons/{code}/calendar.ics")
def my_calendar(code: str, actor: Participant, session: SessionDep) -> Response:
    ics = meeting_service.participant_calendar(session, actor, code, None)
    headers = {"Content-Disposition": f'attachment; filename="{code}.ics"'}
    return Response(ics, media_type=meeting_service.CALENDAR_TYPE, headers=headers)
