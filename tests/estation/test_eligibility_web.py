"""A firm's eligibility through /api/v1/estation/eligibility and the pages, on both
databases: the firm reads its own, the centre any firm's, everybody else is refused (a
financier with the consent message), an unknown firm is 404, an unresolved warehouse a 409
with its message; the page shows the package first, the unknown products with the facts
to answer, and what a scene win unlocked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from scenehub.db import session_factory
from scenehub.settings import Settings
from tests.conftest import TEST_SECRET, Accounts, bearer, sign_in
from tests.estation.test_eligibility import cond, publish
from tests.estation.test_facts_service import registry_firm, won

API = "/api/v1/estation/eligibility"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """The app's settings with an empty warehouse: the firms here have no golden record, so
    only the unresolved-warehouse test reads it."""
    warehouse = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(warehouse)).close()
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,
        default_locale="en",
        warehouse=warehouse,
    )  # type: ignore[arg-type]


@pytest.fixture
def firm_id(db_url: str, accounts: Accounts) -> int:
    """The firm's registry record (no golden record) and three published products."""
    with session_factory(db_url)() as db:
        found = registry_firm(db, None, accounts.firm.org_id)
        arrange_products(db, accounts)
        db.commit()
    return found


def arrange_products(db: Session, accounts: Accounts) -> None:
    bank = accounts.financier.org_id
    publish(db, bank, "V1", "voucher_compute", {"all": []}, max_10k=40)
    publish(db, bank, "W1", "subsidy", cond("scene_wins", ">=", 1))
    publish(db, bank, "H1", "guarantee", cond("headcount", ">=", 5))


def test_the_firm_reads_its_own_as_the_contracts_line_with_facts_and_reasons(
    client: TestClient, accounts: Accounts, firm_id: int
) -> None:
    headers = bearer(client, accounts.firm)
    own = client.get(API, headers=headers)
    assert own.status_code == 200, own.text
    line: dict[str, Any] = own.json()
    assert line["firm_id"] == firm_id
    by_code = {p["code"]: p for p in line["products"]}
    assert {c: p["eligible"] for c, p in by_code.items()} == {"V1": True, "W1": False, "H1": None}
    assert by_code["H1"]["rules"][0]["result"] == "unknown" and by_code["H1"]["missing"] == [
        "headcount"
    ]
    assert [(p["code"], p["amount_10k"]) for p in line["package"]] == [("V1", 40)]
    assert line["package"][0]["reason"] and line["package_total_10k"] == 40
    assert {f["field"] for f in line["facts"]} >= {"scene_wins", "headcount"}
    assert client.get(f"{API}/{firm_id}", headers=headers).json() == line
    zh = client.get(API, headers=headers, params={"lang": "zh_CN"}).json()
    zh_h1 = next(p for p in zh["products"] if p["code"] == "H1")
    assert zh_h1["rules"][0]["reason"] != by_code["H1"]["rules"][0]["reason"]


def test_only_the_firm_and_the_centre_read_a_firms_eligibility(
    client: TestClient, accounts: Accounts, firm_id: int
) -> None:
    assert (
        client.get(f"{API}/{firm_id}", headers=bearer(client, accounts.operator)).status_code == 200
    )
    for who in ("other_firm", "department", "investor", "financier"):
        refused = client.get(f"{API}/{firm_id}", headers=bearer(client, getattr(accounts, who)))
        assert refused.status_code == 403, who
    financier = client.get(f"{API}/{firm_id}", headers=bearer(client, accounts.financier))
    assert "consented" in financier.json()["error"]["message"]
    assert client.get(API, headers=bearer(client, accounts.operator)).status_code == 403
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/{firm_id}").status_code == 401
    missing = client.get(f"{API}/99999", headers=bearer(client, accounts.operator))
    assert missing.status_code == 404
    assert client.get(f"{API}/0", headers=bearer(client, accounts.operator)).status_code == 422


def test_an_unresolved_warehouse_is_a_409_with_its_message(
    client: TestClient, accounts: Accounts, db_url: str
) -> None:
    with session_factory(db_url)() as db:
        coded = registry_firm(db, "91330108MA2H7K0L0X", accounts.firm.org_id)
        db.commit()
    response = client.get(f"{API}/{coded}", headers=bearer(client, accounts.operator))
    assert response.status_code == 409
    assert "scenehub resolve" in response.json()["error"]["message"]
    sign_in(client, accounts.firm)
    page = client.get("/my/eligibility")
    assert page.status_code == 409 and "scenehub resolve" in page.text


def test_the_firms_page_shows_the_package_first_the_facts_to_answer_and_its_unlocks(
    client: TestClient, accounts: Accounts, firm_id: int, db_url: str
) -> None:
    sign_in(client, accounts.firm)
    page = client.get("/my/eligibility")
    assert page.status_code == 200
    text = page.text
    assert text.index('data-testid="package"') < text.index('data-testid="eligible"')
    assert 'data-testid="package-line" data-code="V1" data-amount="40"' in text
    assert 'data-testid="missing-facts"' in text and "headcount (social insurance)" in text
    assert 'href="/estation/products/H1"' in text and 'data-testid="unlock"' not in text
    assert 'href="/my/eligibility"' in text  # the firm's nav item
    with session_factory(db_url)() as db:
        won(db, accounts)
        db.commit()
    unlocked = client.get("/my/eligibility").text
    assert 'data-testid="unlock" data-trigger="scene_won" data-seen="false"' in unlocked
    assert 'data-testid="unlocked-product" data-code="W1"' in unlocked
    assert "scene_wins &gt;= 1 now holds" in unlocked
    assert 'data-seen="true"' in client.get("/my/eligibility").text
    zh = client.get("/my/eligibility", params={"lang": "zh_CN"}).text
    assert "推荐组合" in zh


def test_the_centre_opens_any_firms_page_and_others_are_refused(
    client: TestClient, accounts: Accounts, firm_id: int
) -> None:
    sign_in(client, accounts.operator)
    assert client.get(f"/estation/eligibility/{firm_id}").status_code == 200
    assert client.get("/estation/eligibility/99999").status_code == 404
    sign_in(client, accounts.financier)
    refused = client.get(f"/estation/eligibility/{firm_id}")
    assert refused.status_code == 403 and "V1" not in refused.text
    sign_in(client, accounts.other_firm)
    assert client.get(f"/estation/eligibility/{firm_id}").status_code == 403
    assert client.get("/my/eligibility").status_code == 409  # it has not claimed a firm


def test_a_product_the_firm_is_not_eligible_for_shows_what_stands_in_the_way(
    client: TestClient, accounts: Accounts, firm_id: int, db_url: str
) -> None:
    """On the page, the conditions it fails (or cannot tell), and how many others it meets;
    the API explains every condition."""
    with session_factory(db_url)() as db:
        rule = {"all": [cond("pilot_status", "==", "none"), cond("scene_wins", ">=", 2)]}
        publish(db, accounts.financier.org_id, "F1", "subsidy", rule)
        db.commit()
    sign_in(client, accounts.firm)
    text = client.get("/my/eligibility").text
    card = text[text.index('data-code="F1" data-eligible="false"') :]
    card = card[: card.index("</details>")]
    assert "scene_wins &gt;= 2" in card and "pilot_status ==" not in card
    assert "Conditions the firm meets besides these: 1" in card
    explained = {p["code"]: p for p in client.get(API).json()["products"]}["F1"]
    assert [r["result"] for r in explained["rules"]] == ["pass", "fail"]
