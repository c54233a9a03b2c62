"""Boundary models of the auth domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scenehub.auth.credentials import MIN_PASSWORD_LENGTH
from scenehub.auth.roles import OrgKind, Role
from scenehub.fields import Email, Id, Name, RequestBody, Uscc

USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{3,64}$"
# The roles a stored user can have (``public`` is the anonymous visitor).
UserRole = Literal["admin", "operator", "department", "firm", "investor", "financier"]
DisplayName = Literal[""] | Annotated[Name, Field(max_length=200)]


class OrgCreate(RequestBody):
    kind: OrgKind
    name: Annotated[Name, Field(max_length=200)]
    name_en: Literal[""] | Annotated[Name, Field(max_length=200)] = ""
    uscc: Literal[""] | Uscc | None = Field(default=None, description="empty: none")

    @field_validator("uscc")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


class OrgRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: OrgKind
    name: str
    name_en: str
    uscc: str | None
    created_at: datetime


class UserCreate(RequestBody):
    username: str = Field(pattern=USERNAME_PATTERN)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=256)
    role: Annotated[Role, Field(json_schema_extra={"enum": list(UserRole.__args__)})]
    org_id: Id
    display_name: DisplayName = ""
    locale: Literal["zh_CN", "en", ""] | None = Field(default=None, description="empty: none")
    email: Literal[""] | Email | None = Field(default=None, description="empty: none")

    @field_validator("locale", "email")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("role")
    @classmethod
    def _stored_role(cls, value: Role) -> Role:
        if value is Role.PUBLIC:
            raise ValueError("'public' is the anonymous visitor, not a user's role")
        return value


class UserUpdate(RequestBody):
    display_name: DisplayName | None = None
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=MIN_PASSWORD_LENGTH, max_length=256)
    email: Literal[""] | Email | None = Field(
        default=None, description="empty: remove the address; absent: keep it"
    )


class EmailUpdate(RequestBody):
    """A user's own address for notifications (the account page); empty removes it."""

    email: Literal[""] | Email = ""


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    org_id: int | None
    locale: str | None
    email: str | None
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class LoginRequest(RequestBody):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


TokenDays = Field(
    default=None,
    ge=1,
    le=3650,
    description="how long the token lasts; at most SCENEHUB_API_TOKEN_MAX_DAYS (365), and "
    "no longer than the token it is minted with: expires_at says when it ends",
)


class TokenCreate(RequestBody):
    name: Annotated[Name, Field(max_length=100)]
    days: int | None = TokenDays


class TokenRequest(LoginRequest):
    """Password grant for scripts: credentials in, a bearer token out."""

    name: Annotated[Name, Field(max_length=100)] = "script"
    days: int | None = TokenDays


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenIssued(TokenRead):
    token: str = Field(description="shown once; send as `Authorization: Bearer <token>`")
