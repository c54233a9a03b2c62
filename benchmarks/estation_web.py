"""The app of ``benchmarks/estation.py``'s web figure: a SQLite database with generated
published products, a firm user whose registry firm is a golden firm of a generated city,
and that city's warehouse, ingested and resolved."""

from __future__ import annotations

from pathlib import Path

import duckdb
from fastapi import FastAPI
from tests.estation.conftest import CITY, build_facts_city
from tests.estation.factories import random_products

from scenehub.app import create_app
from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, UserCreate
from scenehub.db import session_factory, upgrade_database
from scenehub.estation import service as estation_service
from scenehub.estation import warehouse_facts
from scenehub.estation.kinds import kind_code
from scenehub.estation.schemas import ProductImport
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings

USERNAME, PASSWORD = "bench-firm", "correct horse battery"


def web_app(folder: Path, seed: int, products: int, scale: int) -> FastAPI:
    """The app, its database and warehouse in ``folder``; the firm signs in as USERNAME."""
    city = build_facts_city(folder / "city", scale=scale, seed=seed)
    url = f"sqlite:///{folder / 'scenehub.sqlite3'}"
    upgrade_database(url)
    with session_factory(url)() as db:
        bank = auth_service.create_org(db, SYSTEM, OrgCreate(kind=OrgKind.FINANCIER, name="银行"))
        firm_org = auth_service.create_org(db, SYSTEM, OrgCreate(kind=OrgKind.FIRM, name="企业"))
        user = UserCreate(username=USERNAME, password=PASSWORD, role=Role.FIRM, org_id=firm_org.id)
        auth_service.create_user(db, SYSTEM, user)
        golden = _golden_firm(city.warehouse)
        firm = firm_service.import_firm(
            db, SYSTEM, FirmImport(uscc=golden, golden_id=golden, name="杭州测试科技有限公司")
        )
        firm_service.link_org(db, SYSTEM, firm.id, firm_org.id)
        for item in random_products(seed, products)["products"]:
            kind = kind_code(item["kind"]) or item["kind"]
            body = ProductImport(**{**item, "kind": kind}, provider_org_id=bank.id)
            estation_service.import_product(db, SYSTEM, body)
        db.commit()
    settings = Settings(
        database_url=url,
        data_dir=folder / "data",
        secret_key="benchmark-secret-key-that-is-long-enough-0123",
        warehouse=city.warehouse,
    )  # type: ignore[arg-type]
    return create_app(settings)


def _golden_firm(warehouse: Path) -> str:
    """A golden firm with a founding date and social insurance's headcount: most facts known."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return next(
            m.golden_id
            for m in warehouse_facts.every_firm(connection, CITY.facts.columns)
            if m.established is not None and any(r.source == "hrss_insured" for r in m.records)
        )
    finally:
        connection.close()
