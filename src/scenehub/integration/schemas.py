"""Boundary models of the integration domain (read from the warehouse)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator


class SourceRead(BaseModel):
    source: str
    department: str
    title: str | None
    grade: str
    personal: list[str]
    current_run: int | None
    rows: int
    rejects: int
    last_run_at: datetime | None
    encoding: str | None = None
    # Each mapped field's grade (its own or the dataset's) and the highest of them
    # (governance/grading.py); a warehouse ingested before field grades: empty, the declared.
    field_grades: dict[str, str] = {}
    effective_grade: str = "general"


class DatasetEntry(BaseModel):
    """A dataset a department holds, as a firm may name it (no figures, no rows)."""

    source: str
    department: str
    title: str
    grade: str


class IngestRunRead(BaseModel):
    """One ingest of a source's file: what was read and what came of it."""

    run_id: int
    source: str
    file_name: str  # the file's name (not the server's path to it)
    file_sha256: str
    spec_sha256: str
    encoding: str | None
    started_at: datetime
    finished_at: datetime | None  # null: still running, or it failed
    rows: int | None
    rejects: int | None
    current: bool  # the run whose records resolution reads


class RejectRead(BaseModel):
    row_number: int
    record_id: str | None
    reason: str
    raw: str


class GoldenField(BaseModel):
    field: str
    value: str | None
    source: str
    record_id: str
    # Inherited from the sources linked to the firm (the highest grade of its inputs).
    grade: str = "general"
    personal: bool = False
    # Not shown to this reader: the field needs a grant it does not hold (value is None).
    masked: bool = False


class LinkedRecord(BaseModel):
    source: str
    department: str
    record_id: str
    name: str | None
    address: str | None
    how: str
    confirmed_by: str | None = None  # a person confirmed the link (clerical review)
    confirmed_at: datetime | None = None


class FirmSummary(BaseModel):
    firm_id: str
    uscc: str | None
    name: str | None
    district_code: str | None
    records: int
    sources: int


class FirmRead(FirmSummary):
    fields: list[GoldenField]
    linked: list[LinkedRecord]
    # What the read gate decided (governance/reads.py): the purpose the read is logged
    # under, the grant it read under, and the fields it did not show.
    purpose: str = ""
    grant: int | None = None
    masked: list[str] = []


class GoldenEntry(BaseModel):
    """What the capability registry takes from a golden record."""

    firm_id: str
    uscc: str | None
    name: str
    district_code: str | None
    business_scope: str


# --- clerical review ------------------------------------------------------------------------


class ReviewRecord(BaseModel):
    """One record of a pair, standardised and as written, with the firm it is in now."""

    unique_id: str
    source: str
    department: str
    record_id: str
    firm_id: str | None
    name_raw: str | None
    name_core: str | None
    branch: str | None
    region: str | None
    uscc: str | None
    uscc_raw: str | None
    code_firm: str | None  # the firm its code links it to, if any
    address: str | None
    district_code: str | None
    legal_rep: str | None
    phone: str | None
    established: str | None

    model_config = {"from_attributes": True}


class RecordBrief(BaseModel):
    """A record as the queue lists it (no personal fields)."""

    unique_id: str
    source: str
    department: str
    name_raw: str | None
    uscc: str | None
    code_firm: str | None
    firm_id: str | None

    model_config = {"from_attributes": True}


class FieldAgreementRead(BaseModel):
    field: str
    left: str | None
    right: str | None
    agreement: str  # same, close, differs, missing (evidence.AGREEMENT_LABELS)

    model_config = {"from_attributes": True}


class LinkDecisionCreate(BaseModel):
    """An operator's decision on a pair: the same firm (``match``) or not (``split``)."""

    unique_id_l: str = Field(min_length=3, max_length=300)
    unique_id_r: str = Field(min_length=3, max_length=300)
    decision: Literal["match", "split"]
    note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _two_records(self) -> LinkDecisionCreate:
        if self.unique_id_l == self.unique_id_r:
            raise ValueError("a decision needs two different records")
        return self


class LinkDecisionRead(BaseModel):
    decision_id: int
    unique_id_l: str
    unique_id_r: str
    decision: str
    match_probability: float | None
    decided_by: str
    decided_at: datetime
    note: str

    model_config = {"from_attributes": True}


class PairSummary(BaseModel):
    """A pair waiting in the queue: who, how sure the model is, which fields agree."""

    unique_id_l: str
    unique_id_r: str
    match_probability: float
    same_firm: bool
    left: RecordBrief
    right: RecordBrief
    agreements: dict[str, str]  # field → same / close / differs / missing


class PairRead(BaseModel):
    """A pair side by side with the evidence, the decisions on it, and what is refused."""

    unique_id_l: str
    unique_id_r: str
    match_probability: float | None  # None: the last run did not score it (or it was split)
    same_firm: bool
    left: ReviewRecord
    right: ReviewRecord
    evidence: list[FieldAgreementRead]
    decisions: list[LinkDecisionRead]  # latest (the one that counts) first
    refused: dict[str, str]  # decision → why it could not take effect


class LinkReviewPage(BaseModel):
    total: int  # undecided pairs in the band
    threshold: float
    lower: float
    upper: float
    items: list[PairSummary]
