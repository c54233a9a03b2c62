"""Boundary models of the integration domain (read from the warehouse)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


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


class LinkedRecord(BaseModel):
    source: str
    department: str
    record_id: str
    name: str | None
    address: str | None
    how: str


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


class GoldenEntry(BaseModel):
    """What the capability registry takes from a golden record."""

    firm_id: str
    uscc: str | None
    name: str
    district_code: str | None
    business_scope: str
