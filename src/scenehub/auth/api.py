"""JSON routes of the auth domain: tokens, the caller, users and organisations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request

from scenehub.auth import service
from scenehub.auth.schemas import (
    OrgCreate,
    OrgRead,
    TokenCreate,
    TokenIssued,
    TokenRead,
    TokenRequest,
    UserCreate,
    UserRead,
    UserUpdate,
)
from scenehub.errors import NotFound
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.web.deps import (
    IdPath,
    PublicActor,
    SessionDep,
    SettingsDep,
    SignedInActor,
    client_address,
    require,
)

router = APIRouter(tags=["auth"])
AdminActor = Annotated[Actor, require("users.manage")]


@router.post("/auth/token", status_code=201)
def create_token_with_password(
    body: TokenRequest,
    request: Request,
    actor: PublicActor,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenIssued:
    """Exchange a username and password for a bearer token (for scripts)."""
    user = service.authenticate(
        session,
        body.username,
        body.password,
        client_address(request),
        settings.secret_key_value(),
        settings.login_limits,
    )
    return service.password_grant(
        session,
        user,
        TokenCreate(name=body.name, days=body.days),
        settings.api_token_days,
        settings.api_token_max_days,
    )


@router.get("/auth/tokens")
def list_my_tokens(actor: SignedInActor, session: SessionDep) -> list[TokenRead]:
    return service.list_tokens(session, actor)


@router.post("/auth/tokens", status_code=201)
def create_my_token(
    body: TokenCreate, actor: SignedInActor, session: SessionDep, settings: SettingsDep
) -> TokenIssued:
    return service.issue_token(
        session, actor, body, settings.api_token_days, settings.api_token_max_days
    )


@router.delete("/auth/tokens/{token_id}")
def revoke_my_token(token_id: IdPath, actor: SignedInActor, session: SessionDep) -> TokenRead:
    return service.revoke_token(session, actor, token_id)


@router.get("/me")
def who_am_i(actor: SignedInActor, session: SessionDep) -> UserRead:
    user = service.get_user(session, actor.user_id or 0)
    if user is None:
        raise NotFound(N_("user %(id)s not found"), params={"id": actor.user_id})
    return UserRead.model_validate(user)


@router.get("/users")
def list_users(actor: AdminActor, session: SessionDep) -> list[UserRead]:
    return service.list_users(session, actor)


@router.post("/users", status_code=201)
def create_user(body: UserCreate, actor: AdminActor, session: SessionDep) -> UserRead:
    return service.create_user(session, actor, body)


@router.patch("/users/{user_id}")
def update_user(
    user_id: IdPath, body: UserUpdate, actor: AdminActor, session: SessionDep
) -> UserRead:
    return service.update_user(session, actor, user_id, body)


@router.get("/orgs")
def list_orgs(actor: Annotated[Actor, require("orgs.list")], session: SessionDep) -> list[OrgRead]:
    return service.list_orgs(session, actor)


@router.post("/orgs", status_code=201)
def create_org(
    body: OrgCreate, actor: Annotated[Actor, require("orgs.manage")], session: SessionDep
) -> OrgRead:
    return service.create_org(session, actor, body)


@router.get("/orgs/{org_id}")
def read_org(org_id: IdPath, actor: SignedInActor, session: SessionDep) -> OrgRead:
    """An organisation's record: your own, or any for the centre's staff."""
    return service.get_org(session, actor, org_id)
