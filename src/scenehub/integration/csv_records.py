"""The records of a CSV text, read so that one broken quote costs one line, not the file.

A quoted cell may hold line breaks, so a record may span lines. A quote that is never
closed would take every following line into one cell (and the rows after it into one
reject). Here each record is read strictly; when its quoting breaks (a quote closed where
the cell cannot end, or the text ends inside a quoted cell), only the line where the
record began is given up, as a record with a problem, and reading starts again on the
next line. A record whose quotes are well formed is kept as read, over as many lines as it
takes. Pure: lines in, records out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

csv.field_size_limit(16 * 1024 * 1024)  # a cell past it is a broken record, not a file error
UNTERMINATED_QUOTE = "unterminated quote"
# CPython's message for a text that ends inside a quoted cell (Modules/_csv.c).
_END_INSIDE_QUOTE = "unexpected end of data"


@dataclass(frozen=True)
class CsvRecord:
    """One record: the line it begins on, its cells, and why it is unusable (or "")."""

    line: int
    cells: list[str]
    problem: str = ""


class _Lines:
    """Lines handed to the csv reader one at a time, remembering those of the record being
    read so that they can be handed out again."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._again: list[str] = []  # lines to hand out again, the next one last
        self.handed = 0  # the number of the line handed out last
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._again.pop() if self._again else next(self._lines)
        self.handed += 1
        self.record.append(line)
        return line

    def hand_again(self, lines: list[str]) -> None:
        self._again.extend(reversed(lines))
        self.handed -= len(lines)


def csv_records(lines: Iterable[str]) -> Iterator[CsvRecord]:
    """The records of ``lines`` (decoded text, each line with its line end)."""
    source = _Lines(lines)
    reader = csv.reader(source, strict=True)
    while True:
        source.record = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield _broken(source, str(error))
            continue
        yield CsvRecord(source.handed - len(source.record) + 1, cells)


def _broken(source: _Lines, error: str) -> CsvRecord:
    """The first line of a record that did not read well; the lines after it are read again."""
    taken = source.record
    first = source.handed - len(taken) + 1
    source.hand_again(taken[1:])
    cells = _lenient(taken[0])
    if len(taken) > 1 or error == _END_INSIDE_QUOTE:
        # A record goes past its first line only while a quote opened on it is still open.
        problem = f"{UNTERMINATED_QUOTE}: opened on line {first}"
        return CsvRecord(first, cells or [taken[0].rstrip("\r\n")], problem)
    if cells is not None:
        return CsvRecord(first, cells)  # a stray quote in a line, read as it always was
    return CsvRecord(first, [taken[0].rstrip("\r\n")], f"unreadable CSV line: {error}")


def _lenient(line: str) -> list[str] | None:
    """``line`` alone, read as Python's csv reads by default (a stray quote kept as text)."""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return None
