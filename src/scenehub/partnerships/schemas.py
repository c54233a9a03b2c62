"""Boundary models of partnerships."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scenehub.fields import Day, Id, Measure, Name, RequestBody, Yuan

# The stages, in order (rules and labels: stages.py).
PartnershipStage = Literal[
    "agreed",
    "pilot",
    "demonstration",
    "scale",
    "catalogue_nominated",
    "catalogue_listed",
    "terminated",
]
STAGES: tuple[str, ...] = get_args(PartnershipStage)
ProcurementMethod = Literal[
    "public_tender",
    "invited_tender",
    "competitive_negotiation",
    "competitive_consultation",
    "single_source",
    "request_for_quotation",
    "framework_agreement",
]
PublishablePart = Literal["stage", "pilot", "milestones", "kpis", "evaluation", "contract"]
DatasetName = Annotated[str, Field(min_length=1, max_length=200)]


class KpiImport(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=40)
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    higher_is_better: bool = True


class MilestoneImport(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    due_on: date
    completed_on: date | None = None


class PilotImport(BaseModel):
    scope: str = ""
    site: str = Field(default="", max_length=300)
    starts_on: date
    ends_on: date
    data_granted: list[str] = Field(default_factory=list)
    milestones: list[MilestoneImport] = Field(default_factory=list)


class PartnershipImport(BaseModel):
    """A partnership of the city's history (the demo's import)."""

    code: str = Field(min_length=1, max_length=20)
    scene_id: int
    firm_org_id: int
    stage: PartnershipStage
    terminated_reason: str = ""
    started_on: date
    pilot: PilotImport | None = None
    kpis: list[KpiImport] = Field(default_factory=list)
    evaluation_score: float | None = Field(
        default=None, ge=0, le=100, description="A 0–100 score, kept as one 'overall' criterion."
    )


class PartnershipListItem(BaseModel):
    """A partnership as the centre's list shows it: its scene and firm by name."""

    id: int
    code: str
    scene_id: int
    scene_code: str
    scene_title: str
    firm_org_id: int
    firm_name: str
    stage: PartnershipStage
    started_on: date
    grade: str | None = Field(default=None, description="The evaluation's grade A–D, if any.")


class StageCount(BaseModel):
    stage: PartnershipStage
    count: int


class StageMove(RequestBody):
    to: PartnershipStage = Field(description="The stage to move to.")
    reason: str = Field(default="", max_length=2000, description="Why; required when terminating.")


class FollowUpOpen(RequestBody):
    """A salon follow-up that becomes a partnership."""

    scene_id: Id = Field(description="The scene the firm met its department about.")
    firm_org_id: Id = Field(description="The firm's organisation.")
    note: str = Field(default="", max_length=2000, description="What was agreed at the salon.")


class PilotSet(RequestBody):
    scope: Name = Field(max_length=4000, description="What the pilot covers.")
    site: Name = Field(max_length=300, description="Where it runs.")
    starts_on: Day = Field(description="First day of the pilot.")
    ends_on: Day = Field(description="Last day of the pilot (not before the first).")
    data_granted: list[DatasetName] = Field(
        default_factory=list, max_length=50, description="Names of datasets granted for it."
    )

    @field_validator("data_granted", mode="before")
    @classmethod
    def _one_per_line(cls, value: object) -> object:
        """A form's text area holds one name a line (or separated by commas)."""
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            names = (n.strip() for v in value for n in re.split(r"[\n,，、;；]", v))
            return [n for n in names if n]
        return value


class MilestoneCreate(RequestBody):
    title: Name = Field(max_length=300, description="What is to be done.")
    due_on: Day = Field(description="When it is due.")


class MilestoneComplete(RequestBody):
    completed_on: Day = Field(description="The day it was completed.")


class KpiCreate(RequestBody):
    name: Name = Field(max_length=200, description="What is measured.")
    unit: str = Field(default="", max_length=40, description="Its unit (%, 分钟, 件 …).")
    baseline: Measure | None = Field(default=None, description="The value before the pilot.")
    target: Measure | None = Field(default=None, description="The value the pilot aims for.")
    higher_is_better: bool = Field(default=True, description="Whether more is better.")


class KpiActual(RequestBody):
    actual: Measure = Field(description="The value measured in the pilot.")


class EvaluationSet(RequestBody):
    rubric: dict[str, Annotated[int, Field(ge=1, le=5)]] = Field(
        description="Criterion → score 1–5, every criterion of the rubric (stages.RUBRIC)."
    )
    comment: str = Field(default="", max_length=4000, description="The department's words.")


class EvaluationForm(RequestBody):
    """The evaluation as the page's form sends it: one field per rubric criterion."""

    effectiveness: int = Field(ge=1, le=5)
    reliability: int = Field(ge=1, le=5)
    compliance: int = Field(ge=1, le=5)
    cost: int = Field(ge=1, le=5)
    users: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=4000)

    def to_body(self) -> EvaluationSet:
        return EvaluationSet(rubric=self.model_dump(exclude={"comment"}), comment=self.comment)


class ContractSet(RequestBody):
    method: ProcurementMethod = Field(description="How the department procured.")
    value_fen: int = Field(
        ge=0, le=10**15, description="Contract value in fen (1/100 yuan): exact, no rounding."
    )
    signed_on: Day = Field(description="The day it was signed.")


class ContractForm(RequestBody):
    """The contract as the page's form sends it: the value in yuan with two decimals."""

    method: ProcurementMethod
    value_yuan: Yuan = Field(ge=0, max_digits=15, decimal_places=2)
    signed_on: Day

    def to_body(self) -> ContractSet:
        return ContractSet(
            method=self.method, value_fen=int(self.value_yuan * 100), signed_on=self.signed_on
        )


class PublicationSet(RequestBody):
    parts: list[PublishablePart] = Field(
        default_factory=list, description="The parts the department agrees to publish."
    )


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_stage: str
    to_stage: str
    reason: str
    user_id: int | None
    at: datetime


class PilotRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    scope: str
    site: str
    starts_on: date
    ends_on: date
    data_granted: list[str]


class MilestoneRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    due_on: date
    completed_on: date | None


class KpiRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    unit: str
    baseline: float | None
    target: float | None
    actual: float | None
    higher_is_better: bool
    met: bool | None = Field(default=None, description="Actual reaches target; None if unknown.")


class EvaluationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rubric: dict[str, int]
    grade: str = Field(description="A–D, computed from the rubric's mean score.")
    comment: str
    user_id: int | None
    at: datetime


class ContractRead(BaseModel):
    method: ProcurementMethod
    value_fen: int = Field(description="Value in fen (1/100 yuan), exact.")
    value_yuan: Decimal = Field(description="The same value in yuan.")
    signed_on: date


class PartnershipRead(BaseModel):
    """A partnership in full: stage and history, pilot, milestones, KPIs, evaluation,
    contract, and what its department agreed to publish."""

    id: int
    code: str
    scene_id: int
    scene_code: str
    scene_title: str
    department_org_id: int
    firm_org_id: int
    firm_name: str
    stage: PartnershipStage
    terminated_reason: str
    started_on: date
    origin: str
    note: str
    published_parts: list[PublishablePart]
    compliance_passed: list[str] = Field(default_factory=list)
    sites_beyond_pilot: int = 0
    history: list[EventRead]
    pilot: PilotRead | None
    milestones: list[MilestoneRead]
    kpis: list[KpiRead]
    evaluation: EvaluationRead | None
    contract: ContractRead | None


class PublicProgress(BaseModel):
    """What the public progress page shows: only the parts the department published."""

    code: str
    scene_code: str
    scene_title: str
    firm_name: str
    published_parts: list[PublishablePart]
    stage: PartnershipStage | None = None
    pilot: PilotRead | None = None
    milestones: list[MilestoneRead] = Field(default_factory=list)
    kpis: list[KpiRead] = Field(default_factory=list)
    evaluation: EvaluationRead | None = None
    contract: ContractRead | None = None


# --- the national scene catalogue ------------------------------------------------------------

CheckName = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9_]+$")]


class CatalogueEvidenceSet(RequestBody):
    """What the department or the centre records for the catalogue."""

    compliance_passed: list[CheckName] = Field(
        default_factory=list,
        max_length=20,
        description="The compliance checks passed, by name (e.g. data_security_review).",
    )
    sites_beyond_pilot: int = Field(
        default=0, ge=0, le=100_000, description="Sites running the solution beyond the pilot's."
    )


class GapRead(BaseModel):
    criterion: str
    message: str = Field(description="What evidence is missing, in the reader's language.")


class ReadinessRead(BaseModel):
    code: str
    score: float = Field(description="0–100, the weighted share of the criteria met.")
    pass_mark: float
    ready: bool = Field(description="Every required criterion met and the pass mark reached.")
    met: list[str]
    gaps: list[GapRead]
    compliance_passed: list[str]
    compliance_checks: list[str] = Field(description="The checks the city's criteria ask for.")
    sites_beyond_pilot: int


class CatalogueItem(BaseModel):
    code: str
    scene_code: str
    scene_title: str
    firm_name: str
    department_name: str
    stage: PartnershipStage
    score: float
    ready: bool


class PublicCatalogueItem(BaseModel):
    code: str
    scene_code: str
    scene_title: str
    firm_name: str
    department_name: str


# --- attachments -----------------------------------------------------------------------------

AttachmentKind = Literal["jpeg", "png", "pdf", "docx", "xlsx"]  # attachment_kinds.KINDS


class AttachmentRead(BaseModel):
    id: int
    file_name: str
    caption: str
    kind: AttachmentKind
    media_type: str = Field(description="From the file's content, not the uploader's header.")
    size_bytes: int
    sha256: str
    uploaded_by_user_id: int | None
    uploaded_by_org_id: int | None
    uploaded_by_org_name: str
    uploaded_at: datetime
