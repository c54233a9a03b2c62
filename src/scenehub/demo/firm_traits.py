"""What a firm of the synthetic city is like, drawn one attribute at a time (pure): its
main and secondary segments' shares, founding date, code body, capital and headcount."""

from __future__ import annotations

import random
from datetime import date, timedelta

from scenehub.demo.model import STAGE_EARLY, TODAY
from scenehub.integration.uscc import ALPHABET

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
SECONDARY_WEIGHTS = (55, 33, 12)
# Segments whose firms often hold the security vetting policing scenes require.
VETTED_SEGMENTS = frozenset({"A.public_security", "T.cv", "T.security"})
# Capital-heavy segments: fabs, equipment makers and data centres register more capital.
_CAPITAL_HEAVY = frozenset({"F.fab", "F.semi_equip", "F.compute"})
# Young industries: their firms were founded from these years on.
FOUNDED_FROM = {"E.humanoid": 2015, "E.brain": 2016, "E.quadruped": 2014}


def founding_date(rng: random.Random, is_ai: bool, from_year: int | None = None) -> date:
    start = date(from_year or (2008 if is_ai else 1995), 1, 1)
    span = (TODAY - start).days
    # Skewed towards recent years: most AI firms are young.
    return start + timedelta(days=int(span * rng.betavariate(2.2 if is_ai else 1.6, 1.2)))


def org_body(index: int, seed: int, established: date) -> str:
    """A body that is unique per firm index: a permutation of the index space."""
    if established >= USCC_START:
        value = (index * 104_729 + seed * 7_919 + 12_345) % 31**6
        digits = []
        for _ in range(6):
            value, rest = divmod(value, 31)
            digits.append(ALPHABET[rest])
        return "MA" + "".join(reversed(digits))
    return f"{(index * 7_654_321 + seed * 97 + 10_000_000) % 100_000_000:08d}"


def registered_capital(rng: random.Random, main_segment: str) -> float:
    """万元: a few hundred thousand yuan to ~150 million; fabs and data centres far more."""
    low, high = (3.0, 5.3) if main_segment in _CAPITAL_HEAVY else (0.7, 4.2)
    return round(10 ** rng.uniform(low, high), 2)


def headcount(rng: random.Random, stage: str) -> int:
    if stage == STAGE_EARLY:
        return rng.randint(3, 60)
    return max(20, min(20_000, int(rng.lognormvariate(4.6, 1.0))))


def vetting_share(is_ai: bool, segments: tuple[str, ...]) -> float:
    """How likely a firm holds the security vetting policing scenes require."""
    if set(segments) & VETTED_SEGMENTS:
        return 0.45
    return 0.04 if is_ai else 0.005
