"""The data-sources, rejects and firm pages on a resolved warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.governance.models import AuditEntry
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import open_warehouse
from scenehub.settings import Settings
from tests.conftest import Accounts, sign_in

pytestmark = pytest.mark.slow
CITY = load_city()


@pytest.fixture(scope="module")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    generate_city(folder / "city", scale=300, seed=4, city=CITY, chain=load_chain(), scenes=10)
    bad = folder / "city" / "data" / "amr_penalties.jsonl"
    bad.write_text(bad.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    connection = open_warehouse(folder / "warehouse.duckdb")
    for spec in sorted((folder / "city" / "specs").glob("*.yaml")):
        ingest(connection, spec)
    run_resolution(
        connection,
        city_rules(CITY),
        ResolveSettings(),
    )
    connection.close()
    return folder / "warehouse.duckdb"


@pytest.fixture
def warehouse(built_warehouse: Path, settings: Settings) -> Path:
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(built_warehouse, settings.warehouse_path)
    return settings.warehouse_path


def test_operators_see_sources_with_their_rejects(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.operator)
    page = client.get("/data/sources")
    assert page.status_code == 200
    assert "amr_registrations" in page.text
    assert "国家税务总局杭州市税务局" in page.text
    rejects = client.get("/data/sources/amr_penalties/rejects")
    assert rejects.status_code == 200 and "invalid JSON" in rejects.text


def test_while_a_run_holds_the_warehouse_the_sources_page_says_so_and_keeps_its_buttons(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.operator)
    writer = open_warehouse(warehouse)  # as a resolve or map run holds it
    try:
        page = client.get("/data/sources?lang=en")
    finally:
        writer.close()
    assert page.status_code == 200
    assert 'data-testid="warehouse-unavailable"' in page.text and "busy" in page.text
    assert 'data-testid="run-resolve"' in page.text and "amr_registrations" not in page.text
    after = client.get("/data/sources?lang=en")
    assert "amr_registrations" in after.text and "warehouse-unavailable" not in after.text


def test_a_firm_page_shows_each_fields_source_and_is_audited(
    client: TestClient, accounts: Accounts, warehouse: Path, session: Session
) -> None:
    sign_in(client, accounts.operator)
    listing = client.get("/firms", params={"q": "有限公司"})
    assert listing.status_code == 200
    firm_id = listing.text.split('href="/firms/')[1].split('"')[0]
    page = client.get(f"/firms/{firm_id}")
    assert page.status_code == 200
    assert 'data-testid="linked-records"' in page.text and "amr_registrations" in page.text
    read = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "integration.read_firm")
    ).one()
    assert read.resource_id == firm_id and read.actor_username == "operator"


def test_firms_and_investors_cannot_browse_other_firms(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.firm)
    assert client.get("/firms").status_code == 403
    assert client.get("/data/sources").status_code == 403
    other = client.get("/firms/91330100799655058B")
    assert other.status_code == 403


def test_without_a_warehouse_the_page_explains_what_to_do(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.operator)
    page = client.get("/data/sources")
    # the page stays, with what to do in its notice and the pipeline's buttons
    assert page.status_code == 200
    assert 'data-testid="warehouse-unavailable"' in page.text and "scenehub ingest" in page.text
    assert 'data-testid="run-resolve"' in page.text
    assert client.get("/api/v1/integration/sources").status_code in {401, 409}


def test_a_firm_page_before_resolution_says_what_to_do(
    client: TestClient, accounts: Accounts, settings: Settings, tmp_path: Path
) -> None:
    city = tmp_path / "city"
    generate_city(city, scale=120, seed=6, city=CITY, chain=load_chain(), scenes=10)
    connection = open_warehouse(settings.warehouse_path)
    ingest(connection, city / "specs" / "amr_registrations.yaml")
    connection.close()
    sign_in(client, accounts.operator)
    page = client.get("/firms/91330100799655058B")
    assert page.status_code == 409
    assert "scenehub resolve" in page.text
