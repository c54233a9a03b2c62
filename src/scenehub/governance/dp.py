"""Differential privacy of released counts with OpenDP (pure: no database, no files).

The unit of privacy is **one firm**: two cities' registers are neighbours when one has a
firm the other has not. A released table's cells are a histogram over categories fixed in
advance (the city's districts, the chain's layers and segments), and each firm falls in
exactly one cell, so adding or removing a firm changes the vector of cell counts by 1 in
the L1 distance (``d_in = 1``). The measurement adds discrete Laplace (two-sided
geometric) noise to every cell; OpenDP's own privacy map says what ε that costs, so the ε
charged to the budget is ``measurement.map(1)``, never arithmetic of ours.

Post-processing (which costs no privacy): negative noisy counts become 0, and a table's
margins are the sums of its noisy cells, so the released table adds up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import opendp.prelude as dp

dp.enable_features("contrib")

# One firm more or less moves one cell's count by one.
FIRM_SENSITIVITY = 1


@dataclass(frozen=True)
class CountMechanism:
    """Discrete Laplace noise on a vector of counts, with the ε OpenDP accounts for it."""

    measurement: Any  # opendp.mod.Measurement (untyped library)
    scale: float
    epsilon: float

    def release(self, counts: Sequence[int]) -> list[int]:
        """The noisy counts (fresh randomness on every call), rounded up to 0 when negative."""
        noisy: list[int] = self.measurement([int(c) for c in counts])
        return [max(int(value), 0) for value in noisy]


def _count_space() -> tuple[Any, Any]:
    return dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)


def laplace_counts(scale: float) -> Any:
    """OpenDP's discrete Laplace measurement on integer count vectors of any length."""
    return dp.m.make_laplace(*_count_space(), scale=scale)


def count_mechanism(epsilon: float) -> CountMechanism:
    """The least-noise mechanism whose ε (OpenDP's map at ``d_in = 1``) is at most
    ``epsilon``."""
    if not epsilon > 0:
        raise ValueError("epsilon must be positive")
    make: Callable[[float], Any] = laplace_counts
    scale = float(dp.binary_search_param(make, d_in=FIRM_SENSITIVITY, d_out=float(epsilon)))
    measurement = make(scale)
    return CountMechanism(measurement, scale, float(measurement.map(FIRM_SENSITIVITY)))
