"""Boundary models of partnerships."""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

# The lifecycle, in order (labels: labels.py).
PartnershipStatus = Literal["negotiating", "pilot", "evaluated", "demonstration", "scaled", "ended"]
STATUSES: tuple[str, ...] = get_args(PartnershipStatus)


class PartnershipImport(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    scene_id: int
    firm_org_id: int
    status: PartnershipStatus
    started_on: date
    kpis: list[str] = Field(default_factory=list)
    evaluation_score: float | None = None


class PartnershipRead(PartnershipImport):
    model_config = ConfigDict(from_attributes=True)

    id: int


class PartnershipListItem(BaseModel):
    """A partnership as the centre's list shows it: its scene and firm by name."""

    id: int
    code: str
    scene_id: int
    scene_code: str
    scene_title: str
    firm_org_id: int
    firm_name: str
    status: PartnershipStatus
    started_on: date
    evaluation_score: float | None = None


class StatusCount(BaseModel):
    status: str
    count: int
