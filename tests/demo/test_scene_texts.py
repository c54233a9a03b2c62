"""Scene templates: the slot syntax fills as documented, and every template has several
wordings of what is wanted, of the pain points and of the background."""

from __future__ import annotations

import random
import re

import pytest

from scenehub.demo import scene_texts_extra as extra
from scenehub.demo.scene_texts import NeedTemplate, fill_slots, title_pattern
from scenehub.demo.scenes import TEMPLATES

SLOTS = {
    "district": "西湖区",
    "street": "文新街道",
    "road": "文一路",
    "city": "杭州市",
    "prev_year": "2024",
    "district_en": "Xihu District",
    "city_en": "Hangzhou",
}
ALL_TEMPLATES: list[NeedTemplate] = [
    *(template for templates in TEMPLATES.values() for template in templates),
    *extra.ENGLISH.values(),
    *(template for _, _, template in extra.CROSS_DEPARTMENT),
    *(template for pair in extra.DUPLICATE_NEEDS for _, template in pair),
]


def fill(text: str, seed: int = 1) -> str:
    return fill_slots(random.Random(seed), SLOTS, text)


def test_names_and_numbers_are_filled() -> None:
    text = fill("{district}{street}约{n:100-200}人")
    assert re.fullmatch(r"西湖区文新街道约1\d\d人", text)


def test_an_alternative_may_hold_slots_of_its_own() -> None:
    outcomes = {fill("{在{district}约{n:10-20}处|全市}", seed) for seed in range(30)}
    assert "全市" in outcomes
    assert any(re.fullmatch(r"在西湖区约[12]\d处", o) for o in outcomes)
    assert not any("{" in o or "}" in o for o in outcomes)


def test_an_empty_alternative_makes_a_sentence_optional() -> None:
    outcomes = {fill("甲。{乙。|}", seed) for seed in range(30)}
    assert outcomes == {"甲。", "甲。乙。"}


def test_a_shuffle_keeps_every_part_once_in_some_order() -> None:
    outcomes = {fill("{~甲。|乙。|{丙|丁}。}", seed) for seed in range(60)}
    assert all(sorted(o) == sorted(o[:2] + o[2:]) and len(o) == 6 for o in outcomes)
    assert all("甲。" in o and "乙。" in o for o in outcomes)
    assert {o[:2] for o in outcomes} >= {"甲。", "乙。"}
    assert any("丙" in o for o in outcomes) and any("丁" in o for o in outcomes)


@pytest.mark.parametrize("text", ["{district", "district}", "{a|{b}", "{a|b}}"])
def test_unbalanced_braces_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        fill(text)


def test_every_template_fills_without_leftover_braces() -> None:
    for template in ALL_TEMPLATES:
        for seed in range(5):
            for text in (template.background, template.pain_points, template.wanted):
                filled = fill(text, seed)
                assert "{" not in filled and "}" not in filled, template.title


@pytest.mark.parametrize("field", ["wanted", "pain_points", "background"])
def test_every_template_has_several_wordings(field: str) -> None:
    """Besides its numbers, a repeated need reads differently."""
    for template in ALL_TEMPLATES:
        text = getattr(template, field)
        wordings = {re.sub(r"\d+", "#", fill(text, seed)) for seed in range(40)}
        assert len(wordings) >= 2, template.title


def test_titles_keep_flat_slots_and_match_their_pattern() -> None:
    for template in ALL_TEMPLATES:
        pattern = title_pattern(template.title)
        for seed in range(5):
            assert pattern.fullmatch(fill(template.title, seed)), template.title
