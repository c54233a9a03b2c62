"""Tables as downloads: CSV (UTF-8 with a BOM, so spreadsheet programs read Chinese) or
XLSX — the one way pages hand out a table. Every cell goes through
:func:`scenehub.spreadsheets.cell_value`, so text that looks like a formula is kept as text,
and the XLSX writer is told each cell's type, so a string is never read as a formula or a
link."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from fastapi.responses import Response

from scenehub.spreadsheets import Cell, cell_value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(
    name: str, header: Sequence[str], rows: Sequence[Sequence[Any]], format: str
) -> Response:
    """``name.csv`` or ``name.xlsx`` with ``header`` and ``rows`` (None → empty cell)."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    cells = [[cell_value(v) for v in row] for row in [header, *rows]]
    if format == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(cells)
        body = ("\ufeff" + out.getvalue()).encode()
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
    return Response(_xlsx(name, cells), media_type=XLSX_TYPE, headers=headers)


def _xlsx(title: str, rows: list[list[Cell]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            # typed writes: xlsxwriter's write() would turn "=…" into a formula, "http…" a link
            if isinstance(value, bool):
                sheet.write_boolean(i, j, value)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(i, j, float(value))
            else:
                sheet.write_string(i, j, value)
    book.close()
    return out.getvalue()
