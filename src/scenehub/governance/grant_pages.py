"""HTML pages of purpose-bound grants: the administrators' list with approve and revoke,
and an organisation's own grants with a request form."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from scenehub.governance import grant_service as service
from scenehub.governance import grants, purposes
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.governance.schemas import GrantDecision, GrantRequest
from scenehub.web.deps import IdPath, SessionDep, require
from scenehub.web.forms import FormPosts
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
KeeperActor = Annotated[Actor, require("grants.read_all")]
OwnActor = Annotated[Actor, require("grants.read_own")]
LABELS = {
    "purpose_labels": purposes.PURPOSES,
    "grantable": purposes.GRANTABLE,
    "state_labels": grants.STATE_LABELS,
    "link_labels": grants.LINK_KINDS,
}


def admin_context(actor: Actor, session: Session) -> dict[str, Any]:
    return {"grants": service.list_all(session, actor), "side": "admin", **LABELS}


def mine_context(actor: Actor, session: Session) -> dict[str, Any]:
    may_request = isinstance(decide(actor, "grants.request"), Allow)
    return {
        "grants": service.list_mine(session, actor),
        "side": "mine",
        "may_request": may_request,
        **LABELS,
    }


@router.get("/admin/grants")
def grants_page(request: Request, actor: KeeperActor, session: SessionDep) -> HTMLResponse:
    return render(request, "grants.html", admin_context(actor, session))


@router.get("/my/grants")
def my_grants_page(request: Request, actor: OwnActor, session: SessionDep) -> HTMLResponse:
    return render(request, "grants.html", mine_context(actor, session))


admin_posts = FormPosts(router, "grants.html", admin_context)
mine_posts = FormPosts(router, "grants.html", mine_context, keep_typed=True)


@admin_posts.post("/admin/grants/{grant_id}/approve", back="/admin/grants")
def approve_grant(
    grant_id: IdPath,
    actor: Annotated[Actor, require("grants.decide")],
    session: SessionDep,
    body: Annotated[GrantDecision, Form()],
) -> None:
    service.approve(session, actor, grant_id, body)


@admin_posts.post("/admin/grants/{grant_id}/revoke", back="/admin/grants")
def revoke_grant(
    grant_id: IdPath,
    actor: Annotated[Actor, require("grants.revoke")],
    session: SessionDep,
    body: Annotated[GrantDecision, Form()],
) -> None:
    service.revoke(session, actor, grant_id, body)


@mine_posts.post("/my/grants/{grant_id}/revoke", back="/my/grants")
def give_up_grant(
    grant_id: IdPath,
    actor: Annotated[Actor, require("grants.revoke")],
    session: SessionDep,
    body: Annotated[GrantDecision, Form()],
) -> None:
    service.revoke(session, actor, grant_id, body)


@mine_posts.post("/my/grants", back="/my/grants")
def request_grant(
    actor: Annotated[Actor, require("grants.request")],
    session: SessionDep,
    body: Annotated[GrantRequest, Form()],
) -> None:
    service.request(session, actor, body)
