"""The hash chain notices edited, inserted, deleted, reordered and cut-off entries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from scenehub.governance.chain import (
    GENESIS_HASH,
    Anchor,
    ChainLink,
    canonical_time,
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


def kinds(links: list[ChainLink], anchors: tuple[Anchor, ...] = ()) -> set[str]:
    return {p.kind for p in verify_chain(links, anchors).problems}


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


def test_a_cut_off_tail_is_only_detected_with_an_anchor() -> None:
    links = build_chain(10)
    anchor = Anchor(10, links[9].hash)
    assert verify_chain(links[:7]).ok
    assert kinds(links[:7], (anchor,)) == {"truncated"}


def test_an_anchor_catches_a_rewritten_chain() -> None:
    links = build_chain(5)
    anchor = Anchor(5, links[4].hash)
    rewritten = build_chain(5)
    rewritten[4] = replace(rewritten[4], details={"n": 0})
    rewritten[4] = replace(rewritten[4], hash=link_hash(rewritten[4]))
    assert kinds(rewritten, (anchor,)) == {"anchor_mismatch"}


def test_time_has_one_canonical_form_whatever_the_zone() -> None:
    aware = datetime(2026, 7, 1, 17, 0, tzinfo=UTC)
    naive_utc = datetime(2026, 7, 1, 17, 0)
    shanghai = aware.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert canonical_time(aware) == canonical_time(naive_utc) == canonical_time(shanghai)
