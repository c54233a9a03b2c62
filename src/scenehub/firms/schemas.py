"""Boundary models of the capability registry."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scenehub.fields import Name, RequestBody, SegmentCode, Uscc, is_visible
from scenehub.industry.taxonomy import known_codes


class FirmImport(BaseModel):
    """A firm as the golden records (or the synthetic city) know it."""

    uscc: str | None = Field(default=None, max_length=18)
    golden_id: str | None = Field(default=None, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    name_en: str = ""
    district_code: str | None = Field(default=None, max_length=6)
    business_scope: str = ""
    profile: str = ""
    stage: str = Field(default="any", pattern=r"^(0-1|1-100|any)$")
    segments: list[str] = Field(default_factory=list)
    vetted: bool = False


class FirmRead(FirmImport):
    model_config = ConfigDict(from_attributes=True)

    id: int
    org_id: int | None = None


class RegistryKeys(NamedTuple):
    """A registry firm's id, its golden record's id and the organisation that claimed it."""

    id: int
    golden_id: str | None
    org_id: int | None


class FirmProfileUpdate(RequestBody):
    """What a firm keeps up to date about itself."""

    name_en: Literal[""] | Annotated[Name, Field(max_length=200)] = ""
    profile: str = Field(default="", max_length=5000)
    stage: str = Field(default="any", pattern=r"^(0-1|1-100|any)$")


class ClaimCreate(RequestBody):
    uscc: Uscc
    evidence: str = Field(default="", max_length=2000)


class ClaimDecision(RequestBody):
    approve: bool
    reason: str = Field(
        default="",
        max_length=2000,
        description="why: required (with a visible character) to reject; the firm reads it",
    )


class ClaimRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    firm_id: int
    org_id: int
    evidence: str
    status: str
    reason: str
    created_at: datetime
    firm_name: str = ""
    uscc: str | None = None
    org_name: str = ""
    org_uscc_matches: bool = False


class CapabilityWrite(RequestBody):
    title: Annotated[Name, Field(min_length=4, max_length=300)]
    description: Annotated[Name, Field(min_length=10, max_length=5000)]
    segments: list[SegmentCode] = Field(default_factory=list, max_length=6)
    trl: int = Field(default=6, ge=1, le=9)
    reference_cases: str = Field(default="", max_length=5000)
    certifications: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=20, description="blank ones are dropped"
    )

    @field_validator("segments")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        return known_codes(value)

    @field_validator("certifications")
    @classmethod
    def _no_blanks(cls, value: list[str]) -> list[str]:
        return [c.strip() for c in value if is_visible(c)]


class CapabilityImport(CapabilityWrite):
    code: str = Field(min_length=1, max_length=20)
    firm_id: int
    status: str = "published"
    batch: str | None = None
    published_on: date | None = None


class CapabilityRead(CapabilityWrite):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    firm_id: int
    status: str
    batch: str | None
    published_on: date | None
    firm_name: str = ""


class CapabilityBatchPublish(RequestBody):
    capability_codes: list[Annotated[str, Field(max_length=20)]] = Field(
        min_length=1, max_length=2000
    )
    note: str = Field(default="", max_length=2000)


class CapabilityBatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    label: str
    year: int
    number: int
    published_on: date
    note: str
    capabilities: int = 0


class MatchProfile(BaseModel):
    """Everything matching needs to know about one firm."""

    id: int
    name: str
    description: str
    district_code: str | None
    stage: str
    segments: list[str]
    vetted: bool
    pilots: int
    org_id: int | None


class DeclaredSegments(BaseModel):
    """The chain segments a firm declares on its published capabilities, with its words."""

    golden_id: str
    name: str
    text: str
    segments: list[str]


class CapabilityMove(RequestBody):
    to: str = Field(pattern=r"^(draft|submitted|withdrawn)$")
