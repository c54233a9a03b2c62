"""Streaming writers for department files: CSV (UTF-8, UTF-8 with BOM, GBK), XLSX, JSON and
JSONL. Rows go to disk as they come; the same rows give byte-identical files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import xlsxwriter

# A fixed creation time inside XLSX files, so they do not change with the clock.
_FIXED_TIME = datetime(2026, 11, 1, 0, 0, 0)
MAX_XLSX_ROWS = 1_048_576


class RowWriter(Protocol):
    # The number a reader gives the row written last: its line in a CSV (the header is line 1;
    # no generated value holds a line break) or JSONL file, its row in a sheet, its position
    # in a JSON array.
    row_number: int

    def write(self, row: dict[str, Any]) -> None: ...

    def write_broken(self, row: dict[str, Any]) -> None:
        """``row`` in a shape the format's readers cannot take as a record."""

    def close(self) -> None: ...


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class CsvWriter:
    def __init__(self, path: Path, columns: list[str], encoding: str) -> None:
        # Files made on Windows desktops (GBK) end lines with CRLF; the others with LF.
        self._file = path.open("w", encoding=encoding, newline="")
        self._columns = columns
        self._csv = csv.writer(self._file, lineterminator="\r\n" if encoding == "gbk" else "\n")
        self._csv.writerow(columns)
        self.row_number = 1

    def write(self, row: dict[str, Any]) -> None:
        self._csv.writerow(self._cells(row))
        self.row_number += 1

    def write_broken(self, row: dict[str, Any]) -> None:
        """One cell more than the header: a note typed into the column after the last."""
        self._csv.writerow([*self._cells(row), "见附件"])
        self.row_number += 1

    def _cells(self, row: dict[str, Any]) -> list[Any]:
        return ["" if row.get(c) is None else _text(row.get(c)) for c in self._columns]

    def close(self) -> None:
        self._file.close()


class JsonLinesWriter:
    def __init__(self, path: Path, columns: list[str]) -> None:
        self._file = path.open("w", encoding="utf-8", newline="\n")
        self._columns = columns
        self.row_number = 0

    def write(self, row: dict[str, Any]) -> None:
        self._file.write(self._json(row) + "\n")
        self.row_number += 1

    def write_broken(self, row: dict[str, Any]) -> None:
        """A line cut off half-way, as an interrupted export leaves it."""
        text = self._json(row)
        self._file.write(text[: len(text) // 2] + "\n")
        self.row_number += 1

    def _json(self, row: dict[str, Any]) -> str:
        return json.dumps({c: _text(row.get(c)) for c in self._columns}, ensure_ascii=False)

    def close(self) -> None:
        self._file.close()


class JsonArrayWriter(JsonLinesWriter):
    """A JSON array written element by element (never held in memory)."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        super().__init__(path, columns)
        self._file.write("[")
        self._first = True

    def write(self, row: dict[str, Any]) -> None:
        self._element(self._json(row))

    def write_broken(self, row: dict[str, Any]) -> None:
        """The row as an array of values instead of an object."""
        self._element(json.dumps([_text(row.get(c)) for c in self._columns], ensure_ascii=False))

    def _element(self, text: str) -> None:
        self._file.write(("\n" if self._first else ",\n") + text)
        self._first = False
        self.row_number += 1

    def close(self) -> None:
        self._file.write("\n]\n")
        self._file.close()


class XlsxWriter:
    """XLSX in constant-memory mode; dates become real Excel date cells."""

    def __init__(self, path: Path, columns: list[str], sheet: str) -> None:
        self._path = path
        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self._book.set_properties({"created": _FIXED_TIME, "author": "scenehub"})
        self._sheet = self._book.add_worksheet(sheet[:31])
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._columns = columns
        self._row = 1
        self.row_number = 1
        for col, name in enumerate(columns):
            self._sheet.write_string(0, col, name)

    def write(self, row: dict[str, Any]) -> None:
        if self._row >= MAX_XLSX_ROWS:
            raise ValueError(
                f"{self._path.name}: more rows than one Excel sheet holds "
                f"({MAX_XLSX_ROWS}); lower the scale or use csv for this dataset"
            )
        for col, name in enumerate(self._columns):
            value = row.get(name)
            if value is None:
                continue
            if isinstance(value, date):
                self._sheet.write_datetime(
                    self._row, col, datetime(value.year, value.month, value.day), self._date
                )
            elif isinstance(value, int | float):
                self._sheet.write_number(self._row, col, value)
            else:
                self._sheet.write_string(self._row, col, str(value))
        self._row += 1
        self.row_number = self._row

    def write_broken(self, row: dict[str, Any]) -> None:
        raise ValueError(f"{self._path.name}: an XLSX row cannot be written broken")

    def close(self) -> None:
        self._book.close()
        _normalise_zip_times(self._path)


def _normalise_zip_times(path: Path) -> None:
    """Give every member of the zip the same timestamp (the library stamps the clock)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def open_writer(
    path: Path, file_format: str, columns: list[str], encoding: str, title: str
) -> RowWriter:
    if file_format == "csv":
        return CsvWriter(path, columns, encoding)
    if file_format == "jsonl":
        return JsonLinesWriter(path, columns)
    if file_format == "json":
        return JsonArrayWriter(path, columns)
    if file_format == "xlsx":
        return XlsxWriter(path, columns, title)
    raise ValueError(f"unknown format {file_format!r}")
