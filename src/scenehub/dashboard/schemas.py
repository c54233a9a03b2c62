"""Boundary models of the centre's dashboard: the same figures for its page, the API and the
exports."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class Headline(BaseModel):
    key: str = Field(description="The figure's name, e.g. salons_held or contract_value_yuan.")
    label: str = Field(description="What it counts, in the reader's language.")
    value: float = Field(description="The figure, computed from the records.")


class FunnelStep(BaseModel):
    key: str
    label: str
    count: int = Field(description="Scene–firm pairs that came this far through every step.")
    reached: int = Field(description="Pairs at this step by any road (e.g. without a salon).")
    rate: float | None = Field(
        description="count / the previous step's count; null for the first step or after 0."
    )


class TrendSeries(BaseModel):
    key: str
    label: str
    values: list[int] = Field(description="One count per month of `months`.")


class Trends(BaseModel):
    months: list[str] = Field(description="Every month as YYYY-MM, the first event's onwards.")
    series: list[TrendSeries]


class DepartmentResponsiveness(BaseModel):
    department: str
    decided: int = Field(description="Proposals the department decided.")
    median_days: float | None = Field(description="Median days from proposal to decision.")
    slowest_days: int | None
    waiting: int = Field(description="Proposals not decided yet.")
    stuck_scenes: int = Field(description="Scenes with a proposal undecided for over 30 days.")


class Dashboard(BaseModel):
    as_of: date
    headlines: list[Headline]
    funnel: list[FunnelStep]
    trends: Trends
    departments: list[DepartmentResponsiveness]
