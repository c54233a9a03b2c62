"""The release path without a database: planning a release, the budget's arithmetic, and
the tables disclosure control and differential privacy let out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from scenehub.governance.disclosure import COUNT, Cell, Magnitude, MagnitudeTable, suppress
from scenehub.governance.dp import count_mechanism
from scenehub.governance.releases import (
    Budget,
    ReleasePlan,
    budget_refusal,
    by_differential_privacy,
    by_disclosure_control,
    cells_json,
    plan_release,
    table_from_json,
)

TABLE = MagnitudeTable(
    ("district", "layer"),
    {
        ("a", "x"): Cell(15, {"staff": Magnitude(300, (50, 40))}),
        ("a", "y"): Cell(3, {"staff": Magnitude(30, (20, 5))}),
        ("b", "x"): Cell(12, {"staff": Magnitude(200, (30, 20))}),
        ("b", "y"): Cell(20, {"staff": Magnitude(400, (30, 30))}),
    },
    ("staff",),
    (("a", "b", "c"), ("x", "y")),
)


def test_a_dp_release_is_planned_in_its_quarter() -> None:
    plan = plan_release("industry.districts", "differential_privacy", 0.5, date(2026, 11, 3))
    assert isinstance(plan, ReleasePlan)
    assert plan.period == "2026-Q4" and plan.epsilon == 0.5 and plan.kind.audience == "public"
    monthly = plan_release(
        "industry.detail", "differential_privacy", 1.0, date(2026, 2, 1), "month"
    )
    assert isinstance(monthly, ReleasePlan) and monthly.period == "2026-02"
    assert monthly.kind.audience == "investor"


@pytest.mark.parametrize(
    ("kind", "method", "epsilon", "says"),
    [
        ("industry.nothing", "disclosure_control", None, "no statistic"),
        ("industry.detail", "disclosure_control", None, "cannot be released"),
        ("industry.cohorts", "differential_privacy", 1.0, "cannot be released"),
        ("industry.districts", "differential_privacy", None, "needs ε"),
        ("industry.districts", "differential_privacy", 11.0, "needs ε"),
        ("industry.districts", "differential_privacy", 5e-324, "needs ε"),
        ("industry.districts", "disclosure_control", 0.5, "only"),
    ],
)
def test_a_release_that_cannot_be_made_says_why(
    kind: str, method: str, epsilon: float | None, says: str
) -> None:
    refusal = plan_release(kind, method, epsilon, date(2026, 12, 3))
    assert isinstance(refusal, tuple) and says in refusal[0]


def test_the_budget_allows_up_to_its_total_and_not_beyond() -> None:
    budget = Budget("2026-Q4", 2.0, 0.0)
    for _ in range(2):
        assert budget.allows(0.7)
        budget = budget.after(0.7)
    assert budget.allows(0.6) and not budget.allows(0.61)
    assert budget.after(0.6).remaining == 0.0
    assert Budget("2026-Q4", 2.0, 2.5).remaining == 0.0  # the total was lowered since


def test_a_refusal_names_what_is_spent_and_what_remains() -> None:
    assert budget_refusal(Budget("2026-Q4", 2.0, 1.5), 0.5) is None
    refusal = budget_refusal(Budget("2026-Q4", 2.0, 1.5), 1.0)
    assert refusal is not None
    message, params = refusal
    assert params == {
        "period": "2026-Q4",
        "total": "2",
        "spent": "1.5",
        "remaining": "0.5",
        "epsilon": "1",
    }
    assert "%(remaining)s remains" in message


def test_disclosure_control_releases_what_suppression_shows() -> None:
    released = by_disclosure_control(TABLE)
    expected = suppress(TABLE).suppressed_table()
    assert dict(released.values) == dict(expected.values)
    assert (("a", "y"), COUNT) in released.suppressed() and released.method == "disclosure_control"


def _plus_one(counts: Sequence[int]) -> list[int]:
    return [c + 1 for c in counts]


def test_dp_noises_every_cell_once_and_adds_the_margins_up() -> None:
    released = by_differential_privacy(TABLE, _plus_one)
    assert released.measures == (COUNT,) and released.suppressed() == []
    # The empty district "c" is released too: categories come from configuration.
    assert released.value(("c", "x")) == 1 and released.value(("a", "y")) == 4
    assert released.value(("a", None)) == 15 + 1 + 3 + 1
    assert released.value((None, "x")) == 15 + 12 + 0 + 3
    assert released.value((None, None)) == 50 + 6


def test_dp_with_opendp_gives_nonnegative_whole_counts_that_add_up() -> None:
    released = by_differential_privacy(TABLE, count_mechanism(0.5).release)
    rows, columns = released.categories
    cells = [released.value((r, c)) for r in rows for c in columns]
    assert all(v is not None and v >= 0 and v == int(v) for v in cells)
    assert released.value((None, None)) == sum(v or 0 for v in cells)


def test_a_released_table_is_stored_and_read_back_unchanged() -> None:
    for released in (by_disclosure_control(TABLE), by_differential_privacy(TABLE, _plus_one)):
        back = table_from_json(cells_json(released), released.method)
        assert back == released


def test_cells_empty_by_definition_get_no_noise() -> None:
    zeros = frozenset({("a", "y"), ("c", "x")})
    with pytest.raises(ValueError, match="empty by definition"):
        by_differential_privacy(TABLE, _plus_one, zeros)
    zeros = frozenset({("c", "x"), ("c", "y")})
    released = by_differential_privacy(TABLE, _plus_one, zeros)
    assert released.value(("c", "x")) == 0 and released.value(("c", None)) == 0
    assert released.value(("a", "x")) == 16 and released.value((None, None)) == 50 + 4
