"""A firm's exit, the E-Station's part: its financing applications with their
conversation, its service requests and its scene credit (history: the providers decided
on them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from scenehub.estation.models import (
    ApplicationMessage,
    FinancingApplication,
    FinancingProduct,
    SceneCredit,
    ServiceRequest,
)

Row = dict[str, Any]


def export_for_org(session: Session, org_id: int, firm_id: int | None) -> dict[str, list[Row]]:
    return {
        "applications": _applications(session, org_id),
        "service_requests": [
            {
                "code": r.code,
                "kind": r.kind,
                "status": r.status,
                "purpose": r.purpose,
                "requested_on": r.requested_on,
                "hours_approved": r.hours_approved,
                "reason": r.reason,
            }
            for r in session.scalars(
                select(ServiceRequest)
                .where(ServiceRequest.firm_org_id == org_id)
                .order_by(ServiceRequest.code)
            )
        ],
        "scene_credits": [
            {
                "trigger": c.trigger,
                "reference": c.reference,
                "scene_code": c.scene_code,
                "changed": c.changed,
                "at": c.at,
                "unlocked": c.unlocked,
            }
            for c in session.scalars(
                select(SceneCredit)
                .where(SceneCredit.firm_id == firm_id)
                .order_by(SceneCredit.at, SceneCredit.id)
            )
        ]
        if firm_id is not None
        else [],
    }


def _applications(session: Session, org_id: int) -> list[Row]:
    rows = session.execute(
        select(FinancingApplication, FinancingProduct.code)
        .join(FinancingProduct, FinancingProduct.id == FinancingApplication.product_id)
        .where(FinancingApplication.firm_org_id == org_id)
        .order_by(FinancingApplication.code)
    ).all()
    messages: dict[int, list[Row]] = {a.id: [] for a, _ in rows}
    for m in session.scalars(
        select(ApplicationMessage)
        .where(ApplicationMessage.application_id.in_(messages))
        .order_by(ApplicationMessage.at, ApplicationMessage.id)
    ):
        messages[m.application_id].append(
            {"step": m.step, "side": m.side, "body": m.body, "at": m.at.isoformat()}
        )
    return [
        {
            "code": a.code,
            "product": product,
            "submitted_on": a.submitted_on,
            "status": a.status,
            "amount_10k": a.amount_10k,
            "granted_10k": a.granted_10k,
            "consent_fields": a.consent_fields,
            "decision_reason": a.decision_reason,
            "messages": messages[a.id],
        }
        for a, product in rows
    ]


def close_for_org(session: Session, org_id: int, now: datetime) -> dict[str, int]:
    """Withdraw the firm's consents to share its data with providers, and drop the names
    of its people from its applications' conversations; the applications stay (the
    providers' records of their decisions)."""
    ids = list(
        session.scalars(
            select(FinancingApplication.id).where(FinancingApplication.firm_org_id == org_id)
        )
    )
    session.execute(
        update(FinancingApplication)
        .where(
            FinancingApplication.id.in_(ids), FinancingApplication.consent_withdrawn_at.is_(None)
        )
        .values(consent_withdrawn_at=now)
    )
    session.execute(
        update(ApplicationMessage)
        .where(ApplicationMessage.application_id.in_(ids), ApplicationMessage.side == "firm")
        .values(author="")
    )
    session.flush()
    return {"consents_withdrawn": len(ids)}
