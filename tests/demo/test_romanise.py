"""English and pinyin renderings of firm names."""

from __future__ import annotations

import random

from scenehub.demo import romanise


def test_an_english_name_translates_the_industry_word_and_spells_the_trade_name() -> None:
    name = romanise.english_name("杭州", "云图", "智能科技", "有限公司", random.Random(1))
    assert name.startswith("Hangzhou Yuntu Intelligent Technology ")
    assert name.removeprefix("Hangzhou Yuntu Intelligent Technology ") in (
        "Co., Ltd.",
        "Co., Limited",
        "Ltd.",
    )


def test_a_branch_ends_in_branch() -> None:
    rng = random.Random(1)
    assert romanise.english_name("", "星河", "网络科技", "有限公司第二分公司", rng).endswith(
        "Second Branch"
    )
    assert romanise.english_name("上海", "云图", "机器人科技", "有限公司杭州分公司", rng).endswith(
        "Hangzhou Branch"
    )


def test_unknown_words_go_by_their_sound() -> None:
    assert romanise.english_words("装饰工程") == "Decoration Engineering"
    assert romanise.english_words("芯软科技") == "Xinruan Technology"


def test_a_pinyin_name_is_written_word_by_word() -> None:
    assert (
        romanise.pinyin_name("杭州", "云图", "智能科技", "有限责任公司")
        == "Hangzhou Yuntu Zhineng Keji Youxian Zeren Gongsi"
    )
    assert romanise.pinyin_name("", "云图", "机器人科技", "有限公司滨江分公司") == (
        "Yuntu Jiqiren Keji Youxian Gongsi Binjiang Fengongsi"
    )
