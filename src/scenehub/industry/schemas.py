"""What the industry domain takes in and gives back (pydantic, at the boundary): labels, and
the map's figures as the API hands them out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from scenehub.fields import SegmentCode
from scenehub.industry.taxonomy import known_codes
from scenehub.scenes.schemas import SegmentDemand


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

    primary: SegmentCode
    secondary: list[SegmentCode] = Field(default_factory=list, max_length=3)
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


class ReviewFirmRead(BaseModel):
    """One firm of the review queue with the labels it has had (latest first)."""

    item: ReviewItem
    labels: list[LabelRead]


# --- the map, as the API hands it out (the same suppressed figures as the pages) ------------

MapView = Literal["districts", "segments", "cohorts", "cells"]


class MapCellRead(BaseModel):
    """One cell or margin of a map table. ``row``/``column`` null: the total over them."""

    row: str | None
    column: str | None
    values: dict[str, float | None] = Field(
        description="measure → figure; null: hidden by disclosure control"
    )
    hidden_reasons: dict[str, str] = Field(
        default_factory=dict,
        description="centre staff only: measure → why the figure is hidden from others "
        "(primary_count, primary_dominance, secondary)",
    )


class MapTableRead(BaseModel):
    """A table of AI firms as this reader may see it (docs/industry-map.md)."""

    view: MapView
    dimensions: tuple[str, str]  # e.g. ("district", "layer")
    rows: list[str]
    columns: list[str]
    measures: list[str]  # firms, then headcount, patents, registered_capital
    unsuppressed: bool  # true: the centre's staff view; every figure is shown
    cells: list[MapCellRead]


class UnclassifiedRead(BaseModel):
    firms: int | None  # null: fewer than 10, hidden from the public
    min_confidence: float


class BenchmarkCity(BaseModel):
    name: str
    name_en: str | None = None
    source: str | None = None
    figures: dict[str, float]


class BenchmarksRead(BaseModel):
    year: int | None
    illustrative: bool  # true: placeholders of a plausible order, not published statistics
    local: dict[str, float | None]  # this map's figures for the same measures (null: hidden)
    cities: list[BenchmarkCity]


class MapOverviewRead(BaseModel):
    """What the map page shows besides its tables."""

    views: list[MapView]  # the tables this reader may read under /industry/map/{view}
    unclassified: UnclassifiedRead
    benchmarks: BenchmarksRead


class ChainNodeRead(BaseModel):
    code: str
    layer: str
    name_zh: str
    name_en: str
    firms: int | None  # local AI firms; null: hidden by disclosure control (never a gap)
    scenes: int  # visible scenes that want the segment
    downstream_firms: int  # visible local firms in the segments that depend on it
    gap: bool


class ChainLinkRead(BaseModel):
    source: str  # the upstream segment
    target: str  # a segment that depends on it


class ChainGraphRead(BaseModel):
    nodes: list[ChainNodeRead]
    links: list[ChainLinkRead]
    gaps: list[str]


class DemandSupplyRead(BaseModel):
    """One AI segment: the scenes asking for it and its local firms."""

    segment: str
    name_zh: str
    name_en: str
    demand: SegmentDemand | None  # null: no visible scene asks for it
    firms: int | None  # null: hidden by disclosure control
    index: float | None  # scenes per 10 local firms; null when either side is missing


class StageSizeRead(BaseModel):
    segment: str
    stage: str  # 0-1 or 1-100 (docs/industry-map.md)
    size_band: str  # micro, small, medium, large, unknown
    firms: int
    headcount: int


class DeepDiveRead(BaseModel):
    group: str
    title_zh: str
    title_en: str
    layer: str
    segments: list[DemandSupplyRead]
    stage_size: list[StageSizeRead] | None  # centre staff only (unsuppressed); else null
