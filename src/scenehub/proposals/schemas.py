"""Boundary models of proposals and invitations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from scenehub.fields import Id, Name, RequestBody, listed
from scenehub.proposals.review import MAX_SCORE, RUBRIC

CRITERIA = tuple(c.key for c in RUBRIC)


def _known_criterion(value: str) -> str:
    if value not in CRITERIA:
        raise ValueError(f"unknown rubric criterion {value!r}; one of {', '.join(CRITERIA)}")
    return value


# A criterion of the rubric, scored 0–10.
Criterion = Annotated[str, listed(CRITERIA), AfterValidator(_known_criterion)]
Score = Annotated[float, Field(ge=0, le=MAX_SCORE)]


class ProposalCreate(RequestBody):
    summary: Annotated[Name, Field(min_length=10, max_length=3000)]
    approach: str = Field(default="", max_length=10000)
    budget_10k: int | None = Field(default=None, ge=0, le=1_000_000)
    timeline_months: int | None = Field(default=None, ge=1, le=120)


class ProposalAdvance(RequestBody):
    """Move a proposal to its next phase, optionally scoring it on the rubric (0–10)."""

    to: Literal["screening", "shortlisted", "selected"]
    scores: dict[Criterion, Score] = Field(default_factory=dict)


class ProposalReject(RequestBody):
    reason: Annotated[Name, Field(min_length=4, max_length=2000)]


class ProposalScores(RequestBody):
    scores: dict[Criterion, Score]


class ProposalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    scene_id: int
    firm_id: int
    org_id: int
    summary: str
    approach: str
    budget_10k: int | None
    timeline_months: int | None
    status: str
    reason: str
    scores: dict[str, float]
    total_score: float | None
    created_at: datetime
    scene_code: str = ""
    scene_title: str = ""
    firm_name: str = ""


class InvitationCreate(RequestBody):
    firm_id: Id
    message: str = Field(default="", max_length=2000)


class InvitationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    scene_id: int
    firm_id: int
    invited_by_org_id: int
    message: str
    score: float | None
    created_at: datetime
    scene_code: str = ""
    scene_title: str = ""
    firm_name: str = ""
    proposed: bool = False


class DecisionTiming(BaseModel):
    """How long a proposal waited for its department's decision (the dashboard's)."""

    department_org_id: int
    scene_id: int
    submitted_on: date
    decided_on: date | None
