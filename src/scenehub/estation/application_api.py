"""JSON routes of E-Station applications: the firm applies with consent, reads its own,
answers and withdraws its consent; the provider lists its inbox, reads the consented data
and decides."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AfterValidator

from scenehub.estation import application_service as service
from scenehub.estation.application_lifecycle import STATUS_LABELS
from scenehub.estation.application_schemas import (
    ApplicationAnswer,
    ApplicationCreate,
    ApplicationDecision,
    ApplicationRead,
    ConsentedDataRead,
    ConsentPreviewRead,
    DataReadRead,
)
from scenehub.fields import listed
from scenehub.governance.policy import Actor
from scenehub.web.deps import SessionDep, SettingsDep, require

router = APIRouter(tags=["estation"])
ApplicantActor = Annotated[Actor, require("estation.apply")]
FirmActor = Annotated[Actor, require("estation.read_own_applications")]
InboxActor = Annotated[Actor, require("estation.read_applications_inbox")]
ReaderActor = Annotated[Actor, require("estation.open_application")]


def _known_status(value: str | None) -> str | None:
    if value is not None and value not in STATUS_LABELS:
        raise ValueError(f"unknown status {value!r}; one of {', '.join(STATUS_LABELS)}")
    return value


StatusQuery = Annotated[
    str | None, Query(max_length=30), listed(STATUS_LABELS), AfterValidator(_known_status)
]


@router.get("/estation/products/{code}/consent")
def consent_screen(
    code: str, actor: ApplicantActor, session: SessionDep, settings: SettingsDep
) -> ConsentPreviewRead:
    return service.consent_preview(session, actor, settings.warehouse_path, code)


@router.post("/estation/applications", status_code=201)
def apply_for_product(
    body: ApplicationCreate, actor: ApplicantActor, session: SessionDep
) -> ApplicationRead:
    return service.apply(session, actor, body)


@router.get("/estation/applications")
def list_my_applications(actor: FirmActor, session: SessionDep) -> list[ApplicationRead]:
    return service.list_mine(session, actor)


@router.get("/estation/applications/inbox")
def list_inbox(
    actor: InboxActor, session: SessionDep, status: StatusQuery = None
) -> list[ApplicationRead]:
    return service.inbox(session, actor, status=status)


@router.get("/estation/applications/reads")
def list_reads_of_my_data(actor: FirmActor, session: SessionDep) -> list[DataReadRead]:
    return service.data_reads(session, actor)


@router.get("/estation/applications/{code}")
def read_application(code: str, actor: ReaderActor, session: SessionDep) -> ApplicationRead:
    return service.get_application(session, actor, code)


@router.get("/estation/applications/{code}/data")
def read_consented_data(
    code: str, actor: InboxActor, session: SessionDep, settings: SettingsDep
) -> ConsentedDataRead:
    return service.read_data(session, actor, settings.warehouse_path, code)


@router.post("/estation/applications/{code}/decision")
def decide_application(
    code: str, body: ApplicationDecision, actor: InboxActor, session: SessionDep
) -> ApplicationRead:
    return service.decide(session, actor, code, body)


@router.post("/estation/applications/{code}/answer")
def answer_request(
    code: str, body: ApplicationAnswer, actor: FirmActor, session: SessionDep
) -> ApplicationRead:
    return service.answer(session, actor, code, body)


@router.post("/estation/applications/{code}/withdraw-consent")
def withdraw_consent(code: str, actor: FirmActor, session: SessionDep) -> ApplicationRead:
    return service.withdraw_consent(session, actor, code)
