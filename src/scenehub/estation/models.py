"""Financing products of banks, guarantee agencies and funds, and firms' applications."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base


class FinancingProduct(Base):
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
    stage: Mapped[str] = mapped_column(String(10), default="any")
    segments: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_headcount: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")


class FinancingApplication(Base):
    """A firm's application, with the data fields it consented to share with the provider."""

    __tablename__ = "financing_applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("financing_products.id"), index=True)
    firm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)  # pending, approved, rejected
    amount_10k: Mapped[int] = mapped_column(Integer)
    consent_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
