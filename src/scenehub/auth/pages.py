"""HTML pages of the auth domain: sign in/out, my account, users and organisations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.auth import service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, TokenCreate, UserCreate
from scenehub.governance import closure_service
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.web.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    IdPath,
    PublicActor,
    SessionDep,
    SettingsDep,
    SignedInActor,
    client_address,
    require,
)
from scenehub.web.forms import form_page, safe_next
from scenehub.web.templating import LANG_COOKIE, render

router = APIRouter(include_in_schema=False)
AdminActor = Annotated[Actor, require("users.manage")]
OrgAdminActor = Annotated[Actor, require("orgs.manage")]


@router.get("/login")
def login_page(request: Request, actor: PublicActor, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    actor: PublicActor,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    request.state.error_template = ("login.html", {"next": safe_next(next), "username": username})
    user = service.authenticate(session, username, password, client_address(request))
    raw = service.start_web_session(session, user, settings.session_hours)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        max_age=settings.session_hours * 3600,
        path="/",
    )
    response.delete_cookie(CSRF_COOKIE, path="/")  # a fresh token for the new session
    if user.locale and LANG_COOKIE not in request.cookies:
        response.set_cookie(LANG_COOKIE, user.locale, max_age=365 * 86400, path="/")
    return response


@router.post("/logout")
def logout(request: Request, actor: PublicActor, session: SessionDep) -> Response:
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        service.end_web_session(session, raw)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account")
def account_page(request: Request, actor: SignedInActor, session: SessionDep) -> HTMLResponse:
    return _account(request, actor, session)


def _account_context(actor: Actor, session: Session) -> dict[str, object]:
    org = service.get_org(session, actor, actor.org_id) if actor.org_id else None
    leaves = isinstance(decide(actor, "account.close"), Allow)
    return {
        "org": org,
        "tokens": service.list_tokens(session, actor),
        # A firm's users take its data with them and may close its account (docs/exit.md).
        "can_leave": leaves,
        "closure": closure_service.my_closure(session, actor) if leaves else None,
    }


@router.post("/account/tokens")
def create_token(
    request: Request,
    actor: SignedInActor,
    _page: Annotated[None, form_page("account.html", _account_context)],
    session: SessionDep,
    settings: SettingsDep,
    body: Annotated[TokenCreate, Form()],
) -> HTMLResponse:
    issued = service.issue_token(session, actor, body, settings.api_token_days)
    return _account(request, actor, session, issued_token=issued.token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: IdPath, actor: SignedInActor, session: SessionDep) -> Response:
    service.revoke_token(session, actor, token_id)
    return RedirectResponse("/account", status_code=303)


def _account(
    request: Request, actor: Actor, session: SessionDep, issued_token: str | None = None
) -> HTMLResponse:
    context = _account_context(actor, session)
    return render(request, "account.html", {**context, "issued_token": issued_token})


@router.get("/admin/users")
def users_page(request: Request, actor: AdminActor, session: SessionDep) -> HTMLResponse:
    return render(request, "admin_users.html", _users_context(actor, session))


def _users_context(actor: Actor, session: Session) -> dict[str, object]:
    orgs = service.list_orgs(session, actor)
    return {
        "users": service.list_users(session, actor),
        "orgs": orgs,
        "org_names": {o.id: o.name for o in orgs},
        "roles": [r for r in Role if r is not Role.PUBLIC],
    }


@router.post("/admin/users")
def create_user(
    actor: AdminActor,
    _page: Annotated[None, form_page("admin_users.html", _users_context)],
    session: SessionDep,
    body: Annotated[UserCreate, Form()],
) -> Response:
    service.create_user(session, actor, body)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/orgs")
def orgs_page(
    request: Request, actor: Annotated[Actor, require("orgs.list")], session: SessionDep
) -> HTMLResponse:
    return render(request, "admin_orgs.html", _orgs_context(actor, session))


def _orgs_context(actor: Actor, session: Session) -> dict[str, object]:
    return {"orgs": service.list_orgs(session, actor), "kinds": list(OrgKind)}


@router.post("/admin/orgs")
def create_org(
    actor: OrgAdminActor,
    _page: Annotated[None, form_page("admin_orgs.html", _orgs_context)],
    session: SessionDep,
    body: Annotated[OrgCreate, Form()],
) -> Response:
    service.create_org(session, actor, body)
    return RedirectResponse("/admin/orgs", status_code=303)
