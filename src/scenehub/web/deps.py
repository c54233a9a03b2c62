"""Request dependencies shared by API routes and pages: session, actor, permission, CSRF.

Every route depends on ``require(action)``; public routes say ``require("pages.public")``.
``tests/test_architecture.py`` fails when a route has no ``Permission`` dependency.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
from fastapi import Depends, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from scenehub import db
from scenehub.auth import credentials
from scenehub.auth import service as auth_service
from scenehub.errors import AppError, AuditEvent, CsrfFailed, InvalidToken
from scenehub.fields import MAX_ID as MAX_ID  # re-exported: the pages check ids with it
from scenehub.fields import read_json_strictly
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


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work: commit on success; on an error roll back, then write
    the error's audit event (a denial, a failed login) in a transaction of its own.

    Opening a session needs no I/O and happens on the event loop; ending it (commit or
    rollback, giving the connection back) takes one trip to a worker thread outside the
    thread pool's limit, as FastAPI ends its own sync dependencies, unless the session has
    no transaction to end.
    """
    async with _database_slots(request):
        session: Session = request.app.state.session_factory()
        request.state.db_session = session  # the top bar's unread count reads with it
        try:
            yield session
        except BaseException as error:
            request.state.db_session = None  # rolled back and closed: nothing reads with it
            await _outside_the_thread_limit(_roll_back, session, error)
            raise
        if session.in_transaction():
            await _outside_the_thread_limit(_commit, session)
        else:  # its statements ran in autocommit (db.autocommitted): nothing holds a connection
            session.close()


def _database_slots(request: Request) -> anyio.Semaphore:
    """How many requests of this process may hold a session at once: as many as the pool
    has connections, and no more than the thread pool has threads (FastAPI's: 40).

    A request keeps its connection, and the locks its transaction took (the audit
    trail's, a row's), until its response is built, which needs a thread of the pool.
    Were there more such requests than connections or threads, the threads could all be
    taken by requests waiting for a connection or a lock that a request waiting for a
    thread holds, and nothing would move again. Past the limit a request waits here,
    holding nothing, first come first served.
    """
    slots: anyio.Semaphore | None = getattr(request.app.state, "database_slots", None)
    if slots is None:
        threads = anyio.to_thread.current_default_thread_limiter().total_tokens
        connections = db.connection_limit(request.app.state.session_factory.kw["bind"])
        slots = anyio.Semaphore(int(min(threads, connections or threads)))
        request.app.state.database_slots = slots
    return slots


async def _outside_the_thread_limit(call: Callable[..., object], *args: Any) -> None:
    """Run ``call`` in a worker thread of its own limiter; a cancelled request waits for it."""
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(call, *args, limiter=anyio.CapacityLimiter(1))


def _commit(session: Session) -> None:
    try:
        session.commit()
    except BaseException as error:
        _roll_back(session, error)
        raise
    finally:
        session.close()


def _roll_back(session: Session, error: BaseException) -> None:
    try:
        session.rollback()
        if isinstance(error, AppError) and error.audit is not None:
            audit.record_event(session, error.audit)
            session.commit()
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failed commit is an error
# response rather than a success that did not happen.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def current_actor(request: Request, session: SessionDep) -> Actor:
    """Who is calling: on the API a bearer token wins over the session cookie; otherwise
    anonymous. Pages (and /healthz) read only the session cookie and ignore an Authorization
    header: a browser never sends a token to a page, a gateway in front may add its own
    (Basic) credentials, and a page answering 401 to one sent the browser to /login, which
    answered the same, for ever.

    An anonymous call needs no database and no thread; looking a credential up runs in
    the thread pool."""
    header = None if is_page_request(request) else request.headers.get("authorization")
    actor = ANONYMOUS
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise InvalidToken(N_("the Authorization header must be 'Bearer <token>'"))
        actor = await run_in_threadpool(auth_service.actor_for_api_token, session, raw.strip())
        request.state.auth_via = "token"
    elif cookie := request.cookies.get(SESSION_COOKIE):
        found = await run_in_threadpool(auth_service.actor_for_web_session, session, cookie)
        request.state.stale_session = found is None
        if found is not None:
            actor = found
            request.state.auth_via = "cookie"
    request.state.actor = actor
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def client_address(request: Request) -> str:
    """The caller's address: the connection's, or what a proxy named in
    SCENEHUB_TRUSTED_PROXIES forwarded (docs/security.md)."""
    return request.client.host if request.client else "unknown"


def is_page_request(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def csrf_binding(request: Request) -> str:
    """What a CSRF token is bound to: the live session cookie (empty when there is none, or
    the one sent has ended, which the response clears)."""
    if getattr(request.state, "stale_session", False):
        return ""
    return request.cookies.get(SESSION_COOKIE, "")


def from_elsewhere(request: Request) -> str | None:
    """The other site an unsafe browser request says it came from (its Origin, else its
    Referer), or None when it came from here or says nothing. "Here" is the host the
    request was sent to, or one of SCENEHUB_PUBLIC_ORIGINS when a proxy in front rewrites
    the Host header."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed:
        return None  # some browsers and privacy tools send neither: the token still guards
    parts = urlsplit(claimed)
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    public: list[str] = request.app.state.settings.public_origin_list
    if public:
        return None if origin in public else origin
    return None if parts.netloc.lower() == request.headers.get("host", "").lower() else origin


async def enforce_csrf(request: Request, actor: Actor) -> None:
    """Unsafe requests from a browser (a page form, or the API with the session cookie)
    must come from this site (Origin/Referer) and echo the signed CSRF cookie bound to
    their session; bearer-token and cookie-less API calls need not."""
    if request.method in SAFE_METHODS or getattr(request.state, "auth_via", "") == "token":
        return
    if not is_page_request(request) and SESSION_COOKIE not in request.cookies:
        return
    if (elsewhere := from_elsewhere(request)) is not None:
        raise CsrfFailed(
            N_("the request came from another site (%(origin)s) and was refused"),
            params={"origin": elsewhere[:100]},
            audit=AuditEvent(
                actor=actor,
                action="csrf",
                outcome="denied",
                reason="cross-site request",
                details={
                    "path": request.url.path,
                    "method": request.method,
                    "origin": elsewhere[:200],
                },
            ),
        )
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form_value = (await request.form()).get(CSRF_FIELD)
        sent = form_value if isinstance(form_value, str) else None
    secret = request.app.state.secret_key
    cookie = request.cookies.get(CSRF_COOKIE)
    if not credentials.csrf_token_valid(secret, cookie, sent, csrf_binding(request)):
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
        # Runs before the body is read: the API's bodies are strict JSON, a page's are forms.
        read_json_strictly(not is_page_request(request))
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
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
OptionalSeqQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
OffsetQuery = Annotated[int, Query(ge=0, le=1_000_000)]
