"""Who meets whom and how much it weighs (pure): mutual interest × match score, floored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from scenehub.salons.planning import (
    MIN_SCORE,
    DepartmentWish,
    FirmWish,
    grid,
    known_zone,
    meeting_scene,
    pair_requests,
    slot_start,
)

POLICE = DepartmentWish(org_id=10, firm_ids=frozenset(), scene_ids=(1, 2))
PARKS = DepartmentWish(org_id=20, firm_ids=frozenset({100}), scene_ids=(3,))


def firm(
    org_id: int, scenes: Iterable[int] = (), departments: Iterable[int] = (), **scores: float
) -> FirmWish:
    return FirmWish(
        org_id=org_id,
        scene_ids=frozenset(scenes),
        department_ids=frozenset(departments),
        scene_scores={int(k[1:]): v for k, v in scores.items()},
    )


def test_one_sided_interest_weighs_the_best_score_of_the_departments_scenes() -> None:
    [request] = pair_requests([firm(100, {1}, s1=0.4, s2=0.7)], [POLICE])
    assert (request.firm, request.department, request.interest) == (100, 10, 1)
    assert request.weight == 0.7 and request.scene_id == 1  # the scene it asked for


def test_mutual_interest_doubles_the_weight() -> None:
    requests = pair_requests([firm(100, departments={20}, s3=0.5)], [POLICE, PARKS])
    assert [(r.department, r.interest, r.weight) for r in requests] == [(20, 2, 1.0)]


def test_a_department_alone_wanting_a_firm_is_a_request() -> None:
    [request] = pair_requests([firm(100, s3=0.3)], [PARKS])
    assert (request.interest, request.weight) == (1, 0.3)


def test_no_interest_no_request_unless_pinned_and_never_when_forbidden() -> None:
    quiet = firm(200, s1=0.9)
    assert pair_requests([quiet], [POLICE]) == []
    [pinned] = pair_requests([quiet], [POLICE], pinned=frozenset({(200, 10)}))
    assert pinned.interest == 1 and pinned.weight == 0.9
    eager = firm(200, {1, 2})
    assert pair_requests([eager], [POLICE], forbidden=frozenset({(200, 10)})) == []


def test_a_firm_without_a_score_still_counts_above_zero() -> None:
    [request] = pair_requests([firm(300, departments={10})], [POLICE])
    assert request.score == MIN_SCORE and request.weight == MIN_SCORE > 0


def test_a_department_without_linked_scenes_is_never_requested() -> None:
    empty = DepartmentWish(org_id=30, firm_ids=frozenset({100}), scene_ids=())
    assert pair_requests([firm(100, departments={30})], [empty]) == []


def test_the_meeting_scene_is_the_asked_one_else_the_best_else_the_first() -> None:
    assert meeting_scene(firm(1, {2}, s1=0.9), (1, 2)) == 2
    assert meeting_scene(firm(1, s1=0.2, s2=0.6), (1, 2)) == 2
    assert meeting_scene(firm(1), (1, 2)) == 1


def test_the_grid_places_meetings_by_slot_and_table_and_drops_the_rest() -> None:
    rows = grid(2, 3, [(0, 2, 7), (1, 0, 8), (5, 0, 9)])
    assert [[c.meeting_id for c in row] for row in rows] == [[None, None, 7], [8, None, None]]


def test_slots_follow_one_another_with_their_breaks() -> None:
    start = datetime(2026, 12, 18, 6, 0, tzinfo=UTC)
    assert slot_start(start, 0, 20, 5) == start
    assert slot_start(start, 3, 20, 5) == datetime(2026, 12, 18, 7, 15, tzinfo=UTC)


def test_a_time_zone_is_one_of_the_databases_zones() -> None:
    shanghai = known_zone("Asia/Shanghai")
    assert shanghai is not None and str(shanghai) == "Asia/Shanghai"
    for name in ("America", "Mars/Olympus", "zone.tab", "", "../etc/passwd", "Asia//Shanghai"):
        assert known_zone(name) is None, name
