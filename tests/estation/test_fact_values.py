"""Values as departments write them, read for a firm's facts, without a database: what cannot
be read is None, never 0."""

from __future__ import annotations

from datetime import date

import pytest

from scenehub.estation.fact_values import (
    parse_amount,
    parse_as_of,
    parse_count,
    parse_grade,
    worse_grade,
    years_between,
)


@pytest.mark.parametrize(
    ("text", "count"),
    [("48", 48), ("48人", 48), ("１，２０４", 1204), ("1,204", 1204), ("48.0", 48), (" 7 ", 7)],
)
def test_counts_are_read_in_the_ways_clerks_write_them(text: str, count: int) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize("text", [None, "", "约50", "-3", "4.5", "nan", "inf"])
def test_a_count_that_is_not_a_whole_number_of_at_least_zero_is_unknown(text: str | None) -> None:
    assert parse_count(text) is None


def test_amounts_drop_the_columns_unit_and_refuse_what_is_not_one() -> None:
    assert parse_amount("140347.77") == 140347.77
    assert parse_amount("1,200万元") == 1200.0
    assert parse_amount("0") == 0.0
    assert parse_amount("未报送") is None and parse_amount("-5") is None


@pytest.mark.parametrize(("text", "grade"), [("B", "B"), ("b", "B"), ("B级", "B"), ("Ｍ级", "M")])
def test_a_tax_credit_grade_is_read_with_or_without_its_level_word(text: str, grade: str) -> None:
    assert parse_grade(text) == grade


@pytest.mark.parametrize("text", [None, "", "未评价", "E", "AA"])
def test_no_grade_yet_or_an_unknown_one_is_no_grade(text: str | None) -> None:
    assert parse_grade(text) is None


def test_the_lower_of_two_grades_follows_the_tax_order_a_b_m_c_d() -> None:
    assert worse_grade("A", "M") == "M" and worse_grade("C", "B") == "C"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("202604", date(2026, 4, 1)),
        ("2026-04", date(2026, 4, 1)),
        ("2026年4月", date(2026, 4, 1)),
        ("2026-04-01", date(2026, 4, 1)),
        ("2026年4月18日", date(2026, 4, 18)),
        ("20260418", date(2026, 4, 18)),
        ("2025", date(2025, 1, 1)),
        ("2025年度", date(2025, 1, 1)),
    ],
)
def test_a_value_is_dated_by_a_day_a_month_or_a_year_in_any_style(text: str, day: date) -> None:
    assert parse_as_of(text) == day


@pytest.mark.parametrize("text", [None, "", "2026-13", "上月", "26年4月"])
def test_a_date_that_cannot_be_read_is_none(text: str | None) -> None:
    assert parse_as_of(text) is None


@pytest.mark.parametrize(
    ("founded", "today", "years"),
    [
        (date(2021, 11, 1), date(2026, 11, 1), 5.0),  # the fifth anniversary
        (date(2021, 11, 2), date(2026, 11, 1), 4.99),  # a day short of it
        (date(2020, 2, 29), date(2025, 2, 28), 5.0),  # a leap day's anniversary
        (date(2026, 5, 1), date(2026, 11, 1), 0.5),
        (date(2026, 11, 1), date(2026, 11, 1), 0.0),
    ],
)
def test_years_between_two_days_follow_the_calendar(
    founded: date, today: date, years: float
) -> None:
    assert years_between(founded, today) == years
