"""Boundary models of governance: audit entries, chain reports, checkpoints and proofs,
retention, exit, the access tracker, cases and data grants."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scenehub.fields import Day, Name, RequestBody, listed
from scenehub.governance import purposes
from scenehub.governance.tracker import TrackerFilter

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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


# --- the access tracker ---------------------------------------------------------------------


class DataAccessQuery(BaseModel):
    """The tracker's filters as query parameters (an empty value does not filter)."""

    model_config = ConfigDict(extra="ignore")

    # An HTML form sends an empty field as "": it does not filter, and the document says so.
    date_from: Day | Literal[""] | None = Field(default=None, description="first day (city)")
    date_to: Day | Literal[""] | None = Field(default=None, description="last day (city)")
    org: Annotated[int, Field(ge=1, le=2**31 - 1)] | Literal[""] | None = Field(
        default=None, description="the reading organisation"
    )
    purpose: str = Field(default="", max_length=80)
    field: str = Field(default="", max_length=80, description="a field name among those read")
    outcome: Literal["", "success", "denied", "failed", "refused"] = ""
    changes: bool = Field(default=False, description="also every change to the account")

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _iso_day(cls, value: object) -> object:
        # A day is written YYYY-MM-DD: "0" is not the first of January 1970.
        if isinstance(value, str) and value and not _ISO_DAY.fullmatch(value):
            raise ValueError("a day is written YYYY-MM-DD")
        return value

    def filter(self) -> TrackerFilter:
        return TrackerFilter(
            date_from=self.date_from or None,
            date_to=self.date_to or None,
            reader_org_id=self.org or None,
            purpose=self.purpose.strip(),
            field=self.field.strip(),
            outcome=self.outcome,
            include_changes=self.changes,
        )


class DataAccessRow(BaseModel):
    """One entry about the caller's organisation, as the tracker shows it."""

    seq: int
    when: str = Field(description="the moment in the city's time zone, YYYY-MM-DD HH:MM:SS")
    who: str
    organisation: str
    role: str
    action: str
    action_words: str
    fields: list[str]
    purpose: str
    purpose_words: str
    outcome: str
    is_read: bool
    proof: InclusionProofRead | None = Field(
        default=None,
        description="the entry's RFC 6962 inclusion proof against the latest signed "
        "checkpoint covering it (docs/audit.md)",
    )


class DataAccessPage(BaseModel):
    rows: list[DataAccessRow]
    next_before_seq: int | None = Field(
        default=None, description="pass as before_seq for the next (older) page; none: the end"
    )


class ReaderOrg(BaseModel):
    id: int
    name: str


# --- cases ------------------------------------------------------------------------------------


class CaseCreate(RequestBody):
    """An objection (target_kind "entry", target_id an audit seq) or an appeal (target_kind
    claim | proposal | application | scene | product and its id or code). The page's form;
    a kind filed against the wrong target is the service's 422 (cases.check_target)."""

    kind: Literal["objection", "appeal"]
    target_kind: Literal["entry", "claim", "proposal", "application", "scene", "product"]
    target_id: str = Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z_-]+$")
    text: Annotated[Name, Field(max_length=4000)]


# The API's body names the pairs cases.check_target allows, so that a well-formed request is
# one that can be filed (the contract test holds the API to its schema).
class ObjectionCreate(CaseCreate):
    """An objection to a read of my organisation's data: the read's audit entry."""

    kind: Literal["objection"]
    target_kind: Literal["entry"]


class AppealCreate(CaseCreate):
    """An appeal against a decision about my organisation."""

    kind: Literal["appeal"]
    target_kind: Literal["claim", "proposal", "application", "scene", "product"]


CaseFiling = Annotated[ObjectionCreate | AppealCreate, Field(discriminator="kind")]


class CaseDecision(RequestBody):
    decision: Literal["answered", "upheld", "dismissed"]
    reason: Annotated[Name, Field(max_length=4000, description="the filer reads it")]


class CaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    target_kind: str
    target_id: str
    org_id: int
    org_name: str = ""
    text: str
    status: str
    opened_at: datetime
    deadline: date
    overdue: bool = False
    decision: str
    decided_at: datetime | None


class GrantRequest(RequestBody):
    """What an organisation asks to read, why, and until when (for itself)."""

    datasets: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=50
    )
    fields: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=50
    )
    purpose: Annotated[str, listed(purposes.GRANTABLE)]
    purpose_text: str = Field(default="", max_length=300)
    link_kind: Literal["", "scene", "partnership", "application"] = ""
    link_ref: str = Field(default="", max_length=40)
    subject_org_id: int | None = Field(default=None, ge=1)
    days: int = Field(default=90, ge=1, le=3650)

    @field_validator("datasets", "fields", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        """A form's "a, b" (one box, sent as a list of one) is the list [a, b]; a JSON body's
        list of names is split the same way, anything else is left for validation to refuse."""
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return value
        return [p.strip() for v in value for p in v.replace("，", ",").split(",") if p.strip()]

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
