"""RFC 6962 hashing and proofs: the published vectors, every size against a naive MTH, and
tampered proofs refused."""

from __future__ import annotations

import hashlib

import pytest

from scenehub.governance.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

# The 8-leaf test vectors of Certificate Transparency, as kept in
# github.com/transparency-dev/merkle proof/verify_test.go (from google/certificate-transparency):
# the leaves' data, the roots of the trees of 1..8 leaves, inclusion proofs (leaf index from 0)
# and consistency proofs.
LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]  # fmt: skip
CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (1, 1, []),
]  # fmt: skip


def naive_mth(data: list[bytes]) -> bytes:
    """RFC 6962 §2.1 MTH, written straight from the definition."""
    if not data:
        return hashlib.sha256(b"").digest()
    if len(data) == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = 1
    while k * 2 < len(data):
        k *= 2
    return hashlib.sha256(b"\x01" + naive_mth(data[:k]) + naive_mth(data[k:])).digest()


def naive_path(m: int, data: list[bytes]) -> list[bytes]:
    if len(data) <= 1:
        return []
    k = 1
    while k * 2 < len(data):
        k *= 2
    if m < k:
        return [*naive_path(m, data[:k]), naive_mth(data[k:])]
    return [*naive_path(m - k, data[k:]), naive_mth(data[:k])]


def naive_subproof(m: int, data: list[bytes], whole: bool) -> list[bytes]:
    if m == len(data):
        return [] if whole else [naive_mth(data)]
    k = 1
    while k * 2 < len(data):
        k *= 2
    if m <= k:
        return [*naive_subproof(m, data[:k], whole), naive_mth(data[k:])]
    return [*naive_subproof(m - k, data[k:], False), naive_mth(data[:k])]


def vector_tree() -> MerkleTree:
    return MerkleTree(leaf_hash(d) for d in LEAVES)


def test_the_empty_tree_is_the_hash_of_nothing() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert MerkleTree().root() == EMPTY_ROOT


def test_roots_of_the_ct_vectors() -> None:
    tree = vector_tree()
    assert [tree.root(n).hex() for n in range(1, 9)] == ROOTS


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_of_the_ct_vectors(index: int, size: int, path: list[str]) -> None:
    tree = vector_tree()
    assert [p.hex() for p in tree.inclusion_path(index, size)] == path
    proof = [bytes.fromhex(p) for p in path]
    root = bytes.fromhex(ROOTS[size - 1])
    assert verify_inclusion(index, size, leaf_hash(LEAVES[index]), proof, root)


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_consistency_proofs_of_the_ct_vectors(first: int, second: int, proof: list[str]) -> None:
    tree = vector_tree()
    assert [p.hex() for p in tree.consistency_proof(first, second)] == proof
    r1, r2 = bytes.fromhex(ROOTS[first - 1]), bytes.fromhex(ROOTS[second - 1])
    assert verify_consistency(first, second, r1, r2, [bytes.fromhex(p) for p in proof])


def test_every_root_path_and_proof_up_to_70_leaves_matches_the_definition() -> None:
    data = [f"entry {i}".encode() for i in range(70)]
    tree = MerkleTree(leaf_hash(d) for d in data)
    for size in range(0, 71):
        root = naive_mth(data[:size])
        assert tree.root(size) == root
        for index in range(size):
            path = tree.inclusion_path(index, size)
            assert path == naive_path(index, data[:size])
            assert verify_inclusion(index, size, leaf_hash(data[index]), path, root)
        for first in range(1, size):
            proof = tree.consistency_proof(first, size)
            assert proof == naive_subproof(first, data[:size], True)
            assert verify_consistency(first, size, naive_mth(data[:first]), root, proof)


def test_a_tree_grown_leaf_by_leaf_answers_as_one_built_at_once() -> None:
    hashes = [leaf_hash(bytes([i])) for i in range(37)]
    grown = MerkleTree()
    for n, h in enumerate(hashes, start=1):
        grown.append(h)
        assert grown.root() == MerkleTree(hashes[:n]).root()


def flipped(value: bytes) -> bytes:
    return bytes([value[0] ^ 8]) + value[1:]


def test_tampered_inclusion_proofs_are_refused() -> None:
    data = [f"e{i}".encode() for i in range(21)]
    tree = MerkleTree(leaf_hash(d) for d in data)
    for size in (2, 5, 8, 13, 21):
        root = tree.root(size)
        for index in range(size):
            leaf, path = leaf_hash(data[index]), tree.inclusion_path(index, size)
            assert verify_inclusion(index, size, leaf, path, root)
            wrong = [
                (index ^ 1, size, leaf, path, root),
                (index, size * 2, leaf, path, root),
                (index, size, flipped(leaf), path, root),
                (index, size, leaf, path, flipped(root)),
                (index, size, leaf, [*path, root], root),
                (index, size, leaf, [root, *path], root),
                (index, size, leaf, path[:-1], root),
                (index, size, leaf, path, EMPTY_ROOT),
                (size, size, leaf, path, root),
            ]
            wrong += [
                (index, size, leaf, [*path[:i], flipped(p), *path[i + 1 :]], root)
                for i, p in enumerate(path)
            ]
            for probe in wrong:
                if probe[:2] == (index, size) and probe[2:] == (leaf, path, root):
                    continue
                assert not verify_inclusion(*probe), probe[:2]


def test_tampered_consistency_proofs_are_refused() -> None:
    data = [f"e{i}".encode() for i in range(21)]
    tree = MerkleTree(leaf_hash(d) for d in data)
    for second in (3, 8, 13, 21):
        for first in range(1, second):
            r1, r2 = tree.root(first), tree.root(second)
            proof = tree.consistency_proof(first, second)
            assert verify_consistency(first, second, r1, r2, proof)
            wrong = [
                (first, second, flipped(r1), r2, proof),
                (first, second, r1, flipped(r2), proof),
                (first, second, r2, r1, proof),
                (first, second, r1, r2, []),
                (first, second, r1, r2, [*proof, r2]),
                (first, second, r1, r2, [r1, *proof]),
                (first, second, r1, r2, proof[:-1]),
                (second, first, r1, r2, proof),
                (first, second * 2, r1, r2, proof),
            ]
            wrong += [
                (first, second, r1, r2, [*proof[:i], flipped(p), *proof[i + 1 :]])
                for i, p in enumerate(proof)
            ]
            for probe in wrong:
                assert not verify_consistency(*probe), (first, second)


def test_trivial_consistency_and_sizes_out_of_range() -> None:
    r = node_hash(leaf_hash(b"a"), leaf_hash(b"b"))
    assert verify_consistency(0, 5, EMPTY_ROOT, r, [])
    assert verify_consistency(4, 4, r, r, [])
    assert not verify_consistency(4, 4, r, r, [r])
    assert not verify_inclusion(0, 0, r, [], r)
    tree = MerkleTree([leaf_hash(b"a")])
    with pytest.raises(ValueError, match="not 2"):
        tree.root(2)
    with pytest.raises(ValueError, match="not in a tree"):
        tree.inclusion_path(1, 1)
