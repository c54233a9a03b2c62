"""Firm and person names, and the ways departments write firm names."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from scenehub.demo import names

NAME = "杭州云图智能科技有限公司"


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("omit_legal_form", NAME, "杭州云图智能科技"),
        ("omit_legal_form", "杭州云图智能科技股份有限公司", "杭州云图智能科技"),
        (
            "legal_form",
            "杭州云图智能科技有限公司滨江分公司",
            "杭州云图智能科技有限责任公司滨江分公司",
        ),
        ("legal_form", "杭州云图智能科技股份有限公司", None),
        (
            "insert_region",
            "杭州云图智能科技有限公司第二分公司",
            "云图智能科技（杭州）有限公司第二分公司",
        ),
        ("drop_region", "云图智能科技（杭州）有限公司", "云图智能科技有限公司"),
    ],
)
def test_name_variants(kind: str, name: str, expected: str | None) -> None:
    assert names.name_variant(name, "杭州", kind, random.Random(1)) == expected


def test_a_typo_changes_one_character_of_the_trade_name_or_industry_word() -> None:
    rng = random.Random(3)
    typos = Counter(names.typo(NAME, "云图", "智能科技", rng) for _ in range(400))
    assert "杭州云图智能科枝有限公司" in typos  # 科技 → 科枝
    assert "杭州芸图智能科技有限公司" in typos  # a homophone in the trade name
    for typo in typos:
        assert typo is not None
        changed = [i for i, (a, b) in enumerate(zip(NAME, typo, strict=True)) if a != b]
        assert len(changed) == 1 and 2 <= changed[0] < 8


def test_no_typo_without_a_confusable_character() -> None:
    assert names.typo("杭州乙丙丁戊有限公司", "乙丙", "丁戊", random.Random(1)) is None


def test_a_long_name_is_cut_at_the_limit() -> None:
    long = "杭州云图智能科技发展有限责任公司滨江分公司"
    assert names.truncated(long, 20) == long[:20]
    assert names.truncated(NAME, 20) is None


def test_spaces_are_ideographic_or_ascii_and_the_name_stays_the_same_otherwise() -> None:
    rng = random.Random(2)
    spaced = {names.with_spaces(NAME, "杭州", rng) for _ in range(200)}
    assert any("\u3000" in s for s in spaced) and any(" " in s for s in spaced)
    assert {
        "杭州\u3000云图智能科技有限公司",
        "杭州云图智能科技\u3000有限公司",
        NAME + "\u3000",
    } <= spaced
    assert all(s.replace("\u3000", "").replace(" ", "") == NAME for s in spaced)


def test_trade_names_have_distinct_characters_of_the_asked_length() -> None:
    rng = random.Random(4)
    for length in (2, 3, 4):
        brand = names.brand(rng, length)
        assert len(brand) == length == len(set(brand))


def test_every_confusion_is_in_gbk_as_the_department_files_are() -> None:
    text = "".join(names.HOMOPHONES.values()) + "".join(names.WORD_TYPOS.values())
    text += names.IDEOGRAPHIC_SPACE + "０１２３４５６７８９（）"
    text.encode("gbk")  # raises if a character is missing
    assert all(a != b for a, b in names.WORD_TYPOS.items())


def test_common_person_names_are_among_the_legal_reps() -> None:
    rng = random.Random(5)
    assert names.common_person_name(rng) in names.COMMON_PERSON_NAMES
    assert len(set(names.COMMON_PERSON_NAMES)) == len(names.COMMON_PERSON_NAMES) >= 20
