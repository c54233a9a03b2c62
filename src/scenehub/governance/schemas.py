"""Boundary models of governance: audit entries, chain reports, checkpoints and proofs."""

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


class CheckpointProblemRead(BaseModel):
    line: int
    size: int
    kind: str
    message: str


class ChainReportRead(BaseModel):
    """The chain's own checks (``problems``) and the checkpoints' (``checkpoint_problems``)."""

    ok: bool
    entries_checked: int
    head_seq: int
    head_hash: str
    root_hash: str
    problems: list[ChainProblemRead]
    checkpoints_checked: int = 0
    checkpoint_problems: list[CheckpointProblemRead] = []


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


class CheckpointRead(BaseModel):
    """A signed tree head: ``signature`` (hex) is Ed25519 over the message in docs/audit.md."""

    model_config = ConfigDict(from_attributes=True)

    size: int
    root_hash: str
    time: str
    key_id: str
    signature: str


class InclusionProofRead(BaseModel):
    """RFC 6962 §2.1.1: ``path`` (hex, deepest sibling first) leads from ``leaf_hash`` to
    ``root_hash``; ``checkpoint`` is the signed head of that root, or null before one exists."""

    leaf_index: int
    tree_size: int
    leaf_hash: str
    path: list[str]
    root_hash: str
    checkpoint: CheckpointRead | None = None


class ConsistencyProofRead(BaseModel):
    """RFC 6962 §2.1.2: the tree of ``first`` entries is a prefix of the tree of ``second``."""

    first: int
    second: int
    first_root: str
    second_root: str
    path: list[str]


class PublicKeyRead(BaseModel):
    key_id: str
    algorithm: str
    public_key_pem: str
