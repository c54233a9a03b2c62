"""How firms describe themselves: capability texts and business scopes (pure: no I/O).

A firm's capability text is written in one of several styles drawn at ``STYLE_RATES`` from
phrase banks in the trade's own words: for each AI chain segment, product nouns, what-it-does
clauses, customer types, proof points (pilots, numbers, certificates), technical figures and
the registry items of its business scope (经营范围), and a smaller English set. Openings,
sentence order and the number of sentences vary, so no template is recognisable; a firm's
secondary segments lend it customers and products now and then.

Some ordinary firms read like AI firms (``DISTRACTOR_SHARE``: a 视觉 design studio, a
robot-vacuum shop, a CCTV installer …) and some AI firms keep the generic scope a registry
clerk types (``GENERIC_SCOPE_SHARE``), so that a classifier cannot learn the generator.

Phrases carry slots: ``{3-20}`` a number in that range, ``{a/b/c}`` one of the words,
``{place}`` / ``{place_en}`` the firm's district, ``{city}`` / ``{city_en}`` its city.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from scenehub.demo.firm_phrases import (
    ASKS,
    BANKS,
    DEPLOY,
    DISTRACTORS,
    EN_PROOFS,
    EXPOS,
    GENERIC_SCOPE_ITEMS,
    NEXT,
    PERMIT_TAIL,
    PINYIN,
    PROOFS,
    ROUNDS,
    SCOPE_HEAD,
    SCOPE_TAIL,
    TEAM,
    VAGUE,
    Bank,
    Text,
)

# Share of AI firms' capability texts written in each style (they sum to 1).
STYLE_RATES: dict[str, float] = {
    "pitch": 0.22,  # a start-up pitch: 我们做…
    "customers": 0.22,  # told through customers and projects
    "marketing": 0.15,  # vague marketing with one concrete phrase
    "specs": 0.15,  # technical figures
    "news": 0.12,  # a news brief about the firm
    "english": 0.06,  # an English profile, with an English name variant
    "short": 0.08,  # one short line (SHORT_MIN to SHORT_LIMIT - 1 characters)
}
SHORT_LIMIT = 40
SHORT_MIN = 10  # the capability registry takes no shorter description (firms/schemas.py)
DISTRACTOR_SHARE = 0.03  # of ordinary (X.other, not branch) firms: an AI-sounding text
GENERIC_SCOPE_SHARE = 0.15  # of AI firms: a generic scope, at most one telling item
_SLOT = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class FirmFacts:
    """What a text may say about the firm itself."""

    name: str
    brand: str
    district: str
    district_en: str
    city: str  # 杭州
    city_en: str
    province: str  # 浙江
    founded: int


def describe(rng: random.Random, segments: tuple[str, ...], facts: FirmFacts) -> Text:
    """An AI firm's capability text, in a style drawn at ``STYLE_RATES``."""
    style = rng.choices(_STYLES, _STYLE_WEIGHTS)[0]
    words = _Words(rng, BANKS[segments[0]], tuple(BANKS[s] for s in segments[1:]))
    return Text(style, _COMPOSERS[style](words, facts))


def distractor(rng: random.Random, sector: str | None, facts: FirmFacts) -> tuple[Text, str]:
    """An ordinary firm's text that sounds like an AI trade, and its telling scope item."""
    fits = [d for d in DISTRACTORS if sector in d.sectors] or list(DISTRACTORS)
    chosen = rng.choice(fits)
    lines = rng.sample(chosen.lines, rng.randint(2, min(4, len(chosen.lines))))
    text = _join(rng, lines) if rng.random() < 0.5 else "，".join(lines) + "。"
    return Text(chosen.kind, _fill(rng, text, facts)), rng.choice(chosen.scope)


def ai_scope(rng: random.Random, segments: tuple[str, ...]) -> tuple[bool, str]:
    """An AI firm's business scope and whether it is a generic one (``GENERIC_SCOPE_SHARE``):
    a generic scope lists at most one item that tells the trade."""
    main = BANKS[segments[0]]
    generic = rng.random() < GENERIC_SCOPE_SHARE
    extras = rng.sample(GENERIC_SCOPE_ITEMS, rng.randint(2, 5) if generic else rng.randint(1, 3))
    if generic:
        telling = [rng.choice(main.scope)] if rng.random() < 0.5 else []
    else:
        pool = list(
            dict.fromkeys([*main.scope, *(i for s in segments[1:] for i in BANKS[s].scope)])
        )
        telling = rng.sample(main.scope, 2) + rng.sample(pool, rng.randint(0, 2))
        telling = list(dict.fromkeys(telling))
    items = [*telling, *extras]
    rng.shuffle(items)
    if generic or rng.random() < 0.9:  # the clerk's habit: the technical services first
        items.insert(0, SCOPE_HEAD)
    scope = "一般项目：" + "；".join(items) + SCOPE_TAIL
    if main.permits and not generic and rng.random() < 0.35:
        scope += "许可项目：" + "；".join(rng.sample(main.permits, 1)) + PERMIT_TAIL
    elif rng.random() < 0.1:
        scope += "许可项目：第二类增值电信业务" + PERMIT_TAIL
    return generic, scope


def telling_scope_items() -> frozenset[str]:
    """Every scope item that tells an AI trade."""
    return frozenset(item for bank in BANKS.values() for item in bank.scope)


@dataclass(frozen=True)
class _Words:
    """What one description draws on: its main segment's bank, and now and then a secondary
    segment's (a vision firm naming its police customers)."""

    rng: random.Random
    main: Bank
    others: tuple[Bank, ...]

    def bank(self, share: float) -> Bank:
        if self.others and self.rng.random() < share:
            return self.rng.choice(self.others)
        return self.main

    def product(self) -> str:
        return self.rng.choice(self.bank(0.2).products)

    def does(self) -> str:
        return self.rng.choice(self.bank(0.2).does)

    def customer(self) -> str:
        return self.rng.choice(self.bank(0.3).customers)

    def proof(self, any_firm: float = 0.25) -> str:
        """A proof point of the trade, or (at ``any_firm``) one any firm may claim."""
        if self.rng.random() < any_firm:
            return self.rng.choice(PROOFS)
        return self.rng.choice(self.bank(0.2).proofs)

    def two(self, draw: Callable[[], str]) -> tuple[str, str]:
        first, second = draw(), draw()
        return first, second if second != first else draw()


def _pitch(w: _Words, facts: FirmFacts) -> str:
    rng = w.rng
    product, product2 = w.two(w.product)
    does, does2 = w.two(w.does)
    opening = rng.choice(
        (
            f"我们做{product}。",
            f"我们是做{product}的，{does}。",
            f"我们做的事情很简单：{does}。",
            f"一句话介绍：我们{does}。",
            f"从{facts.founded}年开始，我们一直在做{product}。",
            f"{facts.brand}团队做{product}。",
            f"简单说，我们{does}。",
            f"我们想{does}。",
            f"说白了，我们{does}。",
            f"{product}是我们的主业。",
            f"我们团队在做{product}，{does}。",
            f"{{先介绍一下/介绍下}}，{facts.brand}做的是{product}。",
        )
    )
    customer, proof = w.customer(), w.proof()
    body = [
        rng.choice((f"主打产品是{product2}", f"另一条产品线是{product2}", f"手上还有{product2}")),
        rng.choice((f"我们还能{does2}", f"除此之外，也{does2}", f"平时更多是{does2}")),
        rng.choice(
            (
                f"客户主要是{customer}",
                f"现在用得最多的是{customer}",
                f"{customer}是我们最早的一批客户",
            )
        ),
        rng.choice((f"目前{proof}", proof, f"成绩方面，{proof}")),
        rng.choice(TEAM),
        rng.choice(ASKS),
    ]
    chosen = rng.sample(body, rng.randint(2, 4))
    return _fill(rng, opening + "".join(f"{s}。" for s in chosen), facts)


def _customers(w: _Words, facts: FirmFacts) -> str:
    rng = w.rng
    first, second = w.two(w.customer)
    since = min(facts.founded + 1, 2026)
    product, year = w.product(), rng.randint(since, max(since, 2025))
    opening = rng.choice(
        (
            f"{{服务过的客户/我们的客户/老客户}}包括{first}、{second}等。",
            f"合作过的单位有{first}，也有{second}。",
            f"客户里{first}最多，其次是{second}。",
            f"这几年做下来，{first}和{second}是两类主要客户。",
            f"{year}年起，先后为{first}、{second}提供{product}。",
            f"典型案例：{{place}}某{first}的{product}项目。",
            f"公司的客户以{first}为主，也有不少{second}。",
            f"在{{place}}，{first}用上了我们的{product}。",
            f"我们的{product}主要卖给{first}。",
        )
    )
    does, proof = w.does(), w.proof()
    body = [
        rng.choice((f"项目里我们负责{does}", f"具体来说，就是{does}")),
        rng.choice((proof, f"目前{proof}")),
        rng.choice(
            ("客户续约率{80-96}%", "老客户复购占收入一半以上", "新项目大多是老客户介绍来的")
        ),
        f"另一个案例在{second}：{w.proof(any_firm=0)}",
        rng.choice(DEPLOY),
    ]
    chosen = rng.sample(body, rng.randint(2, 3))
    return _fill(rng, opening + "".join(f"{s}。" for s in chosen), facts)


def _marketing(w: _Words, facts: FirmFacts) -> str:
    rng = w.rng
    concrete = rng.choice(
        (
            lambda: f"核心产品{w.product()}",
            lambda: f"旗下{w.product()}",
            w.proof,
            lambda: f"已为{w.customer()}提供服务",
        )
    )()
    parts = [*rng.sample(VAGUE, rng.randint(1, 3)), concrete]
    rng.shuffle(parts)
    subject = rng.choice(
        (
            f"{facts.name}成立于{facts.founded}年，",
            f"{facts.name}",
            f"{facts.brand}",
            "公司",
            "我们",
            "多年来，公司",
            "自成立以来，我们",
            f"公司立足{facts.city}、面向全国，",
            f"作为{facts.city}本土的科技企业，我们",
            "",
        )
    )
    return _fill(rng, subject + _join(rng, parts), facts)


def _specs(w: _Words, facts: FirmFacts) -> str:
    rng = w.rng
    product = w.product()
    specs = rng.sample(w.main.specs, min(len(w.main.specs), rng.randint(2, 3)))
    marks = rng.choice(("{}.", "（{}）", "{}、"))
    numbered = "；".join(marks.format(i) + spec for i, spec in enumerate(specs, 1))
    text = rng.choice(
        (
            f"{product}：{'；'.join(specs)}。",
            f"主要产品为{product}，{'，'.join(specs)}。",
            f"{{技术指标/关键参数/性能指标/主要参数}}：{numbered}。",
            f"{w.does()}。{product}的主要指标：{'，'.join(specs)}。",
            f"{{产品参数/参数一览/规格}}——{'；'.join(specs)}。{w.proof()}。",
            f"{product}，{'，'.join(specs)}。{w.proof()}。",
        )
    )
    if rng.random() < 0.5:
        text += rng.choice(DEPLOY) + "。"
    return _fill(rng, text, facts)


def _news(w: _Words, facts: FirmFacts) -> str:
    rng = w.rng
    product, month, day = w.product(), rng.randint(1, 12), rng.randint(1, 28)
    stage, amount = rng.choice(ROUNDS)
    lead = rng.choice(
        (
            f"{{近日/日前/本月}}，{facts.name}完成{amount}{stage}融资，资金将主要用于{product}的研发和市场拓展。",
            f"{month}月{day}日，{facts.name}与{w.customer()}签署战略合作协议，双方将围绕{product}开展合作。",
            f"记者从{{place}}{{/科技局/经信局}}获悉，{facts.brand}研发的{product}日前{{正式发布/通过验收/投入使用}}。",
            f"{{【{facts.city}讯】/}}{{在刚刚闭幕的/在日前举行的/}}{rng.choice(EXPOS)}上，"
            f"{facts.name}{{展出了/发布了/带来了}}{product}。",
            f"{month}月，{facts.brand}的{product}项目入选{facts.province}人工智能场景应用示范名单。",
        )
    )
    follow = [
        f"据介绍，该公司{w.does()}",
        f"目前，{w.proof()}",
        f"公司负责人表示，下一步将{rng.choice(NEXT)}",
    ]
    chosen = rng.sample(follow, rng.randint(1, 2))
    return _fill(rng, lead + "".join(f"{s}。" for s in chosen), facts)


def _english(w: _Words, facts: FirmFacts) -> str:
    rng = w.rng
    name = _english_name(facts.brand, rng.choice(w.main.en_names))
    product = rng.choice(w.bank(0.2).en_products)
    customer = rng.choice(w.bank(0.3).en_customers)
    does = rng.choice(w.main.en_does)
    proof = rng.choice(EN_PROOFS)
    text = rng.choice(
        (
            f"{name} is a {facts.city_en}-based company that {does}. "
            f"{customer[0].upper()}{customer[1:]} use its {product}. {proof}",
            f"Founded in {facts.founded} in {facts.district_en}, {facts.city_en}, "
            f"{name} {does}. {proof}",
            f"{name} ({facts.name}) makes {product} for {customer}. {proof}",
            f"{product[0].upper()}{product[1:]} for {customer}: {name} {does}. {proof}",
            f"We offer {product}. Our customers are mostly {customer}. {proof}",
        )
    )
    return _fill(rng, text, facts)


def _short(w: _Words, facts: FirmFacts) -> str:
    rng = w.rng
    product, customer, does = w.product(), w.customer(), w.does()
    options = [
        f"{product}研发与销售",
        f"专注{product}",
        f"{product}，{customer}在用",
        f"{customer}的{product}供应商",
        f"做{product}的",
        f"{facts.brand}{product}",
        f"{product}｜{customer}",
        does,
        f"我们{does}",
    ]
    rng.shuffle(options)
    for option in options:
        text = _fill(rng, option, facts)
        if SHORT_MIN <= len(text) < SHORT_LIMIT:
            return text
    return f"主要做{product}的研发和销售"[: SHORT_LIMIT - 1]


_COMPOSERS: dict[str, Callable[[_Words, FirmFacts], str]] = {
    "pitch": _pitch,
    "customers": _customers,
    "marketing": _marketing,
    "specs": _specs,
    "news": _news,
    "english": _english,
    "short": _short,
}
_STYLES = tuple(STYLE_RATES)
_STYLE_WEIGHTS = tuple(STYLE_RATES.values())


def _english_name(brand: str, suffix: str) -> str:
    """云图 + Robotics → Yuntu Robotics; the Chinese brand if a character has no sound here."""
    sounds = [PINYIN.get(ch) for ch in brand]
    if not all(sounds):
        return f"{brand} {suffix}"
    return "".join(s or "" for s in sounds).capitalize() + " " + suffix


def _join(rng: random.Random, parts: list[str]) -> str:
    """Clauses joined into one or two sentences."""
    if len(parts) > 2 and rng.random() < 0.5:
        cut = rng.randint(1, len(parts) - 1)
        return "，".join(parts[:cut]) + "。" + "，".join(parts[cut:]) + "。"
    return "，".join(parts) + "。"


def _round_number(value: int, high: int) -> int:
    """Two significant digits when the range is wide, as firms round (约4800, not 4757)."""
    if high < 100:
        return value
    return max(1, round(value, 2 - len(str(value))))


def _fill(rng: random.Random, text: str, facts: FirmFacts) -> str:
    """Fill the slots of ``text`` (see the module docstring)."""
    named = {
        "place": facts.district,
        "place_en": facts.district_en,
        "city": facts.city,
        "city_en": facts.city_en,
        "province": facts.province,
    }

    def one(match: re.Match[str]) -> str:
        token: str = match.group(1)
        if token in named:
            return named[token]
        if "/" in token:
            return rng.choice(token.split("/"))
        low, _, high = token.partition("-")
        return str(_round_number(rng.randint(int(low), int(high)), int(high)))

    return _SLOT.sub(one, text) if "{" in text else text
