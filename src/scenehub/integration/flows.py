"""The integration domain's long use cases: ingest a source (or several), run an upload's
ingest job, resolve the current records (with its audit entry) and export their firms,
update the capability registry from the golden records and index it for matching.

A warehouse run and its audit entry are one outcome: the entry is written (and committed in
the app database) inside the run's warehouse transaction, just before it commits. If the
audit trail cannot take it, the run is rolled back (``AuditUnavailable``): never a
committed, unaudited change. If the warehouse then fails to commit, a second entry says so
(outcome ``failed``), so the trail never claims a run that is not there without noting it.
The CLI, the web's jobs (``jobs/worker.py``) and the demo call these.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy.exc import SQLAlchemyError

from scenehub import db
from scenehub.auth import service as auth_service
from scenehub.city import City, load_city
from scenehub.errors import Conflict
from scenehub.governance import audit
from scenehub.governance.policy import SYSTEM, Actor
from scenehub.i18n import N_
from scenehub.integration.engine import Engine
from scenehub.integration.golden import export_clusters
from scenehub.integration.ingest import IngestResult, ingest
from scenehub.integration.pipeline import ResolutionOutcome, RunProgress, run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import has_tables, open_warehouse
from scenehub.jobs import service as jobs
from scenehub.settings import Settings


class AuditUnavailable(Conflict):
    code = "audit_unavailable"


@dataclass(frozen=True)
class IngestOptions:
    """What the operator allows beyond the default refusals (docs/source-specs.md)."""

    allow_shrink: bool = False  # a run keeping less than half of the source's rows
    allow_outside_paths: bool = False  # a data file outside the spec's folder


@dataclass(frozen=True)
class AuditDraft:
    """An audit entry to write: what it is about and its details."""

    resource_type: str
    resource_id: str = ""
    department: str | None = None  # the organisation the entry is about, by name
    details: dict[str, Any] | None = None
    purpose: str = "data-integration"  # the pipeline's: "industry-map" for the map's build


@contextlib.contextmanager
def audit_before_commit(
    actor: Actor, action: str, draft_of: Callable[[Any], AuditDraft]
) -> Iterator[Callable[[Any], None]]:
    """A ``before_commit`` hook that records ``action``; if the run fails after the entry
    was recorded (its commit failed), a ``failed`` entry follows it."""
    recorded: list[AuditDraft] = []

    def record_first(outcome: Any) -> None:
        draft = draft_of(outcome)
        _record(actor, action, draft)
        recorded.append(draft)

    try:
        yield record_first
    except BaseException as error:
        if recorded:
            draft = recorded[0]
            details = {**(draft.details or {}), "reason": f"not committed: {type(error).__name__}"}
            with contextlib.suppress(AuditUnavailable):  # the run's own error matters more
                _record(actor, action, dataclasses.replace(draft, details=details), "failed")
        raise


def _record(actor: Actor, action: str, draft: AuditDraft, outcome: str = "success") -> None:
    try:
        with db.transaction() as session:
            name = draft.department
            org = auth_service.find_org_by_name(session, name) if name else None
            audit.record(
                session,
                actor,
                action,
                resource_type=draft.resource_type,
                resource_id=draft.resource_id,
                subject_org_id=org.id if org else None,
                purpose=draft.purpose,
                outcome=outcome,
                details=draft.details,
            )
    except SQLAlchemyError as error:
        problem = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise AuditUnavailable(
            N_(
                "the audit trail cannot record %(action)s, so the run was not committed "
                "(nothing changed): %(problem)s"
            ),
            params={"action": action, "problem": problem},
        ) from error


def ingest_source(
    connection: duckdb.DuckDBPyConnection,
    spec_path: Path,
    actor: Actor = SYSTEM,
    *,
    options: IngestOptions | None = None,
    job_id: int | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> IngestResult:
    """Ingest one spec as ``actor``; a new run is audited before the warehouse commits it."""
    options = options or IngestOptions()

    def draft(result: IngestResult) -> AuditDraft:
        details = {
            "run": result.run_id,
            "rows": result.rows,
            "job": job_id,
            "rejects": result.rejects,
            "sha256": result.file_sha256,
            "allow_shrink": options.allow_shrink,
            "allow_outside_paths": options.allow_outside_paths,
        }
        return AuditDraft("source", result.source, result.department, details)

    with audit_before_commit(actor, "integration.ingest", draft) as record_first:
        return ingest(
            connection,
            spec_path,
            on_rows=on_rows,
            allow_shrink=options.allow_shrink,
            allow_outside_paths=options.allow_outside_paths,
            before_commit=record_first,
        )


def ingest_sources(
    warehouse: Path,
    specs: Sequence[Path],
    actor: Actor = SYSTEM,
    *,
    options: IngestOptions | None = None,
    on_source: Callable[[Path], None] | None = None,
    on_ingested: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest the specs in turn, each an audited run of its own (``ingest_source``);
    ``on_source`` hears of a spec before it is read, ``on_ingested`` of its result. A
    refused spec stops the rest; the runs before it stay committed."""
    connection = open_warehouse(warehouse)
    try:
        results = []
        for spec in specs:
            if on_source is not None:
                on_source(spec)
            result = ingest_source(connection, spec, actor, options=options)
            results.append(result)
            if on_ingested is not None:
                on_ingested(result)
        return results
    finally:
        connection.close()


def resolution_audit(
    actor: Actor, threshold: float
) -> contextlib.AbstractContextManager[Callable[[Any], None]]:
    """The ``before_commit`` hook of a resolution run (``pipeline.run_resolution``)."""

    def draft(outcome: ResolutionOutcome) -> AuditDraft:
        details = {
            "firms": outcome.firms,
            "records": outcome.records,
            "threshold": threshold,
            "probabilistic": outcome.probabilistic,
            "engine": outcome.engine,
        }
        return AuditDraft("warehouse", details=details)

    return audit_before_commit(actor, "integration.resolve", draft)


def resolve_current(
    warehouse: Path,
    actor: Actor,
    *,
    threshold: float = ResolveSettings.threshold,
    city: City | None = None,
    engine: Engine | None = None,
    on_total: Callable[[int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> ResolutionOutcome:
    """Standardise and resolve the warehouse's current records into firms and golden records
    (``city``: default the configured one), audited as ``actor`` before the run commits;
    ``on_total`` gets the record count first, ``on_rows`` each standardised batch;
    ``on_progress`` gets (done, total, phase) of the whole run (``pipeline.RunProgress``)."""
    connection = open_warehouse(warehouse, wait_seconds=60)
    try:
        rows = connection.execute("SELECT count(*) FROM current_records").fetchall()
        records = int(rows[0][0]) if rows else 0
        if on_total is not None:
            on_total(records)
        progress = RunProgress(records, on_progress or (lambda *_: None))
        progress.standardised(0)

        def standardised(batch: int) -> None:
            progress.standardised(batch)
            if on_rows is not None:
                on_rows(batch)

        with resolution_audit(actor, threshold) as audit_first:
            outcome = run_resolution(
                connection,
                city_rules(city or load_city()),
                ResolveSettings(threshold=threshold),
                on_rows=standardised,
                engine=engine,
                before_commit=audit_first,
                on_phase=progress.phase,
            )
    finally:
        connection.close()
    progress.finished()
    return outcome


def has_golden_records(warehouse: Path) -> bool:
    """Whether a resolution has left golden firm records in the warehouse."""
    connection = open_warehouse(warehouse, read_only=True)
    try:
        return has_tables(connection, "golden_firms")
    finally:
        connection.close()


def export_record_firms(warehouse: Path, out: Path) -> int:
    """Write ``source,department,record_id,firm_id`` of every resolved record to the CSV
    file ``out``; the number of rows."""
    connection = open_warehouse(warehouse, read_only=True)
    try:
        return export_clusters(connection, out)
    finally:
        connection.close()


@dataclass(frozen=True)
class SyncOutcome:
    golden: int  # golden firms read
    new: int  # firms new to the registry


def sync_registry(warehouse: Path, actor: Actor) -> SyncOutcome:
    """Bring the capability registry up to date with the golden records (as ``actor``)."""
    from scenehub.firms import service as firm_service
    from scenehub.firms.schemas import FirmImport
    from scenehub.integration import service as integration_service

    golden = integration_service.golden_for_registry(actor, warehouse)
    entries = [
        FirmImport(
            uscc=g.uscc,
            golden_id=g.firm_id,
            name=g.name,
            district_code=g.district_code,
            business_scope=g.business_scope,
        )
        for g in golden
    ]
    with db.transaction() as session:
        new = firm_service.sync_from_golden(session, actor, entries)
    return SyncOutcome(len(entries), new)


def index_registry_for_matching(
    settings: Settings, on_encoded: Callable[[int, int], None] | None = None
) -> int:
    """Encode the registry's new or changed firms for matching now (after a registry sync
    or a map build), so that the first ranked list a user opens does not wait for it;
    ``on_encoded`` gets (done, total). The number of firms indexed."""
    from scenehub.matching import service as matching_service

    with db.transaction(read_only=True) as session:
        return matching_service.prepare_firm_index(session, settings, on_encoded)


def run_ingest_job(job_id: int, warehouse: Path) -> None:
    """An upload's ingest, reporting progress and the outcome on the job (never left
    "running": any failure marks the job failed with its reason)."""
    with db.transaction() as session:
        arguments = jobs.arguments_of(session, job_id)
        creator = jobs.creator_of(session, job_id)
        user = auth_service.get_user(session, creator) if creator else None
        actor = auth_service.actor_of(user) if user else SYSTEM
        options = IngestOptions(allow_shrink=bool(arguments.get("allow_shrink", False)))
        jobs.progress(session, job_id, 0, None, "reading")
        done = 0

        def advance(rows: int) -> None:
            nonlocal done
            done += rows
            jobs.progress(session, job_id, done, None)

        try:
            connection = open_warehouse(warehouse, wait_seconds=120)
            try:
                result = ingest_source(
                    connection,
                    Path(str(arguments["spec"])),
                    actor,
                    options=options,
                    job_id=job_id,
                    on_rows=advance,
                )
            finally:
                connection.close()
        except Exception as error:  # the job must end failed, with the reason
            jobs.fail(session, job_id, error)
            return
        jobs.finish(
            session,
            job_id,
            True,
            "ingested" if result.changed else "unchanged",
            {
                "source": result.source,
                "run": result.run_id,
                "rows": result.rows,
                "rejects": result.rejects,
                "reasons": result.reasons,
            },
        )
