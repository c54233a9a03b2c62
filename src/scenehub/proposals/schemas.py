"""Boundary models of proposals and invitations."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ProposalCreate(BaseModel):
    summary: str = Field(min_length=10, max_length=3000)
    approach: str = Field(default="", max_length=10000)
    budget_10k: int | None = Field(default=None, ge=0, le=1_000_000)
    timeline_months: int | None = Field(default=None, ge=1, le=120)


class ProposalAdvance(BaseModel):
    """Move a proposal to its next phase, optionally scoring it on the rubric (0–10)."""

    to: str = Field(pattern=r"^(screening|shortlisted|selected)$")
    scores: dict[str, float] = Field(default_factory=dict, max_length=10)


class ProposalReject(BaseModel):
    reason: str = Field(min_length=4, max_length=2000)


class ProposalScores(BaseModel):
    scores: dict[str, float] = Field(max_length=10)


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


class InvitationCreate(BaseModel):
    firm_id: int = Field(ge=1, le=2**63 - 1)
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
