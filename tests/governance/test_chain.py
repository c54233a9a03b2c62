"""The hash chain notices edited, inserted, deleted and reordered entries; its hashes are the
RFC 6962 leaves of the checkpointed tree."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from scenehub.governance.chain import (
    GENESIS_HASH,
    ChainLink,
    canonical_time,
    link_bytes,
    link_hash,
    verify_chain,
)


def build_chain(n: int) -> list[ChainLink]:
    links: list[ChainLink] = []
    prev = GENESIS_HASH
    start = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    for seq in range(1, n + 1):
        link = ChainLink(
            seq=seq,
            ts=start + timedelta(minutes=seq),
            actor_user_id=seq % 3,
            actor_username=f"user{seq % 3}",
            actor_role="operator",
            actor_org_id=1,
            action="scenes.publish",
            resource_type="scene",
            resource_id=str(seq),
            subject_org_id=2,
            purpose="",
            outcome="success",
            details={"n": seq, "名": "场景"},
            prev_hash=prev,
        )
        link = replace(link, hash=link_hash(link))
        links.append(link)
        prev = link.hash
    return links


def kinds(links: list[ChainLink]) -> set[str]:
    return {p.kind for p in verify_chain(links).problems}


def test_an_untouched_chain_verifies() -> None:
    report = verify_chain(build_chain(20))
    assert report.ok
    assert report.entries_checked == 20
    assert report.head_seq == 20


def test_an_edited_entry_is_detected() -> None:
    links = build_chain(10)
    links[4] = replace(links[4], actor_username="someone-else")
    report = verify_chain(links)
    assert [(p.seq, p.kind) for p in report.problems] == [(5, "altered")]


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link() -> None:
    links = build_chain(10)
    forged = replace(links[4], outcome="denied")
    links[4] = replace(forged, hash=link_hash(forged))
    assert kinds(links) == {"broken_link"}


def test_a_deleted_entry_is_detected() -> None:
    links = build_chain(10)
    del links[3]
    assert kinds(links) == {"missing", "broken_link"}


def test_an_inserted_entry_is_detected() -> None:
    links = build_chain(10)
    extra = replace(links[2], details={"n": 99})
    links.insert(3, replace(extra, hash=link_hash(extra)))
    assert "out_of_order" in kinds(links)


def test_a_cut_off_tail_or_a_rewrite_leaves_a_valid_chain_but_another_tree() -> None:
    """What only a checkpoint shows (tests/governance/test_checkpoints.py)."""
    links = build_chain(10)
    assert verify_chain(links[:7]).ok
    rewritten = build_chain(10)
    rewritten[4] = replace(rewritten[4], details={"n": 0})
    prev = rewritten[3].hash
    for i in range(4, 10):
        rewritten[i] = replace(rewritten[i], prev_hash=prev)
        rewritten[i] = replace(rewritten[i], hash=link_hash(rewritten[i]))
        prev = rewritten[i].hash
    report = verify_chain(rewritten)
    assert report.ok
    assert report.tree.root() != verify_chain(links).tree.root()


def test_an_entry_hash_is_the_rfc6962_leaf_hash_of_its_canonical_json() -> None:
    link = build_chain(1)[0]
    data = link_bytes(link)
    assert link.hash == hashlib.sha256(b"\x00" + data).hexdigest()
    assert b'"prev_hash":"' + GENESIS_HASH.encode() in data
    assert verify_chain([link]).tree.root().hex() == link.hash


def test_time_has_one_canonical_form_whatever_the_zone() -> None:
    aware = datetime(2026, 7, 1, 17, 0, tzinfo=UTC)
    naive_utc = datetime(2026, 7, 1, 17, 0)
    shanghai = aware.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert canonical_time(aware) == canonical_time(naive_utc) == canonical_time(shanghai)
