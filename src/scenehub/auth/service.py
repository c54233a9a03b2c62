"""Use cases of organisations, users, sign-in, web sessions and API tokens.

Every function takes the request's (or CLI job's) session and flushes; the caller commits.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, joinedload

from scenehub.auth import credentials, throttle
from scenehub.auth.models import ApiToken, Organisation, User, WebSession
from scenehub.auth.roles import OrgKind, Role, role_fits_org
from scenehub.auth.schemas import (
    EmailUpdate,
    OrgCreate,
    OrgRead,
    TokenCreate,
    TokenIssued,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from scenehub.auth.throttle import DEFAULT_LOGIN_LIMITS, LoginLimits
from scenehub.db import autocommitted, utcnow
from scenehub.errors import (
    AuditEvent,
    Conflict,
    InvalidCredentials,
    InvalidToken,
    NotFound,
    TokenExpired,
    TooManyAttempts,
    WeakPassword,
    field_problem,
)
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import ANONYMOUS, Actor, Resource
from scenehub.i18n import N_

# How precisely an API token's last use is recorded (a write at most once per token per span).
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def actor_of(user: User) -> Actor:
    """The policy view of a user."""
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        org_id=user.org_id,
        org_kind=user.org.kind if user.org else None,
        display_name=user.display_name or user.username,
    )


# --- organisations -------------------------------------------------------------------


def create_org(session: Session, actor: Actor, body: OrgCreate) -> OrgRead:
    authorize(actor, "orgs.manage")
    if session.scalar(select(Organisation.id).where(Organisation.name == body.name)):
        raise Conflict(
            N_("an organisation named '%(name)s' already exists"), params={"name": body.name}
        )
    if body.uscc and session.scalar(select(Organisation.id).where(Organisation.uscc == body.uscc)):
        raise Conflict(
            N_("an organisation with USCC %(uscc)s already exists"), params={"uscc": body.uscc}
        )
    org = Organisation(**body.model_dump())
    session.add(org)
    session.flush()
    audit.record(
        session,
        actor,
        "orgs.create",
        resource_type="organisation",
        resource_id=org.id,
        subject_org_id=org.id,
        details={"name": org.name},
    )
    return OrgRead.model_validate(org)


def list_orgs(session: Session, actor: Actor) -> list[OrgRead]:
    authorize(actor, "orgs.list")
    orgs = session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.name))
    return [OrgRead.model_validate(o) for o in orgs]


def get_org(session: Session, actor: Actor, org_id: int) -> OrgRead:
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound(N_("organisation %(id)s not found"), params={"id": org_id})
    authorize(actor, "orgs.read", Resource("organisation", str(org.id), owner_org_id=org.id))
    return OrgRead.model_validate(org)


def org_names(session: Session, org_ids: set[int]) -> dict[int, str]:
    """Names of organisations by id (for other domains' listings)."""
    if not org_ids:
        return {}
    rows = session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))
    )
    return {org_id: name for org_id, name in rows}


def org_kind(session: Session, org_id: int) -> OrgKind | None:
    """The kind of an organisation (None when there is none with that id)."""
    return session.scalar(select(Organisation.kind).where(Organisation.id == org_id))


def org_details(session: Session, org_ids: set[int]) -> dict[int, tuple[str, str | None]]:
    """Name and registered code of organisations by id."""
    if not org_ids:
        return {}
    rows = session.execute(
        select(Organisation.id, Organisation.name, Organisation.uscc).where(
            Organisation.id.in_(org_ids)
        )
    )
    return {org_id: (name, uscc) for org_id, name, uscc in rows}


def org_id_by_uscc(session: Session, uscc: str) -> int | None:
    """The organisation that holds ``uscc`` (a firm with an account), if any."""
    return session.scalar(select(Organisation.id).where(Organisation.uscc == uscc))


def find_org_by_name(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name))


# --- users ---------------------------------------------------------------------------


def create_user(session: Session, actor: Actor, body: UserCreate) -> UserRead:
    authorize(actor, "users.manage")
    org = session.get(Organisation, body.org_id)
    if org is None:
        raise NotFound(N_("organisation %(id)s not found"), params={"id": body.org_id})
    # The request is well formed; the organisation it names does not take this role (409).
    if body.role is Role.PUBLIC or not role_fits_org(body.role, org.kind):
        raise Conflict(
            N_("a user with role %(role)s cannot belong to an organisation of kind %(kind)s"),
            params={"role": body.role.value, "kind": org.kind.value},
        )
    if session.scalar(select(User.id).where(User.username == body.username)):
        raise Conflict(
            N_("the username '%(username)s' is taken"), params={"username": body.username}
        )
    _refuse_a_guessable_password(body.password, body.username, body.display_name, org.name)
    user = User(
        username=body.username,
        display_name=body.display_name,
        role=body.role,
        org_id=org.id,
        locale=body.locale,
        email=body.email,
        password_hash=credentials.hash_password(body.password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "users.create",
        resource_type="user",
        resource_id=user.id,
        subject_org_id=org.id,
        details={"username": user.username, "role": user.role.value},
    )
    return UserRead.model_validate(user)


def list_users(session: Session, actor: Actor) -> list[UserRead]:
    authorize(actor, "users.manage")
    users = session.scalars(select(User).order_by(User.role, User.username))
    return [UserRead.model_validate(u) for u in users]


def update_user(session: Session, actor: Actor, user_id: int, body: UserUpdate) -> UserRead:
    authorize(actor, "users.manage")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("user %(id)s not found"), params={"id": user_id})
    # An administrator locked out by their own hand, or a stolen token that sets a new
    # password and so keeps the account: both need another administrator (or the shell).
    if user.id == actor.user_id and (body.is_active is False or body.password):
        raise Conflict(
            N_(
                "you cannot deactivate your own account or set your own password here; "
                "ask another administrator, or use `scenehub users set-password`"
            )
        )
    changed = body.model_dump(exclude_unset=True, exclude_none=True)
    if "display_name" in changed:
        user.display_name = body.display_name or ""
    if "email" in changed:
        user.email = body.email or None
    if "is_active" in changed:
        user.is_active = bool(body.is_active)
        if not user.is_active:
            _revoke_all_credentials(session, user)
    if body.password:
        org_name = user.org.name if user.org is not None else ""
        display_name = body.display_name or user.display_name
        _refuse_a_guessable_password(body.password, user.username, display_name, org_name)
        user.password_hash = credentials.hash_password(body.password)
        _revoke_all_credentials(session, user)
    session.flush()
    audit.record(
        session,
        actor,
        "users.update",
        resource_type="user",
        resource_id=user.id,
        subject_org_id=user.org_id,
        details={"fields": sorted(k if k != "password" else "password (changed)" for k in changed)},
    )
    return UserRead.model_validate(user)


def set_own_email(session: Session, actor: Actor, body: EmailUpdate) -> UserRead:
    """A user sets (or, empty, removes) the address its notifications are e-mailed to."""
    authorize(actor, "auth.account")
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFound(N_("user %(id)s not found"), params={"id": actor.user_id})
    user.email = body.email or None
    session.flush()
    audit.record(
        session,
        actor,
        "users.set_email",
        resource_type="user",
        resource_id=user.id,
        subject_org_id=user.org_id,
        details={"set": bool(user.email)},
    )
    return UserRead.model_validate(user)


@dataclass(frozen=True)
class Recipient:
    """A user to notify: where to e-mail, and in which language."""

    user_id: int
    email: str | None
    locale: str | None


def recipients(
    session: Session,
    *,
    org_ids: Collection[int] = (),
    roles: Collection[Role] = (),
    user_ids: Collection[int] = (),
) -> list[Recipient]:
    """The active users of the organisations ``org_ids``, those with one of ``roles`` and
    those named (one query)."""
    if not org_ids and not roles and not user_ids:
        return []
    wanted = or_(
        User.org_id.in_(set(org_ids)), User.role.in_(set(roles)), User.id.in_(set(user_ids))
    )
    rows = session.execute(
        select(User.id, User.email, User.locale)
        .where(User.is_active.is_(True), wanted)
        .order_by(User.id)
    )
    return [Recipient(r.id, r.email, r.locale) for r in rows]


def _refuse_a_guessable_password(password: str, *user_inputs: str) -> None:
    if credentials.password_is_guessable(password, list(user_inputs)):
        message = N_(
            "this password is too easy to guess: avoid common words, names, dates, "
            "keyboard patterns and the username; a few unrelated words make a strong one"
        )
        raise WeakPassword(
            message, details={"problems": [field_problem("password", message, "weak_password")]}
        )


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def _revoke_all_credentials(session: Session, user: User) -> None:
    now = utcnow()
    for web in session.scalars(
        select(WebSession).where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))
    ):
        web.revoked_at = now
    for token in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = now


# --- sign-in and web sessions ----------------------------------------------------------


def authenticate(
    session: Session,
    username: str,
    password: str,
    client: str,
    secret_key: str,
    limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
) -> User:
    """The active user with these credentials; a failure is audited and says nothing more.

    Failures are counted from the trail (so the limits hold across workers and restarts)
    per account and address, and per account over all addresses (auth/throttle.py). A name
    no account has is throttled the same way under a keyed digest, so neither the answers
    nor their timing tell which usernames exist. The client address is the connection's,
    or what a proxy named in SCENEHUB_TRUSTED_PROXIES forwarded (docs/security.md).
    """
    username = username[:64]
    user = find_user(session, username)
    account = throttle.account_key(secret_key, username, known=user is not None)
    attempt = f"{account} from {client}"[:200]
    _refuse_while_throttled(session, account, attempt, limits)
    if (
        not credentials.verify_password(user.password_hash if user else None, password)
        or user is None
        or not user.is_active
    ):
        raise InvalidCredentials(
            N_("wrong username or password"),
            audit=AuditEvent(
                actor=ANONYMOUS,
                action="auth.login",
                outcome="failed",
                reason="wrong username or password",
                resource_type="username",
                # A password typed into the username field must not land in the trail:
                # an unknown name is there only as its keyed digest.
                resource_id=attempt,
                details={"username": username if user is not None else "(unknown user)"},
            ),
        )
    if credentials.needs_rehash(user.password_hash):
        user.password_hash = credentials.hash_password(password)
    user.last_login_at = utcnow()
    return user


def _refuse_while_throttled(
    session: Session, account: str, attempt: str, limits: LoginLimits
) -> None:
    """429 while this address, or anybody, must wait before trying ``account`` again."""
    now = utcnow()
    failed = functools.partial(audit.recent_times, session, "auth.login", "failed")
    wait = max(
        throttle.address_wait(failed(now - limits.address_window, attempt), now, limits),
        throttle.account_wait(
            failed(now - limits.account_window, f"{account} from ", prefix=True), now, limits
        ),
    )
    if wait > throttle.NO_WAIT:
        minutes = throttle.minutes_to_wait(wait)
        raise TooManyAttempts(
            N_("too many failed sign-ins for this account; try again in %(minutes)s minutes"),
            params={"minutes": minutes},
            details={"minutes": minutes},
            audit=AuditEvent(
                actor=ANONYMOUS,
                action="auth.login",
                outcome="refused",
                reason="too many failed sign-ins",
                resource_type="username",
                resource_id=attempt,
            ),
        )


def start_web_session(
    session: Session, user: User, hours: int, sso_issuer: str | None = None
) -> str:
    """Open a browser session for ``user``; returns the cookie value (shown only now).
    Signed in through an OpenID provider, the audit entry names it (method oidc)."""
    raw = credentials.new_token()
    session.add(
        WebSession(
            token_hash=credentials.token_digest(raw),
            user_id=user.id,
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    session.flush()
    audit.record(
        session,
        actor_of(user),
        "auth.login",
        resource_type="user",
        resource_id=user.id,
        subject_org_id=user.org_id,
        details={"via": "web", **({"method": "oidc", "issuer": sso_issuer} if sso_issuer else {})},
    )
    return raw


def end_web_session(session: Session, raw: str) -> None:
    web = session.get(WebSession, credentials.token_digest(raw))
    if web is None or web.revoked_at is not None:
        return
    web.revoked_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor_of(web.user),
        "auth.logout",
        resource_type="user",
        resource_id=web.user_id,
        subject_org_id=web.user.org_id,
    )


# Every request with a credential runs one of these: built once, as building a statement
# with its loader options costs more than running it.
_WEB_SESSION_BY_DIGEST = (
    select(WebSession)
    .where(WebSession.token_hash == bindparam("digest"))
    .options(joinedload(WebSession.user).joinedload(User.org))
)
# A token is checked on every API call: its columns and its user's, as one row.
_API_TOKEN_BY_DIGEST = (
    select(
        ApiToken.id,
        ApiToken.revoked_at,
        ApiToken.expires_at,
        ApiToken.last_used_at,
        User.id.label("user_id"),
        User.username,
        User.display_name,
        User.role,
        User.org_id,
        User.is_active,
        Organisation.kind.label("org_kind"),
    )
    .join(User, User.id == ApiToken.user_id)
    .outerjoin(Organisation, Organisation.id == User.org_id)
    .where(ApiToken.token_hash == bindparam("digest"))
)


def actor_for_web_session(session: Session, raw: str) -> Actor | None:
    """The actor of a session cookie, or ``None`` when it is unknown, expired or revoked
    (one query: the session with its user and the user's organisation)."""
    web = session.scalar(_WEB_SESSION_BY_DIGEST, {"digest": credentials.token_digest(raw)})
    if web is None or web.revoked_at is not None or web.expires_at <= utcnow():
        return None
    if not web.user.is_active:
        return None
    return actor_of(web.user)


# --- API tokens ----------------------------------------------------------------------


def issue_token(
    session: Session, actor: Actor, body: TokenCreate, default_days: int, max_days: int
) -> TokenIssued:
    """A new API token of the actor, lasting ``body.days``, capped at ``max_days`` (the
    answer's ``expires_at`` says when it ends). Minted with a token, it ends no later than
    that token and is revoked with it."""
    authorize(actor, "auth.account")
    assert actor.user_id is not None
    days = min(body.days or default_days, max_days)
    expires_at = utcnow() + timedelta(days=days)
    parent = session.get(ApiToken, actor.token_id) if actor.token_id is not None else None
    if parent is not None:
        expires_at = min(expires_at, parent.expires_at)
    raw = credentials.new_token(credentials.API_TOKEN_PREFIX)
    token = ApiToken(
        user_id=actor.user_id,
        name=body.name,
        token_hash=credentials.token_digest(raw),
        prefix=raw[:10],
        expires_at=expires_at,
        parent_id=parent.id if parent is not None else None,
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor,
        "auth.token_issue",
        resource_type="api_token",
        resource_id=token.id,
        subject_org_id=actor.org_id,
        details={"name": body.name, "minted_by_token": token.parent_id},
    )
    return TokenIssued(**TokenRead.model_validate(token).model_dump(), token=raw)


def password_grant(
    session: Session, user: User, body: TokenCreate, default_days: int, max_days: int
) -> TokenIssued:
    """A bearer token (for scripts) for a user whose credentials ``authenticate`` took."""
    actor = actor_of(user)
    audit.record(
        session,
        actor,
        "auth.login",
        resource_type="user",
        resource_id=user.id,
        subject_org_id=user.org_id,
        details={"via": "api"},
    )
    return issue_token(session, actor, body, default_days, max_days)


def list_tokens(session: Session, actor: Actor) -> list[TokenRead]:
    authorize(actor, "auth.account")
    tokens = session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == actor.user_id)
        .order_by(ApiToken.created_at.desc())
    )
    return [TokenRead.model_validate(t) for t in tokens]


def revoke_token(session: Session, actor: Actor, token_id: int) -> TokenRead:
    """Revoke one of the actor's tokens and every token minted with it (and with those)."""
    authorize(actor, "auth.account")
    token = session.get(ApiToken, token_id)
    # Another user's token is reported as missing: its existence is not the caller's business.
    if token is None or token.user_id != actor.user_id:
        raise NotFound(N_("API token %(id)s not found"), params={"id": token_id})
    now = utcnow()
    minted = _minted_from(session, token.id)
    revoked = [t for t in (token, *minted) if t.revoked_at is None]
    for each in revoked:
        each.revoked_at = now
    if revoked:
        session.flush()
        audit.record(
            session,
            actor,
            "auth.token_revoke",
            resource_type="api_token",
            resource_id=token.id,
            subject_org_id=actor.org_id,
            details={"with_minted": sorted(t.id for t in revoked if t is not token)},
        )
    return TokenRead.model_validate(token)


def _minted_from(session: Session, token_id: int) -> list[ApiToken]:
    """The tokens minted with ``token_id``, and with those, at any depth."""
    found: list[ApiToken] = []
    parents = [token_id]
    while parents:
        children = list(session.scalars(select(ApiToken).where(ApiToken.parent_id.in_(parents))))
        found += children
        parents = [child.id for child in children]
    return found


def actor_for_api_token(session: Session, raw: str) -> Actor:
    """The actor of a bearer token, in one query; an unknown, revoked or expired token is
    refused. Tokens are 256 random bits, so their SHA-256 is the key (no slow hash)."""
    now = utcnow()
    with autocommitted(session) as connection:
        token = connection.execute(
            _API_TOKEN_BY_DIGEST, {"digest": credentials.token_digest(raw)}
        ).one_or_none()
        if token and token.revoked_at is None and token.is_active and token.expires_at > now:
            _record_token_use(connection, token.id, token.last_used_at, now)
    if token is None or token.revoked_at is not None or not token.is_active:
        raise InvalidToken(
            N_("the API token is not valid"),
            audit=AuditEvent(
                actor=ANONYMOUS,
                action="auth.token",
                outcome="failed",
                reason="unknown or revoked token",
                details={"prefix": raw[:10]},
            ),
        )
    if token.expires_at <= now:
        raise TokenExpired(N_("the API token has expired; create a new one"))
    return Actor(
        user_id=token.user_id,
        username=token.username,
        role=token.role,
        org_id=token.org_id,
        org_kind=token.org_kind,
        display_name=token.display_name or token.username,
        token_id=token.id,
    )


def _record_token_use(
    connection: Connection, token_id: int, last_used: datetime | None, now: datetime
) -> None:
    """Set the token's last use, to the minute: a read with a token writes nothing more
    often. Skipped while another request holds the token's row (outside autocommit its
    lock lasts until that request ends, and a token's many concurrent calls crossing the
    minute would all queue behind it; the one recording it is enough)."""
    if last_used is not None and now - last_used < TOKEN_USE_RESOLUTION:
        return
    unlocked = (
        select(ApiToken.id)
        .where(ApiToken.id == token_id)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    connection.execute(
        update(ApiToken)
        .where(
            ApiToken.id == unlocked,
            or_(
                ApiToken.last_used_at.is_(None),
                ApiToken.last_used_at <= now - TOKEN_USE_RESOLUTION,
            ),
        )
        .values(last_used_at=now)
    )


def purge_ended_credentials(
    session: Session, sessions_before: datetime, tokens_before: datetime
) -> dict[str, int]:
    """Delete the browser sessions and API tokens that ended (expired or were revoked)
    before the cutoffs (retention); how many of each."""
    removed = {}
    for name, table, before in (
        ("web_sessions", WebSession, sessions_before),
        ("api_tokens", ApiToken, tokens_before),
    ):
        ended = or_(table.expires_at < before, table.revoked_at < before)
        result = session.execute(delete(table).where(ended))
        removed[name] = int(getattr(result, "rowcount", 0) or 0)
    return removed
