"""The pilot of a partnership in the city's history: its period, milestones and KPIs with
baseline, target and actual values (pure).

A KPI's target is read from its text ("警情分类准确率≥92%": at least 92 %); a KPI whose
text states no bound ("形成可复制推广方案1套") keeps its name only. Actual values exist
once the pilot has been evaluated; most evaluated pilots meet most of their targets.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

PILOT_DAYS = 120
MILESTONES = (("部署上线", 14), ("中期评估", 60))  # title, days after the start
ACCEPTANCE = "试点验收"
KPI_MET_SHARE = 0.8
_BOUND = re.compile(r"^(?P<name>.+?)(?P<op>[≥≤])(?P<value>\d+(?:\.\d+)?)(?P<unit>.*)$")


@dataclass(frozen=True)
class MilestoneRecord:
    title: str
    due_on: date
    completed_on: date | None


@dataclass(frozen=True)
class KpiRecord:
    name: str
    unit: str
    baseline: float | None
    target: float | None
    actual: float | None
    higher_is_better: bool


@dataclass(frozen=True)
class PilotRecord:
    scope: str
    site: str
    starts_on: date
    ends_on: date
    milestones: tuple[MilestoneRecord, ...]
    kpis: tuple[KpiRecord, ...]


def kpi_bound(text: str) -> tuple[str, float, str, bool] | None:
    """(name, target, unit, higher_is_better) of a KPI text with a bound, else None."""
    found = _BOUND.match(text)
    if found is None:
        return None
    higher = found["op"] == "≥"
    return found["name"], float(found["value"]), found["unit"], higher


def _kpi(rng: random.Random, text: str, evaluated: bool) -> KpiRecord:
    bound = kpi_bound(text)
    if bound is None:
        return KpiRecord(text, "", None, None, None, True)
    name, target, unit, higher = bound
    baseline = round(target * (0.8 if higher else 1.6), 1)
    actual = None
    if evaluated:
        met = rng.random() < KPI_MET_SHARE
        factor = rng.uniform(1.01, 1.05) if met == higher else rng.uniform(0.85, 0.97)
        actual = round(target * factor, 1)
    return KpiRecord(name, unit, baseline, target, actual, higher)


def pilot_record(
    rng: random.Random,
    scope: str,
    site: str,
    starts_on: date,
    kpi_texts: tuple[str, ...],
    evaluated: bool,
    today: date,
) -> PilotRecord:
    """A pilot from ``starts_on``: milestones done while their day has passed, KPIs with
    actual values once ``evaluated``."""
    ends_on = starts_on + timedelta(days=PILOT_DAYS)
    due = [(title, starts_on + timedelta(days=days)) for title, days in MILESTONES]
    due.append((ACCEPTANCE, ends_on))
    milestones = tuple(
        MilestoneRecord(
            title,
            on,
            on - timedelta(days=rng.randint(0, 5)) if on <= today or evaluated else None,
        )
        for title, on in due
    )
    kpis = tuple(_kpi(rng, text, evaluated) for text in kpi_texts)
    return PilotRecord(scope, site, starts_on, ends_on, milestones, kpis)
