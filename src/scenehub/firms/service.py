"""Use cases of the capability registry: firms, claims, capabilities, capability lists.

A firm organisation claims its record by 统一社会信用代码; an operator approves the claim
after checking the evidence (the organisation's own registered code matching is shown as a
hint, not taken as proof). Only then may it maintain the record and its capabilities.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.batches import ensure_batch, next_batch
from scenehub.db import today as local_today
from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound
from scenehub.fields import is_visible
from scenehub.firms.models import Capability, CapabilityBatch, Firm, FirmClaim
from scenehub.firms.schemas import (
    CapabilityBatchPublish,
    CapabilityBatchRead,
    CapabilityImport,
    CapabilityRead,
    CapabilityWrite,
    ClaimCreate,
    ClaimDecision,
    ClaimRead,
    DeclaredSegments,
    FirmImport,
    FirmProfileUpdate,
    FirmRead,
    MatchProfile,
    RegistryKeys,
)
from scenehub.governance import audit, purposes
from scenehub.governance.authz import authorize, authorize_or_hide
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.notifications import service as notifications
from scenehub.partnerships import service as partnership_service


class InvalidState(Conflict):
    code = "invalid_state"


def import_firm(session: Session, actor: Actor, body: FirmImport) -> FirmRead:
    """Add a firm from the golden records; a known code (or golden id) updates its facts."""
    authorize(actor, "firms.sync")
    firm = None
    if body.uscc:
        firm = session.scalar(select(Firm).where(Firm.uscc == body.uscc))
    elif body.golden_id:
        firm = session.scalar(select(Firm).where(Firm.golden_id == body.golden_id))
    if firm is None:
        firm = Firm(**body.model_dump())
        session.add(firm)
    else:  # the registry keeps what the firm wrote itself (profile, stage)
        for key in ("golden_id", "name", "district_code", "business_scope", "segments"):
            value = getattr(body, key)
            if value:
                setattr(firm, key, value)
    session.flush()
    return FirmRead.model_validate(firm)


def sync_from_golden(session: Session, actor: Actor, entries: list[FirmImport]) -> int:
    """Bring the registry up to date with the golden records (one audit entry for the run);
    returns how many firms are new. A firm's own words (profile, stage) are kept."""
    authorize(actor, "firms.sync")
    by_code = {f.uscc: f for f in session.scalars(select(Firm).where(Firm.uscc.is_not(None)))}
    by_golden = {
        f.golden_id: f for f in session.scalars(select(Firm).where(Firm.golden_id.is_not(None)))
    }
    new = 0
    for entry in entries:
        firm = by_code.get(entry.uscc) if entry.uscc else by_golden.get(entry.golden_id)
        if firm is None:
            session.add(Firm(**entry.model_dump()))
            new += 1
            continue
        firm.golden_id, firm.name = entry.golden_id, entry.name
        firm.district_code = entry.district_code or firm.district_code
        firm.business_scope = entry.business_scope or firm.business_scope
    session.flush()
    audit.record(
        session,
        actor,
        "firms.sync",
        resource_type="registry",
        purpose=purposes.DATA_INTEGRATION,
        details={"firms": len(entries), "new": new},
    )
    return new


def link_org(session: Session, actor: Actor, firm_id: int, org_id: int) -> None:
    """Record that ``org_id`` maintains the firm (a claim settled outside the platform)."""
    authorize(actor, "firms.decide_claims")
    firm = _firm(session, firm_id)
    if firm.org_id is None:
        firm.org_id = org_id
        session.flush()
        audit.record(
            session,
            actor,
            "firms.link_org",
            resource_type="firm",
            resource_id=firm.id,
            subject_org_id=org_id,
        )


def _firm(session: Session, firm_id: int) -> Firm:
    firm = session.get(Firm, firm_id)
    if firm is None:
        raise NotFound(N_("firm %(id)s not found"), params={"id": firm_id})
    return firm


def firm_of_org(session: Session, org_id: int | None) -> FirmRead | None:
    if org_id is None:
        return None
    firm = session.scalar(select(Firm).where(Firm.org_id == org_id))
    return FirmRead.model_validate(firm) if firm else None


def org_is_vetted(session: Session, org_id: int | None) -> bool:
    firm = firm_of_org(session, org_id)
    return bool(firm and firm.vetted)


def my_firm(session: Session, actor: Actor) -> FirmRead | None:
    authorize(actor, "firms.home")
    return firm_of_org(session, actor.org_id)


def require_my_firm(session: Session, actor: Actor) -> FirmRead:
    firm = my_firm(session, actor)
    if firm is None:
        raise InvalidState(N_("claim your firm's record first; an operator approves it"))
    return firm


def get_firm(session: Session, actor: Actor, firm_id: int) -> FirmRead:
    firm = _firm(session, firm_id)
    authorize(actor, "firms.manage_capabilities", Resource("firm", str(firm.id), firm.org_id))
    return FirmRead.model_validate(firm)


def update_profile(session: Session, actor: Actor, body: FirmProfileUpdate) -> FirmRead:
    mine = require_my_firm(session, actor)
    firm = _firm(session, mine.id)
    firm.name_en, firm.profile, firm.stage = body.name_en, body.profile, body.stage
    session.flush()
    audit.record(session, actor, "firms.profile", resource_type="firm", resource_id=firm.id)
    return FirmRead.model_validate(firm)


def set_vetted(session: Session, actor: Actor, firm_id: int, vetted: bool) -> FirmRead:
    """The centre records the outcome of a firm's security vetting."""
    authorize(actor, "firms.vet")
    firm = _firm(session, firm_id)
    firm.vetted = vetted
    session.flush()
    audit.record(
        session,
        actor,
        "firms.vet",
        resource_type="firm",
        resource_id=firm.id,
        subject_org_id=firm.org_id,
        details={"vetted": vetted},
    )
    return FirmRead.model_validate(firm)


def search(session: Session, actor: Actor, text: str, limit: int = 30) -> list[FirmRead]:
    """Firms by code or name (the centre's registry view)."""
    authorize(actor, "firms.decide_claims")
    like = f"%{text.strip()}%"
    rows = session.scalars(
        select(Firm)
        .where((Firm.uscc == text.strip().upper()) | Firm.name.ilike(like))
        .order_by(Firm.name)
        .limit(limit)
    )
    return [FirmRead.model_validate(f) for f in rows]


# --- claims -----------------------------------------------------------------------------


def claim(session: Session, actor: Actor, body: ClaimCreate) -> ClaimRead:
    """Ask to maintain the firm with this code; a firm unknown to the registry is added
    (a new firm the departments' data has not seen yet)."""
    authorize(actor, "firms.claim")
    assert actor.org_id is not None  # a firm user belongs to a firm organisation
    if firm_of_org(session, actor.org_id) is not None:
        raise InvalidState(N_("your organisation already maintains a firm's record"))
    firm = session.scalar(select(Firm).where(Firm.uscc == body.uscc))
    if firm is None:
        org = auth_service.get_org(session, actor, actor.org_id)
        firm = Firm(uscc=body.uscc, name=org.name, name_en=org.name_en)
        session.add(firm)
        session.flush()
    if firm.org_id is not None:
        raise InvalidState(N_("this firm's record is maintained by another account"))
    pending = session.scalar(
        select(FirmClaim).where(FirmClaim.org_id == actor.org_id, FirmClaim.status == "pending")
    )
    if pending is not None:
        raise InvalidState(N_("your organisation has a claim waiting for review"))
    row = FirmClaim(firm_id=firm.id, org_id=actor.org_id, evidence=body.evidence)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "firms.claim",
        resource_type="firm",
        resource_id=firm.id,
        subject_org_id=actor.org_id,
        details={"uscc": body.uscc},
    )
    return _claim_read(session, row)


def _claim_read(session: Session, row: FirmClaim) -> ClaimRead:
    return _claim_reads(session, [row])[0]


def _claim_reads(session: Session, rows: list[FirmClaim]) -> list[ClaimRead]:
    """Claims with their firm and organisation (two queries for all of them)."""
    firms = {
        f.id: f for f in session.scalars(select(Firm).where(Firm.id.in_({r.firm_id for r in rows})))
    }
    orgs = auth_service.org_details(session, {r.org_id for r in rows})
    reads = []
    for row in rows:
        firm = firms[row.firm_id]
        name, org_uscc = orgs.get(row.org_id, ("", None))
        reads.append(
            ClaimRead.model_validate(row).model_copy(
                update={
                    "firm_name": firm.name,
                    "uscc": firm.uscc,
                    "org_name": name,
                    "org_uscc_matches": org_uscc is not None and org_uscc == firm.uscc,
                }
            )
        )
    return reads


def my_claims(session: Session, actor: Actor) -> list[ClaimRead]:
    authorize(actor, "firms.claim")
    rows = session.scalars(
        select(FirmClaim).where(FirmClaim.org_id == actor.org_id).order_by(FirmClaim.id.desc())
    )
    return _claim_reads(session, list(rows))


def pending_claims(session: Session, actor: Actor) -> list[ClaimRead]:
    authorize(actor, "firms.decide_claims")
    rows = session.scalars(
        select(FirmClaim).where(FirmClaim.status == "pending").order_by(FirmClaim.id)
    )
    return _claim_reads(session, list(rows))


def decide_claim(session: Session, actor: Actor, claim_id: int, body: ClaimDecision) -> ClaimRead:
    authorize(actor, "firms.decide_claims")
    row = session.get(FirmClaim, claim_id)
    if row is None:
        raise NotFound(N_("claim %(id)s not found"), params={"id": claim_id})
    if row.status != "pending":
        raise InvalidState(N_("this claim has been decided already"))
    if not body.approve and not is_visible(body.reason):
        raise InvalidState(N_("say why the claim is rejected; the firm reads it"))
    firm = _firm(session, row.firm_id)
    if body.approve and firm.org_id is not None:
        raise InvalidState(N_("this firm's record is maintained by another account"))
    if body.approve and firm_of_org(session, row.org_id) is not None:
        raise InvalidState(N_("your organisation already maintains a firm's record"))
    row.status = "approved" if body.approve else "rejected"
    row.reason, row.decided_at, row.decided_by = body.reason, utcnow(), actor.user_id
    if body.approve:
        firm.org_id = row.org_id
    session.flush()
    audit.record(
        session,
        actor,
        "firms.decide_claim",
        resource_type="firm",
        resource_id=firm.id,
        subject_org_id=row.org_id,
        details={"approved": body.approve, "reason": body.reason[:200]},
    )
    kind = "claim.approved" if body.approve else "claim.rejected"
    params = {"firm": firm.name, "reason": body.reason}
    notifications.notify_orgs(session, actor, [row.org_id], kind, params, "/firm")
    return _claim_read(session, row)


# --- capabilities -------------------------------------------------------------------------


def _capability(session: Session, code: str) -> Capability:
    row = session.scalar(select(Capability).where(Capability.code == code))
    if row is None:
        raise NotFound(N_("capability %(code)s not found"), params={"code": code})
    return row


def _capability_read(session: Session, row: Capability) -> CapabilityRead:
    return CapabilityRead.model_validate(row).model_copy(
        update={"firm_name": _firm(session, row.firm_id).name}
    )


def _own_capability(session: Session, actor: Actor, code: str) -> Capability:
    row = _capability(session, code)
    firm = _firm(session, row.firm_id)
    resource = Resource("capability", code, firm.org_id)
    if row.status == "published":
        authorize(actor, "firms.manage_capabilities", resource)
    else:  # not on the public list: another organisation is not told it exists
        missing = N_("capability %(code)s not found")
        authorize_or_hide(actor, "firms.manage_capabilities", resource, missing, {"code": code})
    return row


def import_capability(session: Session, actor: Actor, body: CapabilityImport) -> None:
    """Add a capability as a firm declared it (demo city, migrations from other lists)."""
    authorize(actor, "firms.sync")
    if session.scalar(select(Capability.id).where(Capability.code == body.code)):
        return
    session.add(Capability(**body.model_dump()))
    if body.batch and body.published_on:
        ensure_batch(session, CapabilityBatch, body.batch, body.published_on)
    session.flush()


def add_capability(session: Session, actor: Actor, body: CapabilityWrite) -> CapabilityRead:
    authorize(actor, "firms.manage_capabilities")
    firm = require_my_firm(session, actor)
    row = Capability(**body.model_dump(), firm_id=firm.id, code=f"tmp-{uuid.uuid4().hex[:12]}")
    session.add(row)
    session.flush()
    row.code = f"C{row.id:06d}"
    session.flush()
    audit.record(
        session,
        actor,
        "firms.capability_add",
        resource_type="capability",
        resource_id=row.code,
        subject_org_id=actor.org_id,
        details={"title": row.title[:80]},
    )
    return _capability_read(session, row)


def update_capability(
    session: Session, actor: Actor, code: str, body: CapabilityWrite
) -> CapabilityRead:
    """Edit a capability; a published one goes back to review (the list shows what the
    centre checked)."""
    row = _own_capability(session, actor, code)
    for key, value in body.model_dump().items():
        setattr(row, key, value)
    if row.status == "published":
        row.status, row.batch, row.published_on = "submitted", None, None
    session.flush()
    audit.record(
        session, actor, "firms.capability_edit", resource_type="capability", resource_id=code
    )
    return _capability_read(session, row)


CAPABILITY_MOVES = {
    ("draft", "submitted"),
    ("submitted", "draft"),
    ("draft", "withdrawn"),
    ("submitted", "withdrawn"),
    ("published", "withdrawn"),
}


def move_capability(session: Session, actor: Actor, code: str, to: str) -> CapabilityRead:
    row = _own_capability(session, actor, code)
    if (row.status, to) not in CAPABILITY_MOVES:
        raise InvalidState(
            N_("a capability cannot go from %(from)s to %(to)s"),
            params={"from": row.status, "to": to},
        )
    row.status = to
    session.flush()
    audit.record(
        session,
        actor,
        "firms.capability_move",
        resource_type="capability",
        resource_id=code,
        details={"to": to},
    )
    return _capability_read(session, row)


def my_capabilities(session: Session, actor: Actor) -> list[CapabilityRead]:
    firm = require_my_firm(session, actor)
    rows = session.scalars(
        select(Capability).where(Capability.firm_id == firm.id).order_by(Capability.id.desc())
    )
    return [_capability_read(session, r) for r in rows]


def capabilities_of(session: Session, firm_id: int) -> list[CapabilityRead]:
    """A firm's published capabilities (shown beside its ranking)."""
    rows = session.scalars(
        select(Capability)
        .where(Capability.firm_id == firm_id, Capability.status == "published")
        .order_by(Capability.id)
    )
    return [_capability_read(session, r) for r in rows]


def capability_queue(session: Session, actor: Actor) -> list[CapabilityRead]:
    authorize(actor, "firms.publish_capabilities")
    rows = session.scalars(
        select(Capability).where(Capability.status == "submitted").order_by(Capability.id)
    )
    return [_capability_read(session, r) for r in rows]


def publish_capability_batch(
    session: Session, actor: Actor, body: CapabilityBatchPublish
) -> CapabilityBatchRead:
    """Publish submitted capabilities as this year's next capability list batch."""
    authorize(actor, "firms.publish_capabilities")
    codes = list(dict.fromkeys(body.capability_codes))
    rows = list(session.scalars(select(Capability).where(Capability.code.in_(codes))))
    missing = sorted(set(codes) - {r.code for r in rows})
    if missing:
        raise NotFound(N_("capability %(code)s not found"), params={"code": ", ".join(missing)})
    not_ready = [r.code for r in rows if r.status != "submitted"]
    if not_ready:
        raise InvalidState(
            N_("only submitted capabilities can be published: %(codes)s"),
            params={"codes": ", ".join(not_ready)},
        )
    today = local_today()
    batch = next_batch(session, CapabilityBatch, today, body.note)
    for row in rows:
        row.status, row.batch, row.published_on = "published", batch.label, today
    session.flush()
    audit.record(
        session,
        actor,
        "firms.publish_capabilities",
        resource_type="capability_batch",
        resource_id=batch.label,
        details={"capabilities": codes},
    )
    return _batch_read(session, batch)


def _batch_read(session: Session, batch: CapabilityBatch) -> CapabilityBatchRead:
    return _batch_reads(session, [batch])[0]


def _batch_reads(session: Session, batches: list[CapabilityBatch]) -> list[CapabilityBatchRead]:
    """Batches with their capability counts (one query for all of them)."""
    counts = dict(
        session.execute(
            select(Capability.batch, func.count())
            .where(Capability.batch.in_([b.label for b in batches]))
            .group_by(Capability.batch)
        ).all()
    )
    return [
        CapabilityBatchRead.model_validate(b).model_copy(
            update={"capabilities": counts.get(b.label, 0)}
        )
        for b in batches
    ]


def list_capability_batches(session: Session, actor: Actor) -> list[CapabilityBatchRead]:
    authorize(actor, "firms.read_capabilities")
    rows = session.scalars(
        select(CapabilityBatch).order_by(CapabilityBatch.year.desc(), CapabilityBatch.number.desc())
    )
    return _batch_reads(session, list(rows))


def published_capabilities(
    session: Session,
    actor: Actor,
    batch: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[CapabilityRead]:
    """The public capability list (能力清单); ``limit=None`` is all of it (its download)."""
    authorize(actor, "firms.read_capabilities")
    query = _published(batch).order_by(Capability.code).limit(limit).offset(offset)
    return [_capability_read(session, r) for r in session.scalars(query)]


def count_published_capabilities(session: Session, actor: Actor, batch: str | None) -> int:
    authorize(actor, "firms.read_capabilities")
    counted = select(func.count()).select_from(_published(batch).subquery())
    return session.scalar(counted) or 0


def _published(batch: str | None) -> Select[Capability]:
    query = select(Capability).where(Capability.status == "published")
    return query.where(Capability.batch == batch) if batch else query


# --- matching -------------------------------------------------------------------------------


def match_profiles(session: Session) -> list[MatchProfile]:
    """Every firm with what matching reads (see ``match_profiles_of``)."""
    return match_profiles_of(session, None)


def match_profiles_of(session: Session, firm_ids: list[int] | None) -> list[MatchProfile]:
    """Firms (all, or these) with what matching reads: their own words first (profile,
    published capabilities), then the business scope; segments declared on capabilities."""
    pilots = partnership_service.pilot_counts_by_org(session)
    texts: dict[int, list[str]] = {}
    segments: dict[int, list[str]] = {}
    capabilities = (
        select(Capability.firm_id, Capability.title, Capability.description, Capability.segments)
        .where(Capability.status == "published")
        .order_by(Capability.id)
    )
    firms = select(Firm).order_by(Firm.id)
    if firm_ids is not None:
        capabilities = capabilities.where(Capability.firm_id.in_(firm_ids))
        firms = firms.where(Firm.id.in_(firm_ids))
    for firm_id, title, description, segs in session.execute(capabilities):
        texts.setdefault(firm_id, []).append(f"{title}。{description}")
        segments.setdefault(firm_id, []).extend(segs)
    profiles = []
    for firm in session.scalars(firms):
        parts = [firm.profile, *texts.get(firm.id, ()), firm.business_scope]
        profiles.append(
            MatchProfile(
                id=firm.id,
                name=firm.name,
                description="\n".join(p for p in parts if p),
                district_code=firm.district_code,
                stage=firm.stage,
                segments=list(dict.fromkeys([*firm.segments, *segments.get(firm.id, ())])),
                vetted=firm.vetted,
                pilots=pilots.get(firm.org_id, 0) if firm.org_id else 0,
                org_id=firm.org_id,
            )
        )
    return profiles


def registry_version(session: Session) -> tuple[int, str]:
    """Changes when any firm or capability changes (matching rebuilds its index)."""
    firms = session.execute(select(func.count(), func.max(Firm.updated_at))).one()
    caps = session.execute(select(func.count(), func.max(Capability.updated_at))).one()
    pilots = sum(partnership_service.pilot_counts_by_org(session).values())
    return (firms[0] + caps[0], f"{firms[1]}|{caps[1]}|{pilots}")


def names(session: Session, firm_ids: set[int]) -> dict[int, str]:
    if not firm_ids:
        return {}
    return dict(session.execute(select(Firm.id, Firm.name).where(Firm.id.in_(firm_ids))).all())


def registry_keys(session: Session, firm_ids: Collection[int] | None = None) -> list[RegistryKeys]:
    """The keys of every registry firm (or these), by id: what another domain joins its
    records on (the caller authorised what it reads)."""
    query = select(Firm.id, Firm.golden_id, Firm.org_id).order_by(Firm.id)
    if firm_ids is not None:
        query = query.where(Firm.id.in_(firm_ids))
    return [RegistryKeys(*row) for row in session.execute(query)]


def get_firm_for_invitation(session: Session, firm_id: int) -> FirmRead:
    """A firm to invite (any firm of the registry; the caller authorised the scene)."""
    return FirmRead.model_validate(_firm(session, firm_id))


def capability_texts(session: Session) -> dict[str, str]:
    """Published capability texts by golden firm id (what the industry classifier reads
    beside the departments' records)."""
    texts: dict[str, list[str]] = {}
    rows = session.execute(
        select(Firm.golden_id, Firm.profile, Capability.title, Capability.description)
        .join(Capability, Capability.firm_id == Firm.id)
        .where(Firm.golden_id.is_not(None), Capability.status == "published")
        .order_by(Capability.id)
    )
    for golden_id, profile, title, description in rows:
        parts = texts.setdefault(str(golden_id), [profile] if profile else [])
        parts.append(f"{title}。{description}")
    return {key: "\n".join(parts) for key, parts in texts.items()}


def declared_segments(session: Session) -> list[DeclaredSegments]:
    """Firms of the golden records whose published capabilities declare chain segments: the
    industry classifier learns from them as labels (the centre reviewed them on publishing)."""
    found: dict[str, DeclaredSegments] = {}
    rows = session.execute(
        select(
            Firm.golden_id,
            Firm.name,
            Firm.profile,
            Capability.title,
            Capability.description,
            Capability.segments,
        )
        .join(Capability, Capability.firm_id == Firm.id)
        .where(Firm.golden_id.is_not(None), Capability.status == "published")
        .order_by(Firm.golden_id, Capability.id)
    )
    for golden_id, name, profile, title, description, segments in rows:
        entry = found.setdefault(
            str(golden_id),
            DeclaredSegments(golden_id=str(golden_id), name=name, text=profile or "", segments=[]),
        )
        entry.text = "\n".join(p for p in (entry.text, f"{title}。{description}") if p)
        entry.segments = list(dict.fromkeys([*entry.segments, *segments]))
    return [entry for entry in found.values() if entry.segments]


def claim_subject(session: Session, claim_id: int) -> tuple[int, str] | None:
    """The organisation a claim is of and its status (what an appeal against it needs)."""
    row = session.get(FirmClaim, claim_id)
    return (row.org_id, row.status) if row else None
