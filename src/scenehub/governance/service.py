"""Use cases of governance: reading, verifying, checkpointing and proving the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.errors import NotFound
from scenehub.governance import audit, signing
from scenehub.governance.authz import authorize
from scenehub.governance.checkpoints import check_tree, key_id, sign_checkpoint
from scenehub.governance.merkle import MerkleTree
from scenehub.governance.models import AuditCheckpoint, AuditEntry
from scenehub.governance.policy import SYSTEM, Actor, Resource
from scenehub.governance.schemas import (
    AuditEntryRead,
    ChainProblemRead,
    ChainReportRead,
    CheckpointProblemRead,
    CheckpointRead,
    ConsistencyProofRead,
    DailyCount,
    InclusionProofRead,
    PublicKeyRead,
)
from scenehub.i18n import N_
from scenehub.settings import Settings, get_settings

MAX_PAGE = 500


def list_entries(
    session: Session,
    actor: Actor,
    *,
    action: str | None = None,
    before_seq: int | None = None,
    limit: int = 100,
) -> list[AuditEntryRead]:
    """The whole trail, newest first (centre staff)."""
    authorize(actor, "audit.read_all")
    return _page(session, select(AuditEntry), action, before_seq, limit)


def list_entries_about_my_org(
    session: Session,
    actor: Actor,
    *,
    action: str | None = None,
    before_seq: int | None = None,
    limit: int = 100,
) -> list[AuditEntryRead]:
    """Entries about the caller's organisation: who read or changed its data and account."""
    authorize(actor, "audit.read_own_org")
    query = select(AuditEntry).where(AuditEntry.subject_org_id == actor.org_id)
    return _page(session, query, action, before_seq, limit)


def _page(
    session: Session,
    query: Select[AuditEntry],
    action: str | None,
    before_seq: int | None,
    limit: int,
) -> list[AuditEntryRead]:
    if action:
        query = query.where(AuditEntry.action == action)
    if before_seq:
        query = query.where(AuditEntry.seq < before_seq)
    rows = session.scalars(query.order_by(AuditEntry.seq.desc()).limit(min(limit, MAX_PAGE)))
    return [AuditEntryRead.model_validate(r) for r in rows]


def verify_trail(
    session: Session,
    actor: Actor,
    settings: Settings,
    *,
    checkpoint_file: Path | None = None,
    public_key: Ed25519PublicKey | None = None,
) -> ChainReportRead:
    """The chain's checks, then every checkpoint of the file (default: the settings') against
    the tree recomputed from the entries' content."""
    authorize(actor, "audit.read_all")
    report = audit.verify(session)
    found, problems = signing.read_checkpoints(checkpoint_file or settings.audit_checkpoint_path)
    if found:
        key = public_key or signing.load_or_create_key(settings.audit_key_path).public_key()
        damaged = frozenset(p.seq for p in report.problems)
        problems += check_tree(report.tree, found, key, damaged)
    return ChainReportRead(
        ok=report.ok and not problems,
        entries_checked=report.entries_checked,
        head_seq=report.head_seq,
        head_hash=report.head_hash,
        root_hash=report.tree.root().hex(),
        problems=[
            ChainProblemRead(seq=p.seq, kind=p.kind, message=p.message) for p in report.problems
        ],
        checkpoints_checked=len(found),
        checkpoint_problems=[
            CheckpointProblemRead(line=p.line, size=p.size, kind=p.kind, message=p.message)
            for p in problems
        ],
    )


def take_checkpoint(
    session: Session,
    actor: Actor,
    settings: Settings,
    *,
    now: datetime | None = None,
    out: Path | None = None,
) -> CheckpointRead:
    """Sign the current tree head, append it to the checkpoint file (and ``out``), list it.

    Not itself an audit entry: one would grow the tree after every checkpoint; the file and
    the table are the checkpoint's record."""
    authorize(actor, "audit.checkpoint")
    tree = audit.stored_tree(session)
    key = signing.load_or_create_key(settings.audit_key_path)
    checkpoint = sign_checkpoint(key, tree.size, tree.root(), now or utcnow())
    for path in (settings.audit_checkpoint_path, out):
        if path is not None:
            signing.append_checkpoint(path, checkpoint)
    session.add(AuditCheckpoint(**checkpoint.__dict__))
    session.flush()
    return CheckpointRead.model_validate(checkpoint.__dict__)


def take_checkpoint_if_due(
    session: Session, now: datetime, *, settings: Settings | None = None
) -> CheckpointRead | None:
    """A checkpoint when the tree grew by N entries or M minutes passed since the last one
    (the first: since the first entry), and only when it grew (for a scheduler)."""
    settings = settings or get_settings()
    size = audit.stored_tree(session).size
    last = _latest_checkpoint(session)
    if size == 0 or (last is not None and size <= last.size):
        return None
    since = (
        datetime.fromisoformat(last.time)
        if last is not None
        else session.scalar(select(AuditEntry.ts).where(AuditEntry.seq == 1))
    )
    grown = size - (last.size if last is not None else 0)
    late = since is not None and now - since >= timedelta(
        minutes=settings.audit_checkpoint_every_minutes
    )
    if grown < settings.audit_checkpoint_every_entries and not late:
        return None
    return take_checkpoint(session, SYSTEM, settings, now=now)


def list_checkpoints(session: Session, actor: Actor, limit: int = 100) -> list[CheckpointRead]:
    """The signed checkpoints, newest first."""
    authorize(actor, "audit.read_all")
    rows = session.scalars(
        select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(min(limit, MAX_PAGE))
    )
    return [CheckpointRead.model_validate(r) for r in rows]


def public_key(actor: Actor, settings: Settings) -> PublicKeyRead:
    """The checkpoints' verification key, for witnesses (public)."""
    authorize(actor, "pages.public")
    key = signing.load_or_create_key(settings.audit_key_path).public_key()
    return PublicKeyRead(
        key_id=key_id(key), algorithm="Ed25519", public_key_pem=signing.public_key_pem(key)
    )


def inclusion_proof(
    session: Session, actor: Actor, index: int, size: int | None = None
) -> InclusionProofRead:
    """The proof of the ``index``-th entry (from 0) in the tree of ``size`` entries (default:
    the latest checkpoint's, or the whole tree before there is one)."""
    authorize(actor, "audit.read_all")
    if size is None:
        last = _latest_checkpoint(session)
        size = last.size if last is not None else None
    return _prove(session, audit.stored_tree(session), index, size)


def prove_entry(session: Session, actor: Actor, seq: int) -> InclusionProofRead:
    """The proof of entry ``seq`` against the latest checkpoint covering it, or the current
    tree (``checkpoint`` null) before one does: for staff and the organisation it is about."""
    entry = session.get(AuditEntry, seq)
    if entry is None:
        raise NotFound(N_("no audit entry %(seq)s"), params={"seq": seq})
    resource = Resource("audit entry", str(seq), owner_org_id=entry.subject_org_id)
    authorize(actor, "audit.prove", resource)
    covering = session.scalars(
        select(AuditCheckpoint)
        .where(AuditCheckpoint.size >= seq)
        .order_by(AuditCheckpoint.size.desc(), AuditCheckpoint.id.desc())
        .limit(1)
    ).first()
    tree = audit.stored_tree(session)
    return _prove(session, tree, seq - 1, covering.size if covering else None)


def consistency_proof(
    session: Session, actor: Actor, first: int, second: int | None = None
) -> ConsistencyProofRead:
    """The proof that the tree of ``first`` entries is a prefix of that of ``second``."""
    authorize(actor, "audit.read_all")
    tree = audit.stored_tree(session)
    second = tree.size if second is None else second
    if not 0 <= first <= second <= tree.size:
        raise NotFound(
            N_("no consistency proof from %(first)s to %(second)s: the trail has %(n)s entries"),
            params={"first": first, "second": second, "n": tree.size},
        )
    return ConsistencyProofRead(
        first=first,
        second=second,
        first_root=tree.root(first).hex(),
        second_root=tree.root(second).hex(),
        path=[p.hex() for p in tree.consistency_proof(first, second)],
    )


def _prove(session: Session, tree: MerkleTree, index: int, size: int | None) -> InclusionProofRead:
    size = tree.size if size is None else size
    if not 0 <= index < size <= tree.size:
        raise NotFound(
            N_("entry %(index)s is not in a tree of %(size)s entries (the trail has %(n)s)"),
            params={"index": index, "size": size, "n": tree.size},
        )
    checkpoint = session.scalars(
        select(AuditCheckpoint)
        .where(AuditCheckpoint.size == size)
        .order_by(AuditCheckpoint.id.desc())
        .limit(1)
    ).first()
    return InclusionProofRead(
        leaf_index=index,
        tree_size=size,
        leaf_hash=tree.leaf(index).hex(),
        path=[p.hex() for p in tree.inclusion_path(index, size)],
        root_hash=tree.root(size).hex(),
        checkpoint=CheckpointRead.model_validate(checkpoint) if checkpoint else None,
    )


def _latest_checkpoint(session: Session) -> AuditCheckpoint | None:
    return session.scalars(
        select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)
    ).first()


def daily_counts(session: Session, actor: Actor, days: int = 30) -> list[DailyCount]:
    """Entries per day (UTC) and outcome over the last ``days`` days, for the activity chart."""
    authorize(actor, "audit.read_all")
    day = func.date(AuditEntry.ts)
    rows = session.execute(
        select(day, AuditEntry.outcome, func.count())
        .where(AuditEntry.ts >= utcnow() - timedelta(days=days))
        .group_by(day, AuditEntry.outcome)
        .order_by(day)
    ).all()
    return [DailyCount(day=str(r[0]), outcome=r[1], count=r[2]) for r in rows]
