"""Ingest one department dataset into the raw zone: all or nothing, once per file version.

Every row ends up either in ``raw_records`` (with its source, run and row number) or in
``rejects`` with the reason. The whole run is one DuckDB transaction, so a crash leaves the
previous state; a file and spec already ingested unchanged is not ingested again. A run
that would keep less than half of a source's rows is refused unless the caller allows it
(a header-only or truncated re-delivery would otherwise empty the source), and the caller's
``before_commit`` (the audit entry, ``flows.py``) runs inside the transaction, so a run it
cannot record is not committed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from scenehub.errors import Conflict
from scenehub.i18n import N_
from scenehub.integration.readers import FileError, RawRow, read_rows, resolve_encoding
from scenehub.integration.spec import CANONICAL_FIELDS, SourceSpec, load_spec

BATCH_ROWS = 50_000
RECORD_COLUMNS = ("run_id", "source", "row_number", "record_id", *CANONICAL_FIELDS, "extra")
REJECT_COLUMNS = ("run_id", "source", "row_number", "record_id", "reason", "raw")
# A new run must keep at least this share of the current run's usable rows (or be allowed).
MIN_KEPT_SHARE = 0.5
# C0 control characters other than tab, line feed and carriage return, and DEL: never text
# a department meant (PostgreSQL refuses NUL outright), so a row holding one is rejected.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class IngestResult:
    source: str
    department: str
    run_id: int
    changed: bool
    rows: int = 0
    rejects: int = 0
    encoding: str = ""
    file_sha256: str = ""
    reasons: dict[str, int] = field(default_factory=dict)


class SourceOwnedElsewhere(Conflict):
    code = "source_owned_elsewhere"


class SourceShrank(Conflict):
    code = "source_shrank"


def ingest(
    connection: duckdb.DuckDBPyConnection,
    spec_path: Path,
    on_rows: Callable[[int], None] | None = None,
    allow_reassign: bool = False,
    *,
    allow_shrink: bool = False,
    allow_outside_paths: bool = False,
    before_commit: Callable[[IngestResult], None] | None = None,
) -> IngestResult:
    """Ingest the dataset that ``spec_path`` describes (unless this version is there).

    A source belongs to the department that first delivered it: a spec naming another
    department for it is refused (``allow_reassign`` is for the centre's administrators).
    ``before_commit`` gets the finished run inside the transaction; if it raises, nothing
    is written.
    """
    spec, data_path, spec_sha = load_spec(spec_path, allow_outside_paths=allow_outside_paths)
    owner = connection.execute(
        "SELECT department FROM sources WHERE source = ?", [spec.name]
    ).fetchone()
    if owner is not None and owner[0] != spec.department and not allow_reassign:
        raise SourceOwnedElsewhere(
            N_("the source %(source)s belongs to %(owner)s, not %(department)s"),
            params={"source": spec.name, "owner": owner[0], "department": spec.department},
        )
    file_sha = file_sha256(data_path)
    unchanged = _current_run(connection, spec.name, file_sha, spec_sha)
    if unchanged is not None:
        return IngestResult(
            spec.name, spec.department, unchanged, changed=False, file_sha256=file_sha
        )
    encoding = (
        resolve_encoding(data_path, spec.encoding)
        if spec.format in ("csv", "jsonl", "json")
        else ""
    )
    header, rows = read_rows(data_path, spec.format, encoding or spec.encoding)
    _check_columns(spec, header, data_path)
    current_rows = _current_rows(connection, spec.name)
    connection.execute("BEGIN TRANSACTION")
    try:
        result = _load(connection, spec, spec_path, data_path, file_sha, spec_sha, rows, on_rows)
        if not allow_shrink:
            _refuse_shrinking(spec, data_path, result, current_rows)
        connection.execute(
            "UPDATE ingest_runs SET encoding = ? WHERE run_id = ?",
            [encoding or None, result.run_id],
        )
        result.encoding = encoding
        if before_commit is not None:
            before_commit(result)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return result


def file_sha256(path: Path) -> str:
    if not path.exists():
        raise FileError(N_("%(file)s does not exist"), params={"file": str(path)})
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _current_run(
    connection: duckdb.DuckDBPyConnection, source: str, file_sha: str, spec_sha: str
) -> int | None:
    row = connection.execute(
        """SELECT r.run_id FROM sources s JOIN ingest_runs r ON r.run_id = s.current_run
           WHERE s.source = ? AND r.file_sha256 = ? AND r.spec_sha256 = ?""",
        [source, file_sha, spec_sha],
    ).fetchone()
    return int(row[0]) if row else None


def _current_rows(connection: duckdb.DuckDBPyConnection, source: str) -> int:
    """The usable rows of the source's current run (0 for a new source)."""
    row = connection.execute(
        """SELECT r.rows FROM sources s JOIN ingest_runs r ON r.run_id = s.current_run
           WHERE s.source = ?""",
        [source],
    ).fetchone()
    return int(row[0] or 0) if row else 0


def keeps_too_few(current_rows: int, new_rows: int) -> bool:
    """Whether a run of ``new_rows`` would drop more of a source's rows than is allowed."""
    return new_rows < current_rows * MIN_KEPT_SHARE


def _refuse_shrinking(
    spec: SourceSpec, data_path: Path, result: IngestResult, current_rows: int
) -> None:
    if keeps_too_few(current_rows, result.rows):
        raise SourceShrank(
            N_(
                "%(file)s has %(rows)s usable rows, the current run of %(source)s has "
                "%(current)s: a run that keeps less than half of a source's rows is refused "
                "and nothing was written. If the source really shrank, ingest it again with "
                '--allow-shrink (on the upload form: tick "the source really shrank")'
            ),
            params={
                "file": data_path.name,
                "rows": result.rows,
                "source": spec.name,
                "current": current_rows,
            },
        )


def _check_columns(spec: SourceSpec, header: list[str], data_path: Path) -> None:
    missing = [c for c in spec.columns() if c not in header]
    if missing:
        raise FileError(
            # The file's own header is not quoted: a spec may name any file (docs/source-specs.md).
            N_(
                "%(file)s lacks the columns %(missing)s that the spec %(source)s "
                "names; its header has %(count)s columns"
            ),
            params={
                "file": data_path.name,
                "missing": ", ".join(missing),
                "source": spec.name,
                "count": len(header),
            },
        )


def _load(
    connection: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    spec_path: Path,
    data_path: Path,
    file_sha: str,
    spec_sha: str,
    rows: Iterator[RawRow],
    on_rows: Callable[[int], None] | None,
) -> IngestResult:
    run_id = int(connection.execute("SELECT nextval('ingest_run_ids')").fetchone()[0])  # type: ignore[index]
    connection.execute(
        """INSERT INTO ingest_runs (run_id, source, file_path, file_sha256, spec_sha256,
           started_at) VALUES (?, ?, ?, ?, ?, now())""",
        [run_id, spec.name, str(data_path), file_sha, spec_sha],
    )
    result = IngestResult(spec.name, spec.department, run_id, changed=True, file_sha256=file_sha)
    batch = _Batch(connection, run_id, spec.name)
    seen: dict[str, int] = {}
    columns = spec.columns()
    for row in rows:
        reason = _problem(spec, columns, row, seen)
        if reason:
            batch.reject(row, spec.record_id, reason)
            result.rejects += 1
            result.reasons[reason.split(":")[0]] = result.reasons.get(reason.split(":")[0], 0) + 1
        else:
            batch.accept(row, spec)
            result.rows += 1
        if batch.full():
            batch.flush()
            if on_rows is not None:
                on_rows(BATCH_ROWS)
    batch.flush()
    if on_rows is not None:
        on_rows((result.rows + result.rejects) % BATCH_ROWS)
    _finish(connection, spec, spec_path, result)
    return result


def _problem(spec: SourceSpec, columns: list[str], row: RawRow, seen: dict[str, int]) -> str:
    """Why ``row`` cannot be used, or "" when it can."""
    if row.problem:
        return row.problem
    control = _control_character(columns, row)
    if control:
        return control
    record_id = row.values.get(spec.record_id)
    if not record_id:
        return "missing record id"
    if record_id in seen:
        return f"duplicate record id: {record_id} (first at row {seen[record_id]})"
    mapped = [row.values.get(spec.fields[f]) for f in ("uscc", "name") if f in spec.fields]
    if not any(mapped):
        return "neither a USCC nor a name"
    seen[record_id] = row.number  # only an accepted row claims its id
    return ""


def _control_character(columns: list[str], row: RawRow) -> str:
    """The first control character in a cell the source keeps, as a reject reason (or "")."""
    cells = [row.values.get(c) or "" for c in columns]
    if not _CONTROL_CHARACTER.search("".join(cells)):  # one search for the common case
        return ""
    for column, cell in zip(columns, cells, strict=True):
        found = _CONTROL_CHARACTER.search(cell)
        if found:
            code = f"U+{ord(found.group()):04X}"
            return f"control character in a cell: {code} in column {column}"
    return ""


def _finish(
    connection: duckdb.DuckDBPyConnection, spec: SourceSpec, spec_path: Path, result: IngestResult
) -> None:
    connection.execute(
        "UPDATE ingest_runs SET finished_at = now(), rows = ?, rejects = ? WHERE run_id = ?",
        [result.rows, result.rejects, result.run_id],
    )
    connection.execute(
        """INSERT INTO sources (source, department, title, grade, personal, spec_path,
             current_run, updated_at, field_grades) VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?)
           ON CONFLICT (source) DO UPDATE SET department = excluded.department,
             title = excluded.title, grade = excluded.grade, personal = excluded.personal,
             spec_path = excluded.spec_path, current_run = excluded.current_run,
             updated_at = excluded.updated_at, field_grades = excluded.field_grades""",
        [
            spec.name,
            spec.department,
            spec.title,
            spec.grade,
            list(spec.personal),
            str(spec_path.resolve()),
            result.run_id,
            json.dumps(spec.graded_fields()),
        ],
    )


class _Batch:
    """Rows collected column-wise and inserted through Arrow, many at a time."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, run_id: int, source: str) -> None:
        self.connection, self.run_id, self.source = connection, run_id, source
        self.records: dict[str, list[Any]] = {c: [] for c in RECORD_COLUMNS}
        self.rejects: dict[str, list[Any]] = {c: [] for c in REJECT_COLUMNS}

    def accept(self, row: RawRow, spec: SourceSpec) -> None:
        values = row.values
        self.records["run_id"].append(self.run_id)
        self.records["source"].append(self.source)
        self.records["row_number"].append(row.number)
        self.records["record_id"].append(values.get(spec.record_id))
        for name in CANONICAL_FIELDS:
            column = spec.fields.get(name)
            self.records[name].append(values.get(column) if column else None)
        extra = {c: values.get(c) for c in spec.extra}
        self.records["extra"].append(json.dumps(extra, ensure_ascii=False))

    def reject(self, row: RawRow, record_id_column: str, reason: str) -> None:
        self.rejects["run_id"].append(self.run_id)
        self.rejects["source"].append(self.source)
        self.rejects["row_number"].append(row.number)
        self.rejects["record_id"].append(row.values.get(record_id_column))
        self.rejects["reason"].append(reason)
        self.rejects["raw"].append(json.dumps(row.values, ensure_ascii=False))

    def full(self) -> bool:
        return len(self.records["run_id"]) + len(self.rejects["run_id"]) >= BATCH_ROWS

    def flush(self) -> None:
        for table, columns in (("raw_records", self.records), ("rejects", self.rejects)):
            if columns["run_id"]:
                arrow_batch = pa.table(columns)  # noqa: F841 - read by DuckDB's replacement scan
                self.connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM arrow_batch")  # noqa: S608
                for values in columns.values():
                    values.clear()
