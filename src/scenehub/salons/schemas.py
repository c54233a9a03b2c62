"""Boundary models of salons."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from scenehub.fields import Name


class MeetingImport(BaseModel):
    scene_id: int
    firm_org_id: int
    starts_at: AwareDatetime  # the database keeps UTC: a time without its zone is refused
    minutes: int = Field(ge=5, le=240)


class SalonImport(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    theme: Annotated[Name, Field(max_length=200)]
    held_on: date
    venue: str = ""
    scene_ids: list[int] = Field(default_factory=list)
    meetings: list[MeetingImport] = Field(default_factory=list)


class SalonRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    theme: str
    held_on: date
    venue: str
    scenes: int = 0
    meetings: int = 0
