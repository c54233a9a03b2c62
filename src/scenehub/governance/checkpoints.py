"""Signed checkpoints of the audit tree and checking a tree against them (pure).

A checkpoint says "the audit tree of ``size`` entries has root ``root_hash``", signed with
Ed25519 over a fixed text (``checkpoint_message``) so that a witness can check it with any
Ed25519 tool. The checkpoint file, kept outside the database, is the trust anchor: someone who
can write the database and recompute every hash still cannot make a tree whose root matches a
signed one, nor sign a new one without the key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import pairwise

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from scenehub.governance.chain import canonical_time
from scenehub.governance.merkle import MerkleTree, verify_consistency
from scenehub.i18n import N_

MESSAGE_HEADER = "scenehub audit checkpoint v1"
# What each kind of checkpoint problem means, as the staff's audit page names it.
PROBLEM_KINDS = {
    "altered": N_("entries edited, inserted or deleted"),
    "rewritten": N_("entries rewritten with recomputed hashes"),
    "truncated": N_("entries cut off"),
    "bad_signature": N_("the signature does not match"),
    "unknown_key": N_("signed with another key"),
    "inconsistent": N_("not an extension of the previous checkpoint"),
    "unreadable": N_("not a checkpoint"),
}


@dataclass(frozen=True)
class Checkpoint:
    size: int
    root_hash: str
    time: str
    key_id: str
    signature: str

    def line(self) -> str:
        """The checkpoint as one JSON line of the checkpoint file."""
        return json.dumps(asdict(self), separators=(",", ":"))


@dataclass(frozen=True)
class CheckpointProblem:
    """What is wrong with the trail as a checkpoint sees it (``line``: its place in the file)."""

    line: int
    size: int
    kind: str
    message: str


def checkpoint_message(size: int, root_hash: str, time: str) -> bytes:
    """The exact bytes a checkpoint's signature covers (UTF-8, four lines, each ending in LF)."""
    return f"{MESSAGE_HEADER}\nsize {size}\nroot_hash {root_hash}\ntime {time}\n".encode()


def key_id(public_key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of SHA-256 of the raw 32-byte public key."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign_checkpoint(
    private_key: Ed25519PrivateKey, size: int, root: bytes, moment: datetime
) -> Checkpoint:
    time = canonical_time(moment)
    message = checkpoint_message(size, root.hex(), time)
    return Checkpoint(
        size=size,
        root_hash=root.hex(),
        time=time,
        key_id=key_id(private_key.public_key()),
        signature=private_key.sign(message).hex(),
    )


def signature_is_valid(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    message = checkpoint_message(checkpoint.size, checkpoint.root_hash, checkpoint.time)
    try:
        public_key.verify(bytes.fromhex(checkpoint.signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def parse_lines(
    lines: Sequence[str],
) -> tuple[list[tuple[int, Checkpoint]], list[CheckpointProblem]]:
    """The checkpoints of a checkpoint file (with their line numbers) and its unreadable lines."""
    found: list[tuple[int, Checkpoint]] = []
    problems: list[CheckpointProblem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            checkpoint = Checkpoint(
                int(d["size"]),
                str(d["root_hash"]),
                str(d["time"]),
                str(d["key_id"]),
                str(d["signature"]),
            )
            bytes.fromhex(checkpoint.root_hash)
        except (ValueError, KeyError, TypeError) as error:
            problems.append(
                CheckpointProblem(number, 0, "unreadable", f"not a checkpoint: {error}")
            )
            continue
        found.append((number, checkpoint))
    return found, problems


def check_tree(
    tree: MerkleTree,
    checkpoints: Sequence[tuple[int, Checkpoint]],
    public_key: Ed25519PublicKey,
    damaged_seqs: frozenset[int] = frozenset(),
) -> list[CheckpointProblem]:
    """Every checkpoint against the tree: signature, size, root, and consistency with the
    previous one. ``damaged_seqs``: entries the chain check already found broken, so that a
    root mismatch over intact-looking entries can be named a rewrite."""
    problems: list[CheckpointProblem] = []
    good: list[tuple[int, Checkpoint]] = []
    for number, checkpoint in checkpoints:
        problem = _check_one(tree, number, checkpoint, public_key, damaged_seqs, good)
        if problem is None:
            good.append((number, checkpoint))
        else:
            problems.append(problem)
    problems.extend(_inconsistent_pairs(tree, sorted(good, key=lambda g: g[1].size)))
    return problems


def _check_one(
    tree: MerkleTree,
    number: int,
    cp: Checkpoint,
    public_key: Ed25519PublicKey,
    damaged_seqs: frozenset[int],
    good: Sequence[tuple[int, Checkpoint]],
) -> CheckpointProblem | None:
    def problem(kind: str, message: str) -> CheckpointProblem:
        return CheckpointProblem(number, cp.size, kind, message)

    if cp.key_id != key_id(public_key):
        return problem("unknown_key", f"signed with key {cp.key_id}, not the audit key")
    if not signature_is_valid(cp, public_key):
        return problem("bad_signature", "the signature does not match the checkpoint")
    if cp.size > tree.size:
        return problem(
            "truncated", f"the trail has {tree.size} entries; this checkpoint covered {cp.size}"
        )
    if tree.root(cp.size).hex() == cp.root_hash:
        return None
    below = max((g.size for _, g in good if g.size < cp.size), default=0)
    where = f"entries {below + 1}–{cp.size}"
    if any(seq <= cp.size for seq in damaged_seqs):
        return problem("altered", f"{where}: entries were edited, inserted or deleted")
    return problem("rewritten", f"{where} were rewritten with recomputed hashes")


def _inconsistent_pairs(
    tree: MerkleTree, good: Sequence[tuple[int, Checkpoint]]
) -> list[CheckpointProblem]:
    problems = []
    for (_, first), (number, second) in pairwise(good):
        proof = tree.consistency_proof(first.size, second.size)
        r1, r2 = bytes.fromhex(first.root_hash), bytes.fromhex(second.root_hash)
        if not verify_consistency(first.size, second.size, r1, r2, proof):
            problems.append(
                CheckpointProblem(
                    number,
                    second.size,
                    "inconsistent",
                    f"not an extension of the checkpoint of {first.size} entries",
                )
            )
    return problems
