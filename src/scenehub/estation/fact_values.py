"""Values as departments write them, read for a firm's facts (pure): counts, amounts, tax
credit grades, dates and the months or years that date a value, and whole years between two
days. A value that cannot be read is None — never 0, never a guess."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date

from scenehub.estation.facts import TAX_CREDIT_GRADES  # best first: A, B, M, C, D
from scenehub.integration.standardise import parse_date

_UNITS = ("万元", "万", "人")
_MONTH_OR_YEAR = re.compile(r"^(?P<y>\d{4})(?:年度?|[-/.年]?(?P<m>\d{1,2})月?)?$")


def _plain(text: str | None) -> str:
    """Full-width forms folded, spaces, thousands separators and a unit word dropped."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    for unit in _UNITS:
        value = value.removesuffix(unit)
    return value


def parse_count(text: str | None) -> int | None:
    """A whole number of people or things (``48``, ``48人``, ``1,204``, ``48.0``)."""
    amount = parse_amount(text)
    if amount is None or not amount.is_integer():
        return None
    return int(amount)


def parse_amount(text: str | None) -> float | None:
    """A non-negative amount (``140347.77``, ``1,200万元``); the unit is the column's."""
    try:
        value = float(_plain(text))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def parse_grade(text: str | None) -> str | None:
    """A tax credit grade (``B``, ``b``, ``B级``); 未评价, blank or anything else is none."""
    value = _plain(text).upper().removesuffix("级")
    return value if value in TAX_CREDIT_GRADES else None


def worse_grade(first: str, second: str) -> str:
    """The lower of two tax credit grades."""
    return max(first, second, key=TAX_CREDIT_GRADES.index)


def parse_day(text: str | None) -> date | None:
    """A day in any of the departments' styles (``2024-05-11``, ``2024年5月11日``, …)."""
    return parse_date(text)


def parse_as_of(text: str | None) -> date | None:
    """The day, month (``202604``, ``2026-04``, ``2026年4月``) or year (``2025``,
    ``2025年度``) a value is of, as its first day: only for telling the latest."""
    day = parse_date(text)
    if day is not None:
        return day
    match = _MONTH_OR_YEAR.match(_plain(text))
    if match is None:
        return None
    month = int(match["m"] or 1)
    return date(int(match["y"]), month, 1) if 1 <= month <= 12 else None


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for a 29th that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_between(start: date, end: date) -> float:
    """Completed years from ``start`` to ``end`` (not before it), with the share of the
    current year, rounded down to hundredths: exactly 5.0 on the fifth anniversary, so that a
    rule's ``< 5`` or ``>= 5`` is decided as the calendar decides it."""
    whole = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    anniversary, following = years_after(start, whole), years_after(start, whole + 1)
    share = (end - anniversary).days * 100 // (following - anniversary).days
    return (whole * 100 + share) / 100
