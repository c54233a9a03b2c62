"""Boundary models of scenes."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class SceneImport(BaseModel):
    """A scene as a department's list (or the synthetic city) describes it."""

    code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=300)
    language: str = Field(default="zh", pattern=r"^(zh|en)$")
    domain: str = Field(max_length=40)
    department_org_id: int
    background: str = ""
    pain_points: str = ""
    wanted: str = ""
    offered: str = ""
    constraints: str = ""
    wanted_segments: list[str] = Field(default_factory=list)
    stage_preference: str = Field(default="any", pattern=r"^(0-1|1-100|any)$")
    budget_min_10k: int | None = Field(default=None, ge=0)
    budget_max_10k: int | None = Field(default=None, ge=0)
    timeline_months: int | None = Field(default=None, ge=1, le=120)
    on_premise: bool = False
    security_vetting: bool = False
    status: str = "published"
    batch: str | None = None
    published_on: date | None = None


class SceneRead(SceneImport):
    model_config = ConfigDict(from_attributes=True)

    id: int


class DomainCount(BaseModel):
    domain: str
    count: int
