from __future__ import annotations

import math
from dataclasses import replace

import pytest

from scenehub.industry.taxonomy import Chain, Segment
from scenehub.matching.documents import FirmDoc, Match, SceneDoc
from scenehub.matching.index import build_firm_index, build_scene_index
from scenehub.matching.rank import rank_firms_for_scene, rank_scenes_for_firm, score_of
from scenehub.matching.weights import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    TRACK_RECORD_CAP,
    Weights,
    published_method,
)


def serving(chain: Chain, domain: str) -> Segment:
    segment = chain.by_domain(domain)
    assert segment is not None
    return segment


def firm(segment: Segment, firm_id: str, **fields: object) -> FirmDoc:
    """A firm whose capability text uses its segment's keywords."""
    text = "；".join(segment.keywords[:3])
    values: dict[str, object] = {"description": f"一般项目：{text}。", "stage": "0-1"}
    values.update(fields)
    values.setdefault("name", f"{firm_id}{segment.words[0]}有限公司")
    return FirmDoc(id=firm_id, **values)  # type: ignore[arg-type]


def scene_for(segment: Segment, **fields: object) -> SceneDoc:
    values: dict[str, object] = {
        "description": f"希望引入{segment.keywords[0]}和{segment.keywords[1]}能力，开展试点。",
        "stage_preference": "0-1",
    }
    values.update(fields)
    return SceneDoc(id="S1", title=f"{segment.keywords[0]}试点", **values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def policing(chain: Chain) -> Segment:
    return serving(chain, "policing")


@pytest.fixture(scope="module")
def health(chain: Chain) -> Segment:
    return serving(chain, "health")


@pytest.fixture(scope="module")
def firms(policing: Segment, health: Segment) -> list[FirmDoc]:
    return [
        firm(policing, "F1", vetted=True, pilots=3, district="330106"),
        firm(policing, "F2", vetted=False, description=policing.keywords[1] + "，支持私有化部署"),
        firm(policing, "F3", vetted=True, stage="1-100"),
        firm(health, "F4", vetted=True),
        FirmDoc(id="F5", name="鸿兴餐饮管理有限公司", description="餐饮服务；食品经营"),
    ]


def ids(matches: list[Match]) -> list[str]:
    return [m.id for m in matches]


def test_the_firm_of_the_scenes_segment_ranks_first_with_its_reasons(
    firms: list[FirmDoc], health: Segment
) -> None:
    matches = rank_firms_for_scene(scene_for(health), build_firm_index(firms))
    assert ids(matches)[0] == "F4"
    reasons = {r.code: r.params for r in matches[0].reasons}
    assert reasons["segment"]["code"] == health.key
    assert reasons["segment"]["zh"] == health.zh and reasons["segment"]["en"] == health.en
    assert reasons["segment"]["scene_main"] and reasons["segment"]["firm_main"]
    assert health.keywords[0] in reasons["concepts"]["terms"]
    assert reasons["stage"] == {"preference": "0-1", "stage": "0-1", "fit": "fits"}
    assert "F5" not in ids(matches)  # a restaurant shares nothing with the scene


def test_every_score_is_recomputed_from_the_published_weights_and_components(
    firms: list[FirmDoc], policing: Segment, health: Segment
) -> None:
    index = build_firm_index(firms)
    published = {c.name: c.weight for c in published_method()}
    assert published == DEFAULT_WEIGHTS.as_dict()
    assert math.isclose(sum(published.values()), 1.0)
    for weights in (DEFAULT_WEIGHTS, Weights(text=0.7, segment=0.1, stage=0.2)):
        for scene in (scene_for(policing), scene_for(health, on_premise=True, district="330106")):
            for match in rank_firms_for_scene(scene, index, weights=weights):
                assert set(match.components) == set(COMPONENTS)
                assert all(0.0 <= v <= 1.0 for v in match.components.values())
                by_hand = sum(weights.as_dict()[n] * v for n, v in match.components.items())
                assert match.score == round(by_hand, 6) == score_of(match.components, weights)


def test_results_come_best_first_and_ties_go_by_id(firms: list[FirmDoc], chain: Chain) -> None:
    twins = [firm(serving(chain, "education"), i) for i in ("F9", "F7", "F8")]
    matches = rank_firms_for_scene(scene_for(serving(chain, "education")), build_firm_index(twins))
    assert ids(matches) == ["F7", "F8", "F9"]
    assert len({m.score for m in matches}) == 1


def test_a_scene_that_needs_vetting_ranks_only_vetted_firms(
    firms: list[FirmDoc], policing: Segment
) -> None:
    index = build_firm_index(firms)
    open_scene = rank_firms_for_scene(scene_for(policing), index)
    vetted_scene = rank_firms_for_scene(scene_for(policing, security_vetting=True), index)
    assert "F2" in ids(open_scene)
    assert "F2" not in ids(vetted_scene) and {"F1", "F3"} <= set(ids(vetted_scene))
    assert all(any(r.code == "security_vetting" for r in m.reasons) for m in vetted_scene)
    assert all(
        r.params == {"vetted": True}
        for m in vetted_scene
        for r in m.reasons
        if r.code == "security_vetting"
    )


def test_an_unvetted_firm_is_never_recommended_a_scene_that_needs_vetting(
    firms: list[FirmDoc], policing: Segment
) -> None:
    scenes = build_scene_index(
        [
            replace(scene_for(policing), id="S-open"),
            replace(scene_for(policing), id="S-vetted", security_vetting=True),
        ]
    )
    unvetted, vetted = firms[1], firms[0]
    assert ids(rank_scenes_for_firm(unvetted, scenes)) == ["S-open"]
    assert set(ids(rank_scenes_for_firm(vetted, scenes))) == {"S-open", "S-vetted"}


def test_stage_fit_prefers_the_firm_at_the_stage_the_scene_wants(policing: Segment) -> None:
    early, scaling, unknown = (
        firm(policing, "F1", stage="0-1"),
        firm(policing, "F2", stage="1-100"),
        firm(policing, "F3", stage=None),
    )
    index = build_firm_index([early, scaling, unknown])
    wants_early = rank_firms_for_scene(scene_for(policing, stage_preference="0-1"), index)
    assert ids(wants_early) == ["F1", "F3", "F2"]
    assert [m.components["stage"] for m in wants_early] == [1.0, 0.5, 0.0]
    fits = [r.params["fit"] for m in wants_early for r in m.reasons if r.code == "stage"]
    assert fits == ["fits", "unknown", "mismatch"]
    wants_any = rank_firms_for_scene(scene_for(policing, stage_preference="any"), index)
    assert {m.components["stage"] for m in wants_any} == {1.0}


def test_on_premise_scenes_prefer_firms_that_state_private_deployment(
    firms: list[FirmDoc], policing: Segment
) -> None:
    index = build_firm_index(firms)
    matches = {m.id: m for m in rank_firms_for_scene(scene_for(policing, on_premise=True), index)}
    assert matches["F2"].components["constraints"] == 1.0
    assert matches["F1"].components["constraints"] == 0.0
    stated = {
        m.id: r.params["stated"]
        for m in matches.values()
        for r in m.reasons
        if r.code == "on_premise"
    }
    assert stated["F2"] is True and stated["F1"] is False
    without = rank_firms_for_scene(scene_for(policing), index)
    assert {m.components["constraints"] for m in without} == {1.0}


def test_track_record_is_log_scaled_and_capped(policing: Segment) -> None:
    counts = [0, 1, TRACK_RECORD_CAP, TRACK_RECORD_CAP * 10]
    index = build_firm_index([firm(policing, f"F{n}", pilots=n) for n in counts])
    values = {
        m.id: m.components["track_record"] for m in rank_firms_for_scene(scene_for(policing), index)
    }
    assert values["F0"] == 0.0 and 0 < values["F1"] < 1
    assert values[f"F{TRACK_RECORD_CAP}"] == values[f"F{TRACK_RECORD_CAP * 10}"] == 1.0


def test_same_district_counts_when_the_scene_names_one(
    firms: list[FirmDoc], policing: Segment
) -> None:
    index = build_firm_index(firms)
    matches = {m.id: m for m in rank_firms_for_scene(scene_for(policing, district="330106"), index)}
    assert matches["F1"].components["district"] == 1.0
    assert any(r.code == "district" for r in matches["F1"].reasons)
    assert matches["F3"].components["district"] == 0.0


def test_declared_segments_win_over_the_text(
    chain: Chain, policing: Segment, health: Segment
) -> None:
    # A health text, but the registry says the firm does policing.
    declared = firm(health, "F1", segments=(policing.key,))
    matches = rank_firms_for_scene(scene_for(policing), build_firm_index([declared]))
    assert matches and matches[0].components["segment"] == 1.0


def test_wanted_segments_of_a_scene_win_over_its_text(
    firms: list[FirmDoc], policing: Segment, health: Segment
) -> None:
    scene = scene_for(health, wanted_segments=(policing.key,))
    top = rank_firms_for_scene(scene, build_firm_index(firms))[0]
    assert top.id in {"F1", "F2", "F3"} and top.components["segment"] == 1.0


@pytest.mark.parametrize(
    "scene",
    [
        SceneDoc(id="S", title="", description=""),
        SceneDoc(id="S", title="🤖🤖🤖", description="\x00\x01"),
        SceneDoc(id="S", title="食堂菜单", description="每周更新食堂菜单"),
    ],
)
def test_a_scene_without_candidates_gets_an_empty_ranking(
    firms: list[FirmDoc], scene: SceneDoc
) -> None:
    assert rank_firms_for_scene(scene, build_firm_index(firms[:4])) == []


def test_empty_indexes_rank_nothing(policing: Segment) -> None:
    assert rank_firms_for_scene(scene_for(policing), build_firm_index([])) == []
    assert rank_scenes_for_firm(firm(policing, "F1"), build_scene_index([])) == []


def test_top_limits_the_results(firms: list[FirmDoc], policing: Segment) -> None:
    index = build_firm_index(firms)
    assert len(rank_firms_for_scene(scene_for(policing), index, top=2)) == 2
    assert rank_firms_for_scene(scene_for(policing), index, top=0) == []


def test_traditional_and_english_scenes_find_the_same_firm(
    firms: list[FirmDoc], health: Segment
) -> None:
    from opencc import OpenCC

    index = build_firm_index(firms)
    simplified = scene_for(health)
    traditional = SceneDoc(
        id="S2",
        title=OpenCC("s2t.json").convert(simplified.title),
        description=OpenCC("s2t.json").convert(simplified.description),
    )
    english = SceneDoc(id="S3", title=f"A pilot of {health.en}", description=health.en)
    for scene in (simplified, traditional, english):
        assert ids(rank_firms_for_scene(scene, index))[0] == "F4", scene.id


def test_scenes_for_a_firm_best_first_with_the_same_reasons(
    firms: list[FirmDoc], policing: Segment, health: Segment
) -> None:
    scenes = build_scene_index(
        [
            replace(scene_for(policing), id="S-police"),
            replace(scene_for(health), id="S-health"),
            SceneDoc(id="S-canteen", title="食堂菜单", description="每周更新食堂菜单"),
        ]
    )
    matches = rank_scenes_for_firm(firms[3], scenes)
    assert ids(matches) == ["S-health"]
    assert matches[0].reasons[0].code == "segment"
    assert matches[0].score == score_of(matches[0].components)


def test_weights_outside_zero_to_one_are_refused() -> None:
    with pytest.raises(ValueError, match="text"):
        Weights(text=1.5)


def test_a_branch_is_left_out_when_its_head_office_is_listed(policing: Segment) -> None:
    head = firm(policing, "F1", name="云图安防科技有限公司")
    branch = firm(policing, "F2", name="云图安防科技有限公司西湖分公司")
    lone_branch = firm(policing, "F3", name="华图智能技术有限公司杭州分公司")
    matches = rank_firms_for_scene(
        scene_for(policing), build_firm_index([head, branch, lone_branch])
    )
    assert ids(matches) == ["F1", "F3"]


def test_a_scene_in_english_meets_chinese_firms_through_its_domain(
    firms: list[FirmDoc], health: Segment
) -> None:
    scene = SceneDoc(id="S", title="A pilot at a hospital", description="", domain="health")
    matches = rank_firms_for_scene(scene, build_firm_index(firms))
    assert ids(matches)[0] == "F4" and matches[0].components["text"] > 0


def test_among_many_equal_scores_the_smallest_ids_make_the_cut(chain: Chain) -> None:
    education = serving(chain, "education")
    many = [firm(education, f"F{n:03d}") for n in reversed(range(60))]
    matches = rank_firms_for_scene(scene_for(education), build_firm_index(many), top=5)
    assert ids(matches) == ["F000", "F001", "F002", "F003", "F004"]


def test_a_firm_sharing_only_common_words_gets_no_recommendation(
    firms: list[FirmDoc], health: Segment
) -> None:
    filler = [
        SceneDoc(id=f"S{n:02d}", title=f"第{n}号园区管理", description="提升园区管理水平")
        for n in range(40)
    ]
    scenes = build_scene_index([*filler, replace(scene_for(health), id="S-health")])
    restaurant = firms[4]  # 鸿兴餐饮管理: only 管理 in common, and most scenes say it
    assert rank_scenes_for_firm(restaurant, scenes) == []
    assert rank_scenes_for_firm(firms[3], scenes)[0].id == "S-health"
