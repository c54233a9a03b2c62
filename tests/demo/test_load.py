"""Loading a generated city into the database, and the pages that show it."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.models import Organisation
from scenehub.dashboard import service as dashboard_service
from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.demo.load import load_city as load_into_db
from scenehub.estation.models import FinancingApplication, FinancingProduct
from scenehub.governance import audit
from scenehub.governance.policy import SYSTEM
from scenehub.industry.taxonomy import load_chain
from scenehub.partnerships.models import Contract, Partnership, PartnershipEvent
from scenehub.proposals.models import Proposal
from scenehub.salons.models import Salon, SalonInvitation, SalonMeeting, SalonRegistration
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
    # Every salon of the history is held again (its scenes were open when it was set up).
    salons = count(session, Salon)
    assert salons == lines(history / "salons.jsonl") > 0
    assert count(session, Partnership) == lines(history / "partnerships.jsonl") > 0
    assert count(session, FinancingApplication) == lines(history / "applications.jsonl") > 0
    meetings = sum(
        len(json.loads(x)["meetings"])
        for x in (history / "salons.jsonl").read_text(encoding="utf-8").splitlines()
    )
    # One meeting per firm and department (the history has a table per scene).
    assert 0.6 * meetings <= count(session, SalonMeeting) <= meetings
    departments = session.scalars(
        select(Organisation.name).where(Organisation.kind == "department")
    ).all()
    assert {d.name for d in CITY.departments} <= set(departments)
    assert first.organisations > len(CITY.departments)

    again = load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    assert again.organisations == 0
    assert count(session, Scene) == 40
    assert count(session, Salon) == salons
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


# --- the history replayed through the flows ---------------------------------------------------


def history_rows(city: Path, name: str) -> list[dict[str, Any]]:
    text = (city / "history" / f"{name}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def history_days(city: Path) -> tuple[date, date]:
    """The first and last day the history's files know of."""
    days = [date.fromisoformat(r["held_on"]) for r in history_rows(city, "salons")]
    days += [date.fromisoformat(r["started_on"]) for r in history_rows(city, "partnerships")]
    days += [date.fromisoformat(r["submitted_on"]) for r in history_rows(city, "applications")]
    return min(days) - timedelta(days=60), max(days)  # salons are set up weeks before


def test_the_dashboard_funnel_has_pairs_at_every_step_up_to_contract(
    session: Session, small_city: Path, accounts: Accounts
) -> None:
    load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    user = auth_service.get_user(session, accounts.operator.user_id)
    assert user is not None
    figures = dashboard_service.dashboard(session, auth_service.actor_of(user))
    counts = {step.key: step.count for step in figures.funnel}
    steps = ("invited", "met", "follow_up", "proposal", "partnership", "pilot", "contract")
    assert all(counts[key] > 0 for key in steps), counts
    assert counts["invited"] > counts["met"] > counts["follow_up"] >= counts["partnership"]


def test_replayed_salons_have_invitations_registrations_and_outcomes(
    session: Session, small_city: Path
) -> None:
    load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    salons = session.scalars(select(Salon)).all()
    assert salons and all(s.status == "held" and s.schedule_status for s in salons)
    answers = Counter(session.scalars(select(SalonInvitation.status)))
    assert answers["accepted"] > answers["declined"] > 0
    assert count(session, SalonRegistration) > len(salons)
    meetings = session.scalars(select(SalonMeeting)).all()
    assert meetings and all(m.outcome and m.checked_in_at and m.pinned for m in meetings)
    assert {"follow_up", "no_fit"} <= {m.outcome for m in meetings}
    assert any(m.follow_up == "partnership" for m in meetings)
    for salon in salons:
        assert salon.starts_at is not None and salon.starts_at.date() == salon.held_on
        assert salon.solved_at is not None and salon.solved_at.date() < salon.held_on


def test_partnerships_have_stage_history_at_the_history_s_dates(
    session: Session, small_city: Path
) -> None:
    load_into_db(session, SYSTEM, small_city, CITY)
    session.commit()
    first, last = history_days(small_city)
    events = session.scalars(select(PartnershipEvent)).all()
    assert {e.to_stage for e in events} >= {"pilot", "demonstration", "terminated"}
    assert all(first <= e.at.date() <= last for e in events)
    origins = Counter(session.scalars(select(Partnership.origin)))
    assert origins["salon"] > 0 and origins["proposal"] > 0
    started = sorted(session.scalars(select(Partnership.started_on)))
    files = history_rows(small_city, "partnerships")
    assert started == sorted(date.fromisoformat(r["started_on"]) for r in files)
    contracts = session.scalars(select(Contract.signed_on)).all()
    assert contracts and all(first <= day <= last for day in contracts)
    assert count(session, Proposal) > 0
