"""Read a department file as rows of text, whatever its format and encoding.

Every problem names the file and, where there is one, the line or row. A problem with one
row (a JSON line that does not parse, a CSV row with too many cells or a quote left open —
the rows after it are still read, see ``csv_records``) becomes a rejected row with its
reason; a problem with the file (wrong encoding, damaged XLSX, missing columns) fails the
whole file before anything is written. No error quotes the file's content.
"""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scenehub.errors import ValidationFailed
from scenehub.i18n import N_
from scenehub.integration.csv_records import CsvRecord, csv_records

SAMPLE_BYTES = 1 << 20


class FileError(ValidationFailed):
    """The file as a whole cannot be read; nothing of it is ingested."""

    code = "unreadable_file"


@dataclass(frozen=True)
class RawRow:
    """A row as read: its position in the file and its text values (or why it is unusable)."""

    number: int
    values: dict[str, str | None]
    problem: str = ""


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030 (a superset of GBK), judged on ``sample``."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)  # a character cut at the end is fine
            return encoding
        except UnicodeDecodeError:
            continue
    raise ValueError("neither UTF-8 nor GBK/GB18030")


def resolve_encoding(path: Path, declared: str) -> str:
    if declared != "auto":
        return "utf-8-sig" if declared.lower().replace("_", "-") in ("utf-8", "utf8") else declared
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    try:
        return detect_encoding(sample)
    except ValueError:
        raise FileError(
            N_("%(file)s is neither UTF-8 nor GBK/GB18030 text"), params={"file": path.name}
        ) from None


def read_rows(path: Path, file_format: str, encoding: str) -> tuple[list[str], Iterator[RawRow]]:
    """The header and an iterator of rows; raises ``FileError`` for an unreadable file."""
    if not path.exists():
        raise FileError(N_("%(file)s does not exist"), params={"file": str(path)})
    if path.stat().st_size == 0:
        raise FileError(N_("%(file)s is empty"), params={"file": path.name})
    readers = {"csv": _csv, "xlsx": _xlsx, "json": _json, "jsonl": _jsonl, "parquet": _parquet}
    return readers[file_format](path, encoding)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value).strip()
    return text or None


def _csv(path: Path, encoding: str) -> tuple[list[str], Iterator[RawRow]]:
    encoding = resolve_encoding(path, encoding)
    # The header is read with the file opened and closed here; the rows open it again when
    # (and only if) they are iterated, so a caller that stops at the header leaks nothing.
    with path.open("rb") as handle:
        header = _csv_header(path, csv_records(_decoded_lines(handle, path, encoding)))

    def rows() -> Iterator[RawRow]:
        with path.open("rb") as handle:
            # Decoded line by line (no GBK or UTF-8 byte of a character is a newline), so a
            # bad byte is reported on its own line, and a broken quote costs one line.
            records = csv_records(_decoded_lines(handle, path, encoding))
            next(records)  # the header, read above
            for record in records:
                if not record.problem and not any(c.strip() for c in record.cells):
                    continue
                yield _csv_row(record, header)

    return header, rows()


def _csv_header(path: Path, records: Iterator[CsvRecord]) -> list[str]:
    first = next(records, None)
    if first is None:
        raise FileError(N_("%(file)s is empty"), params={"file": path.name})
    if first.problem:
        raise FileError(
            N_("%(file)s line %(line)s: the header cannot be read (%(problem)s)"),
            params={"file": path.name, "line": first.line, "problem": first.problem},
        )
    return [h.strip() for h in first.cells]


def _decoded_lines(handle: io.BufferedReader, path: Path, encoding: str) -> Iterator[str]:
    for number, raw in enumerate(handle, start=1):
        try:
            yield raw.decode(encoding if number == 1 else encoding.replace("-sig", ""))
        except UnicodeDecodeError:
            raise _not_encoding(path, encoding, number) from None


def _csv_row(record: CsvRecord, header: list[str]) -> RawRow:
    cells = record.cells
    values = {name: _text(cells[i]) if i < len(cells) else None for i, name in enumerate(header)}
    if record.problem:
        return RawRow(record.line, values, record.problem)
    if len(cells) != len(header):
        problem = f"the row has {len(cells)} cells, the header {len(header)}"
        return RawRow(record.line, values, problem)
    return RawRow(record.line, values)


def _not_encoding(path: Path, encoding: str, line: int) -> FileError:
    return FileError(
        N_(
            "%(file)s is not valid %(encoding)s text (near line %(line)s); "
            "name the right encoding in the spec"
        ),
        params={"file": path.name, "encoding": encoding, "line": line},
    )


def _xlsx(path: Path, encoding: str) -> tuple[list[str], Iterator[RawRow]]:
    with _worksheet_rows(path) as cells:
        try:
            header = [str(h).strip() if h is not None else "" for h in next(cells)]
        except StopIteration:
            raise FileError(N_("%(file)s is empty"), params={"file": path.name}) from None

    def rows() -> Iterator[RawRow]:
        with _worksheet_rows(path) as cells:
            next(cells, None)  # the header, read above
            for number, row in enumerate(cells, start=2):
                if row is None or all(v is None for v in row):
                    continue
                yield RawRow(
                    number,
                    {
                        name: _text(row[i]) if i < len(row) else None
                        for i, name in enumerate(header)
                    },
                )

    return header, rows()


_XLSX_DAMAGE = (zipfile.BadZipFile, EOFError, KeyError, OSError, ValueError, SyntaxError)


@contextmanager
def _worksheet_rows(path: Path) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The first sheet's rows as values; the workbook is closed on leaving, whatever happens.
    A damaged or truncated workbook, found on opening or part way, is a ``FileError``."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except _XLSX_DAMAGE as error:
        raise _damaged_xlsx(path, error) from None
    try:
        sheet = book.worksheets[0]
        # Read-only mode trusts the stored <dimension>, which writers get wrong; rows past it
        # would vanish silently.
        sheet.reset_dimensions()
        yield sheet.iter_rows(values_only=True)
    except _XLSX_DAMAGE as error:
        raise _damaged_xlsx(path, error) from None
    finally:
        book.close()


def _damaged_xlsx(path: Path, error: Exception) -> FileError:
    return FileError(
        N_("%(file)s is not a readable XLSX workbook (damaged or truncated: %(problem)s)"),
        params={"file": path.name, "problem": str(error)},
    )


def _json(path: Path, encoding: str) -> tuple[list[str], Iterator[RawRow]]:
    text = _decode_all(path, encoding)
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileError(
            N_("%(file)s is not valid JSON (line %(line)s: %(problem)s)"),
            params={"file": path.name, "line": error.lineno, "problem": error.msg},
        ) from None
    if not isinstance(items, list):
        raise FileError(
            N_("%(file)s must hold a JSON array of records"), params={"file": path.name}
        )
    header = _json_header(items)

    def rows() -> Iterator[RawRow]:
        for number, item in enumerate(items, start=1):
            yield _json_row(number, item)

    return header, rows()


def _jsonl(path: Path, encoding: str) -> tuple[list[str], Iterator[RawRow]]:
    encoding = resolve_encoding(path, encoding)
    header = _json_header(_first_objects(path, encoding, 1000))

    def rows() -> Iterator[RawRow]:
        with path.open(encoding=encoding, errors="strict") as handle:
            number = 0
            while True:
                try:
                    line = handle.readline()
                except UnicodeDecodeError:
                    raise _not_encoding(path, encoding, number + 1) from None
                if not line:
                    return
                number += 1
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as error:
                    problem = error.msg if isinstance(error, json.JSONDecodeError) else "too deep"
                    yield RawRow(number, {}, f"invalid JSON: {problem}")
                    continue
                yield _json_row(number, item)

    return header, rows()


def _first_objects(path: Path, encoding: str, count: int) -> list[Any]:
    """Up to ``count`` parsable objects from the start of a JSON-lines file (for the header;
    a broken line is the row's problem, not the file's)."""
    found: list[Any] = []
    with path.open(encoding=encoding, errors="replace") as handle:
        for line in handle:
            if len(found) >= count:
                break
            try:
                item = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                continue
            if isinstance(item, dict):
                found.append(item)
    return found


def _json_header(items: list[Any]) -> list[str]:
    header: dict[str, None] = {}
    for item in items[:1000]:
        if isinstance(item, dict):
            header.update(dict.fromkeys(str(k) for k in item))
    return list(header)


def _json_row(number: int, item: Any) -> RawRow:
    if not isinstance(item, dict):
        return RawRow(number, {}, "the record is not a JSON object")
    return RawRow(number, {str(k): _text(v) for k, v in item.items()})


def _parquet(path: Path, encoding: str) -> tuple[list[str], Iterator[RawRow]]:
    import pyarrow.parquet as pq

    try:
        header = list(pq.read_schema(path).names)
    except Exception as error:  # pyarrow raises several kinds for a damaged file
        raise FileError(
            N_("%(file)s is not a readable Parquet file (%(problem)s)"),
            params={"file": path.name, "problem": str(error)},
        ) from None

    def rows() -> Iterator[RawRow]:
        number = 0
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=50_000):
                for item in batch.to_pylist():
                    number += 1
                    yield RawRow(number, {k: _text(v) for k, v in item.items()})

    return header, rows()


def _decode_all(path: Path, encoding: str) -> str:
    encoding = resolve_encoding(path, encoding)
    try:
        return path.read_bytes().decode(encoding)
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise _not_encoding(path, encoding, line) from None
