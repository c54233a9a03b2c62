from __future__ import annotations

from scenehub.demo.judged import JudgedCity
from scenehub.matching.documents import SceneDoc
from scenehub.matching.duplicates import (
    DEFAULT_THRESHOLD,
    SAME_DEPARTMENT_THRESHOLD,
    duplicate_scenes,
)


def test_every_duplicate_need_of_the_generated_city_is_flagged(judged_city: JudgedCity) -> None:
    truth = set(judged_city.duplicate_pairs)
    assert truth, "the generated city should contain duplicate needs"
    pairs = duplicate_scenes(judged_city.scenes, DEFAULT_THRESHOLD)
    found = {(p.first_id, p.second_id) for p in pairs}
    assert truth <= found
    # The list stays short enough for an operator to read: mostly the true duplicates.
    assert len(found) <= 4 * len(truth)


def test_pairs_come_most_similar_first_and_one_departments_only_when_near_identical(
    judged_city: JudgedCity,
) -> None:
    by_id = {s.id: s for s in judged_city.scenes}
    pairs = duplicate_scenes(judged_city.scenes)
    for p in pairs:
        same = by_id[p.first_id].department == by_id[p.second_id].department
        assert p.same_department == same
        assert not same or p.similarity >= SAME_DEPARTMENT_THRESHOLD
    assert [p.similarity for p in pairs] == sorted((p.similarity for p in pairs), reverse=True)
    assert all(p.first_id < p.second_id and 0 < p.similarity <= 1 for p in pairs)
    assert all(p.shared_terms for p in pairs)


def scene(scene_id: str, title: str, department: str | None, **fields: object) -> SceneDoc:
    text = "利用无人机巡查河道，识别漂浮物和岸线违建，自动派单。"
    return SceneDoc(id=scene_id, title=title, description=text, department=department, **fields)  # type: ignore[arg-type]


def test_one_department_entering_a_scene_twice_is_flagged_as_such() -> None:
    twice = [
        scene("S1", "西湖区河道无人机巡查", "城管局"),
        scene("S2", "西湖区河道无人机巡查", "城管局"),
    ]
    assert [(p.first_id, p.second_id, p.same_department) for p in duplicate_scenes(twice)] == [
        ("S1", "S2", True)
    ]
    other = [
        scene("S1", "西湖区河道无人机巡查", "城管局"),
        scene("S2", "西湖区河道无人机巡查", "水利局"),
    ]
    assert [(p.first_id, p.second_id, p.same_department) for p in duplicate_scenes(other)] == [
        ("S1", "S2", False)
    ]


def test_one_departments_related_needs_are_not_duplicates() -> None:
    related = [
        SceneDoc(
            id="S1",
            title="西湖区河道无人机巡查",
            description="利用无人机巡查河道，识别漂浮物和岸线违建，自动派单。",
            department="城管局",
        ),
        SceneDoc(
            id="S2",
            title="西湖区井盖位移监测",
            description="在井盖加装传感器，位移或丢失时自动报警并派单。",
            department="城管局",
        ),
    ]
    assert duplicate_scenes(related, threshold=0.0) == []


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
    # words that end like a district (社区, 景区, 城市) are not one: two districts' clinics
    clinics = [
        scene("S1", "上城区社区卫生服务中心影像AI阅片", "卫健委"),
        scene("S2", "拱墅区社区卫生服务中心影像AI阅片", "医保局"),
    ]
    assert duplicate_scenes(clinics) == []
    # a former name is its district, and English titles name theirs
    renamed = [
        scene("S1", "江干区九堡街道河道巡查", "城管局"),
        scene("S2", "上城区九堡街道河道巡查", "水利局"),
        scene("S3", "River patrol in Xiaoshan District", "水利局"),
    ]
    pairs = duplicate_scenes(renamed)
    assert [(p.first_id, p.second_id) for p in pairs] == [("S1", "S2")]


def test_few_or_empty_scenes_give_no_pairs() -> None:
    assert duplicate_scenes([]) == []
    assert duplicate_scenes([scene("S1", "河道巡查", "城管局")]) == []
    empty = [
        SceneDoc(id="S1", title="", description=""),
        SceneDoc(id="S2", title="🤖", description=""),
    ]
    assert duplicate_scenes(empty) == []
