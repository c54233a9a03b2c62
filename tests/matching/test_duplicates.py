from __future__ import annotations

from scenehub.demo.judged import JudgedCity
from scenehub.matching.documents import SceneDoc
from scenehub.matching.duplicates import DEFAULT_THRESHOLD, duplicate_scenes


def test_every_duplicate_need_of_the_generated_city_is_flagged(judged_city: JudgedCity) -> None:
    truth = set(judged_city.duplicate_pairs)
    assert truth, "the generated city should contain duplicate needs"
    pairs = duplicate_scenes(judged_city.scenes, DEFAULT_THRESHOLD)
    found = {(p.first_id, p.second_id) for p in pairs}
    assert truth <= found
    # The list stays short enough for an operator to read: mostly the true duplicates.
    assert len(found) <= 4 * len(truth)


def test_pairs_come_from_different_departments_most_similar_first(
    judged_city: JudgedCity,
) -> None:
    by_id = {s.id: s for s in judged_city.scenes}
    pairs = duplicate_scenes(judged_city.scenes)
    assert all(by_id[p.first_id].department != by_id[p.second_id].department for p in pairs)
    assert [p.similarity for p in pairs] == sorted((p.similarity for p in pairs), reverse=True)
    assert all(p.first_id < p.second_id and 0 < p.similarity <= 1 for p in pairs)
    assert all(p.shared_terms for p in pairs)


def scene(scene_id: str, title: str, department: str | None, **fields: object) -> SceneDoc:
    text = "利用无人机巡查河道，识别漂浮物和岸线违建，自动派单。"
    return SceneDoc(id=scene_id, title=title, description=text, department=department, **fields)  # type: ignore[arg-type]


def test_one_department_asking_twice_is_not_a_duplicate_need() -> None:
    same = [
        scene("S1", "西湖区河道无人机巡查", "城管局"),
        scene("S2", "西湖区河道无人机巡查", "城管局"),
    ]
    assert duplicate_scenes(same) == []
    other = [
        scene("S1", "西湖区河道无人机巡查", "城管局"),
        scene("S2", "西湖区河道无人机巡查", "水利局"),
    ]
    assert [(p.first_id, p.second_id) for p in duplicate_scenes(other)] == [("S1", "S2")]


def test_the_same_need_at_two_places_is_two_needs() -> None:
    apart = [
        scene("S1", "西湖区河道无人机巡查", "城管局"),
        scene("S2", "萧山区河道无人机巡查", "水利局"),
    ]
    assert duplicate_scenes(apart) == []
    streets = [
        scene("S1", "西湖区北山街道河道巡查", "城管局"),
        scene("S2", "西湖区灵隐街道河道巡查", "水利局"),
    ]
    assert duplicate_scenes(streets) == []
    districts = [
        scene("S1", "河道巡查", "城管局", district="330106"),
        scene("S2", "河道巡查", "水利局", district="330109"),
    ]
    assert duplicate_scenes(districts) == []


def test_few_or_empty_scenes_give_no_pairs() -> None:
    assert duplicate_scenes([]) == []
    assert duplicate_scenes([scene("S1", "河道巡查", "城管局")]) == []
    empty = [
        SceneDoc(id="S1", title="", description=""),
        SceneDoc(id="S2", title="🤖", description=""),
    ]
    assert duplicate_scenes(empty) == []
