"""What releases take in and give back (pydantic, at the boundary)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

ReleaseKindKey = Literal[
    "industry.districts", "industry.segments", "industry.cohorts", "industry.detail"
]  # governance.releases.KINDS
MethodKey = Literal["disclosure_control", "differential_privacy"]


class ReleaseCreate(BaseModel):
    """An operator's release: which statistic, by which method, and ε for DP."""

    kind: ReleaseKindKey
    method: MethodKey = "disclosure_control"
    epsilon: float | None = Field(default=None, gt=0, le=10)

    @field_validator("epsilon", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        # The page's form sends an empty field for a disclosure-controlled release.
        return None if value == "" else value


class BudgetRead(BaseModel):
    """A period's privacy budget: "ε 0.5 of this quarter's 2.0; 1.0 left"."""

    period: str
    total: float
    spent: float
    remaining: float
    releases: int


class ReleaseRead(BaseModel):
    id: int
    kind: str
    audience: str
    method: str
    epsilon: float | None
    noise_scale: float | None
    period: str
    budget_total: float | None
    budget_remaining: float | None  # left in the period after this release
    released_by: str
    released_at: datetime
    categories: list[list[str]]
    measures: list[str]
    cells: list[dict[str, Any]]  # {"row", "column", "measure", "value"}
    suppressed: int  # figures disclosure control hid
    noisy: bool  # "numbers include random noise"


class ReleaseSummary(BaseModel):
    id: int
    kind: str
    audience: str
    method: str
    epsilon: float | None
    period: str
    released_by: str
    released_at: datetime
