"""A firm's facts, which eligibility reads (the rules in ``firm_facts.py``): its departments'
records from the warehouse and the platform's own partnerships and proposals.

The firm reads its own, the centre any firm's and every firm's at once; a financier reads
none (``estation.read_facts`` says why) until applications carry the firm's consent — then
only the consented fields, through the application. Every read is audited for the firm.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
from sqlalchemy.orm import Session

from scenehub.city import load_city
from scenehub.db import today as local_today
from scenehub.errors import NotFound
from scenehub.estation import warehouse_facts
from scenehub.estation.firm_facts import FirmFactSheet, fact_sheet
from scenehub.estation.firm_records import MunicipalRecords, PlatformRecord
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import RegistryKeys
from scenehub.governance import audit, purposes
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.industry.map import MIN_CONFIDENCE
from scenehub.integration.service import RESOLVED_TABLES, WarehouseUnavailable, reading
from scenehub.integration.warehouse import has_tables
from scenehub.partnerships import service as partnership_service
from scenehub.proposals import service as proposal_service


def firm_facts(
    session: Session, actor: Actor, warehouse: Path, firm_id: int, *, today: date | None = None
) -> FirmFactSheet:
    """A registry firm's facts on ``today``, each with where it came from. The firm reads
    its own and the centre any (``estation.read_facts``); the read is audited for the firm."""
    keys = firm_service.registry_keys(session, [firm_id])
    if not keys:
        raise NotFound(N_("firm %(id)s not found"), params={"id": firm_id})
    key = keys[0]
    authorize(actor, "estation.read_facts", Resource("firm", str(firm_id), key.org_id))
    municipal = _municipal(warehouse, key.golden_id)
    platform = _platform_records(session, keys, every=False)[key.id]
    sheet = _sheet(key, municipal, platform, today or local_today())
    audit.record(
        session,
        actor,
        "estation.read_facts",
        resource_type="firm",
        resource_id=firm_id,
        subject_org_id=key.org_id,
        purpose=purposes.ELIGIBILITY,
        # as every read of a firm's data names what was read (governance/reads.py)
        details={"dataset": "estation_facts", "fields": sorted(sheet.known()), "masked": []},
    )
    return sheet


def facts_for_all(
    session: Session, actor: Actor, warehouse: Path, *, today: date | None = None
) -> Iterator[FirmFactSheet]:
    """Every registry firm's facts (the centre's bulk eligibility), its golden firms a page at
    a time in golden id order, then the firms with none; audited once. The warehouse stays
    open, read-only, until the iteration ends."""
    authorize(actor, "estation.read_all_facts")
    keys = firm_service.registry_keys(session)
    platform = _platform_records(session, keys, every=True)
    audit.record(
        session,
        actor,
        "estation.read_all_facts",
        resource_type="firm",
        purpose=purposes.ELIGIBILITY,
        details={"firms": len(keys)},
    )
    return _every_sheet(warehouse, keys, platform, today or local_today())


def _every_sheet(
    warehouse: Path,
    keys: Sequence[RegistryKeys],
    platform: dict[int, PlatformRecord],
    today: date,
) -> Iterator[FirmFactSheet]:
    by_golden = {k.golden_id: k for k in keys if k.golden_id}
    if by_golden:
        with _resolved(warehouse) as connection:
            for municipal in warehouse_facts.every_firm(connection, load_city().facts.columns):
                if (key := by_golden.pop(municipal.golden_id, None)) is not None:
                    yield _sheet(key, municipal, platform[key.id], today)
    unmatched = set(by_golden.values())
    for key in keys:
        if not key.golden_id or key in unmatched:
            yield _sheet(key, None, platform[key.id], today)


def _sheet(
    key: RegistryKeys,
    municipal: MunicipalRecords | None,
    platform: PlatformRecord,
    today: date,
) -> FirmFactSheet:
    return fact_sheet(key.id, municipal, platform, today=today, min_confidence=MIN_CONFIDENCE)


def _municipal(warehouse: Path, golden_id: str | None) -> MunicipalRecords | None:
    """What the warehouse holds about the golden firm (None: the firm has none)."""
    if golden_id is None:
        return None
    return _MUNICIPAL.records(warehouse).get(golden_id)


class _MunicipalSnapshot:
    """Every golden firm's municipal records as the warehouse holds them now, read once per
    state of its files: a firm's check in the web app is then a lookup, not a warehouse
    opened and queried (about 80 ms a request). Any write to the warehouse (ingest, resolve,
    map, a clerical decision) changes the file or its write-ahead log, and the next read
    loads it again. One snapshot per process, of the last warehouse read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[object, ...] | None = None
        self._records: dict[str, MunicipalRecords] = {}

    def records(self, warehouse: Path) -> dict[str, MunicipalRecords]:
        with self._lock:
            key = _state_of(warehouse)
            if key != self._key:
                with _resolved(warehouse) as connection:
                    columns = load_city().facts.columns
                    found = {
                        m.golden_id: m for m in warehouse_facts.every_firm(connection, columns)
                    }
                self._key, self._records = key, found
            return self._records


def _state_of(warehouse: Path) -> tuple[object, ...]:
    """The warehouse's path and its files' sizes and modification times (the .wal too)."""
    parts: list[object] = [str(warehouse.resolve())]
    for path in (warehouse, warehouse.with_name(f"{warehouse.name}.wal")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            parts.append(None)
        else:
            parts.append((stat.st_size, stat.st_mtime_ns))
    return tuple(parts)


_MUNICIPAL = _MunicipalSnapshot()


@contextmanager
def _resolved(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse, read-only, once its firms have been resolved."""
    with reading(warehouse) as connection:
        if not has_tables(connection, *RESOLVED_TABLES, "sources"):
            raise WarehouseUnavailable(
                N_("firms have not been resolved yet; run `scenehub resolve`")
            )
        yield connection


def _platform_records(
    session: Session, keys: Sequence[RegistryKeys], every: bool
) -> dict[int, PlatformRecord]:
    """Each firm's pilots and scene wins (``every``: read for all firms at once)."""
    orgs = None if every else [k.org_id for k in keys if k.org_id is not None]
    completed = partnership_service.pilot_counts_by_org(session, orgs)
    running = partnership_service.running_pilot_counts_by_org(session, orgs)
    wins = proposal_service.selected_counts_by_firm(
        session, None if every else [k.id for k in keys]
    )
    return {
        k.id: PlatformRecord(
            pilots_completed=completed.get(k.org_id, 0) if k.org_id is not None else 0,
            pilots_running=running.get(k.org_id, 0) if k.org_id is not None else 0,
            scene_wins=wins.get(k.id, 0),
        )
        for k in keys
    }


def consented_sheet(
    session: Session, warehouse: Path, firm_id: int, *, today: date | None = None
) -> FirmFactSheet:
    """A registry firm's facts for an application's consented read: the caller (the
    applications' service) has checked the consent and audits the read, naming the fields
    it passes on; nothing else of the sheet may leave it."""
    keys = firm_service.registry_keys(session, [firm_id])
    if not keys:
        raise NotFound(N_("firm %(id)s not found"), params={"id": firm_id})
    municipal = _municipal(warehouse, keys[0].golden_id)
    platform = _platform_records(session, keys, every=False)[keys[0].id]
    return _sheet(keys[0], municipal, platform, today or local_today())
