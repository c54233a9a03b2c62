"""Boundary models of the E-Station's service requests: compute hours, data access,
consulting bookings, their decisions and usage, and a firm's quotas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from scenehub.fields import Day, Instant, Name, RequestBody

Purpose = Annotated[Name, Field(max_length=2000)]
SceneCode = Annotated[str, Field(min_length=1, max_length=20)]
Hours = Annotated[int, Field(ge=1, le=100_000, description="whole GPU hours")]


class ComputeRequest(RequestBody):
    """GPU hours a firm asks for, against its compute quota of the current period."""

    hours: Hours
    purpose: Purpose
    scene_code: Literal[""] | SceneCode = Field(default="", description="a published scene")


class DataRequest(RequestBody):
    """Access to a department's dataset for a named scene and purpose."""

    dataset: str = Field(min_length=1, max_length=64, description="a source of the catalogue")
    scene_code: SceneCode
    purpose: Purpose


class ConsultingBooking(RequestBody):
    """A free slot of an expert of the roster, booked for a topic."""

    expert: str = Field(min_length=1, max_length=64, description="the expert's key")
    starts_at: Instant
    topic: Purpose


class ServiceApproval(RequestBody):
    """An operator's approval: compute hours (default: those asked for), or a data
    access's last day."""

    hours: Hours | None = None
    expires_on: Day | None = Field(default=None, description="data access: its last day")
    note: str = Field(default="", max_length=500)


class ServiceRejection(RequestBody):
    reason: Purpose


class UsageRecord(RequestBody):
    """GPU hours used against an approved compute request."""

    hours: Hours
    used_on: Day | None = Field(default=None, description="default: today")
    note: str = Field(default="", max_length=200)


class UsageRead(BaseModel):
    hours: int
    used_on: date
    note: str
    recorded_by: str


class ServiceRequestRead(BaseModel):
    code: str
    kind: str
    firm_org_id: int
    firm_name: str
    status: str  # as of today: an approved data access past its expiry is "expired"
    period: str
    purpose: str
    scene_code: str | None
    requested_on: date
    hours_requested: int | None
    hours_approved: int | None
    hours_used: int | None
    dataset: str | None
    expires_on: date | None
    expert: str | None
    expert_name: str | None
    starts_at: datetime | None
    decided_on: date | None
    reason: str
    usage: list[UsageRead] = Field(default_factory=list)


class QuotaRead(BaseModel):
    """A firm's quota of a kind in the current period: ``free`` may still be granted,
    ``left`` is still to use (it falls as usage is recorded)."""

    kind: str
    period: str
    starts_on: date
    ends_on: date
    amount: int
    granted: int
    used: int
    free: int
    left: int


class ExpertRead(BaseModel):
    key: str
    name: str
    organisation: str
    topics: list[str]
    minutes: int
    free_slots: list[datetime]
