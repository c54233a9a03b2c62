"""The city's firms, generated one at a time (pure: no I/O).

Firm ``i`` is drawn from its own random stream ``(seed, i)``. What is kept across firms is a
short tuple per firm, so names stay unique and branches and look-alikes can refer to
earlier firms; a million firms keep a few hundred MB.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from scenehub.demo import firm_phrases, firm_texts, firm_traits, names, phones, places
from scenehub.demo.config import CityConfig, District
from scenehub.demo.firm_traits import SEGMENT_SHARES
from scenehub.demo.model import STAGE_EARLY, STAGE_SCALE, TODAY, Firm
from scenehub.demo.rates import FirmMix
from scenehub.industry.taxonomy import OTHER, Chain
from scenehub.integration.uscc import make_uscc, old_tax_id

# Branches and siblings are made from one of the last this many firms, kept whole (the
# others keep only their name parts): a million firms stay within a few hundred MB.
RECENT_FIRMS = 5_000
_ORDINALS = ("第一", "第二", "第三")


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

    def __init__(
        self, city: CityConfig, chain: Chain, seed: int, mix: FirmMix | None = None
    ) -> None:
        self.city, self.chain, self.seed = city, chain, seed
        self.mix = mix or FirmMix()
        self._kept: list[_Kept] = []
        self._used: set[str] = set()
        self._recent: deque[Firm] = deque(maxlen=RECENT_FIRMS)
        self._free_names: list[tuple[int, date]] = []  # deregistered firms' names
        codes = {s.key for s in chain.ai_segments}
        if codes != set(SEGMENT_SHARES):
            raise ValueError(
                "demo/firm_traits.py SEGMENT_SHARES must give a share to every AI segment: "
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
        self._sites = [self._cluster_site(k) for k in range(self.mix.cluster_sites)]
        self._agencies = [
            phones.landline(random.Random(f"{seed}:agency:{k}"), city)
            for k in range(self.mix.agency_phones)
        ]
        self._province_word = city.province.removesuffix("省")  # 浙江省 → 浙江
        self._other_cities = sorted(
            (name, code) for name, code in city.other_cities.items() if name != city.short_name
        )

    def generate(self, count: int) -> Iterator[Firm]:
        for index in range(len(self._kept), count):
            yield self._next(index)

    def _next(self, index: int) -> Firm:
        rng = random.Random(f"{self.seed}:firm:{index}")
        roll = rng.random()
        m = self.mix
        makers: tuple[tuple[float, Callable[[int, random.Random], Firm | None]], ...] = (
            (m.branch, self._branch),
            (m.out_of_town_branch, self._outside_branch),
            (m.lookalike, self._lookalike),
            (m.sibling, self._sibling),
            (m.reused_name, self._reuse),
        )
        firm = None
        edge = 0.0
        for share, make in makers:
            edge += share
            if index >= 20 and roll < edge:
                firm = make(index, rng)
                break
        firm = firm or self._ordinary(index, rng)
        self._recent.append(firm)
        if firm.deregistered and not firm.is_branch:
            self._free_names.append((index, firm.deregistered))
        return firm

    def _ordinary(self, index: int, rng: random.Random) -> Firm:
        is_ai, segments, sector, word = self._trade(rng)
        kept = self._fresh_name(rng, word, is_ai, segments, sector)
        return self._build(index, rng, kept)

    def _trade(self, rng: random.Random) -> tuple[bool, tuple[str, ...], str | None, str]:
        """What a new firm does: AI or not, its segments or sector, an industry word."""
        is_ai = rng.random() < self.mix.ai
        segments = self._segments(rng) if is_ai else (OTHER,)
        sector = None if is_ai else rng.choice(self.chain.sectors).key
        words = self.chain.sector(sector).words if sector else self.chain.segment(segments[0]).words
        return is_ai, segments, sector, rng.choice(words)

    def _branch(self, index: int, rng: random.Random) -> Firm | None:
        """…有限公司滨江分公司 or …有限公司第二分公司 of a recent firm: its own code."""
        parent = self._recent[rng.randrange(len(self._recent))]
        if parent.is_branch or parent.deregistered:
            return None
        district = places.choose_district(rng, self.city)
        ordinal = rng.random() < self.mix.ordinal_branch
        place = rng.choice(_ORDINALS) if ordinal else _short(district)
        form = f"{parent.legal_form}{place}分公司"
        kept = replace(self._kept[parent.index], form=form, is_branch=True)
        if _full(kept) in self._used:
            return None
        return self._build(
            index,
            rng,
            kept,
            district=district,
            branch_of=parent.firm_id,
            branch_kind="ordinal" if ordinal else "district",
            parent_uscc=parent.uscc,
        )

    def _outside_branch(self, index: int, rng: random.Random) -> Firm | None:
        """上海…有限公司杭州分公司: the branch of a firm registered in another city."""
        if not self._other_cities:
            return None
        other, division = rng.choice(self._other_cities)
        is_ai, segments, sector, word = self._trade(rng)
        trade_name, form = names.brand(rng), names.legal_form(rng)
        district = places.choose_district(rng, self.city)
        place = self.city.short_name + (_short(district) if rng.random() < 0.4 else "")
        kept = _Kept(
            other, trade_name, word, f"{form}{place}分公司", False, is_ai, segments, sector, True
        )
        if _full(kept) in self._used:
            return None
        parent_code = make_uscc(division, firm_traits.org_body(index, self.seed + 1, TODAY))
        return self._build(
            index,
            rng,
            kept,
            district=district,
            branch_kind="out_of_town",
            parent_uscc=parent_code,
            parent_name=names.firm_name(other, trade_name, word, form),
        )

    def _lookalike(self, index: int, rng: random.Random) -> Firm | None:
        """An unrelated firm one homophone, region word or industry word away from another."""
        other_index = rng.randrange(index)
        other = self._kept[other_index]
        if other.is_branch:
            return None
        kinds = ["homophone", "region", "industry_word"]
        rng.shuffle(kinds)
        for kind in kinds:
            kept = self._twin(other, kind, rng)
            if kept is not None and _full(kept) not in self._used:
                twin_of = firm_id(other_index)
                return self._build(index, rng, kept, lookalike_of=twin_of, lookalike_kind=kind)
        return None

    def _twin(self, other: _Kept, kind: str, rng: random.Random) -> _Kept | None:
        if kind == "homophone":
            twin = names.homophone_typo(other.brand, rng)
            return replace(other, brand=twin) if twin else None
        if kind == "region":  # 杭州云图… vs 浙江云图…
            province = self._province_word
            region = province if other.region != province else self.city.short_name
            return replace(other, region=region, bracketed=other.bracketed and bool(region))
        words = [w for w in self._words_of(other) if w != other.word]
        return replace(other, word=rng.choice(words)) if words else None

    def _words_of(self, kept: _Kept) -> tuple[str, ...]:
        if kept.sector:
            return self.chain.sector(kept.sector).words
        return self.chain.segment(kept.segments[0]).words

    def _sibling(self, index: int, rng: random.Random) -> Firm | None:
        """Another firm of a recent firm's owner: the same trade name, legal rep, building,
        room and phones, another trade."""
        head = self._recent[rng.randrange(len(self._recent))]
        if head.is_branch or head.deregistered or head.reuses_name_of:
            return None
        is_ai, segments, sector, word = self._trade(rng)
        kept = replace(
            self._kept[head.index],
            word=word,
            form=names.legal_form(rng),
            is_ai=is_ai,
            segments=segments,
            sector=sector,
        )
        if word == head.industry_word or _full(kept) in self._used:
            return None
        return self._build(
            index,
            rng,
            kept,
            district=self.city.district(head.district_code),
            sibling_of=head.firm_id,
            legal_rep=head.legal_rep,
            address=head.address,
            operating_address=head.operating_address,
            phone=head.phone,
            other_phones=head.other_phones,
            cluster_address=head.cluster_address,
            agency_phone=head.agency_phone,
        )

    def _reuse(self, index: int, rng: random.Random) -> Firm | None:
        """A new firm under the exact name of a deregistered one (names free up on 注销)."""
        if not self._free_names:
            return None
        old_index, gone = self._free_names.pop(rng.randrange(len(self._free_names)))
        latest = TODAY - timedelta(days=30)
        if gone + timedelta(days=60) > latest:
            return None
        founded = gone + timedelta(days=rng.randint(60, (latest - gone).days))
        kept = self._kept[old_index]
        reused = firm_id(old_index)
        return self._build(
            index, rng, kept, established=founded, history=False, reuses_name_of=reused
        )

    def _segments(self, rng: random.Random) -> tuple[str, ...]:
        """A main segment by share, and 0–2 of its neighbours (a neighbour's share weighs it)."""
        main = rng.choices(self._main_codes, self._main_weights)[0]
        count = rng.choices((0, 1, 2), firm_traits.SECONDARY_WEIGHTS)[0]
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
        length = 2
        if rng.random() < self.mix.long_trade_name:
            length = 3 if rng.random() < 0.7 else 4
        if rng.random() < self.mix.develop_suffix and word.endswith("科技"):
            word += "发展"
        for _ in range(100):
            region = rng.choices(regions, weights)[0]
            region = self.city.short_name if region == "杭州" else region
            kept = _Kept(
                region,
                names.brand(rng, length),
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
        self,
        index: int,
        rng: random.Random,
        kept: _Kept,
        *,
        district: District | None = None,
        established: date | None = None,
        history: bool = True,
        **given: Any,
    ) -> Firm:
        """The firm behind ``kept`` (``district`` and ``established`` when fixed already;
        ``history``: it may have been renamed or deregistered; ``given``: Firm fields its
        kind sets, over the ones drawn)."""
        self._kept.append(kept)
        name = _full(kept)
        self._used.add(name)
        cluster = district is None and rng.random() < self.mix.cluster_address
        district, address = self._site(rng, district, cluster)
        established = established or firm_traits.founding_date(
            rng, kept.is_ai, firm_traits.FOUNDED_FROM.get(kept.segments[0])
        )
        uscc = make_uscc(district.code, firm_traits.org_body(index, self.seed, established))
        age = (TODAY - established).days / 365.25
        stage = STAGE_SCALE if rng.random() < min(0.9, age / 10) else STAGE_EARLY
        relocated = rng.random() < self.mix.relocated
        old_district = places.choose_district(rng, self.city)
        old_address = places.address(rng, self.city, old_district) if relocated else None
        capital = firm_traits.registered_capital(rng, kept.segments[0])
        headcount = firm_traits.headcount(rng, stage)
        segs = set(kept.segments)
        vetted = rng.random() < (
            0.45 if segs & firm_traits.VETTED_SEGMENTS else 0.04 if kept.is_ai else 0.005
        )
        hightech = rng.random() < (0.45 if kept.is_ai else 0.06)
        procurement = rng.random() < (0.15 if kept.is_ai else 0.03)
        drawn = self._contacts(rng, cluster, district)
        if history and not kept.is_branch:
            drawn.update(self._history(rng, established, kept))
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
        attributes: dict[str, Any] = {
            "firm_id": firm_id(index),
            "index": index,
            "uscc": uscc,
            "name": name,
            "region": kept.region,
            "brand": kept.brand,
            "industry_word": kept.word,
            "legal_form": kept.form,
            "district_code": district.code,
            "address": address,
            "old_address": old_address,
            "established": established,
            "registered_capital": capital,
            "headcount": headcount,
            "stage": stage,
            "is_ai": kept.is_ai,
            "segments": kept.segments,
            "sector": kept.sector,
            "business_scope": business_scope,
            "capability": capability,
            "vetted": vetted,
            "hightech": hightech,
            "procurement": procurement,
            "old_tax_id": old_tax_id(uscc) if established < firm_traits.USCC_START else None,
            "cluster_address": cluster,
        }
        return Firm(**{**attributes, **drawn, **given})

    def _site(
        self, rng: random.Random, district: District | None, cluster: bool
    ) -> tuple[District, str]:
        """Where a firm is registered: a cluster-registration site, or an address of its own."""
        if cluster:
            district, site = self._sites[rng.randrange(len(self._sites))]
            return district, places.cluster_address(site, rng)
        district = district or places.choose_district(rng, self.city)
        return district, places.address(rng, self.city, district)

    def _cluster_site(self, k: int) -> tuple[District, str]:
        rng = random.Random(f"{self.seed}:cluster:{k}")
        district = places.choose_district(rng, self.city)
        return district, places.cluster_site(rng, self.city, district)

    def _contacts(self, rng: random.Random, cluster: bool, district: District) -> dict[str, Any]:
        """Legal rep, phones (an agency's first when it files for the firm), operating site."""
        m = self.mix
        common = rng.random() < m.common_person_name
        legal_rep = names.common_person_name(rng) if common else names.person_name(rng)
        own = [phones.phone(rng, self.city)]
        if rng.random() < m.second_phone:
            own.append(phones.landline(rng, self.city) if "-" not in own[0] else phones.mobile(rng))
            if rng.random() < m.third_phone:
                own.append(phones.mobile(rng))
        agency = rng.random() < (m.agency_phone_in_cluster if cluster else m.agency_phone)
        numbers = [self._agencies[rng.randrange(len(self._agencies))], *own] if agency else own
        operating = None
        if cluster or rng.random() < m.operating_address:
            near = district if rng.random() < 0.6 else places.choose_district(rng, self.city)
            operating = places.address(rng, self.city, near)
        return {
            "legal_rep": legal_rep,
            "phone": numbers[0],
            "other_phones": tuple(numbers[1:]),
            "agency_phone": agency,
            "operating_address": operating,
        }

    def _history(self, rng: random.Random, established: date, kept: _Kept) -> dict[str, Any]:
        """Former names (曾用名) and a deregistration (注销), now and then."""
        former: list[str] = []
        if rng.random() < self.mix.renamed:
            times = 2 if rng.random() < self.mix.renamed_twice else 1
            for _ in range(times):
                old = self._former_name(rng, kept)
                if old is not None:
                    self._used.add(old)
                    former.insert(0, old)
        deregistered = None
        span = (TODAY - established).days - 425
        if not former and span > 0 and rng.random() < self.mix.deregistered:
            deregistered = established + timedelta(days=365 + rng.randrange(span))
        return {"former_names": tuple(former), "deregistered": deregistered}

    def _former_name(self, rng: random.Random, kept: _Kept) -> str | None:
        """What the firm was called before: another industry word, trade name or region
        word, or a plain 有限公司 before it became a 股份有限公司."""
        how = rng.random()
        if kept.form == "股份有限公司" and how < 0.3:
            old = replace(kept, form="有限公司")
        elif how < 0.5:
            old = replace(kept, word=rng.choice(self._words_of(kept)))
        elif how < 0.8:
            old = replace(kept, brand=names.brand(rng, len(kept.brand)))
        else:
            province = self._province_word
            region = self.city.short_name if kept.region == province else province
            old = replace(kept, region=region, bracketed=kept.bracketed and bool(region))
        name = _full(old)
        return None if name in self._used else name

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


def _short(district: District) -> str:
    """滨江区 → 滨江 (as a branch's name carries it); a two-character name stays whole."""
    return district.name[:-1] if len(district.name) > 2 else district.name


def _full(kept: _Kept) -> str:
    return names.firm_name(kept.region, kept.brand, kept.word, kept.form, kept.bracketed)
