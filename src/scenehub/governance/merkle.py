"""RFC 6962 Merkle tree hashing, inclusion and consistency proofs, and their verifiers (pure).

Leaves and nodes are hashed as in Certificate Transparency (RFC 6962 §2.1): a leaf is
SHA-256(0x00 ‖ data), a node SHA-256(0x01 ‖ left ‖ right), the empty tree SHA-256 of nothing.
``MerkleTree`` keeps every complete subtree's hash, so the root of any prefix and any proof
costs O(log² n) hashes after the O(n) build, not a pass over the leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """RFC 6962 MTH of one entry: SHA-256(0x00 ‖ data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): where RFC 6962 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """An append-only tree over leaf hashes, answering for every size up to its own."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        # _levels[j] holds the hashes of the complete subtrees of 2**j leaves, back to back.
        self._levels: list[bytearray] = [bytearray()]
        self._size = 0
        for leaf in leaf_hashes:
            self.append(leaf)

    @property
    def size(self) -> int:
        return self._size

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash; complete subtrees it closes are hashed now, once."""
        if len(leaf) != HASH_SIZE:
            raise ValueError("a leaf hash has 32 bytes")
        self._levels[0] += leaf
        self._size += 1
        level, count = 0, self._size
        while count % 2 == 0:
            below = self._levels[level]
            parent = node_hash(bytes(below[-2 * HASH_SIZE : -HASH_SIZE]), bytes(below[-HASH_SIZE:]))
            if len(self._levels) == level + 1:
                self._levels.append(bytearray())
            self._levels[level + 1] += parent
            level, count = level + 1, count // 2

    def leaf(self, index: int) -> bytes:
        self._check_size(index + 1)
        return self._node(0, index)

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (default: all)."""
        size = self._size if size is None else size
        self._check_size(size)
        return self._range(0, size) if size else EMPTY_ROOT

    def inclusion_path(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 6962 §2.1.1 PATH(index, D[0:size])."""
        size = self._size if size is None else size
        self._check_size(size)
        if not 0 <= index < size:
            raise ValueError(f"leaf {index} is not in a tree of {size}")
        path: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = split_point(end - start)
            if index - start < k:
                path.append(self._range(start + k, end))
                end = start + k
            else:
                path.append(self._range(start, start + k))
                start += k
        return path[::-1]

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        """RFC 6962 §2.1.2 PROOF(first, D[0:second]) (empty when first is 0 or second)."""
        second = self._size if second is None else second
        self._check_size(second)
        if not 0 <= first <= second:
            raise ValueError(f"a tree of {first} cannot precede one of {second}")
        if first in (0, second):
            return []
        proof: list[bytes] = []
        start, end, whole = 0, second, True
        while first - start != end - start:
            k = split_point(end - start)
            if first - start <= k:
                proof.append(self._range(start + k, end))
                end = start + k
            else:
                proof.append(self._range(start, start + k))
                start, whole = start + k, False
        if not whole:
            proof.append(self._range(start, end))
        return proof[::-1]

    def _range(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for the ranges RFC 6962's recursion visits (start aligned)."""
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            return self._node(n.bit_length() - 1, start // n)
        k = split_point(n)
        return node_hash(self._range(start, start + k), self._range(start + k, end))

    def _node(self, level: int, index: int) -> bytes:
        return bytes(self._levels[level][index * HASH_SIZE : (index + 1) * HASH_SIZE])

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self._size:
            raise ValueError(f"the tree has {self._size} leaves, not {size}")


def verify_inclusion(
    leaf_index: int, tree_size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``path`` prove ``leaf`` at ``leaf_index`` under ``root``?"""
    if not 0 <= leaf_index < tree_size or not _hashes(leaf, root, *path):
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: is the tree ``first_root`` of ``first`` a prefix of ``second_root``?"""
    if not 0 <= first <= second or not _hashes(first_root, second_root, *proof):
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    nodes = [first_root, *proof] if first & (first - 1) == 0 else list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


def _hashes(*values: bytes) -> bool:
    return all(len(v) == HASH_SIZE for v in values)
