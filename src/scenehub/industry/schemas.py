"""What the industry domain's labelling takes in and gives back (pydantic, at the boundary)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from scenehub.industry.taxonomy import known_codes


class SegmentRead(BaseModel):
    code: str
    score: float
    kind: str  # primary, secondary or candidate (classify.PRIMARY …)


class ReviewItem(BaseModel):
    """A firm as the review queue shows it: what the classifier read and what it said."""

    firm_id: str
    name: str
    district_code: str | None
    confidence: float
    segments: list[SegmentRead]
    texts: dict[str, str]  # name / scope / capability / department / patents → the text
    labelled: bool = False


class LabelCreate(BaseModel):
    """An operator's confirmation or correction of a firm's chain segments."""

    primary: str = Field(min_length=1, max_length=40)
    secondary: list[str] = Field(default_factory=list, max_length=3)
    note: str = Field(default="", max_length=500)

    @field_validator("primary")
    @classmethod
    def _known_primary(cls, value: str) -> str:
        return known_codes([value])[0]

    @field_validator("secondary")
    @classmethod
    def _known_secondary(cls, value: list[str]) -> list[str]:
        return known_codes(value)


class LabelRead(BaseModel):
    id: int
    firm_id: str
    firm_name: str
    primary: str
    secondary: list[str]
    predicted: str
    confidence: float | None
    note: str
    labelled_by: int | None
    created_at: datetime

    model_config = {"from_attributes": True}
