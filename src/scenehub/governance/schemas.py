"""Boundary models of governance: audit entries, chain reports, the access tracker, cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scenehub.fields import Name, RequestBody
from scenehub.governance.tracker import TrackerFilter


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


# --- the access tracker ---------------------------------------------------------------------


class DataAccessQuery(BaseModel):
    """The tracker's filters as query parameters (an empty value does not filter)."""

    model_config = ConfigDict(extra="ignore")

    # An HTML form sends an empty field as "": it does not filter, and the document says so.
    date_from: date | Literal[""] | None = Field(default=None, description="first day (city)")
    date_to: date | Literal[""] | None = Field(default=None, description="last day (city)")
    org: Annotated[int, Field(ge=1, le=2**31 - 1)] | Literal[""] | None = Field(
        default=None, description="the reading organisation"
    )
    purpose: str = Field(default="", max_length=80)
    field: str = Field(default="", max_length=80, description="a field name among those read")
    outcome: Literal["", "success", "denied", "failed", "refused"] = ""
    changes: bool = Field(default=False, description="also every change to the account")

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
    proof: dict[str, Any] | None = Field(
        default=None, description="the entry's inclusion proof in the audit tree"
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
    claim | proposal | application | scene | product and its id or code)."""

    kind: Literal["objection", "appeal"]
    target_kind: Literal["entry", "claim", "proposal", "application", "scene", "product"]
    target_id: str = Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z_-]+$")
    text: Annotated[Name, Field(max_length=4000)]


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
