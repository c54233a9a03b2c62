"""Boundary models of scenes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scenehub.fields import Id, Name, RequestBody, SegmentCode, listed
from scenehub.industry.taxonomy import known_codes
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.scenes.lifecycle import STATUS_LABELS


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


class SceneDraft(RequestBody):
    """What a department writes (create, or edit while it is a draft)."""

    title: Annotated[Name, Field(min_length=4, max_length=300)]
    language: str = Field(default="zh", pattern=r"^(zh|en)$")
    domain: Annotated[str, listed(DOMAIN_LABELS)]
    background: str = Field(default="", max_length=5000)
    pain_points: str = Field(default="", max_length=5000)
    wanted: Annotated[Name, Field(min_length=4, max_length=5000)]
    offered: str = Field(default="", max_length=5000)
    constraints: str = Field(default="", max_length=5000)
    wanted_segments: list[SegmentCode] = Field(default_factory=list, max_length=6)
    stage_preference: str = Field(default="any", pattern=r"^(0-1|1-100|any)$")
    budget_min_10k: int | None = Field(default=None, ge=0, le=1_000_000)
    budget_max_10k: int | None = Field(
        default=None, ge=0, le=1_000_000, description="at least budget_min_10k"
    )
    timeline_months: int | None = Field(default=None, ge=1, le=120)
    on_premise: bool = False
    security_vetting: bool = False
    # The centre writes for a department and names it; a department writes for itself.
    department_org_id: Id | None = Field(
        default=None,
        description="the department the scene belongs to: required when the centre writes, "
        "ignored when a department does",
    )

    @field_validator("domain")
    @classmethod
    def _known_domain(cls, value: str) -> str:
        if value not in DOMAIN_LABELS:
            raise ValueError(f"unknown domain {value!r}; one of {', '.join(DOMAIN_LABELS)}")
        return value

    @field_validator("wanted_segments")
    @classmethod
    def _known_segments(cls, value: list[str]) -> list[str]:
        return known_codes(value)

    @model_validator(mode="after")
    def _budget_in_order(self) -> SceneDraft:
        low, high = self.budget_min_10k, self.budget_max_10k
        if low is not None and high is not None and low > high:
            raise ValueError("the budget's minimum is above its maximum")
        return self


class SceneTransition(RequestBody):
    to: Annotated[str, listed(STATUS_LABELS)]
    reason: str = Field(
        default="",
        max_length=2000,
        description="why; required (with a visible character) to send a submitted scene "
        "back to draft or to withdraw a published one",
    )

    @field_validator("to")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in STATUS_LABELS:
            raise ValueError(f"unknown status {value!r}; one of {', '.join(STATUS_LABELS)}")
        return value


class BatchPublish(RequestBody):
    scene_codes: list[Annotated[str, Field(max_length=20)]] = Field(min_length=1, max_length=500)
    note: str = Field(default="", max_length=2000)


class BatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    label: str
    year: int
    number: int
    published_on: date
    note: str
    scenes: int = 0


class SceneEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_status: str
    to_status: str
    reason: str
    at: datetime


class SegmentDemand(BaseModel):
    """Municipal demand for one chain segment, from the scenes an actor may see."""

    segment: str
    scenes: int
    main: int  # scenes for which it is the main segment wanted
    departments: int
    open: int  # published or matching: still looking for firms
    budget_max_10k: int
    latest: date | None
    median_timeline_months: float | None
