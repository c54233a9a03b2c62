"""HTML pages of cases: a filer's objections and appeals (/my/cases), the centre's queue
(/cases) and one case with its decision."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from scenehub.errors import NotFound
from scenehub.governance import case_service, cases
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.governance.schemas import CaseCreate, CaseDecision
from scenehub.i18n import N_
from scenehub.web.deps import MAX_ID, IdPath, SessionDep, require
from scenehub.web.forms import form_page
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
Filer = Annotated[Actor, require("cases.file")]


class CasePrefill(BaseModel):
    """What a link to the form fills in (an objection link on a tracker row, an appeal link
    on a rejected proposal …)."""

    kind: str = Field(default="objection", pattern=r"^(objection|appeal)$")
    target_kind: str = Field(default="entry", max_length=20, pattern=r"^[a-z]*$")
    target_id: str = Field(default="", max_length=40, pattern=r"^[0-9A-Za-z_-]*$")


def _labels() -> dict[str, Any]:
    return {
        "kind_labels": cases.KIND_LABELS,
        "target_labels": cases.TARGET_LABELS,
        "status_labels": cases.STATUS_LABELS,
        "deadline_days": cases.DEADLINE_DAYS,
    }


def _my_cases_context(actor: Actor, session: Session) -> dict[str, Any]:
    return {"cases": case_service.mine(session, actor), "prefill": CasePrefill(), **_labels()}


@router.get("/my/cases")
def my_cases_page(
    request: Request,
    actor: Annotated[Actor, require("cases.read_own")],
    session: SessionDep,
    kind: str = "objection",
    target_kind: str = "entry",
    target_id: str = "",
) -> HTMLResponse:
    context = _my_cases_context(actor, session)
    fill = {"kind": kind, "target_kind": target_kind, "target_id": target_id}
    with contextlib.suppress(ValueError):  # a mangled link: an empty form
        context["prefill"] = CasePrefill.model_validate(fill)
    return render(request, "governance/my_cases.html", context)


@router.post("/my/cases")
def file_case(
    actor: Filer,
    _page: Annotated[None, form_page("governance/my_cases.html", _my_cases_context)],
    session: SessionDep,
    body: Annotated[CaseCreate, Form()],
) -> Response:
    case = case_service.file(session, actor, body)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/cases")
def case_queue_page(
    request: Request, actor: Annotated[Actor, require("cases.read_all")], session: SessionDep
) -> HTMLResponse:
    return render(
        request, "governance/cases.html", {"cases": case_service.queue(session, actor), **_labels()}
    )


def _case_context(actor: Actor, session: Session, case_id: int | str) -> dict[str, Any]:
    if not str(case_id).isdigit() or int(case_id) > MAX_ID:
        raise NotFound(N_("case %(id)s not found"), params={"id": case_id})
    return {
        "case": case_service.get(session, actor, int(case_id)),
        "decides": isinstance(decide(actor, "cases.decide"), Allow),
        **_labels(),
    }


@router.get("/cases/{case_id}")
def case_page(
    case_id: IdPath,
    request: Request,
    actor: Annotated[Actor, require("auth.account")],
    session: SessionDep,
) -> HTMLResponse:
    return render(request, "governance/case.html", _case_context(actor, session, case_id))


@router.post("/cases/{case_id}/decision")
def decide_case(
    case_id: IdPath,
    actor: Annotated[Actor, require("cases.decide")],
    _page: Annotated[None, form_page("governance/case.html", _case_context)],
    session: SessionDep,
    body: Annotated[CaseDecision, Form()],
) -> Response:
    case_service.decide(session, actor, case_id, body)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
