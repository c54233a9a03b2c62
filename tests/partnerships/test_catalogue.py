"""The national scene catalogue on both databases: readiness from a partnership's records,
a nomination refused while evidence is missing, the dossier downloads and the catalogue
pages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from scenehub.db import session_factory
from scenehub.errors import Conflict
from scenehub.partnerships import catalogue, evidence, pilots, service, stages
from scenehub.partnerships.readiness import COMPLIANCE_CHECKS
from scenehub.partnerships.schemas import (
    CatalogueEvidenceSet,
    EvaluationSet,
    KpiActual,
    KpiCreate,
    MilestoneComplete,
    MilestoneCreate,
    PilotSet,
)
from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.partnerships.test_service import actor_of, move, published_scene

KPI_NAME = "客流统计准确率"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def db(db_url: str) -> Session:
    with session_factory(db_url)() as session:
        yield session  # type: ignore[misc]


def in_pilot(db: Session, accounts: Accounts, title: str) -> str:
    """A partnership of a new scene with the firm, moved to its pilot."""
    code = service.open_from_follow_up(
        db,
        actor_of(accounts.operator),
        scene_id=published_scene(db, accounts, title),
        firm_org_id=accounts.firm.org_id,
        note="",
    )
    move(db, accounts.department, code, "pilot")
    return code


def record_evidence(db: Session, accounts: Accounts, code: str) -> None:
    """Everything the default criteria ask for: a finished pilot with its milestone done, its
    KPI met, a grade of B, the three compliance checks and a site beyond the pilot."""
    dept = actor_of(accounts.department)
    pilot = PilotSet(
        scope="全站客流", site="人民广场站", starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30)
    )
    pilots.set_pilot(db, dept, code, pilot)
    milestone = pilots.add_milestone(
        db, dept, code, MilestoneCreate(title="上线", due_on=date(2025, 3, 1))
    )
    pilots.complete_milestone(
        db, dept, code, milestone, MilestoneComplete(completed_on=date(2025, 2, 20))
    )
    kpi = pilots.add_kpi(db, dept, code, KpiCreate(name=KPI_NAME, unit="%", baseline=80, target=95))
    pilots.record_kpi_actual(db, dept, code, kpi, KpiActual(actual=97))
    pilots.record_evaluation(db, dept, code, EvaluationSet(rubric=dict.fromkeys(stages.RUBRIC, 4)))
    checks = CatalogueEvidenceSet(compliance_passed=list(COMPLIANCE_CHECKS), sites_beyond_pilot=2)
    catalogue.set_evidence(db, dept, code, checks)


def to_scale(db: Session, accounts: Accounts, code: str) -> None:
    move(db, accounts.department, code, "demonstration")
    move(db, accounts.department, code, "scale")


def test_a_pilot_with_its_records_scores_higher_and_the_gaps_name_what_is_missing(
    db: Session, accounts: Accounts
) -> None:
    full, bare = in_pilot(db, accounts, "地铁站客流分析"), in_pilot(db, accounts, "路面病害巡检")
    record_evidence(db, accounts, full)
    found = evidence.evidence_of(db, service.partnership(db, full))
    assert found.pilot_completed and (found.kpis_met, found.kpis_total) == (1, 1)
    assert found.grade == "B" and found.sites_beyond_pilot == 2
    assert found.months_in_operation > 6 and all(found.compliance.values())
    centre = actor_of(accounts.operator)
    ready = catalogue.readiness(db, centre, full, str)
    missing = catalogue.readiness(db, centre, bare, str)
    assert ready.ready and ready.score == 100 and ready.gaps == []
    assert not missing.ready and missing.score < ready.score
    assert {"pilot_completed", "kpis_met", "evaluation_grade", "compliance"} <= {
        g.criterion for g in missing.gaps
    }
    messages = " ".join(g.message for g in missing.gaps)
    assert "No KPIs are recorded" in messages and "data-security review" in messages


def test_a_nomination_is_refused_with_the_gaps_until_the_records_make_it_ready(
    db: Session, accounts: Accounts
) -> None:
    code = in_pilot(db, accounts, "地铁站客流分析")
    to_scale(db, accounts, code)
    with pytest.raises(Conflict) as refused:
        move(db, accounts.operator, code, "catalogue_nominated")
    assert refused.value.status == 409 and refused.value.code == "not_ready_for_catalogue"
    assert "kpis_met" in {g["criterion"] for g in refused.value.details["gaps"]}
    assert service.partnership(db, code).stage == "scale"
    record_evidence(db, accounts, code)
    move(db, accounts.operator, code, "catalogue_nominated")
    assert service.partnership(db, code).stage == "catalogue_nominated"


def test_unknown_compliance_checks_are_refused(db: Session, accounts: Accounts) -> None:
    code = in_pilot(db, accounts, "地铁站客流分析")
    body = CatalogueEvidenceSet(compliance_passed=["fire_safety"])
    with pytest.raises(Conflict, match="unknown compliance checks"):
        catalogue.set_evidence(db, actor_of(accounts.department), code, body)


def nominated(db_url: str, accounts: Accounts) -> str:
    with session_factory(db_url)() as db:
        code = in_pilot(db, accounts, "地铁站客流分析")
        record_evidence(db, accounts, code)
        to_scale(db, accounts, code)
        move(db, accounts.operator, code, "catalogue_nominated")
        db.commit()
    return code


def test_the_api_refuses_a_nomination_not_ready_with_json_409(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    with session_factory(db_url)() as db:
        code = in_pilot(db, accounts, "地铁站客流分析")
        to_scale(db, accounts, code)
        db.commit()
    centre = bearer(client, accounts.operator)
    response = client.post(
        f"/api/v1/partnerships/{code}/moves", json={"to": "catalogue_nominated"}, headers=centre
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "not_ready_for_catalogue" and error["details"]["gaps"]
    readiness = client.get(f"/api/v1/partnerships/{code}/readiness?lang=zh_CN", headers=centre)
    assert readiness.status_code == 200 and readiness.json()["ready"] is False
    dept = bearer(client, accounts.department)
    saved = client.put(
        f"/api/v1/partnerships/{code}/catalogue-evidence",
        json={"compliance_passed": ["data_security_review"], "sites_beyond_pilot": 1},
        headers=dept,
    )
    assert saved.status_code == 200 and saved.json()["compliance_passed"] == [
        "data_security_review"
    ]
    other = bearer(client, accounts.other_firm)
    assert client.get(f"/api/v1/partnerships/{code}/readiness", headers=other).status_code == 403


def test_the_dossier_downloads_as_pdf_and_docx_with_the_scene_and_its_kpis(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    code = nominated(db_url, accounts)
    firm = bearer(client, accounts.firm)
    pdf = client.get(f"/api/v1/partnerships/{code}/dossier.pdf?lang=zh_CN", headers=firm)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "地铁站客流分析" in text and KPI_NAME in text
    docx = client.get(f"/api/v1/partnerships/{code}/dossier.docx", headers=firm)
    assert docx.status_code == 200 and docx.headers["content-type"] == DOCX
    assert docx.content[:2] == b"PK"


def test_the_catalogue_page_lists_a_nominated_partnership_for_the_centre(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    code = nominated(db_url, accounts)
    centre = bearer(client, accounts.operator)
    items = client.get("/api/v1/catalogue", headers=centre).json()
    assert [(i["code"], i["stage"], i["score"]) for i in items] == [
        (code, "catalogue_nominated", 100.0)
    ]
    # Nominated is not listed: the public catalogue has nothing yet.
    assert client.get("/api/v1/public/catalogue").json() == []
    sign_in(client, accounts.operator)
    page = client.get("/catalogue?lang=en")
    assert page.status_code == 200
    assert "地铁站客流分析" in page.text and f"/api/v1/partnerships/{code}/dossier.pdf" in page.text
    detail = client.get(f"/partnerships/{code}?lang=en")
    assert "Readiness for the national catalogue" in detail.text and "dossier.docx" in detail.text


def test_the_public_catalogue_shows_listed_partnerships_that_published_progress(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    code = nominated(db_url, accounts)
    centre = bearer(client, accounts.operator)
    moved = client.post(
        f"/api/v1/partnerships/{code}/moves", json={"to": "catalogue_listed"}, headers=centre
    )
    assert moved.status_code == 200
    assert client.get("/api/v1/public/catalogue").json() == []  # nothing published yet
    dept = bearer(client, accounts.department)
    client.put(f"/api/v1/partnerships/{code}/publication", json={"parts": ["stage"]}, headers=dept)
    listed = client.get("/api/v1/public/catalogue").json()
    assert [i["code"] for i in listed] == [code]
    assert "地铁站客流分析" in client.get("/p/catalogue").text


def test_the_department_ticks_compliance_checks_on_the_partnership_page(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    with session_factory(db_url)() as db:
        code = in_pilot(db, accounts, "地铁站客流分析")
        db.commit()
    dept = bearer(client, accounts.department)
    sign_in(client, accounts.department)
    page = client.get(f"/partnerships/{code}?lang=zh_CN")
    assert "国家场景清单入库成熟度" in page.text and 'name="compliance_passed"' in page.text
    saved = client.post(
        f"/partnerships/{code}/catalogue-evidence",
        data={
            "csrf_token": csrf_of(client),
            "compliance_passed": ["data_security_review", "procurement_compliance"],
            "sites_beyond_pilot": "3",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("#readiness")
    readiness = client.get(f"/api/v1/partnerships/{code}/readiness", headers=dept).json()
    assert readiness["compliance_passed"] == ["data_security_review", "procurement_compliance"]
    assert readiness["sites_beyond_pilot"] == 3
    gaps = [g["message"] for g in readiness["gaps"] if g["criterion"] == "compliance"]
    assert gaps == [
        "The compliance check “personal-information impact assessment” is not passed yet."
    ]
