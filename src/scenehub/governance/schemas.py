"""Boundary models of governance: audit entries and chain reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


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


class RetentionKindRead(BaseModel):
    kind: str
    label: str
    keep_days: int
    cutoff: datetime
    removed: int


class RetentionReport(BaseModel):
    applied_at: datetime
    kinds: list[RetentionKindRead]
    audit_entries_past_keeping: int


class ClosureRead(BaseModel):
    """An organisation's request to close its account, and where it stands."""

    requested_at: datetime
    effective_at: datetime
    cancelled_at: datetime | None
    applied_at: datetime | None
    state: str


class ImportRead(BaseModel):
    """What an imported archive restored, and what it kept as history."""

    org_id: int
    restored: dict[str, int]
    history: dict[str, int]
    usernames_taken: list[str]
