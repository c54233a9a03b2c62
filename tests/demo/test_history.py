"""The centre's history: products, salons, partnerships and applications agree with the scene
ground truth and with the calendar."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from scenehub.demo.config import load_city
from scenehub.demo.history import (
    LIFECYCLE,
    SALON_LEAD_DAYS,
    History,
    generate_history,
    product_fits,
)
from scenehub.demo.history_data import CONSENT_FIELDS
from scenehub.demo.model import Firm
from scenehub.demo.scenes import Scene, SceneIndex, generate_scenes
from scenehub.estation.rules import compile_rule, parse_rule
from scenehub.industry.taxonomy import load_chain
from tests.demo.test_scenes import random_firms

CITY = load_city()
CHAIN = load_chain()
TODAY = date(2026, 11, 1)
PRODUCT_KINDS = {
    "loan",
    "guarantee",
    "subsidy",
    "voucher_compute",
    "voucher_data",
    "voucher_consulting",
    "equity",
}


@pytest.fixture(scope="module")
def scenes() -> list[Scene]:
    return generate_scenes(3, CITY, CHAIN)


@pytest.fixture(scope="module")
def firms() -> list[Firm]:
    return random_firms(random.Random(3), 1500)


@pytest.fixture(scope="module")
def index(scenes: list[Scene]) -> SceneIndex:
    return SceneIndex(scenes)


@pytest.fixture(scope="module")
def history(scenes: list[Scene], firms: list[Firm], index: SceneIndex) -> History:
    return generate_history(3, scenes, firms, index, TODAY)


@pytest.fixture(scope="module")
def grades(firms: list[Firm], index: SceneIndex) -> dict[tuple[str, str], int]:
    return {(s, f.firm_id): g for f in firms for s, g in index.grades(f)}


def test_same_inputs_give_the_same_history(
    history: History, scenes: list[Scene], firms: list[Firm], index: SceneIndex
) -> None:
    assert generate_history(3, scenes, list(reversed(firms)), index, TODAY) == history


def test_another_seed_gives_another_history(
    history: History, scenes: list[Scene], firms: list[Firm], index: SceneIndex
) -> None:
    other = generate_history(4, scenes, firms, index, TODAY)
    assert other.salons != history.salons
    assert other.applications != history.applications


def test_about_25_financing_products_of_known_kinds(history: History) -> None:
    products = history.products
    assert 20 <= len(products) <= 30
    assert len({p.product_id for p in products}) == len(products)
    assert {p.kind for p in products} == PRODUCT_KINDS
    assert {p.provider_kind for p in products} == {"bank", "guarantee", "government", "fund"}
    assert all(0 < p.min_10k <= p.max_10k for p in products)
    assert all(p.stage in ("0-1", "1-100", "any") for p in products)
    keys = {segment.key for segment in CHAIN.segments}
    assert all(set(p.segments) <= keys for p in products)


def test_products_further_conditions_are_rules_and_some_reward_scene_work(
    history: History,
) -> None:
    """Each product's conditions parse as a provider's rule; the scene credit has products
    to unlock: some ask for a scene won, some for a completed pilot."""
    fields: set[str] = set()
    for product in history.products:
        rule = parse_rule({"all": list(product.conditions)})
        fields |= {c.condition.field for c in compile_rule(rule).conditions}
    assert {"scene_wins", "pilot_status", "tax_credit_grade", "prior_defaults"} <= fields
    guarantees = [p for p in history.products if p.kind == "guarantee"]
    assert any(c.get("field") == "pilot_status" for p in guarantees for c in p.conditions), (
        "a guarantee a completed pilot unlocks"
    )


def test_about_15_salons_held_by_today_on_working_days(history: History) -> None:
    assert 12 <= len(history.salons) <= 18
    days = [s.held_on for s in history.salons]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert all(day <= TODAY and day.weekday() < 5 for day in days)


def test_salons_show_scenes_already_published(history: History, scenes: list[Scene]) -> None:
    published = {s.scene_id: s.published_on for s in scenes}
    for salon in history.salons:
        assert 2 <= len(salon.scene_ids) <= 6
        assert all(published[scene_id] <= salon.held_on for scene_id in salon.scene_ids)


def test_salons_show_only_scenes_no_partnership_had_taken_when_they_were_set_up(
    history: History,
) -> None:
    taken: dict[str, date] = {}
    for p in history.partnerships:
        taken[p.scene_id] = min(p.started_on, taken.get(p.scene_id, p.started_on))
    for salon in history.salons:
        setup = salon.held_on - timedelta(days=SALON_LEAD_DAYS)
        assert all(taken.get(s, date.max) > setup for s in salon.scene_ids), salon.salon_id
        assert len(salon.scene_ids) >= 2, salon.salon_id


def test_meetings_only_pair_a_scene_with_a_firm_graded_2_or_more(
    history: History, grades: dict[tuple[str, str], int]
) -> None:
    meetings = [m for salon in history.salons for m in salon.meetings]
    assert len(meetings) > 100
    assert all(grades.get((m.scene_id, m.firm_id), 0) >= 2 for m in meetings)


def test_meetings_are_between_the_salons_own_scenes_and_firms(history: History) -> None:
    for salon in history.salons:
        assert {m.scene_id for m in salon.meetings} == set(salon.scene_ids)
        assert {m.firm_id for m in salon.meetings} == set(salon.firm_ids)
        assert all(m.slot_start.date() == salon.held_on for m in salon.meetings)


def test_no_firm_and_no_scene_table_is_double_booked(history: History) -> None:
    for salon in history.salons:
        for key in ("firm_id", "scene_id"):
            booked: dict[str, list[tuple[datetime, datetime]]] = {}
            for m in salon.meetings:
                end = m.slot_start + timedelta(minutes=m.minutes)
                for start, other_end in booked.get(getattr(m, key), []):
                    assert end <= start or m.slot_start >= other_end
                booked.setdefault(getattr(m, key), []).append((m.slot_start, end))


def test_about_40_partnerships_mostly_with_highly_relevant_firms(
    history: History, grades: dict[tuple[str, str], int]
) -> None:
    partnerships = history.partnerships
    assert len(partnerships) == 40
    found = Counter(grades.get((p.scene_id, p.firm_id), 0) for p in partnerships)
    assert set(found) <= {2, 3}
    assert found[3] >= 0.8 * len(partnerships)
    assert len({(p.scene_id, p.firm_id) for p in partnerships}) == len(partnerships)


def test_partnerships_reference_published_scenes_and_candidate_firms(
    history: History, scenes: list[Scene], firms: list[Firm]
) -> None:
    published = {s.scene_id: s.published_on for s in scenes}
    firm_ids = {f.firm_id for f in firms}
    for p in history.partnerships:
        assert p.scene_id in published and p.firm_id in firm_ids
        assert published[p.scene_id] <= p.started_on <= TODAY
        assert p.kpis and all(p.kpis)


def test_partnerships_are_at_various_stages(history: History) -> None:
    stages = Counter(p.stage for p in history.partnerships)
    assert set(stages) <= {*LIFECYCLE, "terminated"}
    assert len(stages) >= 4
    for p in history.partnerships:
        if p.stage == "agreed":
            assert p.evaluation_score is None
        if p.stage in ("demonstration", "scale"):
            assert p.evaluation_score is not None and 0 < p.evaluation_score <= 100
        assert bool(p.terminated_reason) == (p.stage == "terminated")


def test_about_300_applications_for_products_the_firms_are_eligible_for(
    history: History, firms: list[Firm]
) -> None:
    products = {p.product_id: p for p in history.products}
    by_id = {f.firm_id: f for f in firms}
    applications = history.applications
    assert len(applications) == 300
    assert len({(a.product_id, a.firm_id) for a in applications}) == len(applications)
    for a in applications:
        product, firm = products[a.product_id], by_id[a.firm_id]
        assert product_fits(product, firm)
        assert firm.is_ai and not firm.is_branch
        assert product.min_10k <= a.amount_10k <= product.max_10k
        assert a.consent_fields and set(a.consent_fields) <= set(CONSENT_FIELDS)
        assert date(2025, 1, 1) <= a.submitted_on <= TODAY
    assert {a.status for a in applications} == {"approved", "rejected", "pending"}


def test_a_history_before_the_first_salon_has_none(
    scenes: list[Scene], firms: list[Firm], index: SceneIndex
) -> None:
    early = date(2025, 2, 1)
    history = generate_history(3, scenes, firms, index, early)
    assert history.salons == ()
    assert all(p.started_on <= early for p in history.partnerships)
    assert all(a.submitted_on <= early for a in history.applications)


def test_without_candidates_there_are_products_but_no_meetings_or_applications(
    scenes: list[Scene], index: SceneIndex
) -> None:
    history = generate_history(3, scenes, [], index, TODAY)
    assert history.products
    assert (history.salons, history.partnerships, history.applications) == ((), (), ())
