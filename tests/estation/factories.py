"""Seeded generators of E-Station product files and firm lines, in their file forms (the
dicts a YAML product file and a JSON Lines firm file load to), for tests and benchmarks."""

from __future__ import annotations

import random
from typing import Any

from scenehub.estation.facts import PILOT_STATUSES, STAGES, TAX_CREDIT_GRADES
from scenehub.estation.kinds import KIND_LABELS

DISTRICTS = ("330102", "330105", "330106", "330108", "330109", "330110", "330113")
SEGMENTS = ("E.drone", "E.humanoid", "E.components", "F.chip", "F.compute", "T.llm", "F.data")


def random_condition(rng: random.Random) -> dict[str, Any]:
    """One condition of the kinds providers write, on any field, with any operator."""
    choices: list[dict[str, Any]] = [
        {"field": "stage", "op": rng.choice(["==", "!="]), "value": rng.choice(STAGES)},
        {"field": "headcount", "op": rng.choice([">=", ">", "<"]), "value": rng.randint(1, 200)},
        {"field": "years_since_founding", "op": "<=", "value": rng.choice([3, 5, 8.5])},
        {"field": "district", "op": "in", "value": rng.sample(DISTRICTS, 2)},
        {"field": "segments", "op": rng.choice(["in", "not_in"]), "value": rng.sample(SEGMENTS, 2)},
        {"field": "high_tech", "op": "==", "value": True},
        {"field": "patents", "op": ">=", "value": rng.randint(1, 20)},
        {"field": "revenue_10k", "op": rng.choice(["<=", ">="]), "value": rng.randint(50, 5000)},
        {"field": "tax_credit_grade", "op": "in", "value": ["A", "B"]},
        {"field": "pilot_status", "op": rng.choice(["==", "!="]), "value": "completed"},
        {"field": "scene_wins", "op": ">=", "value": 1},
        {"field": "prior_defaults", "op": "==", "value": 0},
        {"field": rng.choice(["patents", "district"]), "op": "exists", "value": rng.random() < 0.8},
    ]
    return rng.choice(choices)


def random_rule(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    """A rule of 1–4 parts, with nested any / not now and then."""
    roll = rng.random()
    if depth >= 2 or roll < 0.35:
        return random_condition(rng)
    if roll < 0.45:
        return {"not": random_rule(rng, depth + 1)}
    key = "any" if roll < 0.65 else "all"
    return {key: [random_rule(rng, depth + 1) for _ in range(rng.randint(1, 4))]}


def random_product(rng: random.Random, number: int) -> dict[str, Any]:
    low = rng.choice([0, 5, 10, 50, 100, 300])
    return {
        "code": f"P{number:04d}",
        "kind": rng.choice(list(KIND_LABELS)),
        "name": f"产品{number}",
        "min_10k": low,
        "max_10k": low + rng.choice([20, 100, 500, 2000]),
        "rules": {"all": [random_rule(rng, 1) for _ in range(rng.randint(1, 4))]},
    }


def random_products(seed: int, count: int) -> dict[str, Any]:
    """A product file's data of ``count`` products."""
    rng = random.Random(seed)
    return {"products": [random_product(rng, n) for n in range(count)]}


def random_firm(rng: random.Random, number: int, known: float = 0.85) -> dict[str, Any]:
    """A firm line: each fact is given with probability ``known``."""
    facts: dict[str, Any] = {
        "stage": rng.choice(STAGES),
        "headcount": rng.randint(0, 500),
        "years_since_founding": round(rng.uniform(0, 20), 1),
        "district": rng.choice(DISTRICTS),
        "segments": rng.sample(SEGMENTS, rng.randint(0, 3)),
        "high_tech": rng.random() < 0.4,
        "patents": rng.randint(0, 40),
        "revenue_10k": rng.randint(0, 20000),
        "tax_credit_grade": rng.choice(TAX_CREDIT_GRADES),
        "pilot_status": rng.choice(PILOT_STATUSES),
        "scene_wins": rng.randint(0, 3),
        "prior_defaults": rng.choice([0, 0, 0, 1]),
    }
    given = {key: value for key, value in facts.items() if rng.random() < known}
    return {"firm_id": f"F{number:06d}", **given}


def random_firms(seed: int, count: int, known: float = 0.85) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [random_firm(rng, n, known) for n in range(count)]
