"""Use cases of single sign-on: the user of a verified identity, linked by (issuer, subject),
created on its first sign-in when the centre lets it be.

Every function takes the request's session and flushes; the caller commits. A refusal is
a 403 whose audit entry survives the request's rollback.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from scenehub.auth.models import Organisation, SsoIdentity, User
from scenehub.auth.roles import ROLE_LABELS, Role, role_fits_org
from scenehub.auth.sso_claims import (
    ClaimRules,
    MappedIdentity,
    map_claims,
    normalised_uscc,
    username_candidates,
)
from scenehub.db import utcnow
from scenehub.errors import AuditEvent, Conflict, NotFound, SsoRefused
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import ANONYMOUS, SYSTEM, Actor
from scenehub.i18n import N_, Term

# The password hash of an account that signs in only through the provider: not an argon2
# hash, so no password ever verifies against it.
NO_PASSWORD = "!sso"  # noqa: S105 - a marker, not a secret


def user_for_identity(
    session: Session, issuer: str, claims: dict[str, Any], rules: ClaimRules, provision: bool
) -> User:
    """The active user the verified ``claims`` stand for, in the organisation and role they
    name; linked on its first sign-in (created if ``provision``), refused with a reason."""
    subject = str(claims.get("sub") or "")
    mapped = map_claims(claims, rules)
    if not subject or not isinstance(mapped, MappedIdentity):
        message, params, reason = (
            (mapped.message, mapped.params, mapped.reason)
            if not isinstance(mapped, MappedIdentity)
            else (N_("the sign-on service did not say who you are"), {}, "no sub")
        )
        raise _refused(issuer, subject, message, params, reason)
    org = _organisation(session, mapped.org_key)
    if org is None:
        raise _refused(
            issuer,
            subject,
            N_(
                "the organisation %(org)s named by the sign-on service has no account here; "
                "ask the centre to register it"
            ),
            {"org": mapped.org_key},
            f"unknown organisation {mapped.org_key!r}",
        )
    if not role_fits_org(mapped.role, org.kind):
        raise _refused(
            issuer,
            subject,
            N_("the role %(role)s does not fit the organisation %(org)s"),
            {"role": Term(ROLE_LABELS[mapped.role]), "org": org.name},
            f"role {mapped.role.value} does not fit a {org.kind.value}",
        )
    identity = _identity(session, issuer, subject)
    if identity is None:
        if not provision:
            raise _refused(
                issuer,
                subject,
                N_("no account here is linked to your sign-on identity; ask the centre for one"),
                {},
                "no linked account and provisioning is off",
            )
        identity = _provision(session, issuer, mapped, org)
    user = identity.user
    if not user.is_active:
        raise _refused(issuer, subject, N_("your account here is deactivated"), {}, "inactive")
    _follow_the_claims(session, user, mapped.role, org)
    identity.last_login_at = user.last_login_at = utcnow()
    session.flush()
    return user


def link_identity(session: Session, actor: Actor, user_id: int, issuer: str, subject: str) -> None:
    """Link an existing account to an identity at the provider, so that it signs in through
    it (for a centre that does not let identities create accounts)."""
    authorize(actor, "users.manage")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("user %(id)s not found"), params={"id": user_id})
    linked = _identity(session, issuer, subject)
    if linked is not None and linked.user_id != user.id:
        raise Conflict(
            N_("this sign-on identity is linked to the user %(username)s already"),
            params={"username": linked.user.username},
        )
    if linked is None:
        session.add(SsoIdentity(user_id=user.id, issuer=issuer, subject=subject))
        session.flush()
        audit.record(
            session,
            actor,
            "users.link_sso",
            resource_type="user",
            resource_id=user.id,
            subject_org_id=user.org_id,
            details={"issuer": issuer, "subject": subject},
        )


def _organisation(session: Session, key: str) -> Organisation | None:
    """The organisation a claim names: by its USCC, else by its exact name."""
    by_code = session.scalar(
        select(Organisation).where(func.upper(Organisation.uscc) == normalised_uscc(key))
    )
    return by_code or session.scalar(select(Organisation).where(Organisation.name == key))


def _identity(session: Session, issuer: str, subject: str) -> SsoIdentity | None:
    return session.scalar(
        select(SsoIdentity)
        .where(SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)
        .options(joinedload(SsoIdentity.user))
    )


def _provision(
    session: Session, issuer: str, mapped: MappedIdentity, org: Organisation
) -> SsoIdentity:
    user = User(
        username=_free_username(session, mapped),
        display_name=mapped.display_name,
        role=mapped.role,
        org_id=org.id,
        password_hash=NO_PASSWORD,
    )
    identity = SsoIdentity(user=user, issuer=issuer, subject=mapped.subject)
    try:
        with session.begin_nested():  # two first sign-ins at once: one of them wins
            session.add_all([user, identity])
    except IntegrityError:
        raise Conflict(
            N_("this sign-on identity was signing in twice at once; sign in again")
        ) from None
    audit.record(
        session,
        SYSTEM,
        "users.create",
        resource_type="user",
        resource_id=user.id,
        subject_org_id=org.id,
        details={"username": user.username, "role": user.role.value, "via": "oidc"},
    )
    return identity


def _free_username(session: Session, mapped: MappedIdentity) -> str:
    candidates = username_candidates(mapped)
    taken = set(session.scalars(select(User.username).where(User.username.in_(candidates))))
    for name in candidates:
        if name not in taken:
            return name
    base, number = candidates[-1], 2
    while session.scalar(select(User.id).where(User.username == f"{base}-{number}")):
        number += 1
    return f"{base}-{number}"


def _follow_the_claims(session: Session, user: User, role: Role, org: Organisation) -> None:
    """The provider is the source of a linked user's organisation and role: a move or a
    new role there is one here at the next sign-in (audited)."""
    changed = {"role": role.value} if user.role is not role else {}
    if user.org_id != org.id:
        changed["org_id"] = str(org.id)
    if not changed:
        return
    user.role, user.org_id = role, org.id
    session.flush()
    audit.record(
        session,
        SYSTEM,
        "users.update",
        resource_type="user",
        resource_id=user.id,
        subject_org_id=org.id,
        details={"fields": sorted(changed), "via": "oidc", **changed},
    )


def _refused(
    issuer: str, subject: str, message: str, params: dict[str, str], reason: str
) -> SsoRefused:
    return SsoRefused(
        message,
        params=params,
        audit=AuditEvent(
            actor=ANONYMOUS,
            action="auth.login",
            outcome="refused",
            reason=reason,
            resource_type="sso_identity",
            resource_id=subject[:200],
            details={"method": "oidc", "issuer": issuer},
        ),
    )
