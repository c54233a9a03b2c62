"""Disclosure control: primary rules, complementary suppression, and recomputation attempts."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from scenehub.governance.disclosure import (
    COUNT,
    Cell,
    Disclosure,
    DisclosureRules,
    Figure,
    Magnitude,
    MagnitudeTable,
    entries_with_margins,
    suppress,
)
from scenehub.governance.disclosure_audit import audit, feasible_intervals


def one_d(counts: dict[str, int]) -> MagnitudeTable:
    return MagnitudeTable(("segment",), {(k,): Cell(n) for k, n in counts.items()})


def two_d(rows: dict[str, list[int]], columns: list[str] | None = None) -> MagnitudeTable:
    width = len(next(iter(rows.values())))
    names = columns or [f"s{i}" for i in range(width)]
    cells = {
        (r, c): Cell(n) for r, counts in rows.items() for c, n in zip(names, counts, strict=True)
    }
    return MagnitudeTable(("district", "segment"), cells)


def headcount_table(*cells: tuple[str, int, list[int]]) -> MagnitudeTable:
    """1-D cells from every firm's headcount."""
    return MagnitudeTable(
        ("segment",),
        {(k,): Cell(n, {"headcount": Magnitude.of(values)}) for k, n, values in cells},
        ("headcount",),
    )


def hidden_keys(disclosure: Disclosure, measure: str = COUNT) -> set[tuple[str | None, ...]]:
    return {key for key, m, _ in disclosure.hidden() if m == measure}


# Primary suppression


@pytest.mark.parametrize("count", range(1, 10))
def test_a_count_from_one_to_nine_is_a_primary(count: int) -> None:
    disclosure = suppress(one_d({"a": count, "b": 40, "c": 50}))
    assert disclosure.figure(("a",)).reason == "primary_count"


@pytest.mark.parametrize("count", [0, 10, 11, 250])
def test_a_count_of_zero_or_at_least_ten_is_no_primary(count: int) -> None:
    disclosure = suppress(one_d({"a": count, "b": 40, "c": 50}))
    assert disclosure.figure(("a",)).shown
    assert disclosure.hidden() == []


def test_the_count_threshold_follows_the_rules() -> None:
    disclosure = suppress(one_d({"a": 4, "b": 40}), DisclosureRules(min_count=3))
    assert disclosure.hidden() == []


def test_a_small_count_hides_every_figure_of_its_cell() -> None:
    table = headcount_table(("a", 3, [5, 5, 5]), ("b", 20, [10] * 20), ("c", 30, [10] * 30))
    disclosure = suppress(table)
    assert disclosure.figure(("a",), "headcount").reason == "primary_count"


@pytest.mark.parametrize(
    ("leaders", "others", "dominated"),
    [
        # Two firms with exactly 85 of 100: not more than 85 %, shown.
        ([50, 35], [1] * 15, False),
        # 85.0 of 100 in a non-integer split still compares exactly.
        ([42.5, 42.5], [1] * 15, False),
        # 86 of 101: just above 85 %.
        ([51, 35], [1] * 15, True),
        # 85 of 101: just below.
        ([50, 35], [1] * 16, False),
        # 85 of 99.9 is above 85 %.
        ([50, 35], [1] * 14 + [0.9], True),
    ],
)
def test_dominance_hides_a_sum_only_when_two_firms_make_more_than_85_percent(
    leaders: list[float], others: list[float], dominated: bool
) -> None:
    values = leaders + others
    table = headcount_table(("a", len(values), values), ("b", 20, [10] * 20), ("c", 30, [10] * 30))
    figure = suppress(table).figure(("a",), "headcount")
    assert figure.reason == ("primary_dominance" if dominated else None)


def test_dominance_hides_the_magnitude_but_not_the_count() -> None:
    values = [900, 50] + [5] * 10
    table = headcount_table(("a", 12, values), ("b", 20, [10] * 20), ("c", 30, [10] * 30))
    disclosure = suppress(table)
    assert disclosure.figure(("a",), "headcount").reason == "primary_dominance"
    assert hidden_keys(disclosure, COUNT) == set()


def test_a_dominated_sum_stays_hidden_even_when_another_figure_would_reveal_it() -> None:
    # The total leaves "a" = total - "b" - "c": a complement must be hidden as well.
    values = [900, 50] + [5] * 10
    table = headcount_table(("a", 12, values), ("b", 20, [10] * 20), ("c", 30, [10] * 30))
    disclosure = suppress(table)
    assert disclosure.figure(("b",), "headcount").reason == "secondary"
    assert audit(disclosure) == []


def test_a_margin_dominated_by_two_firms_of_different_cells_is_a_primary() -> None:
    table = headcount_table(
        ("a", 10, [1000] + [1] * 9), ("b", 10, [1000] + [1] * 9), ("c", 10, [1] * 10)
    )
    disclosure = suppress(table)
    assert disclosure.figure(("a",), "headcount").reason == "primary_dominance"
    assert disclosure.figure((None,), "headcount").reason == "primary_dominance"
    assert audit(disclosure) == []


# Secondary suppression


def test_one_small_cell_in_a_1d_table_takes_the_cheapest_nonzero_complement() -> None:
    disclosure = suppress(one_d({"a": 3, "b": 0, "c": 40, "d": 12, "e": 25}))
    assert disclosure.figure(("d",)).reason == "secondary"
    assert hidden_keys(disclosure) == {("a",), ("d",)}
    assert disclosure.figure((None,)).shown


def test_a_complement_too_small_to_protect_is_passed_over() -> None:
    # Hiding 3 and 5 with the total 48 shown leaves both below 10 at most: 40 must go too.
    disclosure = suppress(one_d({"a": 3, "b": 5, "c": 40}))
    assert hidden_keys(disclosure) == {("a",), ("b",), ("c",)}
    interval = feasible_intervals(disclosure.suppressed_table(), COUNT)[("a",)]
    assert interval.upper >= 10


def test_a_total_that_proves_two_hidden_cells_small_is_hidden_too() -> None:
    # 3 + 7 = 10: with 10 shown, both hidden cells would be known to be 1–9.
    disclosure = suppress(one_d({"a": 3, "b": 7}))
    assert disclosure.figure((None,)).reason == "secondary"


def test_one_small_cell_in_a_2d_table_is_hidden_with_the_cheapest_rectangle() -> None:
    table = two_d({"d1": [3, 40, 50], "d2": [30, 20, 60], "d3": [90, 80, 70]})
    disclosure = suppress(table)
    assert hidden_keys(disclosure) == {("d1", "s0"), ("d1", "s1"), ("d2", "s0"), ("d2", "s1")}


def test_every_line_with_a_hidden_figure_has_another_one() -> None:
    table = two_d({"d1": [3, 40, 50, 0], "d2": [30, 2, 60, 11], "d3": [90, 80, 7, 12]})
    disclosure = suppress(table)
    hidden = hidden_keys(disclosure)
    for line in disclosure.suppressed_table().lines():
        in_line = hidden & {*line.parts, line.total}
        assert len(in_line) != 1, line


def test_a_small_margin_is_a_primary_and_is_protected() -> None:
    # District d1 has 5 firms in all: its row total and its cells are primaries.
    table = two_d({"d1": [2, 3, 0], "d2": [30, 20, 60], "d3": [90, 80, 70]})
    disclosure = suppress(table)
    assert disclosure.figure(("d1", None)).reason == "primary_count"
    assert disclosure.figure(("d1", "s2")).shown  # a zero is never hidden
    assert audit(disclosure) == []


def test_zero_cells_are_never_hidden_as_complements() -> None:
    table = two_d({"d1": [3, 0, 50], "d2": [0, 20, 0], "d3": [90, 0, 70]})
    disclosure = suppress(table)
    entries = entries_with_margins(table)
    assert all(entries[key].count > 0 for key in hidden_keys(disclosure))
    assert audit(disclosure) == []


def test_a_table_of_only_small_cells_hides_everything_without_giving_any_away() -> None:
    table = two_d({"d1": [1, 2, 3], "d2": [2, 1, 2], "d3": [3, 1, 1]})
    disclosure = suppress(table)
    published = disclosure.suppressed_table()
    assert all(published.value(key) is None for key in published.entries)
    assert audit(disclosure) == []


def test_an_empty_table_publishes_its_zero_total() -> None:
    disclosure = suppress(MagnitudeTable(("segment",), {}))
    assert disclosure.suppressed_table().value((None,)) == 0
    assert audit(disclosure) == []


def test_an_empty_2d_table_with_categories_shows_its_zeros() -> None:
    table = MagnitudeTable(
        ("district", "segment"), {}, ("headcount",), categories=(("d1", "d2"), ("s1",))
    )
    published = suppress(table).suppressed_table()
    assert len(published.entries) == 2 + 2 + 1 + 1
    assert {published.value(key, "headcount") for key in published.entries} == {0.0}


def test_more_than_two_dimensions_are_refused() -> None:
    with pytest.raises(ValueError, match="two dimensions"):
        MagnitudeTable(("district", "segment", "stage"), {("d", "s", "0-1"): Cell(3)})


# What readers and operators see


def test_the_published_table_hides_values_and_reasons() -> None:
    disclosure = suppress(one_d({"a": 3, "b": 12, "c": 40}))
    published = disclosure.suppressed_table()
    assert published.value(("a",)) is None and published.value(("b",)) is None
    assert published.value(("c",)) == 40 and published.value((None,)) == 55
    assert not hasattr(published, "reasons")


def test_the_operator_sees_the_unchanged_figures_and_the_reasons() -> None:
    table = headcount_table(("a", 3, [5, 6, 7]), ("b", 12, [10] * 12), ("c", 40, [3] * 40))
    disclosure = suppress(table)
    operator = disclosure.operator_table()
    for (key,), cell in table.cells.items():
        assert operator.value((key,)) == cell.count
        assert operator.value((key,), "headcount") == cell.magnitudes["headcount"].total
    assert operator.value((None,)) == 55
    assert operator.value((None,), "headcount") == 18 + 120 + 120
    assert disclosure.figure(("a",)) == Figure(3, "primary_count")


def test_the_same_table_is_suppressed_the_same_way() -> None:
    table = random_table(random.Random(7))
    assert suppress(table) == suppress(table)


# Recomputation attempts


def test_the_audit_recomputes_a_cell_hidden_by_primary_suppression_alone() -> None:
    table = two_d({"d1": [3, 40, 50], "d2": [30, 20, 60]})
    disclosure = suppress(table)
    figures = {key: {COUNT: Figure(disclosure.figure(key).value)} for key in disclosure.figures}
    figures[("d1", "s0")] = {COUNT: Figure(3, "primary_count")}
    exposures = audit(replace(disclosure, figures=figures))
    assert [(e.key, e.problem, e.interval.lower) for e in exposures] == [
        (("d1", "s0"), "pinned", 3.0)
    ]


def test_the_audit_notices_a_small_cell_bounded_below_ten() -> None:
    # Hiding 3 and 5 (total 48 and 40 shown) keeps them unknown but provably below 10.
    disclosure = suppress(one_d({"a": 3, "b": 5, "c": 40}))
    figures = {**disclosure.figures, ("c",): {COUNT: Figure(40)}}
    exposures = audit(replace(disclosure, figures=figures))
    assert {(e.key, e.problem) for e in exposures} == {
        (("a",), "provably_sensitive"),
        (("b",), "provably_sensitive"),
    }


def random_table(rng: random.Random) -> MagnitudeTable:
    """A small sparse table: many empty and small cells, now and then a dominant firm."""
    shape = [rng.randint(1, 7)] if rng.random() < 0.3 else [rng.randint(1, 5), rng.randint(1, 6)]
    categories = tuple(
        tuple(f"{axis}{i}" for i in range(n)) for axis, n in zip("rc", shape, strict=False)
    )
    keys = [(a,) for a in categories[0]]
    if len(categories) == 2:
        keys = [(a, b) for a in categories[0] for b in categories[1]]
    cells = {}
    for key in keys:
        count = rng.choice([0, 0, 1, 2, 3, 5, 8, 9, 10, 12, 15, 30, 60])
        staff = [rng.randint(1, 50) for _ in range(count)]
        if staff and rng.random() < 0.2:
            staff[0] = rng.randint(500, 5000)
        patents = [rng.choice([0, 0, 0, 1, 2, 40]) for _ in range(count)]
        magnitudes = {"headcount": Magnitude.of(staff), "patents": Magnitude.of(patents)}
        cells[key] = Cell(count, magnitudes)
    names = ("district", "segment")[: len(shape)]
    return MagnitudeTable(names, cells, ("headcount", "patents"), categories)


@pytest.mark.parametrize("seed", range(6))
def test_no_hidden_figure_of_a_random_table_can_be_recomputed(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        table = random_table(rng)
        disclosure = suppress(table)
        assert audit(disclosure) == [], table
        entries = entries_with_margins(table)
        for key, measure, reason in disclosure.hidden():
            assert entries[key].count > 0, (key, measure)
            if measure == COUNT and reason != "secondary":
                assert 0 < entries[key].count < 10
