"""Use cases of the E-Station: financing products and applications, and a firm's facts.

A firm's facts (``firm_facts``, ``facts_for_all``; the rules in ``firm_facts.py``) gather its
departments' records from the warehouse and the platform's own partnerships and proposals.
The firm reads its own, the centre any firm's and every firm's at once; a financier reads
none (``estation.read_facts`` says why) until applications carry the firm's consent — then
only the consented fields, through the application. Every read is audited for the firm.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.city import load_city
from scenehub.db import today as local_today
from scenehub.errors import NotFound
from scenehub.estation import warehouse_facts
from scenehub.estation.firm_facts import FirmFactSheet, fact_sheet
from scenehub.estation.firm_records import MunicipalRecords, PlatformRecord
from scenehub.estation.models import FinancingApplication, FinancingProduct
from scenehub.estation.schemas import ApplicationImport, ProductImport, ProductRead, StatusCount
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import RegistryKeys
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.industry.map import MIN_CONFIDENCE
from scenehub.integration.service import RESOLVED_TABLES, WarehouseUnavailable, reading
from scenehub.integration.warehouse import has_tables
from scenehub.partnerships import service as partnership_service
from scenehub.proposals import service as proposal_service
from scenehub.work import WorkRecord


def import_product(session: Session, actor: Actor, body: ProductImport) -> ProductRead:
    authorize(actor, "estation.manage")
    existing = session.scalar(select(FinancingProduct).where(FinancingProduct.code == body.code))
    if existing is not None:
        return ProductRead.model_validate(existing)
    product = FinancingProduct(**body.model_dump())
    session.add(product)
    session.flush()
    audit.record(
        session,
        actor,
        "estation.product_import",
        resource_type="financing_product",
        resource_id=product.code,
        subject_org_id=product.provider_org_id,
    )
    return ProductRead.model_validate(product)


def import_application(session: Session, actor: Actor, body: ApplicationImport) -> None:
    authorize(actor, "estation.manage")
    if (
        session.scalar(
            select(FinancingApplication.id).where(FinancingApplication.code == body.code)
        )
        is not None
    ):
        return
    session.add(FinancingApplication(**body.model_dump()))
    session.flush()
    audit.record(
        session,
        actor,
        "estation.application_import",
        resource_type="financing_application",
        resource_id=body.code,
        subject_org_id=body.firm_org_id,
        details={"status": body.status},
    )


def list_products(session: Session, actor: Actor, kind: str | None = None) -> list[ProductRead]:
    """The products on offer (public: firms browse them before signing in)."""
    authorize(actor, "estation.read_products")
    query = select(FinancingProduct).order_by(FinancingProduct.kind, FinancingProduct.code)
    if kind:
        query = query.where(FinancingProduct.kind == kind)
    products = [ProductRead.model_validate(p) for p in session.scalars(query)]
    names = auth_service.org_names(session, {p.provider_org_id for p in products})
    return [
        p.model_copy(update={"provider_name": names.get(p.provider_org_id, "")}) for p in products
    ]


def application_counts(session: Session, actor: Actor) -> list[StatusCount]:
    authorize(actor, "estation.read_all_applications")
    rows = session.execute(
        select(FinancingApplication.status, func.count())
        .group_by(FinancingApplication.status)
        .order_by(FinancingApplication.status)
    )
    return [StatusCount(status=s, count=n) for s, n in rows]


def ids_by_code(session: Session) -> dict[str, int]:
    return {
        code: id_
        for code, id_ in session.execute(select(FinancingProduct.code, FinancingProduct.id))
    }


def work_record(session: Session) -> WorkRecord:
    """What the E-Station did, for the dashboard: the firms that applied for a product."""
    firms = session.scalars(select(FinancingApplication.firm_org_id).distinct())
    return WorkRecord(firms=frozenset(firms))


# --- a firm's facts (eligibility reads them) -------------------------------------------------


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
        purpose="eligibility",
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
        purpose="eligibility",
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
    with _resolved(warehouse) as connection:
        return warehouse_facts.one_firm(connection, load_city().facts.columns, golden_id)


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
