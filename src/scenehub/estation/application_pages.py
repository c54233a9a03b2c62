"""HTML pages of E-Station applications: the application form with its consent screen, the
firm's applications and who read its data, the providers' inbox and an application's page
with the consented data and the decision."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from scenehub.errors import PermissionDenied
from scenehub.estation import application_lifecycle as lifecycle
from scenehub.estation import application_service as service
from scenehub.estation.application_schemas import (
    ApplicationAnswer,
    ApplicationCreate,
    ApplicationDecision,
)
from scenehub.estation.kinds import DATA_FIELDS, KIND_LABELS
from scenehub.governance.policy import Actor
from scenehub.settings import Settings
from scenehub.web.deps import SessionDep, SettingsDep, require
from scenehub.web.downloads import table_download
from scenehub.web.forms import FormPosts
from scenehub.web.templating import render, translator

router = APIRouter(include_in_schema=False)
ApplicantActor = Annotated[Actor, require("estation.apply")]
FirmActor = Annotated[Actor, require("estation.read_own_applications")]
InboxActor = Annotated[Actor, require("estation.read_applications_inbox")]
# The refusals of a read the page explains in place (the rest is the error page).
REFUSED_READS = (service.ConsentWithdrawn, service.GrantExpired, service.NoGrant)
LABELS = {
    "kinds": KIND_LABELS,
    "data_labels": DATA_FIELDS,
    "application_labels": lifecycle.STATUS_LABELS,
    "step_labels": lifecycle.STEP_LABELS,
}


# --- applying ------------------------------------------------------------------------------


def apply_context(actor: Actor, session: Session, code: str, settings: Settings) -> dict[str, Any]:
    preview = service.consent_preview(session, actor, settings.warehouse_path, code)
    return {"preview": preview, **LABELS}


@router.get("/estation/products/{code}/apply")
def apply_page(
    code: str, request: Request, actor: ApplicantActor, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    return render(request, "estation/apply.html", apply_context(actor, session, code, settings))


apply_posts = FormPosts(router, "estation/apply.html", apply_context, keep_typed=True)


@apply_posts.post("/estation/products/{code}/apply")
def apply_for_product(
    code: str,
    actor: ApplicantActor,
    session: SessionDep,
    body: Annotated[ApplicationCreate, Form()],
) -> str:
    application = service.apply(session, actor, body.model_copy(update={"product_code": code}))
    return f"/my/applications/{application.code}"


# --- the firm's applications -------------------------------------------------------------


@router.get("/my/applications")
def my_applications_page(request: Request, actor: FirmActor, session: SessionDep) -> HTMLResponse:
    context = {
        "applications": service.list_mine(session, actor),
        "reads": service.data_reads(session, actor),
        **LABELS,
    }
    return render(request, "estation/my_applications.html", context)


def my_application_context(actor: Actor, session: Session, code: str) -> dict[str, Any]:
    application = service.get_application(session, actor, code)
    reads = [r for r in service.data_reads(session, actor) if r.application == code]
    return {"application": application, "reads": reads, "side": "firm", **LABELS}


@router.get("/my/applications/{code}")
def my_application_page(
    code: str, request: Request, actor: FirmActor, session: SessionDep
) -> HTMLResponse:
    context = my_application_context(actor, session, code)
    return render(request, "estation/application.html", context)


firm_posts = FormPosts(router, "estation/application.html", my_application_context)
MINE = "/my/applications/{code}"


@firm_posts.post("/my/applications/{code}/answer", back=MINE)
def answer_request(
    code: str, actor: FirmActor, session: SessionDep, body: Annotated[ApplicationAnswer, Form()]
) -> None:
    service.answer(session, actor, code, body)


@firm_posts.post("/my/applications/{code}/withdraw-consent", back=MINE)
def withdraw_consent(code: str, actor: FirmActor, session: SessionDep) -> None:
    service.withdraw_consent(session, actor, code)


# --- the providers' inbox ------------------------------------------------------------------


@router.get("/estation/inbox")
def inbox_page(
    request: Request,
    actor: InboxActor,
    session: SessionDep,
    status: Annotated[str | None, Query(max_length=30)] = None,
) -> HTMLResponse:
    chosen = status if status in lifecycle.STATUS_LABELS else None
    context = {
        "applications": service.inbox(session, actor, status=chosen),
        "status": chosen or "",
        **LABELS,
    }
    return render(request, "estation/inbox.html", context)


def inbox_item_context(actor: Actor, session: Session, code: str) -> dict[str, Any]:
    """The application without the firm's data: the page after a refused decision (its
    session reads only, so the data is not read, nor audited, again)."""
    application = service.get_application(session, actor, code)
    return {
        "application": application,
        "side": "provider",
        "data": None,
        "data_refused": "",
        "steps": lifecycle.provider_steps(application.status),
        **LABELS,
    }


@router.get("/estation/inbox/{code}")
def inbox_item_page(
    code: str, request: Request, actor: InboxActor, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    context = inbox_item_context(actor, session, code)
    try:
        context["data"] = service.read_data(session, actor, settings.warehouse_path, code)
    except PermissionDenied as refused:
        if not isinstance(
            refused, service.ConsentWithdrawn | service.GrantExpired | service.NoGrant
        ):
            raise
        context["data_refused"] = translator(request).gettext(refused.message, **refused.params)
    return render(request, "estation/application.html", context)


@router.get("/estation/inbox/{code}/data.{format}")
def consented_data_download(
    code: str,
    format: Annotated[str, Path(pattern="^(csv|xlsx)$")],
    request: Request,
    actor: InboxActor,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The consented fields as a table: the same read as the page's, audited the same."""
    data = service.read_data(session, actor, settings.warehouse_path, code)
    t = translator(request)
    header = [t.gettext("Data"), t.gettext("Value"), t.gettext("Where it comes from")]
    rows = [
        [f.field, t.gettext(f.label), f.value if f.held else t.gettext(f.not_held), f.source]
        for f in data.fields
    ]
    return table_download(f"{code}-data", ["field", *header], rows, format)


provider_posts = FormPosts(router, "estation/application.html", inbox_item_context)


@provider_posts.post("/estation/inbox/{code}/decide", back="/estation/inbox/{code}")
def decide_application(
    code: str, actor: InboxActor, session: SessionDep, body: Annotated[ApplicationDecision, Form()]
) -> None:
    service.decide(session, actor, code, body)
