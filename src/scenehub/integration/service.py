"""Use cases of the integration domain for the web: sources, their runs and rejects,
uploads, golden firms.

The warehouse is opened read-only for each request; while `scenehub ingest` or `resolve`
holds it, readers get a clear "busy" answer instead of waiting.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

import duckdb
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.city import load_city
from scenehub.errors import Conflict, NotFound
from scenehub.governance import grading, grant_service, grants, purposes, reads
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.integration import link_decisions
from scenehub.integration.record_sql import LINKED_RECORDS, chosen_scope_sql
from scenehub.integration.schemas import (
    DatasetEntry,
    FirmRead,
    FirmSummary,
    GoldenEntry,
    GoldenField,
    IngestRunRead,
    LinkedRecord,
    RejectRead,
    SourceRead,
)
from scenehub.integration.spec import CANONICAL_FIELDS
from scenehub.integration.upload import discard_staged, stage_upload
from scenehub.integration.warehouse import has_tables
from scenehub.jobs import service as job_service
from scenehub.jobs.schemas import JobRead

RESOLVED_TABLES = ("golden_firms", "golden_provenance", "record_firms", "std_records")
INGESTED_TABLES = ("sources", "ingest_runs", "rejects")
_NOTHING_INGESTED = N_("no data has been ingested yet; run `scenehub ingest`")


class WarehouseUnavailable(Conflict):
    code = "warehouse_unavailable"


@contextmanager
def reading(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    if not path.exists():
        raise WarehouseUnavailable(_NOTHING_INGESTED)
    try:
        connection = duckdb.connect(str(path), read_only=True)
    # Another process writes it, or this one does (a clerical-review decision, for a moment).
    except (duckdb.IOException, duckdb.ConnectionException):
        raise WarehouseUnavailable(
            N_("the data warehouse is busy with an ingest or resolve run; try again shortly")
        ) from None
    try:
        yield connection
    finally:
        connection.close()


def _ingested(connection: duckdb.DuckDBPyConnection, source: str | None = None) -> None:
    """Refuse a warehouse nothing was ingested into, and a source it does not hold."""
    if not has_tables(connection, *INGESTED_TABLES):
        raise WarehouseUnavailable(_NOTHING_INGESTED)
    if (
        source is not None
        and not connection.execute("SELECT 1 FROM sources WHERE source = ?", [source]).fetchone()
    ):
        raise NotFound(N_("source %(name)s not found"), params={"name": source})


def list_sources(actor: Actor, warehouse: Path) -> list[SourceRead]:
    authorize(actor, "integration.read_sources")
    with reading(warehouse) as connection:
        _ingested(connection)
        rows = connection.execute("""
            SELECT s.source, s.department, s.title, s.grade, s.personal, s.current_run,
                   coalesce(r.rows, 0), coalesce(r.rejects, 0), r.finished_at, r.encoding,
                   CAST(s.field_grades AS VARCHAR)
            FROM sources s LEFT JOIN ingest_runs r ON r.run_id = s.current_run
            ORDER BY s.department, s.source""").fetchall()
    return [_source(row) for row in rows]


def _source(row: tuple[Any, ...]) -> SourceRead:
    """A source with its fields' grades and its effective grade (governance/grading.py)."""
    keys = list(SourceRead.model_fields)[:10]
    grades: dict[str, str] = json.loads(row[10]) if row[10] else {}
    return SourceRead(
        **dict(zip(keys, row[:10], strict=True)),
        field_grades=grades,
        effective_grade=grading.effective_grade(row[3], grades),
    )


def dataset_catalogue(actor: Actor, warehouse: Path) -> list[DatasetEntry]:
    """The datasets the departments hold (the sources ingested), by department: their names,
    titles and grades, which a firm names in a data-access request."""
    authorize(actor, "integration.read_dataset_catalogue")
    with reading(warehouse) as connection:
        _ingested(connection)
        rows = connection.execute(
            "SELECT source, department, coalesce(title, ''), grade FROM sources "
            "ORDER BY department, source"
        ).fetchall()
    return [DatasetEntry(source=r[0], department=r[1], title=r[2], grade=r[3]) for r in rows]


def list_rejects(
    actor: Actor, warehouse: Path, source: str, limit: int = 200, offset: int = 0
) -> list[RejectRead]:
    """The rows the current run of ``source`` could not use, with the reason, by row."""
    authorize(actor, "integration.read_sources")
    with reading(warehouse) as connection:
        _ingested(connection, source)
        rows = connection.execute(
            """
            SELECT j.row_number, j.record_id, j.reason, CAST(j.raw AS VARCHAR)
            FROM rejects j JOIN sources s ON s.source = j.source AND s.current_run = j.run_id
            WHERE j.source = ? ORDER BY j.row_number LIMIT ? OFFSET ?""",
            [source, limit, offset],
        ).fetchall()
    return [RejectRead(row_number=r[0], record_id=r[1], reason=r[2], raw=r[3]) for r in rows]


def list_runs(
    actor: Actor, warehouse: Path, source: str, limit: int = 50, offset: int = 0
) -> list[IngestRunRead]:
    """Every ingest of ``source``, newest first (an unchanged file starts no run)."""
    authorize(actor, "integration.read_sources")
    with reading(warehouse) as connection:
        _ingested(connection, source)
        rows = connection.execute(
            """
            SELECT r.run_id, r.source, r.file_path, r.file_sha256, r.spec_sha256, r.encoding,
                   r.started_at, r.finished_at, r.rows, r.rejects, r.run_id = s.current_run
            FROM ingest_runs r JOIN sources s ON s.source = r.source
            WHERE r.source = ? ORDER BY r.run_id DESC LIMIT ? OFFSET ?""",
            [source, limit, offset],
        ).fetchall()
    keys = IngestRunRead.model_fields
    return [
        IngestRunRead(**dict(zip(keys, (*r[:2], PurePath(r[2]).name, *r[3:]), strict=True)))
        for r in rows
    ]


def upload_dataset(
    session: Session,
    actor: Actor,
    uploads: Path,
    spec_text: bytes,
    data_name: str,
    data: bytes,
    allow_shrink: bool = False,
) -> JobRead:
    """Check and store a department's file and its spec, and queue its ingest (the caller
    launches the job once the transaction has committed)."""
    org = auth_service.get_org(session, actor, actor.org_id) if actor.org_id else None
    staged, spec_path = stage_upload(
        actor, org.name if org else None, uploads, spec_text, data_name, data
    )
    return job_service.queue(
        session,
        actor,
        "ingest",
        f"{staged.department} · {staged.name}",
        {"spec": str(spec_path), "allow_shrink": allow_shrink},
    )


def discard_staged_uploads(uploads: Path, spec_paths: list[str]) -> int:
    """Remove the staged files of these uploads (retention); how many were still there."""
    return sum(discard_staged(uploads, path) for path in spec_paths)


def search_firms(
    actor: Actor, warehouse: Path, text: str | None, limit: int = 50, offset: int = 0
) -> list[FirmSummary]:
    authorize(actor, "integration.read_firms")
    with reading(warehouse) as connection:
        if not has_tables(connection, "golden_firms"):
            return []
        like = f"%{text}%" if text else "%"
        rows = connection.execute(
            """
            SELECT firm_id, uscc, name, district_code, records, sources FROM golden_firms
            WHERE name LIKE ? OR firm_id LIKE ? ORDER BY records DESC, firm_id
            LIMIT ? OFFSET ?""",
            [like, like, limit, offset],
        ).fetchall()
    keys = FirmSummary.model_fields
    return [FirmSummary(**dict(zip(keys, row, strict=True))) for row in rows]


def get_firm(session: Session, actor: Actor, warehouse: Path, firm_id: str) -> FirmRead:
    """A golden record with the source of every field and the records linked to it; each
    field graded as the highest of the linked sources', and masked where the reader needs a
    grant it does not hold (governance/reads.py).

    Reading it is audited for the firm's organisation (if it has an account), naming the
    fields read and masked, so the firm sees who looked at which of its data, and why.
    """
    owner = auth_service.org_id_by_uscc(session, firm_id)
    authorize(actor, "integration.read_firms", Resource("firm", firm_id, owner))
    with reading(warehouse) as connection:
        summary, fields, linked, confirmed, classes = _golden_rows(connection, firm_id)
    graded = grading.derived_classes(
        [classes.get(row[0], {}) for row in linked], [f[0] for f in fields]
    )
    masking = reads.read_fields(
        session,
        actor,
        action="integration.read_firm",
        resource_type="firm",
        resource_id=firm_id,
        subject_org_id=owner,
        dataset=grant_service.GOLDEN_FIRMS,
        fields=graded,
        purpose=purposes.FIRM_PROFILE,
    )
    return FirmRead(
        **dict(zip(FirmSummary.model_fields, summary, strict=True)),
        fields=[_golden_field(f, graded[f[0]], masking) for f in fields],
        linked=[_linked(row, confirmed.get(row[6]), masking) for row in linked],
        purpose=masking.purpose or purposes.FIRM_PROFILE,
        grant=masking.grant_id,
        masked=list(masking.masked),
    )


def _golden_rows(connection: duckdb.DuckDBPyConnection, firm_id: str) -> tuple[Any, ...]:
    if not has_tables(connection, *RESOLVED_TABLES):
        raise WarehouseUnavailable(N_("firms have not been resolved yet; run `scenehub resolve`"))
    summary = connection.execute(
        """SELECT firm_id, uscc, name, district_code, records,
        sources FROM golden_firms WHERE firm_id = ?""",
        [firm_id],
    ).fetchone()
    if summary is None:
        raise NotFound(N_("firm %(id)s not found"), params={"id": firm_id})
    fields = connection.execute(
        """SELECT field, value, source, record_id
        FROM golden_provenance WHERE firm_id = ? ORDER BY field""",
        [firm_id],
    ).fetchall()
    linked = connection.execute(
        """SELECT s.source, s.department, s.record_id, s.name_raw,
        s.address, f.how, s.unique_id FROM record_firms f JOIN std_records s USING (unique_id)
        WHERE f.firm_id = ? ORDER BY s.source, s.record_id""",
        [firm_id],
    ).fetchall()
    confirmed = (
        link_decisions.confirmations(connection, firm_id)
        if has_tables(connection, "link_decisions")
        else {}
    )
    return summary, fields, linked, confirmed, source_classes(connection)


def source_classes(
    connection: duckdb.DuckDBPyConnection,
) -> dict[str, dict[str, grading.FieldClass]]:
    """Each source's fields with their grade and personal flag (a source ingested before
    field grades: every canonical field at the dataset's grade, when unsure the higher)."""
    rows = connection.execute(
        "SELECT source, grade, personal, CAST(field_grades AS VARCHAR) FROM sources"
    ).fetchall()
    classes = {}
    for source, grade, personal, stored in rows:
        grades = json.loads(stored) if stored else dict.fromkeys(CANONICAL_FIELDS, grade)
        classes[source] = grading.classes_of(grades, personal or ())
    return classes


def _golden_field(
    row: tuple[Any, ...], graded: grading.FieldClass, masking: grants.Masking
) -> GoldenField:
    shown = masking.allows(row[0])
    return GoldenField(
        field=row[0],
        value=row[1] if shown else None,
        source=row[2],
        record_id=row[3],
        grade=graded.grade,
        personal=graded.personal,
        masked=not shown,
    )


def _linked(
    row: tuple[Any, ...],
    confirmed: link_decisions.Confirmation | None,
    masking: grants.Masking,
) -> LinkedRecord:
    """A linked record as written; its name and address hidden when the golden ones are."""
    return LinkedRecord(
        source=row[0],
        department=row[1],
        record_id=row[2],
        name=None if "name" in masking.masked else row[3],
        address=None if "address" in masking.masked else row[4],
        how=row[5],
        confirmed_by=confirmed.decided_by if confirmed else None,
        confirmed_at=confirmed.decided_at if confirmed else None,
    )


# A golden firm with its one business scope, chosen as the industry map's facts choose it.
GOLDEN_WITH_SCOPE_SQL = """
WITH scopes AS (SELECT f.firm_id, {scope} AS scope FROM {linked} GROUP BY f.firm_id)
SELECT g.firm_id, g.uscc, g.name, g.district_code, coalesce(p.scope, '')
FROM golden_firms g LEFT JOIN scopes p USING (firm_id)
WHERE g.name IS NOT NULL ORDER BY g.firm_id"""


def golden_for_registry(actor: Actor, warehouse: Path) -> list[GoldenEntry]:
    """Every golden firm with its registered business scope, for the capability registry."""
    authorize(actor, "firms.sync")
    city = load_city()  # which sources carry business scope, and which is believed first
    with reading(warehouse) as connection:
        if not has_tables(connection, *RESOLVED_TABLES):
            raise WarehouseUnavailable(
                N_("firms have not been resolved yet; run `scenehub resolve`")
            )
        rows = connection.execute(
            GOLDEN_WITH_SCOPE_SQL.format(scope=chosen_scope_sql(city.facts), linked=LINKED_RECORDS)
        ).fetchall()
    keys = GoldenEntry.model_fields
    return [GoldenEntry(**dict(zip(keys, row, strict=True))) for row in rows]


def export_for_uscc(warehouse: Path, uscc: str) -> list[dict[str, Any]]:
    """A firm's golden record in the warehouse, for its data export: every field with its
    source, then every department record linked to it (none before a resolve run)."""
    if not warehouse.exists():
        return []
    with reading(warehouse) as connection:
        if not has_tables(connection, *RESOLVED_TABLES):
            return []
        found = connection.execute(
            "SELECT firm_id FROM golden_firms WHERE uscc = ? ORDER BY firm_id LIMIT 1", [uscc]
        ).fetchone()
        if found is None:
            return []
        fields = connection.execute(
            """SELECT field, value, source, record_id FROM golden_provenance
            WHERE firm_id = ? ORDER BY field, source, record_id""",
            [found[0]],
        ).fetchall()
        linked = connection.execute(
            """SELECT s.source, s.department, s.record_id, s.name_raw, s.address
            FROM record_firms f JOIN std_records s USING (unique_id)
            WHERE f.firm_id = ? ORDER BY s.source, s.record_id""",
            [found[0]],
        ).fetchall()
    return [
        {"what": "field", "field": f, "value": v, "source": s, "record_id": r}
        for f, v, s, r in fields
    ] + [
        {"what": "record", "source": s, "department": d, "record_id": r, "name": n, "address": a}
        for s, d, r, n, a in linked
    ]
