"""HTML pages of the auth domain: sign in/out, my account, users and organisations."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.auth import service, sso
from scenehub.auth.oidc_client import PENDING_SECONDS, OidcClient, decode_pending, encode_pending
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import EmailUpdate, OrgCreate, TokenCreate, UserCreate
from scenehub.auth.sso_claims import ClaimRules
from scenehub.errors import NotFound
from scenehub.governance import closure_service
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.i18n import N_
from scenehub.settings import Settings
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
from scenehub.web.templating import LANG_COOKIE, render, request_locale

router = APIRouter(include_in_schema=False)
AdminActor = Annotated[Actor, require("users.manage")]
OrgAdminActor = Annotated[Actor, require("orgs.manage")]
# The pending single sign-on (state, nonce, PKCE verifier), sent only to the callback.
OIDC_COOKIE = "scenehub_oidc"
OIDC_COOKIE_PATH = "/login/oidc"


@router.get("/login")
def login_page(
    request: Request, actor: PublicActor, settings: SettingsDep, next: str = "/"
) -> HTMLResponse:
    return render(request, "login.html", _login_context(request, settings, next))


def _login_context(
    request: Request, settings: Settings, next: str, username: str = ""
) -> dict[str, object]:
    label = {"zh_CN": settings.oidc_button_label_zh, "en": settings.oidc_button_label_en}
    return {
        "next": safe_next(next),
        "username": username,
        "sso_enabled": settings.oidc_enabled,
        "sso_label": label.get(request_locale(request), ""),
    }


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
    request.state.error_template = ("login.html", _login_context(request, settings, next, username))
    user = service.authenticate(
        session,
        username,
        password,
        client_address(request),
        settings.secret_key_value(),
        settings.login_limits,
    )
    raw = service.start_web_session(session, user, settings.session_hours)
    return _signed_in(request, settings, user.locale, raw, safe_next(next))


def _signed_in(
    request: Request, settings: Settings, locale: str | None, raw: str, next_url: str
) -> Response:
    """The answer of a sign-in (by password or through the provider): the session cookie,
    a fresh CSRF token for the new session, the user's language, then where they were going."""
    response = RedirectResponse(next_url, status_code=303)
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
    if locale and LANG_COOKIE not in request.cookies:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, path="/")
    return response


def _oidc(request: Request) -> OidcClient:
    client: OidcClient | None = request.app.state.oidc
    if client is None:
        raise NotFound(N_("single sign-on is not configured here"))
    return client


def _callback_uri(request: Request, settings: Settings) -> str:
    return settings.oidc_redirect_uri or str(request.url_for("oidc_callback"))


@router.get("/login/oidc")
def oidc_start(
    request: Request, actor: PublicActor, settings: SettingsDep, next: str = "/"
) -> Response:
    """Send the browser to the provider with a fresh state, nonce and PKCE verifier."""
    url, pending = _oidc(request).begin(_callback_uri(request, settings), safe_next(next))
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        OIDC_COOKIE,
        encode_pending(request.app.state.secret_key, pending),
        httponly=True,
        samesite="lax",  # it must come back with the provider's top-level redirect
        secure=settings.cookie_secure,
        max_age=PENDING_SECONDS,
        path=OIDC_COOKIE_PATH,
    )
    return response


@router.get("/login/oidc/callback", name="oidc_callback")
def oidc_callback(
    request: Request, actor: PublicActor, session: SessionDep, settings: SettingsDep
) -> Response:
    """Verify the provider's answer, map its claims to a user, start the session."""
    client = _oidc(request)
    secret = request.app.state.secret_key
    pending = decode_pending(secret, request.cookies.get(OIDC_COOKIE), time.time())
    claims = client.finish(pending, request.query_params, _callback_uri(request, settings))
    rules = ClaimRules(settings.oidc_org_claim, settings.oidc_role_claim, settings.oidc_role_map)
    user = sso.user_for_identity(
        session, client.issuer, claims, rules, settings.oidc_provision_users
    )
    raw = service.start_web_session(session, user, settings.session_hours, client.issuer)
    response = _signed_in(request, settings, user.locale, raw, pending.next)
    response.delete_cookie(OIDC_COOKIE, path=OIDC_COOKIE_PATH)
    return response


@router.post("/logout")
def logout(request: Request, actor: PublicActor, session: SessionDep) -> Response:
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        service.end_web_session(session, raw)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")  # it was bound to the session that ended
    return response


@router.get("/account")
def account_page(request: Request, actor: SignedInActor, session: SessionDep) -> HTMLResponse:
    return _account(request, actor, session)


def _account_context(actor: Actor, session: Session) -> dict[str, object]:
    org = service.get_org(session, actor, actor.org_id) if actor.org_id else None
    leaves = isinstance(decide(actor, "account.close"), Allow)
    user = service.get_user(session, actor.user_id or 0)
    return {
        "org": org,
        "email": user.email if user else None,
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
    issued = service.issue_token(
        session, actor, body, settings.api_token_days, settings.api_token_max_days
    )
    return _account(request, actor, session, issued_token=issued.token)


@router.post("/account/email")
def set_email(
    actor: SignedInActor,
    _page: Annotated[None, form_page("account.html", _account_context)],
    session: SessionDep,
    body: Annotated[EmailUpdate, Form()],
) -> Response:
    service.set_own_email(session, actor, body)
    return RedirectResponse("/account#email", status_code=303)


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
