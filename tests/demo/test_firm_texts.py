"""How the generated firms describe themselves: styles at their rates, English profiles,
distractors off the chain, generic scopes, and texts that are not the taxonomy's keywords."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from scenehub.demo import firm_phrases, firm_texts
from scenehub.demo.config import load_city
from scenehub.demo.firms import FirmGenerator
from scenehub.demo.model import Firm
from scenehub.industry.taxonomy import OTHER, load_chain

CITY = load_city()
CHAIN = load_chain()
FIRMS = 6000
FACTS = firm_texts.FirmFacts(
    "杭州云图智能科技有限公司", "云图", "滨江区", "Binjiang", "杭州", "Hangzhou", "浙江", 2019
)


@pytest.fixture(scope="module")
def generated() -> tuple[list[Firm], Counter[str]]:
    generator = FirmGenerator(CITY, CHAIN, seed=7)
    return list(generator.generate(FIRMS)), generator.text_counts


def described(firms: list[Firm]) -> list[Firm]:
    """The AI firms that describe a capability (branches do not)."""
    return [f for f in firms if f.is_ai and not f.is_branch]


def within(count: int, total: int, rate: float) -> bool:
    """``count`` of ``total`` is ``rate`` within four standard deviations (a fixed seed, so
    this never flickers; it fails only when the generator stops honouring its rate)."""
    return abs(count / total - rate) <= 4 * math.sqrt(rate * (1 - rate) / total)


def test_style_rates_are_declared_and_sum_to_one() -> None:
    assert set(firm_texts.STYLE_RATES) == {
        "pitch",
        "customers",
        "marketing",
        "specs",
        "news",
        "english",
        "short",
    }
    assert math.isclose(sum(firm_texts.STYLE_RATES.values()), 1.0)


def test_each_style_is_drawn_at_its_rate(generated: tuple[list[Firm], Counter[str]]) -> None:
    firms, counts = generated
    ai = described(firms)
    assert sum(counts[style] for style in firm_texts.STYLE_RATES) == len(ai)
    for style, rate in firm_texts.STYLE_RATES.items():
        assert within(counts[style], len(ai), rate), (style, counts[style], len(ai))


def test_english_profiles_appear_with_an_english_name(
    generated: tuple[list[Firm], Counter[str]],
) -> None:
    firms, counts = generated
    ai = described(firms)
    english = [f for f in ai if sum(ch.isascii() for ch in f.capability) > 0.7 * len(f.capability)]
    assert len(english) == counts["english"]
    assert within(len(english), len(ai), firm_texts.STYLE_RATES["english"])
    named = [f for f in english if any(w.istitle() for w in f.capability.split()[1:3])]
    assert len(named) > len(english) / 3  # "Yuntu Robotics is a Hangzhou-based company …"


def test_short_lines_are_short(generated: tuple[list[Firm], Counter[str]]) -> None:
    firms, counts = generated
    texts = [firm_texts.describe(random.Random(i), ("T.cv",), FACTS) for i in range(2000)]
    lengths = [len(t.text) for t in texts if t.kind == "short"]
    assert min(lengths) >= firm_texts.SHORT_MIN and max(lengths) < firm_texts.SHORT_LIMIT
    assert all(len(f.capability) >= firm_texts.SHORT_MIN for f in firms if f.capability)
    short = [f for f in described(firms) if len(f.capability) < firm_texts.SHORT_LIMIT]
    assert len(short) >= counts["short"]
    # other styles run longer, though not all of them
    assert sum(len(t.text) for t in texts if t.kind != "short") > 60 * (len(texts) - len(short))


def test_distractors_are_ordinary_firms_in_the_truth(
    generated: tuple[list[Firm], Counter[str]],
) -> None:
    firms, counts = generated
    ordinary = [f for f in firms if not f.is_ai and not f.is_branch]
    distractors = [f for f in firms if not f.is_ai and f.capability]
    assert distractors and len(distractors) == counts["distractor"]
    assert all(f.segments == (OTHER,) and f.sector and not f.is_branch for f in distractors)
    assert within(len(distractors), len(ordinary), firm_texts.DISTRACTOR_SHARE)
    lines = {kind.kind: kind.lines for kind in firm_phrases.DISTRACTORS}
    kinds = {
        kind
        for f in distractors
        for kind, texts in lines.items()
        if any(text.split("{")[0] in f.capability for text in texts)
    }
    assert len(kinds) >= 8  # a design studio, a vacuum shop, a CCTV installer …


def test_a_distractor_fits_its_sector() -> None:
    for sector in CHAIN.sectors:
        text, item = firm_texts.distractor(random.Random(sector.key), sector.key, FACTS)
        kind = next(d for d in firm_phrases.DISTRACTORS if d.kind == text.kind)
        assert sector.key in kind.sectors and item in kind.scope


def test_some_ai_firms_keep_a_generic_scope(generated: tuple[list[Firm], Counter[str]]) -> None:
    firms, counts = generated
    ai = [f for f in firms if f.is_ai]
    telling = firm_texts.telling_scope_items()

    def telling_items(scope: str) -> int:
        body = scope.removeprefix("一般项目：").split("（除依法")[0]
        return sum(item in telling for item in body.split("；"))

    generic = [f for f in ai if telling_items(f.business_scope) <= 1]
    assert len(generic) == counts["generic_scope"]
    assert within(len(generic), len(ai), firm_texts.GENERIC_SCOPE_SHARE)
    assert not telling & set(firm_phrases.GENERIC_SCOPE_ITEMS)
    assert all(f.business_scope.startswith("一般项目：") for f in firms)


def test_descriptions_are_not_dominated_by_taxonomy_keywords(
    generated: tuple[list[Firm], Counter[str]],
) -> None:
    ai = described(generated[0])

    def has_keyword(firm: Firm) -> bool:
        keywords = {k for code in firm.segments for k in CHAIN.segment(code).keywords}
        return any(k in firm.capability for k in keywords)

    assert sum(map(has_keyword, ai)) < len(ai) / 3


def test_no_template_is_recognisable(generated: tuple[list[Firm], Counter[str]]) -> None:
    texts = [f.capability for f in described(generated[0])]
    assert len(set(texts)) > 0.97 * len(texts)
    for length, limit in ((2, 0.2), (4, 0.05), (8, 0.03)):
        opening, count = Counter(t[:length] for t in texts).most_common(1)[0]
        assert count < limit * len(texts), (opening, count)


@pytest.mark.parametrize("code", [s.key for s in CHAIN.ai_segments])
def test_every_ai_segment_has_its_words_and_every_slot_fills(code: str) -> None:
    bank = firm_phrases.BANKS[code]
    for words in (bank.products, bank.does, bank.customers, bank.proofs, bank.specs):
        assert len(words) >= 4, code
    assert len(bank.scope) >= 4 and bank.en_products and bank.en_does and bank.en_names
    for i in range(60):
        text = firm_texts.describe(random.Random(i), (code,), FACTS).text
        assert text and "{" not in text and "}" not in text, text


def test_a_chain_segment_without_words_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(firm_phrases.BANKS, "A.legal")
    with pytest.raises(ValueError, match=r"missing \['A.legal'\]"):
        FirmGenerator(CITY, CHAIN, seed=1)
