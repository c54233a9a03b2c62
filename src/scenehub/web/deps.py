"""Request dependencies shared by API routes and pages: session, actor, permission, CSRF.

Every route depends on ``require(action)``; public routes say ``require("pages.public")``.
``tests/test_architecture.py`` fails when a route has no ``Permission`` dependency.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from sqlalchemy.orm import Session

from scenehub.auth import credentials
from scenehub.auth import service as auth_service
from scenehub.errors import AppError, AuditEvent, CsrfFailed, InvalidToken
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import ANONYMOUS, Actor
from scenehub.i18n import N_
from scenehub.settings import Settings

SESSION_COOKIE = "scenehub_session"
CSRF_COOKIE = "scenehub_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit on success; on an error roll back, then write
    the error's audit event (a denial, a failed login) in a transaction of its own."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except AppError as error:
        session.rollback()
        if error.audit is not None:
            audit.record_event(session, error.audit)
            session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": commit before the response is built, so a failed commit is an error
# response rather than a success that did not happen.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def current_actor(request: Request, session: SessionDep) -> Actor:
    """Who is calling: a bearer token wins over the session cookie; otherwise anonymous."""
    header = request.headers.get("authorization")
    actor = ANONYMOUS
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise InvalidToken(N_("the Authorization header must be 'Bearer <token>'"))
        actor = auth_service.actor_for_api_token(session, raw.strip())
        request.state.auth_via = "token"
    elif cookie := request.cookies.get(SESSION_COOKIE):
        found = auth_service.actor_for_web_session(session, cookie)
        request.state.stale_session = found is None
        if found is not None:
            actor = found
            request.state.auth_via = "cookie"
    request.state.actor = actor
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def client_address(request: Request) -> str:
    """The caller's address (the user's, behind a proxy run with ``--proxy-headers``)."""
    return request.client.host if request.client else "unknown"


def is_page_request(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


async def enforce_csrf(request: Request, actor: Actor) -> None:
    """Unsafe requests from a browser (a page form, or the API with the session cookie)
    must echo the signed CSRF cookie; bearer-token and cookie-less API calls need not."""
    if request.method in SAFE_METHODS or getattr(request.state, "auth_via", "") == "token":
        return
    if not is_page_request(request) and SESSION_COOKIE not in request.cookies:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form_value = (await request.form()).get(CSRF_FIELD)
        sent = form_value if isinstance(form_value, str) else None
    secret = request.app.state.secret_key
    if not credentials.csrf_token_valid(secret, request.cookies.get(CSRF_COOKIE), sent):
        raise CsrfFailed(
            N_(
                "the form has expired or did not come from this site; reload the page and try again"
            ),
            audit=AuditEvent(
                actor=actor,
                action="csrf",
                outcome="denied",
                reason="missing or invalid CSRF token",
                details={"path": request.url.path, "method": request.method},
            ),
        )


class Permission:
    """The permission dependency of a route: CSRF for browser writes, then the policy."""

    def __init__(self, action: str) -> None:
        self.action = action

    async def __call__(self, request: Request, actor: CurrentActor) -> Actor:
        await enforce_csrf(request, actor)
        authorize(actor, self.action)
        return actor

    def __repr__(self) -> str:
        return f"Permission({self.action!r})"


def require(action: str) -> Any:
    """``actor: Annotated[Actor, require("users.manage")]`` — the route's permission."""
    return Depends(Permission(action))


PublicActor = Annotated[Actor, require("pages.public")]
SignedInActor = Annotated[Actor, require("auth.account")]


# Database ids and positions: larger numbers cannot exist and would overflow the driver.
MAX_ID = 2**63 - 1
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
OptionalSeqQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
OffsetQuery = Annotated[int, Query(ge=0, le=1_000_000)]
