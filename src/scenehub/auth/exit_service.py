"""A firm's exit, the auth domain's part: export, import and closure of an organisation
and its users (called by governance/export_service.py and closure_service.py)."""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scenehub.auth.models import ApiToken, Organisation, User, WebSession
from scenehub.auth.roles import OrgKind, Role, role_fits_org
from scenehub.auth.service import find_org_by_name, find_user, org_id_by_uscc
from scenehub.errors import Conflict, NotFound
from scenehub.fields import EMAIL_PATTERN
from scenehub.i18n import N_

# Stored in place of a password hash: no password ever verifies against it.
NO_PASSWORD = "!"  # noqa: S105 (not a password: a hash nothing matches)


def export_for_org(session: Session, org_id: int) -> dict[str, list[dict[str, object]]]:
    """The organisation and its users, never a password hash or a token."""
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound(N_("organisation %(id)s not found"), params={"id": org_id})
    users = session.scalars(select(User).where(User.org_id == org_id).order_by(User.username))
    return {
        "organisation": [
            {"kind": org.kind.value, "name": org.name, "name_en": org.name_en, "uscc": org.uscc}
        ],
        "users": [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": u.role.value,
                "locale": u.locale,
                "email": u.email,
                "is_active": u.is_active,
            }
            for u in users
        ],
    }


def import_for_org(
    session: Session, org_row: dict[str, object], user_rows: list[dict[str, object]]
) -> tuple[int, list[str]]:
    """Create the organisation and its users (without a password: the admin sets one with
    ``scenehub users set-password``); returns its id and the usernames already taken."""
    kind, name, uscc = OrgKind(str(org_row["kind"])), str(org_row["name"]), org_row["uscc"]
    if uscc and org_id_by_uscc(session, str(uscc)) is not None:
        raise Conflict(
            N_("an organisation with USCC %(uscc)s already exists"), params={"uscc": uscc}
        )
    if find_org_by_name(session, name) is not None:
        raise Conflict(N_("an organisation named '%(name)s' already exists"), params={"name": name})
    org = Organisation(
        kind=kind, name=name, name_en=str(org_row.get("name_en") or ""), uscc=uscc or None
    )
    session.add(org)
    session.flush()
    taken: list[str] = []
    for row in user_rows:
        username, role = str(row["username"]), Role(str(row["role"]))
        if find_user(session, username) is not None or not role_fits_org(role, kind):
            taken.append(username)
            continue
        session.add(
            User(
                username=username,
                display_name=str(row.get("display_name") or ""),
                password_hash=NO_PASSWORD,
                role=role,
                org_id=org.id,
                locale=row.get("locale") or None,
                email=_address(row.get("email")),
                is_active=bool(row.get("is_active", True)),
            )
        )
    session.flush()
    return org.id, taken


def _address(value: object) -> str | None:
    """An imported e-mail address, if it is one (a file is not a form: nothing checked it)."""
    text = str(value or "")
    return text if len(text) <= 254 and re.fullmatch(EMAIL_PATTERN, text) else None


def close_org_accounts(session: Session, org_id: int) -> dict[str, int]:
    """Disable the organisation's users and delete their personal data (names, e-mail
    addresses, sign-in, sessions, tokens); the organisation keeps its id, anonymised. The
    audit trail keeps the usernames it recorded (docs/exit.md)."""
    users = list(session.scalars(select(User).where(User.org_id == org_id)))
    for user in users:
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
        user.username = f"closed-{user.id}"
        user.display_name = ""
        user.password_hash = NO_PASSWORD
        user.locale = None
        user.email = None
        user.is_active = False
        user.last_login_at = None
    org = session.get(Organisation, org_id)
    if org is not None:
        org.name, org.name_en, org.uscc = f"closed-organisation-{org_id}", "", None
    session.flush()
    return {"users_disabled": len(users)}
