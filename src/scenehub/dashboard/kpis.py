"""The centre's figures from its records (pure): the funnel from salon to catalogue with its
conversion rates, monthly trends, and how quickly each department decides.

Nothing here is typed in: the service hands over what the domains recorded (pairs of a scene
and a firm at each step, dated events, proposals with their decision dates) and this module
only counts. The funnel is *nested* and starts at the salon: a pair counts at a step if it
counted at the step before and got at least this far (a follow-up that became a partnership
straight away, without a written proposal, counts at "proposal" too: it stepped over it). So
each rate reads "of the pairs that met, 40 % followed up" and can never pass 100 %. A pair
that got to a step by another road (a proposal without a salon) is still in that step's own
total (``reached``), which the dashboard shows beside it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from scenehub.i18n import N_

# The road of a scene–firm pair, in order, with the label the dashboard shows.
FUNNEL_STEPS: tuple[tuple[str, str], ...] = (
    ("invited", N_("Invited to a salon")),
    ("met", N_("Met one to one")),
    ("follow_up", N_("Agreed to follow up")),
    ("proposal", N_("Sent a proposal")),
    ("partnership", N_("Partnership")),
    ("pilot", N_("Pilot")),
    ("contract", N_("Contract")),
    ("catalogue", N_("National catalogue")),
)
FUNNEL_KEYS = tuple(key for key, _ in FUNNEL_STEPS)
# A department "sits on" a proposal it has not decided for this many days.
STUCK_AFTER_DAYS = 30

Pair = tuple[int, int]  # (scene id, firm organisation id)


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int  # pairs that came this far along the road, through every earlier step
    reached: int  # pairs at this step by any road
    rate: float | None  # count / the previous step's count; None for the first or after 0


def funnel(pairs: Mapping[str, Iterable[Pair]]) -> list[FunnelStep]:
    """The nested funnel of ``pairs`` (step key → the pairs that reached it, FUNNEL_KEYS)."""
    unknown = set(pairs) - set(FUNNEL_KEYS)
    if unknown:
        raise ValueError(f"unknown funnel steps: {sorted(unknown)}")
    steps: list[FunnelStep] = []
    carried: set[Pair] | None = None
    for i, (key, label) in enumerate(FUNNEL_STEPS):
        reached = set(pairs.get(key, ()))
        at_least = reached.union(*(pairs.get(later, ()) for later in FUNNEL_KEYS[i + 1 :]))
        through = reached if carried is None else at_least & carried
        before = len(carried) if carried is not None else 0
        rate = len(through) / before if carried is not None and before else None
        steps.append(FunnelStep(key, label, len(through), len(reached), rate))
        carried = through
    return steps


def months_between(first: date, last: date) -> list[str]:
    """Every month from ``first``'s to ``last``'s as "YYYY-MM", both included."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class Trend:
    months: tuple[str, ...]
    series: Mapping[str, tuple[int, ...]]  # kind → a count per month, 0 where nothing happened


def monthly(events: Iterable[tuple[str, date]], kinds: Sequence[str], until: date) -> Trend:
    """Events (kind, local date) counted per month, from the first event's month to ``until``'s;
    every kind in ``kinds`` gets a series, also one that never happened."""
    rows = list(events)
    if not rows:
        return Trend((), {kind: () for kind in kinds})
    first = min(day for _, day in rows)
    months = months_between(first, max(until, max(day for _, day in rows)))
    counts = Counter((kind, f"{day.year:04d}-{day.month:02d}") for kind, day in rows)
    return Trend(
        tuple(months),
        {kind: tuple(counts[(kind, month)] for month in months) for kind in kinds},
    )


@dataclass(frozen=True)
class Responsiveness:
    department: str
    decided: int  # proposals the department decided (selected or rejected)
    median_days: float | None  # from submission to decision
    slowest_days: int | None
    waiting: int  # proposals still undecided
    stuck_scenes: int  # scenes with a proposal undecided for more than STUCK_AFTER_DAYS


@dataclass(frozen=True)
class ProposalTiming:
    department: str
    scene_id: int
    submitted_on: date
    decided_on: date | None


def responsiveness(timings: Iterable[ProposalTiming], today: date) -> list[Responsiveness]:
    """Per department, how long its decisions took and what it leaves waiting; the slowest
    (most stuck scenes, then longest median) first."""
    by_department: dict[str, list[ProposalTiming]] = defaultdict(list)
    for timing in timings:
        by_department[timing.department].append(timing)
    rows = []
    for department, items in by_department.items():
        days = [(t.decided_on - t.submitted_on).days for t in items if t.decided_on is not None]
        waiting = [t for t in items if t.decided_on is None]
        stuck = {t.scene_id for t in waiting if (today - t.submitted_on).days > STUCK_AFTER_DAYS}
        rows.append(
            Responsiveness(
                department=department,
                decided=len(days),
                median_days=float(median(days)) if days else None,
                slowest_days=max(days) if days else None,
                waiting=len(waiting),
                stuck_scenes=len(stuck),
            )
        )
    return sorted(rows, key=lambda r: (-r.stuck_scenes, -(r.median_days or 0), r.department))
