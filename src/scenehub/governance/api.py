"""JSON routes of governance: the audit trail, its verification, checkpoints and proofs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.governance import service
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import (
    AuditEntryRead,
    ChainReportRead,
    CheckpointRead,
    ConsistencyProofRead,
    InclusionProofRead,
    PublicKeyRead,
)
from scenehub.web.deps import (
    IdPath,
    OptionalSeqQuery,
    PublicActor,
    SessionDep,
    SettingsDep,
    require,
)

router = APIRouter(prefix="/audit", tags=["governance"])
StaffActor = Annotated[Actor, require("audit.read_all")]
TreeSize = Annotated[int, Query(ge=0, le=2**53)]


@router.get("")
def list_audit_entries(
    actor: StaffActor,
    session: SessionDep,
    action: str | None = None,
    before_seq: OptionalSeqQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntryRead]:
    return service.list_entries(session, actor, action=action, before_seq=before_seq, limit=limit)


@router.get("/mine")
def list_audit_entries_about_my_org(
    actor: Annotated[Actor, require("audit.read_own_org")],
    session: SessionDep,
    action: str | None = None,
    before_seq: OptionalSeqQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntryRead]:
    """Who read or changed your organisation's data and accounts."""
    return service.list_entries_about_my_org(
        session, actor, action=action, before_seq=before_seq, limit=limit
    )


@router.get("/verify")
def verify_audit_chain(
    actor: StaffActor, session: SessionDep, settings: SettingsDep
) -> ChainReportRead:
    """The chain's checks and every signed checkpoint against the recomputed tree."""
    return service.verify_trail(session, actor, settings)


@router.get("/checkpoints")
def list_audit_checkpoints(
    actor: StaffActor, session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[CheckpointRead]:
    return service.list_checkpoints(session, actor, limit)


@router.get("/public-key")
def audit_public_key(actor: PublicActor, settings: SettingsDep) -> PublicKeyRead:
    """The Ed25519 key that verifies the checkpoints (for witnesses)."""
    return service.public_key(actor, settings)


@router.get("/proof")
def audit_inclusion_proof(
    actor: StaffActor, session: SessionDep, index: TreeSize, size: TreeSize | None = None
) -> InclusionProofRead:
    """RFC 6962 inclusion proof of the ``index``-th entry (from 0) in the tree of ``size``."""
    return service.inclusion_proof(session, actor, index, size)


@router.get("/consistency")
def audit_consistency_proof(
    actor: StaffActor, session: SessionDep, first: TreeSize, second: TreeSize | None = None
) -> ConsistencyProofRead:
    """RFC 6962 consistency proof between the trees of ``first`` and ``second`` entries."""
    return service.consistency_proof(session, actor, first, second)


@router.get("/entries/{seq}/proof")
def prove_audit_entry(
    seq: IdPath,
    actor: Annotated[Actor, require("audit.read_own_org")],
    session: SessionDep,
) -> InclusionProofRead:
    """The proof of one entry about your organisation (staff: any entry)."""
    return service.prove_entry(session, actor, seq)
