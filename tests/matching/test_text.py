from __future__ import annotations

import pytest

from scenehub.matching.text import MAX_TEXT_CHARS, Analyzer, cjk_bigrams, normalise


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(["视频结构化", "AI芯片"])


def test_traditional_characters_become_simplified() -> None:
    assert normalise("圖像識別與語音辨識") == "图像识别与语音辨识"


def test_full_width_letters_and_digits_become_half_width_and_lower_case() -> None:
    assert normalise("ＡＩ芯片　３Ｄ重建") == "ai芯片 3d重建"


def test_emoji_punctuation_and_control_characters_become_spaces() -> None:
    assert normalise("机器人🤖🚓！巡检\x00\u200b无人机…") == "机器人 巡检 无人机"


@pytest.mark.parametrize("empty", ["", None, "   ", "🤖🤖", "\x00\x01"])
def test_empty_or_symbol_only_text_analyses_to_nothing(
    analyzer: Analyzer, empty: str | None
) -> None:
    analysis = analyzer.analyze(empty)
    assert analysis.words == () and analysis.bigrams == ()


def test_a_huge_description_is_cut_to_the_documented_maximum(analyzer: Analyzer) -> None:
    huge = "视频结构化目标检测" * 100_000
    assert len(normalise(huge)) == MAX_TEXT_CHARS
    assert "视频结构化" in analyzer.analyze(huge).words


def test_domain_dictionary_words_stay_whole(analyzer: Analyzer) -> None:
    words = analyzer.analyze("提供視頻結構化能力，边缘侧采用国产AI芯片").words
    assert "视频结构化" in words and "ai芯片" in words


def test_function_words_single_characters_and_bare_numbers_are_not_words(
    analyzer: Analyzer,
) -> None:
    words = analyzer.analyze("我们的系统和平台在2025年上线").words
    assert not {"我们", "的", "和", "在", "2025"} & set(words)
    assert "系统" in words


def test_english_is_lower_cased_and_plurals_folded(analyzer: Analyzer) -> None:
    words = analyzer.analyze("Drones and Robots for the Analysis of Chips").words
    assert words == ("drone", "robot", "analysis", "chip")


def test_mixed_scripts_keep_each_part(analyzer: Analyzer) -> None:
    words = analyzer.analyze("基于LLM的智能客服 chatbot，支持5G").words
    assert {"llm", "chatbot", "5g", "智能"} <= set(words)


def test_bigrams_cover_every_chinese_run() -> None:
    assert cjk_bigrams("城管 ai巡查") == ["城管", "巡查"]
    assert cjk_bigrams("智慧城管") == ["智慧", "慧城", "城管"]
    assert cjk_bigrams("一 abc") == ["一"]


def test_other_scripts_do_not_crash(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("한국어 日本語のテキスト Ελληνικά 𠀀")
    assert analysis.words  # segmented somehow, and nothing raised
