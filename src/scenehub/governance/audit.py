"""The one audit writer, and reading and verifying the trail.

Called by services after a successful action (``audit.record``) and by the request's
transaction handler for denials and failed logins (``audit.record_event``), which it writes
after rolling back the request's own work.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.errors import AuditEvent
from scenehub.governance.chain import (
    GENESIS_HASH,
    ChainLink,
    ChainReport,
    link_hash,
    verify_chain,
)
from scenehub.governance.merkle import MerkleTree
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import Actor
from scenehub.i18n import N_

# Any constant works; it names the lock that serialises appends on PostgreSQL.
_CHAIN_LOCK_KEY = 0x5CE7E4B

# The outcomes an entry can have (translated on the audit pages).
OUTCOMES = (N_("success"), N_("denied"), N_("failed"), N_("refused"))

_LINK_FIELDS = (
    "seq",
    "ts",
    "actor_user_id",
    "actor_username",
    "actor_role",
    "actor_org_id",
    "action",
    "resource_type",
    "resource_id",
    "subject_org_id",
    "purpose",
    "outcome",
    "details",
    "prev_hash",
    "hash",
)


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    resource_type: str = "",
    resource_id: str | int = "",
    subject_org_id: int | None = None,
    purpose: str = "",
    outcome: str = "success",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain (in the caller's transaction)."""
    _lock_chain(session)
    head = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (head.seq + 1, head.hash) if head else (1, GENESIS_HASH)
    link = ChainLink(
        seq=seq,
        ts=utcnow(),
        actor_user_id=actor.user_id,
        actor_username=actor.username,
        actor_role=actor.role.value,
        actor_org_id=actor.org_id,
        action=action,
        resource_type=resource_type,
        resource_id=str(resource_id),
        subject_org_id=subject_org_id,
        purpose=purpose,
        outcome=outcome,
        details=details or {},
        prev_hash=prev_hash,
    )
    entry = AuditEntry(
        **{name: getattr(link, name) for name in _LINK_FIELDS[:-1]}, hash=link_hash(link)
    )
    session.add(entry)
    session.flush()
    return entry


def record_event(session: Session, event: AuditEvent) -> AuditEntry:
    """Append an event carried by an error (a denial, a failed login)."""
    return record(
        session,
        event.actor,
        event.action,
        resource_type=event.resource_type,
        resource_id=event.resource_id,
        subject_org_id=event.subject_org_id,
        purpose=event.purpose,
        outcome=event.outcome,
        details={"reason": event.reason, **event.details},
    )


def recent_times(
    session: Session,
    action: str,
    outcome: str,
    since: datetime,
    resource_id: str,
    *,
    prefix: bool = False,
) -> list[datetime]:
    """When entries of ``action`` with ``outcome`` were written since ``since`` (oldest
    first), about ``resource_id`` (with ``prefix``: any resource whose id starts with it)."""
    about: ColumnElement[bool] = AuditEntry.resource_id == resource_id
    if prefix:
        escaped = resource_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        about = AuditEntry.resource_id.like(escaped + "%", escape="\\")
    return list(
        session.scalars(
            select(AuditEntry.ts)
            .where(
                AuditEntry.action == action,
                AuditEntry.outcome == outcome,
                AuditEntry.ts >= since,
                about,
            )
            .order_by(AuditEntry.seq)
        )
    )


def _lock_chain(session: Session) -> None:
    # SQLite transactions already hold the write lock (BEGIN IMMEDIATE, see db.py).
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})


def iter_links(session: Session, batch_size: int = 5000) -> Iterator[ChainLink]:
    """Every entry in chain order, read in batches of plain rows (no ORM objects to track),
    so a long trail fits in memory."""
    columns = [getattr(AuditEntry, name) for name in _LINK_FIELDS]
    last = 0
    while True:
        rows = session.execute(
            select(*columns).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch_size)
        ).all()
        if not rows:
            return
        for row in rows:
            yield ChainLink(*row)
        last = rows[-1].seq


def verify(session: Session) -> ChainReport:
    """Verify the whole stored chain; the report's tree is recomputed from the entries."""
    return verify_chain(iter_links(session))


class _TreeCache:
    """The tree of the stored hashes per database, grown by the entries appended since.

    The trail is append-only, so a tree read once only needs the new rows; it is rebuilt when
    its last leaf is no longer the stored hash at its position (a rolled-back append, a new
    database at the same URL). Proofs are served from it; verification never uses it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._trees: dict[str, MerkleTree] = {}

    def tree(self, session: Session, batch_size: int = 20000) -> MerkleTree:
        key = session.get_bind().engine.url.render_as_string(hide_password=True)
        with self._lock:
            tree = self._trees.get(key)
            if tree is None or not _still_stored(session, tree):
                tree = MerkleTree()
            while rows := session.scalars(
                select(AuditEntry.hash)
                .where(AuditEntry.seq > tree.size)
                .order_by(AuditEntry.seq)
                .limit(batch_size)
            ).all():
                for stored in rows:
                    tree.append(bytes.fromhex(stored))
            self._trees[key] = tree
            return tree


def _still_stored(session: Session, tree: MerkleTree) -> bool:
    if tree.size == 0:
        return True
    stored = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == tree.size))
    return stored is not None and bytes.fromhex(stored) == tree.leaf(tree.size - 1)


_TREES = _TreeCache()


def stored_tree(session: Session) -> MerkleTree:
    """The Merkle tree of the stored entry hashes, leaf ``i`` being entry ``seq = i + 1``."""
    return _TREES.tree(session)
