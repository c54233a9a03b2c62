"""Boundary models of the auth domain."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scenehub.auth.credentials import MIN_PASSWORD_LENGTH
from scenehub.auth.roles import OrgKind, Role

USERNAME_PATTERN = r"^[A-Za-z0-9_.@-]{3,64}$"
USCC_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{18}$"


class OrgCreate(BaseModel):
    kind: OrgKind
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    uscc: str | None = Field(default=None, pattern=USCC_PATTERN)

    @field_validator("uscc", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return value.strip().upper() or None if isinstance(value, str) else value


class OrgRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: OrgKind
    name: str
    name_en: str
    uscc: str | None
    created_at: datetime


class UserCreate(BaseModel):
    username: str = Field(pattern=USERNAME_PATTERN)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=256)
    role: Role
    org_id: int
    display_name: str = Field(default="", max_length=200)
    locale: str | None = Field(default=None, pattern=r"^(zh_CN|en)$")

    @field_validator("locale", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return value or None


class UserUpdate(BaseModel):
    display_name: str | None = Field(default=None, max_length=200)
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=MIN_PASSWORD_LENGTH, max_length=256)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    org_id: int | None
    locale: str | None
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    days: int | None = Field(default=None, ge=1, le=3650)


class TokenRequest(LoginRequest):
    """Password grant for scripts: credentials in, a bearer token out."""

    name: str = Field(default="script", min_length=1, max_length=100)
    days: int | None = Field(default=None, ge=1, le=3650)


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
