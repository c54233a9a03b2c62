"""``scenehub users …`` and ``scenehub orgs …``: accounts and organisations from the shell
(registered in scenehub.cli, which reports their errors). Each command is one transaction
as the system actor."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from scenehub import db
from scenehub.auth import service as auth_service
from scenehub.auth import sso
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, UserCreate, UserUpdate
from scenehub.governance.policy import SYSTEM
from scenehub.settings import get_settings

console = Console()


def orgs_create(name: str, kind: OrgKind, name_en: str = "", uscc: str | None = None) -> None:
    """Create an organisation (centre, department, firm, investor, financier)."""
    with db.transaction() as session:
        org = auth_service.create_org(
            session, SYSTEM, OrgCreate(kind=kind, name=name, name_en=name_en, uscc=uscc)
        )
    console.print(f"organisation {org.id} created: {org.name} ({org.kind.value})")


def orgs_list() -> None:
    with db.transaction(read_only=True) as session:
        orgs = auth_service.list_orgs(session, SYSTEM)
    table = Table("id", "kind", "name", "name (en)", "USCC")
    for org in orgs:
        table.add_row(str(org.id), org.kind.value, org.name, org.name_en, org.uscc or "")
    console.print(table)


def users_create(
    username: str,
    role: Role,
    org: Annotated[str, typer.Option(help="organisation name")],
    org_kind: Annotated[
        OrgKind | None,
        typer.Option(help="create the organisation with this kind if it does not exist"),
    ] = None,
    display_name: str = "",
    password: Annotated[
        str | None, typer.Option(envvar="SCENEHUB_NEW_PASSWORD", help="default: prompt")
    ] = None,
) -> None:
    """Create a user, e.g. the first admin:
    ``scenehub users create admin admin --org 场景创新中心 --org-kind centre``."""
    if password is None:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with db.transaction() as session:
        found = auth_service.find_org_by_name(session, org)
        if found is None and org_kind is None:
            raise typer.BadParameter(f"no organisation named {org!r}; add --org-kind to create it")
        org_id = (
            found.id
            if found
            else auth_service.create_org(
                session, SYSTEM, OrgCreate(kind=org_kind or OrgKind.CENTRE, name=org)
            ).id
        )
        user = auth_service.create_user(
            session,
            SYSTEM,
            UserCreate(
                username=username,
                password=password,
                role=role,
                org_id=org_id,
                display_name=display_name,
            ),
        )
    console.print(f"user {user.id} created: {user.username} ({user.role.value})")


def users_list() -> None:
    with db.transaction(read_only=True) as session:
        users = auth_service.list_users(session, SYSTEM)
    table = Table("id", "username", "role", "org", "active", "last login")
    for u in users:
        table.add_row(
            str(u.id),
            u.username,
            u.role.value,
            str(u.org_id or ""),
            "yes" if u.is_active else "no",
            u.last_login_at.isoformat(timespec="minutes") if u.last_login_at else "",
        )
    console.print(table)


def users_set_password(
    username: str,
    password: Annotated[
        str | None, typer.Option(envvar="SCENEHUB_NEW_PASSWORD", help="default: prompt")
    ] = None,
) -> None:
    """Set a user's password; their sessions and API tokens are revoked."""
    if password is None:
        password = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
    _update_user(username, UserUpdate(password=password))


def users_deactivate(username: str) -> None:
    """Block a user from signing in; their sessions and API tokens are revoked."""
    _update_user(username, UserUpdate(is_active=False))


def users_link_sso(
    username: str,
    subject: Annotated[str, typer.Argument(help="the user's `sub` at the provider")],
    issuer: Annotated[str | None, typer.Option(help="default: SCENEHUB_OIDC_ISSUER")] = None,
) -> None:
    """Link a user to their identity at the OpenID provider (docs/sso.md)."""
    issuer = (issuer or get_settings().oidc_issuer or "").rstrip("/")
    if not issuer:
        raise typer.BadParameter("no issuer: pass --issuer or set SCENEHUB_OIDC_ISSUER")
    with db.transaction() as session:
        user = auth_service.find_user(session, username)
        if user is None:
            raise typer.BadParameter(f"no user named {username!r}")
        sso.link_identity(session, SYSTEM, user.id, issuer, subject)
    console.print(f"user {username} signs in as {subject} at {issuer}")


def _update_user(username: str, body: UserUpdate) -> None:
    with db.transaction() as session:
        user = auth_service.find_user(session, username)
        if user is None:
            raise typer.BadParameter(f"no user named {username!r}")
        auth_service.update_user(session, SYSTEM, user.id, body)
    console.print(f"user {username} updated")
