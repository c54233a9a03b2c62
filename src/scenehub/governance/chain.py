"""The audit hash chain (pure): each entry's hash covers its fields and the previous hash.

An entry's hash is its RFC 6962 leaf hash, SHA-256(0x00 ‖ canonical JSON of its fields and
``prev_hash``), so the same hashes are the leaves of the Merkle tree that signed checkpoints
cover (governance/merkle.py, governance/checkpoints.py). Editing an entry breaks its own hash,
inserting or deleting one breaks the sequence and the ``prev_hash`` link of the next entry.
A cut-off tail or a rewrite with recomputed hashes leaves a valid chain: only a checkpoint
kept outside the database shows those.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scenehub.governance.merkle import MerkleTree, leaf_hash

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
    # The tree of the hashes recomputed from the entries' content (not the stored ones).
    tree: MerkleTree = field(default_factory=MerkleTree)

    @property
    def ok(self) -> bool:
        return not self.problems


def canonical_time(ts: datetime) -> str:
    """The one text form of a timestamp that goes into a hash (UTC, microseconds)."""
    aware = ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def link_bytes(link: ChainLink) -> bytes:
    """The entry's leaf data: canonical JSON (sorted keys, UTF-8, no spaces) of its fields."""
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
    return text.encode("utf-8")


def link_hash(link: ChainLink) -> str:
    """The entry's RFC 6962 leaf hash, hex: SHA-256(0x00 ‖ link_bytes)."""
    return leaf_hash(link_bytes(link)).hex()


def legacy_link_hash(link: ChainLink) -> str:
    """The hash entries had before the Merkle tree (migration 0017): SHA-256(link_bytes)."""
    return hashlib.sha256(link_bytes(link)).hexdigest()


def verify_chain(links: Iterable[ChainLink]) -> ChainReport:
    """Check every link in ``seq`` order; report each problem found."""
    report = ChainReport()
    expected_seq, prev_hash = 1, GENESIS_HASH
    for link in links:
        recomputed = link_hash(link)
        report.tree.append(bytes.fromhex(recomputed))
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
        if recomputed != link.hash:
            report.problems.append(
                ChainProblem(link.seq, "altered", "the entry's content does not match its hash")
            )
        expected_seq, prev_hash = link.seq + 1, link.hash
        report.head_seq, report.head_hash = link.seq, link.hash
    return report
