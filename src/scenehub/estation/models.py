"""E-Station products of banks, guarantee agencies, funds and the centre, their versions,
and firms' applications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


class FinancingProduct(Base):
    """A product as its provider keeps it; ``rules`` is the declarative RULE (rules.py)."""

    __tablename__ = "financing_products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    provider_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # a code of estation.kinds.KIND_LABELS (loan, guarantee, subsidy, interest_subsidy, …)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    min_10k: Mapped[int] = mapped_column(Integer)
    max_10k: Mapped[int] = mapped_column(Integer)
    rate_note: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    term_months: Mapped[int | None] = mapped_column(Integer)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    # named fields of estation.kinds.DATA_FIELDS the provider receives with an application
    data_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    # a suspension by the centre is lifted only by the centre (estation/lifecycle.py)
    suspended_by_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ProductVersion(Base):
    """The terms and rules of a published product as one save left them."""

    __tablename__ = "financing_product_versions"
    __table_args__ = (UniqueConstraint("product_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("financing_products.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class FinancingApplication(Base):
    """A firm's application, with the data fields it consented to share with the provider."""

    __tablename__ = "financing_applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("financing_products.id"), index=True)
    firm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    # application_lifecycle.STATUS_LABELS: pending, information_requested, approved, rejected
    status: Mapped[str] = mapped_column(String(30), index=True)
    amount_10k: Mapped[int] = mapped_column(Integer)  # what the firm applied for
    consent_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The consent: when it was given (the demo's imported ones: their submission day), to
    # which version of the product's terms, and when the firm withdrew it.
    consented_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    product_version: Mapped[int | None] = mapped_column(Integer)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    applicant_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    granted_10k: Mapped[int | None] = mapped_column(Integer)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ApplicationMessage(Base):
    """A step of an application's conversation: the provider's request for information,
    the firm's answer, a decision's reason."""

    __tablename__ = "financing_application_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("financing_applications.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))  # application_lifecycle.STEPS, or "submit"
    side: Mapped[str] = mapped_column(String(10))  # firm or provider
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(String(64), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SceneCredit(Base):
    """A scene won or a pilot completed, as the E-Station heard of it, and the products it
    unlocked for the firm (worked out the first time the firm's eligibility is read after
    it, with the firm's facts then: credit_service.py)."""

    __tablename__ = "estation_scene_credits"
    __table_args__ = (UniqueConstraint("firm_id", "trigger", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(20))  # scene_won, pilot_completed
    # the proposal's id (scene_won) or the partnership's code (pilot_completed)
    reference: Mapped[str] = mapped_column(String(40))
    scene_code: Mapped[str] = mapped_column(String(40), default="")
    # the platform facts the event changed: {field: [before, after]}
    changed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # [{code, name, kind, conditions: [{rule, field}]}], once resolved
    unlocked: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ServiceRequest(Base):
    """A firm's request for a service: compute hours, access to a dataset, or a consulting
    slot; ``period`` is the key of the quota period it counts against (estation/services.py).

    A booked slot holds ``(expert_key, held_at)``, unique, so that no two bookings share an
    expert's slot; a cancelled booking lets go of it (``held_at`` NULL) and keeps
    ``starts_at``."""

    __tablename__ = "service_requests"
    __table_args__ = (UniqueConstraint("expert_key", "held_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # compute, data, consulting
    firm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    period: Mapped[str] = mapped_column(String(10), index=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    scene_id: Mapped[int | None] = mapped_column(ForeignKey("scenes.id"))
    requested_on: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hours_requested: Mapped[int | None] = mapped_column(Integer)
    hours_approved: Mapped[int | None] = mapped_column(Integer)
    dataset: Mapped[str | None] = mapped_column(String(64))
    expires_on: Mapped[date | None] = mapped_column(Date)
    expert_key: Mapped[str | None] = mapped_column(String(64))
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    held_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ComputeUsage(Base):
    """GPU hours used against an approved compute request, as its recorder entered them."""

    __tablename__ = "service_compute_usage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_requests.id"), index=True)
    hours: Mapped[int] = mapped_column(Integer)
    used_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorder: Mapped[str] = mapped_column(String(64), default="")  # the username, as it was
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
