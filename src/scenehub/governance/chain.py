"""The audit hash chain (pure): each entry's hash covers its fields and the previous hash.

Editing an entry breaks its own hash, inserting or deleting one breaks the sequence and the
``prev_hash`` link of the next entry. Deleting entries at the end leaves a shorter valid chain,
so ``verify_chain`` also checks anchors: (seq, hash) pairs exported earlier to somewhere the
database administrator cannot write (``scenehub audit anchor``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainLink:
    """One audit entry as the chain sees it."""

    seq: int
    ts: datetime
    actor_user_id: int | None
    actor_username: str
    actor_role: str
    actor_org_id: int | None
    action: str
    resource_type: str
    resource_id: str
    subject_org_id: int | None
    purpose: str
    outcome: str
    details: dict[str, Any]
    prev_hash: str
    hash: str = ""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str
    message: str


@dataclass
class ChainReport:
    entries_checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def canonical_time(ts: datetime) -> str:
    """The one text form of a timestamp that goes into a hash (UTC, microseconds)."""
    aware = ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def link_hash(link: ChainLink) -> str:
    """SHA-256 of the entry's fields (canonical JSON) and the previous entry's hash."""
    payload = {
        "seq": link.seq,
        "ts": canonical_time(link.ts),
        "actor_user_id": link.actor_user_id,
        "actor_username": link.actor_username,
        "actor_role": link.actor_role,
        "actor_org_id": link.actor_org_id,
        "action": link.action,
        "resource_type": link.resource_type,
        "resource_id": link.resource_id,
        "subject_org_id": link.subject_org_id,
        "purpose": link.purpose,
        "outcome": link.outcome,
        "details": link.details,
        "prev_hash": link.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_chain(links: Iterable[ChainLink], anchors: Sequence[Anchor] = ()) -> ChainReport:
    """Check every link in ``seq`` order and every anchor; report each problem found."""
    report = ChainReport()
    expected_seq, prev_hash = 1, GENESIS_HASH
    seen: dict[int, str] = {}
    wanted = {a.seq: a.hash for a in anchors}
    for link in links:
        report.entries_checked += 1
        if link.seq != expected_seq:
            kind = "missing" if link.seq > expected_seq else "out_of_order"
            report.problems.append(
                ChainProblem(link.seq, kind, f"expected entry {expected_seq}, found {link.seq}")
            )
        if link.prev_hash != prev_hash:
            report.problems.append(
                ChainProblem(
                    link.seq, "broken_link", "prev_hash does not match the previous entry's hash"
                )
            )
        if link_hash(link) != link.hash:
            report.problems.append(
                ChainProblem(link.seq, "altered", "the entry's content does not match its hash")
            )
        if link.seq in wanted:
            seen[link.seq] = link.hash
        expected_seq, prev_hash = link.seq + 1, link.hash
        report.head_seq, report.head_hash = link.seq, link.hash
    for seq, anchored in sorted(wanted.items()):
        if seq not in seen:
            report.problems.append(
                ChainProblem(seq, "truncated", f"anchored entry {seq} is no longer in the trail")
            )
        elif seen[seq] != anchored:
            report.problems.append(
                ChainProblem(seq, "anchor_mismatch", f"entry {seq} no longer has the anchored hash")
            )
    return report
