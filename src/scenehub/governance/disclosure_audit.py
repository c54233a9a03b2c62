"""Recomputation attempts on a suppressed table, as an attacker would make them (pure logic;
scipy's linear programming does the arithmetic).

``feasible_intervals`` uses only what a reader has: the published figures, the table's
additive lines (rows, columns, totals) and what the rules make public — a hidden count is at
least 1 (zeros are always shown), a hidden magnitude is at least 0 and is 0 where the count is
published as 0. For every hidden figure it minimises and maximises the figure over all tables
consistent with that. The line constraints form a network matrix, so for integer counts the
bounds are integers and no integer programming could tighten them.

``audit`` compares those intervals with the truth and reports every hidden figure that is
``pinned`` (the interval has no width) and every primary that is ``provably_sensitive`` (the
interval cannot reach ``protection_target`` or cannot rise above the true value).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import linprog  # type: ignore[import-untyped]

from scenehub.governance.disclosure import (
    COUNT,
    Disclosure,
    EntryKey,
    Reason,
    SuppressedTable,
    entries_with_margins,
    protection_target,
)

Problem = Literal["pinned", "provably_sensitive"]


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float  # math.inf when the published figures set no upper bound

    @property
    def width(self) -> float:
        return self.upper - self.lower


@dataclass(frozen=True)
class Exposure:
    key: EntryKey
    measure: str
    reason: Reason
    value: float
    interval: Interval
    problem: Problem


def audit(disclosure: Disclosure) -> list[Exposure]:
    """Every hidden figure the published table gives away (an empty list when none)."""
    published = disclosure.suppressed_table()
    entries = entries_with_margins(disclosure.table, disclosure.rules.dominance_n)
    exposures = []
    for measure in disclosure.measures:
        polytope = _Polytope.of(published, measure)
        for key in polytope.hidden:
            figure = disclosure.figure(key, measure)
            if figure.reason is None:  # only a hand-made Disclosure hides a figure it shows
                continue
            target = protection_target(entries[key], measure, disclosure.rules)
            exposure = _exposure(polytope, key, measure, figure.value, figure.reason, target)
            if exposure is not None:
                exposures.append(exposure)
    return exposures


def feasible_intervals(published: SuppressedTable, measure: str) -> dict[EntryKey, Interval]:
    """For every hidden figure of ``measure``: the least and greatest value it can take in a
    table that agrees with every published figure and with what the rules make public."""
    polytope = _Polytope.of(published, measure)
    return {key: Interval(polytope.least(key), polytope.greatest(key)) for key in polytope.hidden}


def _exposure(
    polytope: _Polytope, key: EntryKey, measure: str, value: float, reason: Reason, target: float
) -> Exposure | None:
    slack = 1e-6 * max(1.0, abs(value))  # the solver's tolerance, relative to the figure
    enough = value + 2 * slack if reason == "secondary" else max(target, value + 2 * slack)
    if polytope.reaches(key, enough):
        return None
    upper = polytope.greatest(key)
    # The least value (never above the true one) matters only when the greatest is the true one.
    capped = upper <= value + slack
    lower = polytope.least(key) if capped else None
    problem: Problem
    if lower is not None and upper - lower <= slack:
        problem = "pinned"
    elif reason != "secondary" and (capped or upper < target - slack):
        problem = "provably_sensitive"
    else:
        return None
    if lower is None:
        lower = polytope.least(key)
    return Exposure(key, measure, reason, value, Interval(lower, upper), problem)


@dataclass
class _Polytope:
    """The hidden figures of one measure and the equations and bounds they must satisfy."""

    hidden: tuple[EntryKey, ...]
    matrix: np.ndarray
    rhs: np.ndarray
    bounds: tuple[tuple[float, float | None], ...]
    # The largest value of each figure in any solution found so far: every solution is a table
    # the reader cannot rule out, so one linear program often settles many figures.
    witnessed: dict[EntryKey, float] = field(default_factory=dict)

    @classmethod
    def of(cls, published: SuppressedTable, measure: str) -> _Polytope:
        hidden = tuple(key for key in published.entries if published.value(key, measure) is None)
        column = {key: index for index, key in enumerate(hidden)}
        rows, rhs = [], []
        for line in published.lines():
            signed = [(key, 1.0) for key in line.parts] + [(line.total, -1.0)]
            if not any(key in column for key, _ in signed):
                continue
            row = np.zeros(len(hidden))
            known = 0.0
            for key, sign in signed:
                value = published.value(key, measure)
                if value is None:
                    row[column[key]] += sign
                else:
                    known += sign * value
            rows.append(row)
            rhs.append(-known)
        bounds = tuple(_public_bounds(published, key, measure) for key in hidden)
        matrix = np.array(rows).reshape(len(rows), len(hidden))
        return cls(hidden, matrix, np.array(rhs), bounds)

    def reaches(self, key: EntryKey, level: float) -> bool:
        """Whether some table agreeing with the published figures has ``key`` at ``level``+."""
        return self.witnessed.get(key, -math.inf) >= level or self.greatest(key) >= level

    def least(self, key: EntryKey) -> float:
        return self._minimum(key, 1.0)

    def greatest(self, key: EntryKey) -> float:
        return -self._minimum(key, -1.0)

    def _minimum(self, key: EntryKey, direction: float) -> float:
        """min of ``direction · x[key]``; -inf when unbounded."""
        objective = np.zeros(len(self.hidden))
        objective[self.hidden.index(key)] = direction
        result = linprog(
            objective, A_eq=self.matrix, b_eq=self.rhs, bounds=self.bounds, method="highs"
        )
        if result.status == 3:
            return -math.inf
        if result.status != 0:
            raise ValueError(f"the published figures are inconsistent: {result.message}")
        for other, value in zip(self.hidden, result.x, strict=True):
            self.witnessed[other] = max(self.witnessed.get(other, -math.inf), float(value))
        return float(result.fun)


def _public_bounds(
    published: SuppressedTable, key: EntryKey, measure: str
) -> tuple[float, float | None]:
    if measure == COUNT:
        return (1.0, None)
    return (0.0, 0.0) if published.value(key, COUNT) == 0 else (0.0, None)
