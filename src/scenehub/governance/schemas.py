"""Boundary models of governance: audit entries, chain reports and data grants."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scenehub.fields import RequestBody


class AuditEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    ts: datetime
    actor_username: str
    actor_role: str
    actor_org_id: int | None
    action: str
    resource_type: str
    resource_id: str
    subject_org_id: int | None
    purpose: str
    outcome: str
    details: dict[str, Any]
    hash: str


class ChainProblemRead(BaseModel):
    seq: int
    kind: str
    message: str


class ChainReportRead(BaseModel):
    ok: bool
    entries_checked: int
    head_seq: int
    head_hash: str
    problems: list[ChainProblemRead]


class DailyCount(BaseModel):
    day: str
    outcome: str
    count: int


class GrantRequest(RequestBody):
    """What an organisation asks to read, why, and until when (for itself)."""

    datasets: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=50
    )
    fields: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=50
    )
    purpose: str = Field(min_length=1, max_length=40)
    purpose_text: str = Field(default="", max_length=300)
    link_kind: Literal["", "scene", "partnership", "application"] = ""
    link_ref: str = Field(default="", max_length=40)
    subject_org_id: int | None = Field(default=None, ge=1)
    days: int = Field(default=90, ge=1, le=3650)

    @field_validator("datasets", "fields", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        """A form's "a, b" (one box) is the list [a, b]."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            return value
        return [p.strip() for i in items for p in str(i).replace("，", ",").split(",") if p.strip()]

    @field_validator("subject_org_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value


class GrantDecision(RequestBody):
    reason: str = Field(default="", max_length=1000)


class GrantRead(BaseModel):
    id: int
    grantee_org_id: int
    grantee_name: str
    subject_org_id: int | None
    subject_name: str
    datasets: list[str]
    fields: list[str]
    purpose: str
    purpose_text: str
    link_kind: str
    link_ref: str
    expires_at: datetime
    status: str  # as stored: requested, approved, revoked
    state: str  # as of now: requested, approved, revoked or expired
    requested_by: str
    requested_by_user_id: int | None
    decided_by: str
    decided_at: datetime | None
    reason: str
    created_at: datetime
