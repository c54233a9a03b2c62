"""Readers close their file on every path: refused at the header, read whole, or left part way."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

from scenehub.integration.ingest import ingest
from scenehub.integration.readers import FileError, read_rows
from scenehub.integration.warehouse import open_warehouse
from tests.integration.test_ingest import write_spec

PROC_FDS = Path("/proc/self/fd")
pytestmark = pytest.mark.skipif(not PROC_FDS.is_dir(), reason="counts open files in /proc")
HEADER = ["记录编号", "企业名称"]
ROWS = [["R1", "杭州云图智能科技有限公司"], ["R2", "杭州数思电机有限公司"]]


def open_handles(path: Path) -> int:
    """How many of this process's file descriptors point at ``path``."""
    target = str(path.resolve())
    count = 0
    for fd in PROC_FDS.iterdir():
        try:
            count += os.readlink(fd) == target
        except OSError:  # closed while we looked (the directory's own descriptor)
            continue
    return count


def write_file(folder: Path, file_format: str) -> Path:
    path = folder / f"amr.{file_format}"
    if file_format == "csv":
        lines = [",".join(row) for row in (HEADER, *ROWS)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif file_format == "jsonl":
        items = [dict(zip(HEADER, row, strict=True)) for row in ROWS]
        path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n")
    elif file_format == "parquet":
        pq.write_table(pa.table({h: [r[i] for r in ROWS] for i, h in enumerate(HEADER)}), path)
    else:
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet()
        for number, row in enumerate((HEADER, *ROWS)):
            sheet.write_row(number, 0, row)
        book.close()
    return path


FORMATS = ["csv", "jsonl", "parquet", "xlsx"]


@pytest.mark.parametrize("file_format", FORMATS)
def test_reading_the_header_leaves_the_file_closed(tmp_path: Path, file_format: str) -> None:
    path = write_file(tmp_path, file_format)
    header, rows = read_rows(path, file_format, "auto")
    assert header == HEADER
    assert open_handles(path) == 0
    assert [row.values["记录编号"] for row in rows] == ["R1", "R2"]
    assert open_handles(path) == 0


@pytest.mark.parametrize("file_format", FORMATS)
def test_rows_left_part_way_close_the_file(tmp_path: Path, file_format: str) -> None:
    path = write_file(tmp_path, file_format)
    _, rows = read_rows(path, file_format, "auto")
    assert next(rows).values["记录编号"] == "R1"
    rows.close()  # what happens to an abandoned generator
    assert open_handles(path) == 0


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_failed_column_check_leaves_no_open_file(tmp_path: Path, file_format: str) -> None:
    path = write_file(tmp_path, file_format)
    warehouse: duckdb.DuckDBPyConnection = open_warehouse(tmp_path / "warehouse.duckdb")
    spec = write_spec(tmp_path, path.name, file_format)  # names columns the file lacks
    # The traceback (kept by ``refused``) holds the ingest frame and its locals: the file
    # must be closed even so, not only once the error is forgotten.
    with pytest.raises(FileError, match="lacks the columns") as refused:
        ingest(warehouse, spec)
    assert refused.traceback
    assert open_handles(path) == 0
    path.unlink()  # nothing holds it
