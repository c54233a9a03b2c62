"""A firm's exit, the capability registry's part: its firm record, claims and
capabilities (called by governance/export_service.py and closure_service.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scenehub.db import rows_deleted
from scenehub.errors import Conflict
from scenehub.firms.models import Capability, Firm, FirmClaim
from scenehub.i18n import N_

Row = dict[str, Any]
FIRM_FIELDS = (
    "uscc",
    "golden_id",
    "name",
    "name_en",
    "district_code",
    "business_scope",
    "profile",
    "stage",
    "segments",
)
CAPABILITY_FIELDS = (
    "code",
    "title",
    "description",
    "segments",
    "trl",
    "reference_cases",
    "certifications",
    "status",
)


def firm_id_of_org(session: Session, org_id: int) -> int | None:
    return session.scalar(select(Firm.id).where(Firm.org_id == org_id))


def export_for_org(session: Session, org_id: int) -> dict[str, list[Row]]:
    """The firm record the organisation maintains, its claims and its capabilities."""
    firm = session.scalar(select(Firm).where(Firm.org_id == org_id))
    claims = session.execute(
        select(FirmClaim, Firm.uscc)
        .join(Firm, Firm.id == FirmClaim.firm_id)
        .where(FirmClaim.org_id == org_id)
        .order_by(FirmClaim.created_at, FirmClaim.id)
    ).all()
    capabilities = (
        session.scalars(
            select(Capability).where(Capability.firm_id == firm.id).order_by(Capability.code)
        ).all()
        if firm
        else []
    )
    return {
        "firm": [{f: getattr(firm, f) for f in FIRM_FIELDS}] if firm else [],
        "claims": [
            {
                "uscc": uscc,
                "evidence": c.evidence,
                "status": c.status,
                "reason": c.reason,
                "created_at": c.created_at,
                "decided_at": c.decided_at,
            }
            for c, uscc in claims
        ],
        "capabilities": [{f: getattr(c, f) for f in CAPABILITY_FIELDS} for c in capabilities],
    }


def import_for_org(
    session: Session, org_id: int, firm_rows: list[Row], capability_rows: list[Row]
) -> dict[str, int]:
    """Link the organisation to its firm record (the target's own, found by USCC, keeps
    its registry fields and takes the firm's profile; else the archive's record, not
    vetted) and restore its capabilities: a published one comes back submitted (the target
    centre publishes its own list), one whose code is taken here gets a new code."""
    if not firm_rows:
        return {"firm": 0, "capabilities": 0}
    row = firm_rows[0]
    firm = session.scalar(select(Firm).where(Firm.uscc == row["uscc"]))
    if firm is not None and firm.org_id not in (None, org_id):
        raise Conflict(
            N_("firm %(uscc)s is maintained by another organisation here"),
            params={"uscc": row["uscc"]},
        )
    if firm is None:
        firm = Firm(**{f: row.get(f) for f in FIRM_FIELDS}, vetted=False)
        session.add(firm)
    firm.org_id = org_id
    firm.profile = str(row.get("profile") or "")
    session.flush()
    for cap in capability_rows:
        fields = {f: cap.get(f) for f in CAPABILITY_FIELDS if f not in ("code", "status")}
        fields["status"] = "submitted" if cap.get("status") == "published" else cap["status"]
        code = str(cap["code"])
        taken = session.scalar(select(Capability.id).where(Capability.code == code))
        created = Capability(**fields, code=f"tmp-{code}" if taken else code, firm_id=firm.id)
        session.add(created)
        session.flush()
        if taken:
            created.code = f"C{created.id:06d}"
    session.flush()
    return {"firm": 1, "capabilities": len(capability_rows)}


def close_for_org(session: Session, org_id: int) -> dict[str, int]:
    """Delete the firm's capabilities and claims and its own profile text; the firm record
    (the centre's, from the departments' data) stays, no longer maintained by anyone."""
    firm = session.scalar(select(Firm).where(Firm.org_id == org_id))
    removed = 0
    if firm is not None:
        removed = rows_deleted(session, delete(Capability).where(Capability.firm_id == firm.id))
        firm.profile, firm.org_id = "", None
    claims = rows_deleted(session, delete(FirmClaim).where(FirmClaim.org_id == org_id))
    session.flush()
    return {"capabilities_deleted": removed, "claims_deleted": claims}
