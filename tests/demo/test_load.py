"""Loading a generated city into the database, and the pages that show it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth.models import Organisation
from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.demo.load import load_city as load_into_db
from scenehub.estation.models import FinancingApplication, FinancingProduct
from scenehub.governance import audit
from scenehub.governance.policy import SYSTEM
from scenehub.industry.taxonomy import load_chain
from scenehub.partnerships.models import Partnership
from scenehub.salons.models import Salon, SalonMeeting
from scenehub.scenes.models import Scene
from tests.conftest import Accounts, sign_in

CITY = load_city()


@pytest.fixture(scope="module")
def small_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("load") / "city"
    generate_city(out, scale=1200, seed=21, city=CITY, chain=load_chain(), scenes=40)
    return out


def lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_everything_in_the_files_arrives_once(session: Session, small_city: Path) -> None:
    first = load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    history = small_city / "history"
    assert count(session, Scene) == 40
    assert count(session, FinancingProduct) == lines(history / "products.jsonl")
    assert count(session, Salon) == lines(history / "salons.jsonl") > 0
    assert count(session, Partnership) == lines(history / "partnerships.jsonl") > 0
    assert count(session, FinancingApplication) == lines(history / "applications.jsonl") > 0
    meetings = sum(
        len(json.loads(x)["meetings"])
        for x in (history / "salons.jsonl").read_text(encoding="utf-8").splitlines()
    )
    assert count(session, SalonMeeting) == meetings
    departments = session.scalars(
        select(Organisation.name).where(Organisation.kind == "department")
    ).all()
    assert {d.name for d in CITY.departments} <= set(departments)
    assert first.organisations > len(CITY.departments)

    again = load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    assert again.organisations == 0
    assert count(session, Scene) == 40
    assert count(session, Partnership) == lines(history / "partnerships.jsonl")
    assert audit.verify(session).ok


def test_scenes_belong_to_their_departments(session: Session, small_city: Path) -> None:
    load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    police = session.scalar(select(Organisation.id).where(Organisation.name == "杭州市公安局"))
    policing = session.scalars(select(Scene).where(Scene.domain == "policing")).all()
    assert policing
    assert all(s.department_org_id == police and s.security_vetting for s in policing)


def test_the_catalogue_and_products_are_public(
    client: TestClient, session: Session, small_city: Path, accounts: Accounts
) -> None:
    load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    open_to_all = session.scalar(
        select(func.count()).select_from(Scene).where(Scene.security_vetting.is_(False))
    )
    scenes = client.get("/api/v1/scenes", params={"limit": 100}).json()
    assert 0 < len(scenes) == open_to_all < 40  # scenes needing vetting only for the vetted
    first = scenes[0]["code"]
    assert client.get(f"/api/v1/scenes/{first}").json()["code"] == first
    assert client.get("/api/v1/scenes/S9999").status_code == 404
    assert client.get("/api/v1/scenes", params={"domain": "policing"}).json() == []
    page = client.get("/scenes")
    assert page.status_code == 200 and 'data-testid="scene-list"' in page.text
    assert client.get(f"/scenes/{first}").status_code == 200
    products = client.get("/estation/products")
    assert products.status_code == 200 and "杭州银行" in products.text
    sign_in(client, accounts.operator)
    policing = client.get("/api/v1/scenes", params={"domain": "policing"}).json()
    assert policing and all(s["domain"] == "policing" for s in policing)
    assert len(client.get("/api/v1/scenes", params={"limit": 100}).json()) == 40


def test_salons_need_sign_in_and_staff_see_the_dashboard(
    client: TestClient, session: Session, small_city: Path, accounts: Accounts
) -> None:
    load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    assert client.get("/salons", follow_redirects=False).status_code == 303
    sign_in(client, accounts.operator)
    salons = client.get("/salons")
    assert salons.status_code == 200 and 'data-testid="salons-table"' in salons.text
    home = client.get("/")
    assert 'data-testid="dashboard"' in home.text
    assert '"values": [' in home.text


def test_a_firm_sees_no_dashboard(client: TestClient, accounts: Accounts) -> None:
    sign_in(client, accounts.firm)
    assert 'data-testid="dashboard"' not in client.get("/").text


def test_the_history_pilots_arrive_with_milestones_kpis_and_grades(
    client: TestClient, session: Session, small_city: Path, accounts: Accounts
) -> None:
    load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    sign_in(client, accounts.operator)
    rows = client.get("/api/v1/partnerships", params={"limit": 200}).json()
    past_pilot = [r for r in rows if r["stage"] in ("demonstration", "scale")]
    assert past_pilot and all(r["grade"] in ("A", "B", "C", "D") for r in past_pilot)
    found = client.get(f"/api/v1/partnerships/{past_pilot[0]['code']}").json()
    assert found["pilot"] is not None and len(found["milestones"]) == 3
    assert all(m["completed_on"] for m in found["milestones"])
    bounded = [k for k in found["kpis"] if k["target"] is not None]
    assert bounded and all(k["met"] is not None for k in bounded)
    agreed = [r for r in rows if r["stage"] == "agreed"]
    if agreed:
        assert client.get(f"/api/v1/partnerships/{agreed[0]['code']}").json()["pilot"] is None
    page = client.get(f"/partnerships/{past_pilot[0]['code']}?lang=en")
    assert page.status_code == 200 and 'data-testid="kpis"' in page.text
