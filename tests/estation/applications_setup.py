"""What the application tests share: a published product of the bank asking for two data
fields, and the firm account's organisation claiming a golden firm of the generated city."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
from fastapi.testclient import TestClient

from scenehub.db import session_factory
from scenehub.estation import warehouse_facts
from scenehub.estation.firm_records import MunicipalRecords
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings
from tests.conftest import TEST_SECRET, Accounts, bearer
from tests.estation.conftest import CITY, FactsCity

PRODUCTS = "/api/v1/estation/products"
APPLICATIONS = "/api/v1/estation/applications"
CONSENTED = ["tax_credit_grade", "insured_count"]


@dataclass(frozen=True)
class Setup:
    product: str
    firm: dict[str, str]
    bank: dict[str, str]


def settings_with(db_url: str, tmp_path: Path, warehouse: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        database_url=db_url,
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,
        default_locale="en",
        warehouse=warehouse,
    )


def golden_firm(facts_city: FactsCity) -> MunicipalRecords:
    """A golden firm with a social-insurance headcount and patents: a consented field
    with a value and an unconsented one the provider must not see."""
    connection = duckdb.connect(str(facts_city.warehouse), read_only=True)
    try:
        return next(
            m
            for m in warehouse_facts.every_firm(connection, CITY.facts.columns)
            if any(r.source == "hrss_insured" and r.value for r in m.records)
            and any(r.fact == "patents" for r in m.records)
        )
    finally:
        connection.close()


def claim(db_url: str, golden_id: str, org_id: int) -> int:
    with session_factory(db_url)() as db:
        body = FirmImport(uscc=golden_id, golden_id=golden_id, name="杭州云图智能科技有限公司")
        firm = firm_service.import_firm(db, SYSTEM, body)
        firm_service.link_org(db, SYSTEM, firm.id, org_id)
        db.commit()
        return firm.id


def publish(client: TestClient, bank: dict[str, str], data_fields: list[str]) -> str:
    body = {
        "name": "科技信用担保",
        "kind": "guarantee",
        "min_10k": 50,
        "max_10k": 300,
        "documents": ["营业执照", "近两年财务报表"],
        "data_fields": data_fields,
        "rules": {"all": []},
    }
    made = client.post(PRODUCTS, json=body, headers=bank)
    assert made.status_code == 201, made.text
    code = str(made.json()["code"])
    moved = client.post(f"{PRODUCTS}/{code}/status", json={"to": "published"}, headers=bank)
    assert moved.status_code == 200, moved.text
    return code


def arrange(
    client: TestClient, accounts: Accounts, db_url: str, golden_id: str, fields: list[str]
) -> Setup:
    claim(db_url, golden_id, accounts.firm.org_id)
    bank = bearer(client, accounts.financier)
    return Setup(publish(client, bank, fields), bearer(client, accounts.firm), bank)


def apply(client: TestClient, setup: Setup, amount: int = 200, **overrides: object) -> str:
    body = {
        "product_code": setup.product,
        "amount_10k": amount,
        "note": "首单场景试点的流动资金",
        "consent": True,
        "consent_fields": CONSENTED,
        **overrides,
    }
    made = client.post(APPLICATIONS, json=body, headers=setup.firm)
    assert made.status_code == 201, made.text
    return str(made.json()["code"])
