"""Releases of statistics (pure): what a release is, its method, its plan, the budget.

A **release** is one published table, recorded: its kind (which statistic), its audience
(public or investor), its method and the cells it released, so that it is re-served
identically and never re-noised on a view. Two methods:

- ``disclosure_control``: ``governance.disclosure`` (counts of 1–9 firms and dominated sums
  hidden, with the secondary suppression that protects them); every figure is exact or
  hidden.
- ``differential_privacy``: every cell's firm count with discrete Laplace noise
  (``governance.dp``); nothing is hidden and no figure is exact. Only counts are released
  this way (magnitudes would need a bound on one firm's contribution).

Each DP release charges its ε to the **privacy budget** of its period (a quarter by
default): a release that would take the period's spending past its total is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from scenehub.estation.services import period_of
from scenehub.governance.disclosure import (
    COUNT,
    Disclosure,
    DisclosureRules,
    EntryKey,
    MagnitudeTable,
    suppress,
)
from scenehub.i18n import N_

Method = Literal["disclosure_control", "differential_privacy"]
Audience = Literal["public", "investor"]
DISCLOSURE_CONTROL: Method = "disclosure_control"
DIFFERENTIAL_PRIVACY: Method = "differential_privacy"
METHODS: tuple[Method, ...] = (DISCLOSURE_CONTROL, DIFFERENTIAL_PRIVACY)
METHOD_LABELS: dict[str, str] = {
    DISCLOSURE_CONTROL: N_("disclosure control"),
    DIFFERENTIAL_PRIVACY: N_("differential privacy"),
}
# Floating-point slack when ε adds up to exactly the budget (0.7 + 0.7 + 0.6 = 2.0).
EPSILON_SLACK = 1e-9
MAX_EPSILON = 10.0
# Below 0.01 the noise (scale 1/ε) swamps any count, and a subnormal ε overflows the
# mechanism's scale: the least ε a release may spend.
MIN_EPSILON = 0.01
Refusal = tuple[str, dict[str, Any]]
ValueKey = tuple[EntryKey, str]


@dataclass(frozen=True)
class ReleaseKind:
    """A statistic that can be released: its audience, dimensions and allowed methods."""

    key: str
    audience: Audience
    title: str
    dimensions: tuple[str, str]
    methods: tuple[Method, ...] = METHODS


# Districts × segments goes to investors under DP only: with disclosure control it would
# undo the suppression of the two public tables it shares margins with (docs/disclosure.md).
KINDS: dict[str, ReleaseKind] = {
    k.key: k
    for k in (
        ReleaseKind(
            "industry.districts",
            "public",
            N_("AI firms by district and layer"),
            ("district", "layer"),
        ),
        ReleaseKind(
            "industry.segments", "public", N_("AI firms by layer and segment"), ("layer", "segment")
        ),
        ReleaseKind(
            "industry.cohorts",
            "public",
            N_("AI firms by founding period and stage"),
            ("period", "stage"),
            (DISCLOSURE_CONTROL,),
        ),
        ReleaseKind(
            "industry.detail",
            "investor",
            N_("AI firms by district and segment"),
            ("district", "segment"),
            (DIFFERENTIAL_PRIVACY,),
        ),
    )
}


@dataclass(frozen=True)
class ReleasePlan:
    kind: ReleaseKind
    method: Method
    epsilon: float | None  # requested; the charge is what OpenDP accounts for
    period: str


def plan_release(
    kind: str, method: str, epsilon: float | None, day: date, per: str = "quarter"
) -> ReleasePlan | Refusal:
    """The plan of a release, or why it cannot be made as asked."""
    found = KINDS.get(kind)
    if found is None:
        return N_("no statistic is called %(kind)s"), {"kind": kind}
    if method not in found.methods:
        return N_("%(kind)s cannot be released by %(method)s"), {"kind": kind, "method": method}
    if method == DIFFERENTIAL_PRIVACY:
        if epsilon is None or not MIN_EPSILON <= epsilon <= MAX_EPSILON:
            return N_("a differentially private release needs ε between %(min)s and %(max)s"), {
                "min": MIN_EPSILON,
                "max": MAX_EPSILON,
            }
    elif epsilon is not None:
        return N_("ε applies to differentially private releases only"), {}
    chosen: Method = DIFFERENTIAL_PRIVACY if method == DIFFERENTIAL_PRIVACY else DISCLOSURE_CONTROL
    return ReleasePlan(found, chosen, epsilon, period_of(day, per).key)


@dataclass(frozen=True)
class Budget:
    """A period's privacy budget: its total ε and what its releases spent."""

    period: str
    total: float
    spent: float

    @property
    def remaining(self) -> float:
        return max(round(self.total - self.spent, 12), 0.0)

    def allows(self, epsilon: float) -> bool:
        return self.spent + epsilon <= self.total + EPSILON_SLACK

    def after(self, epsilon: float) -> Budget:
        return Budget(self.period, self.total, round(self.spent + epsilon, 12))


def budget_refusal(budget: Budget, epsilon: float) -> Refusal | None:
    """Why ``epsilon`` cannot be spent in ``budget``'s period (None: it can)."""
    if budget.allows(epsilon):
        return None
    return (
        N_(
            "the privacy budget of %(period)s is %(total)s: %(spent)s is spent and "
            "%(remaining)s remains, less than the ε %(epsilon)s this release needs"
        ),
        {
            "period": budget.period,
            "total": _shown(budget.total),
            "spent": _shown(budget.spent),
            "remaining": _shown(budget.remaining),
            "epsilon": _shown(epsilon),
        },
    )


def _shown(value: float) -> str:
    return f"{value:.4g}"


@dataclass(frozen=True)
class ReleasedTable:
    """A released 2-D table with its margins: values (None = suppressed) in reading order."""

    categories: tuple[tuple[str, ...], ...]
    measures: tuple[str, ...]
    values: Mapping[ValueKey, float | None]
    method: Method = DISCLOSURE_CONTROL

    def value(self, key: EntryKey, measure: str = COUNT) -> float | None:
        return self.values.get((key, measure))

    def suppressed(self) -> list[ValueKey]:
        return [key for key, value in self.values.items() if value is None]


def release_disclosure(disclosure: Disclosure) -> ReleasedTable:
    """What disclosure control lets out of a suppressed table."""
    table = disclosure.suppressed_table()
    return ReleasedTable(table.categories, table.measures, dict(table.values))


def by_disclosure_control(
    table: MagnitudeTable, rules: DisclosureRules = DisclosureRules()
) -> ReleasedTable:
    return release_disclosure(suppress(table, rules))


def by_differential_privacy(
    table: MagnitudeTable,
    noisy: Callable[[Sequence[int]], list[int]],
    structural_zeros: frozenset[tuple[str, str]] = frozenset(),
) -> ReleasedTable:
    """Every cell's count through ``noisy`` (one call, cells in reading order); margins are
    the sums of the noisy cells. Categories must not depend on the data (they are released
    whatever the counts). ``structural_zeros`` are cells empty by definition (a segment
    under another layer): released as 0 without noise, which says nothing about any firm."""
    rows, columns = table.category_lists()
    keys = [(r, c) for r in rows for c in columns if (r, c) not in structural_zeros]
    if any(table.cells[key].count for key in structural_zeros if key in table.cells):
        raise ValueError("a cell said to be empty by definition holds firms")
    counts = [table.cells[key].count if key in table.cells else 0 for key in keys]
    released = dict.fromkeys(structural_zeros & {(r, c) for r in rows for c in columns}, 0)
    released |= dict(zip(keys, noisy(counts), strict=True))
    values: dict[ValueKey, float | None] = {
        ((r, c), COUNT): float(released[(r, c)]) for r in rows for c in columns
    }
    for r in rows:
        values[((r, None), COUNT)] = float(sum(released[(r, c)] for c in columns))
    for c in columns:
        values[((None, c), COUNT)] = float(sum(released[(r, c)] for r in rows))
    values[((None, None), COUNT)] = float(sum(released.values()))
    return ReleasedTable((rows, columns), (COUNT,), values, DIFFERENTIAL_PRIVACY)


# --- stored form (JSON) -------------------------------------------------------------------


def cells_json(table: ReleasedTable) -> dict[str, Any]:
    """The table as JSON: categories, measures and [row, column, measure, value] rows."""
    return {
        "categories": [list(axis) for axis in table.categories],
        "measures": list(table.measures),
        "values": [[*key, measure, value] for (key, measure), value in table.values.items()],
    }


def table_from_json(data: Mapping[str, Any], method: Method) -> ReleasedTable:
    values: dict[ValueKey, float | None] = {((r, c), m): v for r, c, m, v in data["values"]}
    categories = tuple(tuple(axis) for axis in data["categories"])
    return ReleasedTable(categories, tuple(data["measures"]), values, method)
