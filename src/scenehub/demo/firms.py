"""The city's firms, generated one at a time (pure: no I/O).

Firm ``i`` is drawn from its own random stream ``(seed, i)``. What is kept across firms is a
short tuple per firm, so names stay unique and branches and look-alikes can refer to
earlier firms; a million firms keep a few hundred MB.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from scenehub.demo import firm_phrases, firm_texts, names, places
from scenehub.demo.config import CityConfig, District
from scenehub.demo.model import STAGE_EARLY, STAGE_SCALE, TODAY, Firm
from scenehub.industry.taxonomy import OTHER, Chain
from scenehub.integration.uscc import ALPHABET, make_uscc, old_tax_id

AI_SHARE = 0.22
BRANCH_SHARE = 0.03
LOOKALIKE_SHARE = 0.02
RELOCATED_SHARE = 0.10
USCC_START = date(2015, 10, 1)  # codes issued from then on carry an "MA…" body
# Per cent of AI firms whose main segment is each one, in a city like Hangzhou: strong in
# vision, cloud, models, security, e-commerce and robots (quadrupeds and humanoids among
# them); chip design present, wafer fabs and equipment makers rare. A segment added to the
# chain needs a share here.
SEGMENT_SHARES: dict[str, float] = {
    "F.chip": 4.0,
    "F.eda": 0.8,
    "F.fab": 0.5,
    "F.semi_equip": 0.5,
    "F.compute": 4.0,
    "F.data": 5.0,
    "F.sensor": 2.5,
    "T.llm": 5.0,
    "T.cv": 6.0,
    "T.speech": 2.5,
    "T.nlp": 3.0,
    "T.ml_platform": 2.5,
    "T.security": 4.0,
    "E.humanoid": 2.5,
    "E.quadruped": 1.5,
    "E.industrial_robot": 3.0,
    "E.service_robot": 2.5,
    "E.components": 3.0,
    "E.brain": 1.2,
    "E.drone": 2.5,
    "E.autonomous_driving": 2.0,
    "A.public_security": 4.0,
    "A.urban_planning": 2.5,
    "A.city_management": 3.0,
    "A.transport": 3.0,
    "A.environment": 2.5,
    "A.health": 3.5,
    "A.education": 3.0,
    "A.elderly": 1.5,
    "A.culture": 2.5,
    "A.manufacturing": 4.0,
    "A.finance": 3.0,
    "A.agriculture": 1.5,
    "A.government": 3.0,
    "A.energy": 2.0,
    "A.legal": 1.0,
    "A.retail": 3.0,
}
# How many secondary segments an AI firm has (0, 1, 2), each an up/downstream neighbour of
# its main one: a vision firm that also sells to the police, a reducer maker that also
# assembles robots.
_SECONDARY_WEIGHTS = (55, 33, 12)
# Segments whose firms often hold the security vetting policing scenes require.
_VETTED_SEGMENTS = frozenset({"A.public_security", "T.cv", "T.security"})
# Capital-heavy segments: fabs, equipment makers and data centres register more capital.
_CAPITAL_HEAVY = frozenset({"F.fab", "F.semi_equip", "F.compute"})
# Young industries: their firms were founded from these years on.
_FOUNDED_FROM = {"E.humanoid": 2015, "E.brain": 2016, "E.quadruped": 2014}


@dataclass(frozen=True)
class _Kept:
    """What later firms need to know about an earlier one."""

    region: str
    brand: str
    word: str
    form: str
    bracketed: bool
    is_ai: bool
    segments: tuple[str, ...]
    sector: str | None
    is_branch: bool


class FirmGenerator:
    """Yields the firms of a city in index order; ``text_counts`` counts the kinds of text
    written so far (each capability style, ``distractor``, ``generic_scope``)."""

    def __init__(self, city: CityConfig, chain: Chain, seed: int) -> None:
        self.city, self.chain, self.seed = city, chain, seed
        self._kept: list[_Kept] = []
        self._used: set[str] = set()
        codes = {s.key for s in chain.ai_segments}
        if codes != set(SEGMENT_SHARES):
            raise ValueError(
                "demo/firms.py SEGMENT_SHARES must give a share to every AI segment: "
                f"missing {sorted(codes - set(SEGMENT_SHARES))}, "
                f"unknown {sorted(set(SEGMENT_SHARES) - codes)}"
            )
        if codes - set(firm_phrases.BANKS):
            raise ValueError(
                "demo/firm_texts.py BANKS must hold the words of every AI segment: "
                f"missing {sorted(codes - set(firm_phrases.BANKS))}"
            )
        self.text_counts: Counter[str] = Counter()
        self._main_codes = [s.key for s in chain.ai_segments]
        self._main_weights = [SEGMENT_SHARES[code] for code in self._main_codes]

    def generate(self, count: int) -> Iterator[Firm]:
        for index in range(len(self._kept), count):
            yield self._next(index)

    def _next(self, index: int) -> Firm:
        rng = random.Random(f"{self.seed}:firm:{index}")
        roll = rng.random()
        firm = None
        if index >= 20 and roll < BRANCH_SHARE:
            firm = self._branch(index, rng)
        elif index >= 20 and roll < BRANCH_SHARE + LOOKALIKE_SHARE:
            firm = self._lookalike(index, rng)
        return firm or self._ordinary(index, rng)

    def _ordinary(self, index: int, rng: random.Random) -> Firm:
        is_ai = rng.random() < AI_SHARE
        segments = self._segments(rng) if is_ai else (OTHER,)
        sector = None if is_ai else rng.choice(self.chain.sectors).key
        words = self.chain.sector(sector).words if sector else self.chain.segment(segments[0]).words
        kept = self._fresh_name(rng, rng.choice(words), is_ai, segments, sector)
        return self._build(index, rng, kept)

    def _branch(self, index: int, rng: random.Random) -> Firm | None:
        parent_index = rng.randrange(index)
        parent = self._kept[parent_index]
        district = places.choose_district(rng, self.city)
        place = district.name[:-1] if len(district.name) > 2 else district.name
        kept = replace(parent, form=f"{parent.form}{place}分公司", is_branch=True)
        if parent.is_branch or _full(kept) in self._used:
            return None
        firm = self._build(index, rng, kept, district)
        return replace(firm, branch_of=firm_id(parent_index))

    def _lookalike(self, index: int, rng: random.Random) -> Firm | None:
        other_index = rng.randrange(index)
        other = self._kept[other_index]
        twin = names.homophone_typo(other.brand, rng)
        if twin is not None:
            kept = replace(other, brand=twin)
        else:  # same trade name, another region word: 杭州云图… vs 浙江云图…
            kept = replace(other, region="浙江" if other.region != "浙江" else self.city.short_name)
        if other.is_branch or _full(kept) in self._used:
            return None
        return replace(self._build(index, rng, kept), lookalike_of=firm_id(other_index))

    def _segments(self, rng: random.Random) -> tuple[str, ...]:
        """A main segment by share, and 0–2 of its neighbours (a neighbour's share weighs it)."""
        main = rng.choices(self._main_codes, self._main_weights)[0]
        count = rng.choices((0, 1, 2), _SECONDARY_WEIGHTS)[0]
        neighbours = self.chain.segment(main).neighbours
        extra = []
        if count and neighbours:
            weights = [SEGMENT_SHARES[code] for code in neighbours]
            extra = rng.choices(neighbours, weights, k=count)
        return tuple(dict.fromkeys([main, *extra]))

    def _fresh_name(
        self,
        rng: random.Random,
        word: str,
        is_ai: bool,
        segments: tuple[str, ...],
        sector: str | None,
    ) -> _Kept:
        regions, weights = list(self.city.name_regions), list(self.city.name_regions.values())
        for _ in range(100):
            region = rng.choices(regions, weights)[0]
            region = self.city.short_name if region == "杭州" else region
            kept = _Kept(
                region,
                names.brand(rng),
                word,
                names.legal_form(rng),
                bool(region) and rng.random() < 0.08,
                is_ai,
                segments,
                sector,
                False,
            )
            if _full(kept) not in self._used:
                return kept
        raise RuntimeError("no free firm name left; add trade-name characters to names.BRAND")

    def _build(
        self, index: int, rng: random.Random, kept: _Kept, district: District | None = None
    ) -> Firm:
        self._kept.append(kept)
        name = _full(kept)
        self._used.add(name)
        district = district or places.choose_district(rng, self.city)
        established = _founding_date(rng, kept.is_ai, _FOUNDED_FROM.get(kept.segments[0]))
        uscc = make_uscc(district.code, _org_body(index, self.seed, established))
        age = (TODAY - established).days / 365.25
        stage = STAGE_SCALE if rng.random() < min(0.9, age / 10) else STAGE_EARLY
        relocated = rng.random() < RELOCATED_SHARE
        old_district = places.choose_district(rng, self.city)
        segs = set(kept.segments)
        firm = Firm(
            firm_id=firm_id(index),
            index=index,
            uscc=uscc,
            name=name,
            region=kept.region,
            brand=kept.brand,
            industry_word=kept.word,
            legal_form=kept.form,
            district_code=district.code,
            address=places.address(rng, self.city, district),
            old_address=places.address(rng, self.city, old_district) if relocated else None,
            legal_rep=names.person_name(rng),
            phone=places.phone(rng, self.city),
            established=established,
            registered_capital=_registered_capital(rng, kept.segments[0]),
            headcount=_headcount(rng, stage),
            stage=stage,
            is_ai=kept.is_ai,
            segments=kept.segments,
            sector=kept.sector,
            business_scope="",
            capability="",
            vetted=rng.random()
            < (0.45 if segs & _VETTED_SEGMENTS else 0.04 if kept.is_ai else 0.005),
            hightech=rng.random() < (0.45 if kept.is_ai else 0.06),
            procurement=rng.random() < (0.15 if kept.is_ai else 0.03),
            old_tax_id=old_tax_id(uscc) if established < USCC_START else None,
        )
        # The texts draw last, so that rewording them leaves every other attribute as it was.
        facts = firm_texts.FirmFacts(
            name,
            kept.brand,
            district.name,
            district.name_en,
            self.city.short_name,
            self.city.city_en,
            self.city.province.removesuffix("省"),
            established.year,
        )
        business_scope, capability = self._texts(rng, kept, facts)
        return replace(firm, business_scope=business_scope, capability=capability)

    def _texts(
        self, rng: random.Random, kept: _Kept, facts: firm_texts.FirmFacts
    ) -> tuple[str, str]:
        """The business scope and the capability text (a branch describes no capability of
        its own)."""
        if kept.is_ai:
            generic, scope = firm_texts.ai_scope(rng, kept.segments)
            self.text_counts["generic_scope"] += generic
            if kept.is_branch:
                return scope, ""
            text = firm_texts.describe(rng, kept.segments, facts)
            self.text_counts[text.kind] += 1
            return scope, text.text
        sector = self.chain.sector(kept.sector or "")
        items = rng.sample(sector.keywords, min(len(sector.keywords), rng.randint(2, 4)))
        capability = ""
        if not kept.is_branch and rng.random() < firm_texts.DISTRACTOR_SHARE:
            text, item = firm_texts.distractor(rng, kept.sector, facts)
            if item not in items:
                items.insert(rng.randint(0, len(items)), item)
            capability = text.text
            self.text_counts["distractor"] += 1
        return "一般项目：" + "；".join(items) + firm_phrases.SCOPE_TAIL, capability


def firm_id(index: int) -> str:
    return f"F{index + 1:07d}"


def _full(kept: _Kept) -> str:
    return names.firm_name(kept.region, kept.brand, kept.word, kept.form, kept.bracketed)


def _founding_date(rng: random.Random, is_ai: bool, from_year: int | None = None) -> date:
    start = date(from_year or (2008 if is_ai else 1995), 1, 1)
    span = (TODAY - start).days
    # Skewed towards recent years: most AI firms are young.
    return start + timedelta(days=int(span * rng.betavariate(2.2 if is_ai else 1.6, 1.2)))


def _org_body(index: int, seed: int, established: date) -> str:
    """A body that is unique per firm index: a permutation of the index space."""
    if established >= USCC_START:
        value = (index * 104_729 + seed * 7_919 + 12_345) % 31**6
        digits = []
        for _ in range(6):
            value, rest = divmod(value, 31)
            digits.append(ALPHABET[rest])
        return "MA" + "".join(reversed(digits))
    return f"{(index * 7_654_321 + seed * 97 + 10_000_000) % 100_000_000:08d}"


def _registered_capital(rng: random.Random, main_segment: str) -> float:
    """万元: a few hundred thousand yuan to ~150 million; fabs and data centres far more."""
    low, high = (3.0, 5.3) if main_segment in _CAPITAL_HEAVY else (0.7, 4.2)
    return round(10 ** rng.uniform(low, high), 2)


def _headcount(rng: random.Random, stage: str) -> int:
    if stage == STAGE_EARLY:
        return rng.randint(3, 60)
    return max(20, min(20_000, int(rng.lognormvariate(4.6, 1.0))))
