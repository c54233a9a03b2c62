"""Boundary models of the E-Station."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from scenehub.estation.kinds import KIND_LABELS
from scenehub.fields import Name


class ProductImport(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    provider_org_id: int
    name: Annotated[Name, Field(max_length=200)]
    kind: str = Field(pattern=f"^({'|'.join(KIND_LABELS)})$")
    min_10k: int = Field(ge=0)
    max_10k: int = Field(ge=0)
    rate_note: str = ""
    stage: str = Field(default="any", pattern=r"^(0-1|1-100|any)$")
    segments: list[str] = Field(default_factory=list)
    min_headcount: int = Field(default=0, ge=0)
    description: str = ""


class ProductRead(ProductImport):
    model_config = ConfigDict(from_attributes=True)

    id: int
    provider_name: str = ""


class ApplicationImport(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    product_id: int
    firm_org_id: int
    submitted_on: date
    status: str = Field(pattern=r"^(pending|approved|rejected)$")
    amount_10k: int = Field(ge=0)
    consent_fields: list[str] = Field(default_factory=list)


class StatusCount(BaseModel):
    status: str
    count: int
