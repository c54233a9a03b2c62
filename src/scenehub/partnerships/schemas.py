"""Boundary models of partnerships."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

STATUSES = ("negotiating", "pilot", "evaluated", "demonstration", "scaled", "ended")


class PartnershipImport(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    scene_id: int
    firm_org_id: int
    status: str = Field(pattern=r"^(negotiating|pilot|evaluated|demonstration|scaled|ended)$")
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
    status: str
    started_on: date
    evaluation_score: float | None = None


class StatusCount(BaseModel):
    status: str
    count: int
