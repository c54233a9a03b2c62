"""Synthetic scenes (场景需求清单) of the city, and the truth of which firms can serve them.

A few scenes are, by construction, one need written up by two departments for the same place
(duplicate needs); ``duplicate_need_pairs`` names them.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from scenehub.demo import scene_texts as city_texts
from scenehub.demo import scene_texts_extra as extra
from scenehub.demo import scene_texts_livelihood as livelihood
from scenehub.demo.config import CityConfig, Department, District
from scenehub.demo.model import STAGE_EARLY, STAGE_SCALE, Firm
from scenehub.demo.scene_texts import NeedTemplate, fill_slots, title_pattern
from scenehub.industry.taxonomy import Chain

STAGE_ANY = "any"
TEMPLATES: dict[str, tuple[NeedTemplate, ...]] = {
    "policing": city_texts.POLICING,
    "planning": city_texts.PLANNING,
    "city_management": city_texts.CITY_MANAGEMENT,
    "culture": livelihood.CULTURE,
    "transport": city_texts.TRANSPORT,
    "environment": livelihood.ENVIRONMENT,
    "health": livelihood.HEALTH,
    "education": livelihood.EDUCATION,
    "elderly_care": livelihood.ELDERLY_CARE,
    "emergency": city_texts.EMERGENCY,
}
DOMAINS = tuple(TEMPLATES)
# A wanted segment → firm segments that can do part of it (grade 1); each is upstream of the
# wanted one in the chain (a test checks): a reducer maker for a rescue robot, a vision firm
# for a drone patrol, a data firm for a large model.
PARTLY_SERVED_BY: dict[str, tuple[str, ...]] = {
    "E.humanoid": ("E.components", "E.brain"),
    "E.quadruped": ("E.components", "E.brain"),
    "E.industrial_robot": ("E.components", "E.brain"),
    "E.service_robot": ("E.components", "E.brain"),
    "E.drone": ("T.cv",),
    "E.autonomous_driving": ("T.cv", "E.components"),
    "T.speech": ("T.llm",),
    "T.nlp": ("T.llm",),
    "T.llm": ("F.data",),
    "F.compute": ("F.chip",),
}
YEARS = (2025, 2026)
ENGLISH_SHARE = 0.05
# The big operational departments publish more scenes than the others.
_DOMAIN_WEIGHTS = {
    "policing": 12,
    "city_management": 14,
    "transport": 12,
    "health": 11,
    "emergency": 12,
}
_DEFAULT_DOMAIN_WEIGHT = 9
# One duplicate need (two scenes) and one cross-department scene per this many scenes.
_SPECIAL_EVERY = 30
_ON_PREMISE_RATE = {"policing": 1.0, "health": 0.8, "emergency": 0.6}
_BUDGET_MINIMA = (30, 50, 80, 100, 120, 150, 200, 300, 500)
_BUDGET_SPANS = (1.5, 2.0, 2.5, 3.0)
_TIMELINES = (3, 4, 6, 6, 8, 9, 12, 12, 18, 24)
_STAGES = (STAGE_EARLY, STAGE_SCALE, STAGE_ANY)


@dataclass(frozen=True)
class Scene:
    """A published scene: a real place or problem where a department wants to pilot tech."""

    scene_id: str
    title: str
    language: str
    domain: str
    department: str
    background: str
    pain_points: str
    wanted: str
    offered: str
    constraints: str
    wanted_segments: tuple[str, ...]  # first is the domain's application segment
    stage_preference: str
    budget_min_10k: int
    budget_max_10k: int
    timeline_months: int
    on_premise: bool
    security_vetting: bool
    batch: str
    published_on: date


@dataclass(frozen=True)
class _Place:
    district: District
    street: str
    road: str


@dataclass(frozen=True)
class _Plan:
    """What one scene will be before its texts are written."""

    domain: str
    department: str
    template: NeedTemplate
    language: str
    place: _Place


@dataclass(frozen=True)
class _Terms:
    stage: str
    budget_min: int
    budget_max: int
    timeline: int
    on_premise: bool
    vetting: bool


def generate_scenes(seed: int, city: CityConfig, chain: Chain, count: int = 120) -> list[Scene]:
    """Write ``count`` scenes, published in quarterly batches over 2025-2026."""
    rng = random.Random(f"{seed}:scenes")
    owners = _owners(city)
    plans = _special_plans(rng, city, owners, count)
    n_english = round(count * ENGLISH_SHARE)
    plans += _domain_plans(rng, city, owners, count - len(plans), n_english)
    batches = _batches(rng)
    order = list(range(len(plans)))
    rng.shuffle(order)
    scheduled = sorted((batches[k % len(batches)], k, i) for k, i in enumerate(order))
    return [
        _write(rng, plans[i], f"S{number:04d}", batch, city, chain)
        for number, (batch, _, i) in enumerate(scheduled, start=1)
    ]


def duplicate_need_pairs(scenes: Sequence[Scene]) -> list[tuple[str, str]]:
    """(scene_id, scene_id) pairs that are one need of two departments at one place.

    The generator writes both halves of a DUPLICATE_NEEDS entry for the same place, with the
    same place slots in both titles, and no other template yields those titles; so a title and
    the place in it identify the pair, also in scenes read back from a file.
    """
    pairs = []
    for (domain_a, need_a), (domain_b, need_b) in extra.DUPLICATE_NEEDS:
        firsts = _scenes_by_place(scenes, domain_a, need_a)
        seconds = _scenes_by_place(scenes, domain_b, need_b)
        for place, first in firsts.items():
            if place in seconds:
                pairs.append((min(first, seconds[place]), max(first, seconds[place])))
    return sorted(pairs)


def _scenes_by_place(scenes: Sequence[Scene], domain: str, need: NeedTemplate) -> dict[str, str]:
    """Place (the title's slot values) → scene_id, for scenes whose title this need wrote."""
    pattern = title_pattern(need.title)
    found: dict[str, str] = {}
    for scene in sorted(scenes, key=lambda s: s.scene_id):
        match = pattern.fullmatch(scene.title)
        if scene.domain == domain and match:
            found.setdefault("".join(match.groups()), scene.scene_id)
    return found


def _owners(city: CityConfig) -> dict[str, Department]:
    owners = {domain: dep for dep in city.departments for domain in dep.scene_domains}
    missing = [domain for domain in DOMAINS if domain not in owners]
    if missing:
        raise ValueError(f"{city.city}: no department has scene_domains {missing}")
    return owners


def _special_plans(
    rng: random.Random, city: CityConfig, owners: dict[str, Department], count: int
) -> list[_Plan]:
    """Duplicate needs (two departments, one place) and cross-department scenes."""
    plans: list[_Plan] = []
    n = count // _SPECIAL_EVERY
    for (domain_a, need_a), (domain_b, need_b) in rng.sample(
        extra.DUPLICATE_NEEDS, min(n, len(extra.DUPLICATE_NEEDS))
    ):
        place = _place(rng, city)
        plans.append(_Plan(domain_a, owners[domain_a].name, need_a, "zh", place))
        plans.append(_Plan(domain_b, owners[domain_b].name, need_b, "zh", place))
    names = {dep.key: dep.name for dep in city.departments}
    for key, domain, need in rng.sample(
        extra.CROSS_DEPARTMENT, min(n, len(extra.CROSS_DEPARTMENT))
    ):
        department = names.get(key, owners[domain].name)
        plans.append(_Plan(domain, department, need, "zh", _place(rng, city)))
    return plans


def _domain_plans(
    rng: random.Random, city: CityConfig, owners: dict[str, Department], n: int, n_english: int
) -> list[_Plan]:
    """Every domain at least once, the rest by weight; templates dealt like cards."""
    weights = [_DOMAIN_WEIGHTS.get(d, _DEFAULT_DOMAIN_WEIGHT) for d in DOMAINS]
    domains = list(DOMAINS[:n]) + rng.choices(DOMAINS, weights, k=max(0, n - len(DOMAINS)))
    english = _english_positions(rng, domains, n_english)
    decks = {d: _deck(rng, TEMPLATES[d]) for d in DOMAINS}
    used: set[tuple[str, str]] = set()
    plans = []
    for i, domain in enumerate(domains):
        if i in english:
            template, language = extra.ENGLISH[domain], "en"
        else:
            template, language = next(decks[domain]), "zh"
        place = _fresh_place(rng, city, template, used)
        plans.append(_Plan(domain, owners[domain].name, template, language, place))
    return plans


def _english_positions(rng: random.Random, domains: list[str], n_english: int) -> set[int]:
    """Positions of English scenes, at most one per domain (each has one English template)."""
    chosen: dict[str, int] = {}
    for i in rng.sample(range(len(domains)), len(domains)):
        if len(chosen) < n_english:
            chosen.setdefault(domains[i], i)
    return set(chosen.values())


def _deck(rng: random.Random, templates: tuple[NeedTemplate, ...]) -> Iterator[NeedTemplate]:
    """Every template once, then only those set in a district, whose repeats read differently.

    A citywide need ("杭州市…") written twice would be one scene twice.
    """
    first = rng.sample(templates, len(templates))
    local = [t for t in first if "{district}" in t.title]
    return itertools.chain(first, itertools.cycle(local))


def _fresh_place(
    rng: random.Random, city: CityConfig, template: NeedTemplate, used: set[tuple[str, str]]
) -> _Place:
    """A place where this need was not yet written up (one department, one need, one place)."""
    for _ in range(100):
        place = _place(rng, city, template.setting)
        if (template.title, place.district.code) not in used:
            break
    used.add((template.title, place.district.code))
    return place


def _place(rng: random.Random, city: CityConfig, setting: str = "any") -> _Place:
    """A district by weight, a street and a road in it; small districts are the outer ones."""
    median = sorted(d.weight for d in city.districts)[len(city.districts) // 2]
    districts = [
        d
        for d in city.districts
        if setting == "any" or (d.weight >= median) == (setting == "urban")
    ]
    district = rng.choices(districts, [d.weight for d in districts])[0]
    return _Place(district, rng.choice(district.streets), rng.choice(district.roads))


def _batches(rng: random.Random) -> list[tuple[date, str]]:
    """Four scene catalogues (场景机会清单) a year, one early in each quarter."""
    return [
        (date(year, 3 * quarter - 2, rng.randint(6, 26)), f"{year} 第{quarter}批")
        for year in YEARS
        for quarter in (1, 2, 3, 4)
    ]


def _write(
    rng: random.Random,
    plan: _Plan,
    scene_id: str,
    batch: tuple[date, str],
    city: CityConfig,
    chain: Chain,
) -> Scene:
    published_on, label = batch
    slots = _slots(plan, city, published_on)
    terms = _terms(rng, plan.domain, plan.template)
    openers = extra.OPENERS_EN if plan.language == "en" else extra.OPENERS_ZH
    t = plan.template
    return Scene(
        scene_id=scene_id,
        title=fill_slots(rng, slots, t.title),
        language=plan.language,
        domain=plan.domain,
        department=plan.department,
        background=fill_slots(rng, slots, rng.choice(openers) + t.background),
        pain_points=fill_slots(rng, slots, t.pain_points),
        wanted=fill_slots(rng, slots, t.wanted),
        offered=fill_slots(rng, slots, t.offered),
        constraints=fill_slots(rng, slots, _constraints(rng, plan, terms)),
        wanted_segments=_wanted_segments(chain, plan),
        stage_preference=terms.stage,
        budget_min_10k=terms.budget_min,
        budget_max_10k=terms.budget_max,
        timeline_months=terms.timeline,
        on_premise=terms.on_premise,
        security_vetting=terms.vetting,
        batch=label,
        published_on=published_on,
    )


def _slots(plan: _Plan, city: CityConfig, published_on: date) -> dict[str, str]:
    district = plan.place.district
    suffix = {"区": " District", "县": " County"}.get(district.name[-1], "")
    return {
        "district": district.name,
        "street": plan.place.street,
        "road": plan.place.road,
        "city": city.city,
        "prev_year": str(published_on.year - 1),
        "district_en": district.name_en + suffix,
        "city_en": city.city_en,
    }


def _terms(rng: random.Random, domain: str, template: NeedTemplate) -> _Terms:
    vetting = domain == "policing" or template.vetting
    budget_min = rng.choice(_BUDGET_MINIMA)
    return _Terms(
        stage=rng.choices(_STAGES, (3, 4, 3))[0],
        budget_min=budget_min,
        budget_max=round(budget_min * rng.choice(_BUDGET_SPANS) / 10) * 10,
        timeline=rng.choice(_TIMELINES),
        on_premise=vetting or rng.random() < _ON_PREMISE_RATE.get(domain, 0.35),
        vetting=vetting,
    )


def _constraints(rng: random.Random, plan: _Plan, terms: _Terms) -> str:
    """The 约束 paragraph; its facts agree with the scene's structured fields."""
    if plan.language == "en":
        return _constraints_en(rng, plan.domain, terms)
    parts = []
    if terms.on_premise:
        where = extra.PREMISES_ZH.get(plan.domain, extra.DEFAULT_PREMISES_ZH)
        parts.append(f"系统须{rng.choice(('本地化', '私有化'))}部署于{where}，数据不出域")
    if terms.vetting:
        parts.append("揭榜单位及核心人员须通过安全审查，具备相应保密资质")
    parts.append(f"项目预算{terms.budget_min}–{terms.budget_max}万元")
    parts.append(f"试点周期{terms.timeline}个月")
    if terms.stage in extra.STAGE_ZH:
        parts.append(extra.STAGE_ZH[terms.stage])
    parts += rng.sample(extra.CONSTRAINTS_ZH, rng.randint(1, 2))
    return "；".join(parts) + "。"


def _constraints_en(rng: random.Random, domain: str, terms: _Terms) -> str:
    parts = []
    if terms.on_premise:
        where = extra.PREMISES_EN.get(domain, extra.DEFAULT_PREMISES_EN)
        parts.append(f"the system must be deployed {where}; data may not leave it")
    if terms.vetting:
        parts.append("bidders and their key staff must pass a security review")
    low, high = terms.budget_min / 100, terms.budget_max / 100
    parts.append(f"budget RMB {low:g}–{high:g} million; pilot period {terms.timeline} months")
    if terms.stage in extra.STAGE_EN:
        parts.append(extra.STAGE_EN[terms.stage])
    parts += rng.sample(extra.CONSTRAINTS_EN, rng.randint(1, 2))
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def _wanted_segments(chain: Chain, plan: _Plan) -> tuple[str, ...]:
    application = chain.by_domain(plan.domain)
    if application is None:
        raise ValueError(f"the chain has no application segment for domain {plan.domain!r}")
    unknown = [code for code in plan.template.tech if code not in {s.key for s in chain.segments}]
    if unknown:
        raise ValueError(f"scene template {plan.template.title!r} wants unknown segments {unknown}")
    return (application.key, *plan.template.tech)


def stage_fits(firm: Firm, scene: Scene) -> bool:
    """Whether the firm's stage is the one the scene prefers (or the scene takes any)."""
    return scene.stage_preference in (STAGE_ANY, firm.stage)


def grade_firm(firm: Firm, scene: Scene) -> int:
    """The relevance grade of a firm for a scene, 0 if it cannot serve it (see ``grades``)."""
    if not firm.is_ai or firm.is_branch or not firm.segments:
        return 0
    wanted = scene.wanted_segments
    if not any(segment in wanted for segment in firm.segments):
        partly = {s for w in wanted for s in PARTLY_SERVED_BY.get(w, ())}
        return 1 if partly.intersection(firm.segments) else 0
    if scene.security_vetting and not firm.vetted:
        return 1
    if firm.segments[0] == wanted[0] and stage_fits(firm, scene):
        return 3
    return 2


class SceneIndex:
    """Scenes looked up by segment, so a firm is graded only against scenes it could serve."""

    def __init__(self, scenes: Sequence[Scene]) -> None:
        self._scenes = tuple(sorted(scenes, key=lambda scene: scene.scene_id))
        lookup: dict[str, list[int]] = {}
        for position, scene in enumerate(self._scenes):
            wanted = scene.wanted_segments
            reach = set(wanted) | {s for w in wanted for s in PARTLY_SERVED_BY.get(w, ())}
            for segment in sorted(reach):
                lookup.setdefault(segment, []).append(position)
        self._by_segment = {segment: tuple(found) for segment, found in lookup.items()}

    def grades(self, firm: Firm) -> list[tuple[str, int]]:
        """(scene_id, grade) of every scene the firm can serve, in scene_id order.

        W is the scene's wanted_segments (W[0] its application segment), F the firm's segments
        (F[0] its main one); "vetting holds" means the scene needs no security vetting or the
        firm is vetted; "stage fits" means the scene prefers "any" or the firm's stage.
        - 3 (highly relevant): F[0] == W[0], stage fits and vetting holds.
        - 2 (relevant): F and W share a segment and vetting holds, but not grade 3.
        - 1 (partly relevant): F and W share a segment but vetting does not hold; or they share
          none but a firm segment partly serves a wanted one (PARTLY_SERVED_BY: core components
          and embodied brains for robots, vision for drones and driving, large models for speech
          and NLP, data for large models, chips for compute).
        - nothing: non-AI firms, branches, deregistered firms, firms without segments, and firms
          meeting none of the above.
        So an unvetted firm never gets more than 1 from a scene that needs security vetting.
        Cost: the firm's segments × the scenes indexed under each, not all scenes.
        """
        if not firm.is_ai or firm.is_branch or firm.deregistered is not None:
            return []
        positions = sorted({p for s in firm.segments for p in self._by_segment.get(s, ())})
        graded = ((self._scenes[p].scene_id, grade_firm(firm, self._scenes[p])) for p in positions)
        return [(scene_id, grade) for scene_id, grade in graded if grade > 0]
