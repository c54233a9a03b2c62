"""Generated scenes read like a department's scene list, and the scene index grades firms by
the documented rules."""

from __future__ import annotations

import dataclasses
import random
import re
from collections import Counter
from datetime import date
from typing import Any

import pytest

from scenehub.demo.config import load_city
from scenehub.demo.model import STAGE_EARLY, STAGE_SCALE, Firm
from scenehub.demo.scenes import (
    DOMAINS,
    PARTLY_SERVED_BY,
    Scene,
    SceneIndex,
    duplicate_need_pairs,
    generate_scenes,
)
from scenehub.industry.taxonomy import load_chain

CITY = load_city()
CHAIN = load_chain()
SEGMENTS = tuple(segment.key for segment in CHAIN.ai_segments)
CJK = re.compile(r"[\u4e00-\u9fff]")
# (wanted segment, firm segment) pairs in which the firm can do part of the work.
PARTLY = {
    ("E.humanoid", "E.components"),
    ("E.humanoid", "E.brain"),
    ("E.quadruped", "E.components"),
    ("E.quadruped", "E.brain"),
    ("E.industrial_robot", "E.components"),
    ("E.industrial_robot", "E.brain"),
    ("E.service_robot", "E.components"),
    ("E.service_robot", "E.brain"),
    ("E.drone", "T.cv"),
    ("E.autonomous_driving", "T.cv"),
    ("E.autonomous_driving", "E.components"),
    ("T.speech", "T.llm"),
    ("T.nlp", "T.llm"),
    ("T.llm", "F.data"),
    ("F.compute", "F.chip"),
}


def make_firm(firm_id: str = "F0000001", **fields: Any) -> Firm:
    """A vetted, scaling AI firm whose main segment is smart policing, unless told otherwise."""
    base = Firm(
        firm_id=firm_id,
        index=int(firm_id[1:]),
        uscc="91330108MA2H000001",
        name="杭州云图智能科技有限公司",
        region="杭州",
        brand="云图",
        industry_word="智能科技",
        legal_form="有限公司",
        district_code="330108",
        address="杭州市滨江区江南大道100号",
        old_address=None,
        legal_rep="王伟",
        phone="0571-86000001",
        established=date(2019, 5, 20),
        registered_capital=1000.0,
        headcount=60,
        stage=STAGE_SCALE,
        is_ai=True,
        segments=("A.public_security", "T.cv"),
        sector=None,
        business_scope="人工智能应用软件开发",
        capability="警情分析与视频结构化",
        vetted=True,
        hightech=True,
        procurement=False,
        old_tax_id=None,
    )
    return dataclasses.replace(base, **fields)


def random_firms(rng: random.Random, count: int) -> list[Firm]:
    """AI firms with random segments, stages and vetting; some non-AI firms and branches."""
    firms = []
    for i in range(1, count + 1):
        firms.append(
            make_firm(
                f"F{i:07d}",
                segments=tuple(rng.sample(SEGMENTS, rng.randint(1, 3))),
                stage=rng.choice((STAGE_EARLY, STAGE_SCALE)),
                vetted=rng.random() < 0.4,
                is_ai=rng.random() < 0.9,
                branch_of="F0000001" if rng.random() < 0.05 else None,
                headcount=rng.randint(1, 300),
                hightech=rng.random() < 0.4,
                procurement=rng.random() < 0.2,
            )
        )
    return firms


def make_scene(**fields: Any) -> Scene:
    base = Scene(
        scene_id="S0001",
        title="西湖区文新街道警情智能研判试点",
        language="zh",
        domain="policing",
        department="杭州市公安局",
        background="",
        pain_points="",
        wanted="",
        offered="",
        constraints="",
        wanted_segments=("A.public_security", "T.cv", "T.llm"),
        stage_preference="any",
        budget_min_10k=100,
        budget_max_10k=200,
        timeline_months=6,
        on_premise=True,
        security_vetting=False,
        batch="2025 第1批",
        published_on=date(2025, 1, 15),
    )
    return dataclasses.replace(base, **fields)


def grade(firm: Firm, scene: Scene) -> int:
    found = dict(SceneIndex([scene]).grades(firm))
    return found.get(scene.scene_id, 0)


def reference_grade(firm: Firm, scene: Scene) -> int:
    """The grading rules of ``SceneIndex.grades``, written out against one scene."""
    if not firm.is_ai or firm.branch_of is not None or not firm.segments:
        return 0
    wanted, segments = scene.wanted_segments, firm.segments
    vetting_holds = not scene.security_vetting or firm.vetted
    stage_fits = scene.stage_preference in ("any", firm.stage)
    shared = set(wanted) & set(segments)
    if segments[0] == wanted[0] and stage_fits and vetting_holds:
        return 3
    if shared and vetting_holds:
        return 2
    if shared or any((w, f) in PARTLY for w in wanted for f in segments):
        return 1
    return 0


@pytest.fixture(scope="module")
def scenes() -> list[Scene]:
    return generate_scenes(7, CITY, CHAIN)


def texts(scene: Scene) -> str:
    return " ".join(
        (
            scene.title,
            scene.background,
            scene.pain_points,
            scene.wanted,
            scene.offered,
            scene.constraints,
        )
    )


def test_same_seed_gives_identical_scenes(scenes: list[Scene]) -> None:
    assert generate_scenes(7, CITY, CHAIN) == scenes


def test_another_seed_gives_other_scenes(scenes: list[Scene]) -> None:
    other = generate_scenes(8, CITY, CHAIN)
    assert [s.title for s in other] != [s.title for s in scenes]


def test_scenes_are_numbered_in_publication_order(scenes: list[Scene]) -> None:
    assert [s.scene_id for s in scenes] == [f"S{n:04d}" for n in range(1, 121)]
    dates = [s.published_on for s in scenes]
    assert dates == sorted(dates)


def test_every_domain_has_scenes(scenes: list[Scene]) -> None:
    counts = Counter(s.domain for s in scenes)
    assert set(counts) == set(DOMAINS)
    assert min(counts.values()) >= 3


def test_the_owning_department_comes_from_the_city_config(scenes: list[Scene]) -> None:
    departments = {dep.name: dep for dep in CITY.departments}
    owners = [s for s in scenes if s.domain in departments[s.department].scene_domains]
    others = [s for s in scenes if not departments[s.department].scene_domains]
    assert len(owners) + len(others) == len(scenes)
    assert 1 <= len(others) <= len(scenes) // 10
    assert {departments[s.department].key for s in others} <= {"data_bureau", "finance", "miit"}


def test_about_five_percent_of_scenes_are_in_english(scenes: list[Scene]) -> None:
    english = [s for s in scenes if s.language == "en"]
    assert len(english) == 6
    assert all(not CJK.search(s.title + s.wanted) for s in english)
    deployed = re.compile(r"must be deployed (on|in) the ")
    assert all(bool(deployed.search(s.constraints)) == s.on_premise for s in english)
    chinese = [s for s in scenes if s.language == "zh"]
    assert all(CJK.search(s.title) and CJK.search(s.wanted) for s in chinese)


def test_policing_scenes_require_security_vetting_and_run_on_premise(
    scenes: list[Scene],
) -> None:
    policing = [s for s in scenes if s.domain == "policing"]
    assert policing and all(s.security_vetting and s.on_premise for s in policing)
    vetted_elsewhere = {s.domain for s in scenes if s.security_vetting} - {"policing"}
    assert vetted_elsewhere <= {"emergency"}


def test_budgets_and_timelines_are_plausible(scenes: list[Scene]) -> None:
    assert all(0 < s.budget_min_10k <= s.budget_max_10k for s in scenes)
    assert all(3 <= s.timeline_months <= 24 for s in scenes)
    assert {s.stage_preference for s in scenes} == {"0-1", "1-100", "any"}


def test_constraints_state_the_budget_and_vetting(scenes: list[Scene]) -> None:
    for scene in (s for s in scenes if s.language == "zh"):
        assert f"{scene.budget_min_10k}–{scene.budget_max_10k}万元" in scene.constraints
        assert ("安全审查" in scene.constraints) == scene.security_vetting


def test_wanted_segments_start_with_the_domains_application_segment(
    scenes: list[Scene],
) -> None:
    for scene in scenes:
        application = CHAIN.by_domain(scene.domain)
        assert application is not None
        assert scene.wanted_segments[0] == application.key
        assert 2 <= len(scene.wanted_segments) <= 3
        assert set(scene.wanted_segments) <= set(SEGMENTS)


def test_scenes_come_in_quarterly_batches_over_2025_and_2026(scenes: list[Scene]) -> None:
    batches = {(s.batch, s.published_on) for s in scenes}
    labels = {f"{year} 第{q}批" for year in (2025, 2026) for q in (1, 2, 3, 4)}
    assert {label for label, _ in batches} == labels
    assert len(batches) == len(labels)  # one publication day per batch
    assert all(str(day.year) == label[:4] for label, day in batches)


def test_texts_are_filled_varied_and_name_places_of_the_city(scenes: list[Scene]) -> None:
    assert not any("{" in texts(s) or "}" in texts(s) for s in scenes)
    assert len({s.title for s in scenes}) == len(scenes)
    places = [CITY.city] + [d.name for d in CITY.districts]
    chinese = [s for s in scenes if s.language == "zh"]
    assert all(any(place in s.title + s.background for place in places) for s in chinese)


def test_texts_carry_chain_vocabulary(scenes: list[Scene]) -> None:
    def vocabulary(key: str) -> tuple[str, ...]:
        segment = CHAIN.segment(key)
        return segment.keywords + segment.synonyms

    with_keyword = [
        s
        for s in scenes
        if any(word in texts(s) for k in s.wanted_segments for word in vocabulary(k))
    ]
    assert len(with_keyword) >= 0.8 * len(scenes)


def test_most_wanted_texts_state_the_outcome_not_the_product(scenes: list[Scene]) -> None:
    """Departments describe what they want to achieve; few name the firms' own terms."""

    def names_a_keyword(scene: Scene) -> bool:
        keywords = (w for key in scene.wanted_segments for w in CHAIN.segment(key).keywords)
        return any(word in scene.wanted for word in keywords)

    naming = [scene.scene_id for scene in scenes if names_a_keyword(scene)]
    assert len(naming) <= len(scenes) / 3, naming


def test_repeated_needs_are_worded_differently(scenes: list[Scene]) -> None:
    """A need written up in several districts rarely repeats a text word for word."""
    for field, share in (("wanted", 20), ("pain_points", 10), ("background", 20)):
        texts_of_field = Counter(getattr(scene, field) for scene in scenes)
        repeats = sum(count - 1 for count in texts_of_field.values())
        assert repeats <= len(scenes) // share, field


def test_duplicate_needs_are_one_place_and_two_departments(scenes: list[Scene]) -> None:
    by_id = {s.scene_id: s for s in scenes}
    pairs = duplicate_need_pairs(scenes)
    assert len(pairs) == 4
    assert len({scene_id for pair in pairs for scene_id in pair}) == 8
    for first, second in pairs:
        a, b = by_id[first], by_id[second]
        assert first < second
        assert a.department != b.department and a.domain != b.domain
        assert set(a.wanted_segments[1:]) & set(b.wanted_segments[1:])
        district = next(d.name for d in CITY.districts if a.title.startswith(d.name))
        assert b.title.startswith(district)


def test_fewer_scenes_have_fewer_duplicate_needs() -> None:
    assert len(duplicate_need_pairs(generate_scenes(7, CITY, CHAIN, count=60))) == 2
    assert duplicate_need_pairs(generate_scenes(7, CITY, CHAIN, count=20)) == []


def test_a_city_without_an_owner_for_a_domain_is_refused() -> None:
    city = dataclasses.replace(
        CITY, departments=tuple(d for d in CITY.departments if d.key != "police")
    )
    with pytest.raises(ValueError, match="policing"):
        generate_scenes(7, city, CHAIN)


def test_main_application_segment_with_fitting_stage_is_grade_3() -> None:
    scene = make_scene(stage_preference=STAGE_SCALE)
    assert grade(make_firm(stage=STAGE_SCALE), scene) == 3
    assert grade(make_firm(stage=STAGE_EARLY), make_scene(stage_preference="any")) == 3


def test_main_application_segment_with_another_stage_is_grade_2() -> None:
    scene = make_scene(stage_preference=STAGE_EARLY)
    assert grade(make_firm(stage=STAGE_SCALE), scene) == 2


def test_any_shared_segment_is_grade_2() -> None:
    scene = make_scene()
    assert grade(make_firm(segments=("T.cv",)), scene) == 2
    assert grade(make_firm(segments=("A.health", "A.public_security")), scene) == 2


def test_unvetted_firm_gets_at_most_grade_1_from_a_scene_needing_vetting() -> None:
    scene = make_scene(security_vetting=True)
    assert grade(make_firm(vetted=False), scene) == 1
    assert grade(make_firm(vetted=False, segments=("T.cv",)), scene) == 1
    assert grade(make_firm(vetted=True), scene) == 3


def test_a_segment_that_partly_serves_a_wanted_one_is_grade_1() -> None:
    scene = make_scene(domain="emergency", wanted_segments=("A.public_security", "E.quadruped"))
    assert grade(make_firm(segments=("E.components",)), scene) == 1
    assert grade(make_firm(segments=("F.data",)), make_scene()) == 1  # data serves large models


def test_unrelated_firm_is_not_graded() -> None:
    assert grade(make_firm(segments=("F.chip", "A.health")), make_scene()) == 0


def test_non_ai_firm_gets_nothing() -> None:
    firm = make_firm(is_ai=False, segments=("X.other",), sector="trade")
    assert SceneIndex([make_scene()]).grades(firm) == []


def test_branch_gets_nothing() -> None:
    firm = make_firm("F0000002", branch_of="F0000001")
    assert SceneIndex([make_scene()]).grades(firm) == []


def test_index_equals_brute_force_reference(scenes: list[Scene]) -> None:
    index = SceneIndex(scenes)
    firms = random_firms(random.Random(5), 400)
    graded = 0
    for firm in firms:
        expected = [(s.scene_id, g) for s in scenes if (g := reference_grade(firm, s)) > 0]
        assert index.grades(firm) == expected, firm
        graded += bool(expected)
    assert graded > 200


def test_segments_that_partly_serve_a_wanted_one_are_upstream_of_it() -> None:
    for wanted, servers in PARTLY_SERVED_BY.items():
        assert set(servers) <= set(CHAIN.segment(wanted).upstream), wanted
    assert {(w, f) for w, servers in PARTLY_SERVED_BY.items() for f in servers} == PARTLY


def test_emergency_scenes_want_the_public_security_segment(scenes: list[Scene]) -> None:
    emergency = [s for s in scenes if s.domain == "emergency"]
    assert emergency and all(s.wanted_segments[0] == "A.public_security" for s in emergency)
