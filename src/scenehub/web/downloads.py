"""Tables as downloads: CSV (UTF-8 with a BOM, so spreadsheet programs read Chinese) or
XLSX — the one way pages hand out a table."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from fastapi.responses import Response

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, int | float | str) else str(value)


def table_download(
    name: str, header: Sequence[str], rows: Sequence[Sequence[Any]], format: str
) -> Response:
    """``name.csv`` or ``name.xlsx`` with ``header`` and ``rows`` (None → empty cell)."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    cells = [[_cell(v) for v in row] for row in rows]
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(cells)
        body = ("\ufeff" + out.getvalue()).encode()
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
    return Response(_xlsx(name, header, cells), media_type=XLSX_TYPE, headers=headers)


def _xlsx(title: str, header: Sequence[str], rows: list[list[Any]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    sheet.write_row(0, 0, list(header))
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()
