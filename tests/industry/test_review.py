"""The classification review: the operator's queue, labels that confirm or correct a firm's
segments, and what the classifier and the map take from them."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.governance.models import AuditEntry
from scenehub.industry import review
from scenehub.industry.labels import OPERATOR_SOURCE
from scenehub.industry.map import MIN_CONFIDENCE, UNCLASSIFIED, build_map
from scenehub.industry.service import CACHE
from scenehub.integration.engine import DuckDBEngine
from scenehub.settings import Settings
from tests.conftest import Accounts, csrf_of, sign_in

# firm id, name, primary code, its score (the model's confidence), department text
FIRMS = [
    ("G1", "杭州明鉴科技有限公司", "T.cv", 0.31, "庭审视频与卷宗图像智能识别"),
    ("G2", "杭州慧眸环境科技有限公司", "A.city_management", 0.45, "垃圾投放点AI督导"),
    ("G3", "杭州云图视觉科技有限公司", "T.cv", 0.97, "人脸识别与视频结构化"),
    ("G4", "鸿兴餐饮管理有限公司", "X.other", 0.99, "餐饮服务；食品销售"),
]


@pytest.fixture
def warehouse(settings: Settings) -> Path:
    path = settings.warehouse_path
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    connection.execute("""CREATE TABLE firm_facts (firm_id VARCHAR, name VARCHAR,
        district_code VARCHAR, founded_year INTEGER, headcount BIGINT, patents BIGINT,
        registered_capital DOUBLE, department_text VARCHAR, patent_titles VARCHAR)""")
    connection.execute("""CREATE TABLE firm_segments (firm_id VARCHAR, code VARCHAR,
        score DOUBLE, rank INTEGER, kind VARCHAR, source VARCHAR)""")
    for firm_id, name, code, score, text in FIRMS:
        connection.execute(
            "INSERT INTO firm_facts VALUES (?, ?, '330106', 2020, 30, 1, 100, ?, '')",
            [firm_id, name, text],
        )
        connection.execute(
            "INSERT INTO firm_segments VALUES (?, ?, ?, 1, 'primary', 'model')",
            [firm_id, code, score],
        )
        connection.execute(
            "INSERT INTO firm_segments VALUES (?, 'A.legal', 0.1, 2, 'candidate', 'model')",
            [firm_id],
        )
    build_map(DuckDBEngine(connection), reference_year=2026)
    connection.close()
    CACHE._stamp.clear()
    return path


def label(client: TestClient, firm_id: str, **form: str | list[str]) -> object:
    return client.post(
        f"/industry/review/{firm_id}",
        data={"csrf_token": csrf_of(client), **form},
        follow_redirects=False,
    )


def test_the_queue_shows_the_least_sure_firms_first(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.operator)
    page = client.get("/industry/review", params={"lang": "en"})
    assert page.status_code == 200
    # G3 and G4 are counted under their segments: only the unsure ones wait.
    assert re.findall(r'data-firm="(\w+)"', page.text) == ["G1", "G2"]
    assert "2 firms waiting for review" in page.text


def test_only_the_centre_reviews(client: TestClient, accounts: Accounts, warehouse: Path) -> None:
    anonymous = client.get("/industry/review", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    for account in (accounts.firm, accounts.department, accounts.investor):
        sign_in(client, account)
        assert client.get("/industry/review").status_code == 403
        assert client.get("/industry/review/G1").status_code == 403
        assert label(client, "G1", primary="A.legal").status_code == 403  # type: ignore[attr-defined]


def test_a_correction_is_kept_with_the_text_it_was_read_from_and_audited(
    client: TestClient, accounts: Accounts, warehouse: Path, session: Session
) -> None:
    sign_in(client, accounts.operator)
    firm = client.get("/industry/review/G1", params={"lang": "zh_CN"})
    assert firm.status_code == 200 and "庭审视频与卷宗图像智能识别" in firm.text
    response = label(client, "G1", primary="A.legal", secondary=["T.cv"], note="卖给法院")
    assert response.status_code == 303  # type: ignore[attr-defined]
    queue = client.get("/industry/review")
    assert re.findall(r'data-firm="(\w+)"', queue.text) == ["G2"]
    [row] = review.latest_labels(session).values()
    assert (row.primary, row.secondary, row.predicted, row.confidence) == (
        "A.legal",
        ["T.cv"],
        "T.cv",
        0.31,
    )
    assert row.text["department"] == "庭审视频与卷宗图像智能识别"
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert actions[-2:] == ["industry.read_firm", "industry.label"]


def test_the_latest_label_is_what_the_classifier_learns_and_the_map_counts(
    client: TestClient, accounts: Accounts, warehouse: Path, session: Session
) -> None:
    sign_in(client, accounts.operator)
    label(client, "G2", primary="A.environment")
    label(client, "G2", primary="A.city_management", secondary=["T.cv"])
    [example] = review.learned_examples(session)
    assert example.segments == ("A.city_management", "T.cv")
    assert example.source == OPERATOR_SOURCE and example.text.name == "杭州慧眸环境科技有限公司"
    overrides = review.label_overrides(session)
    assert overrides["G2"].segments == ("A.city_management", "T.cv")


def test_a_bad_label_is_refused_with_the_reason_on_the_same_page(
    client: TestClient, accounts: Accounts, warehouse: Path, session: Session
) -> None:
    sign_in(client, accounts.operator)
    bad = label(client, "G1", primary="Z.nothing", lang="en")
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert 'data-testid="form-error"' in bad.text and "label-form" in bad.text  # type: ignore[attr-defined]
    too_many = label(
        client, "G1", primary="T.cv", secondary=["T.nlp", "T.llm", "F.data", "A.legal"]
    )
    assert too_many.status_code == 422  # type: ignore[attr-defined]
    assert label(client, "NOPE", primary="T.cv").status_code == 404  # type: ignore[attr-defined]
    assert client.get("/industry/review/../../etc").status_code == 404
    assert review.latest_labels(session) == {}


def test_the_map_counts_unsure_firms_apart_and_tells_the_public_only_from_ten(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        counted = dict(connection.execute("SELECT firm_id, segment FROM map_firms").fetchall())
    assert counted == {"G1": UNCLASSIFIED, "G2": UNCLASSIFIED, "G3": "T.cv", "G4": "X.other"}
    assert MIN_CONFIDENCE > 0.45
    public = client.get("/industry", params={"lang": "en"})
    assert "Not classified reliably, needs review: fewer than 10 firms" in public.text
    assert 'data-testid="review-link"' not in public.text
    sign_in(client, accounts.operator)
    staff = client.get("/industry", params={"lang": "en"})
    assert "Not classified reliably, needs review: 2 firms" in staff.text
    assert 'data-testid="review-link"' in staff.text


def test_scripts_label_through_the_api_and_errors_are_json(
    client: TestClient, accounts: Accounts, warehouse: Path, session: Session
) -> None:
    from tests.conftest import bearer

    headers = bearer(client, accounts.operator)
    queue = client.get("/api/v1/industry/review", headers=headers)
    assert queue.status_code == 200
    assert queue.json()["total"] == 2
    assert [i["firm_id"] for i in queue.json()["items"]] == ["G1", "G2"]
    made = client.post("/api/v1/industry/labels/G1", json={"primary": "A.legal"}, headers=headers)
    assert made.status_code == 201 and made.json()["predicted"] == "T.cv"
    bad = client.post("/api/v1/industry/labels/G1", json={"primary": "nope"}, headers=headers)
    assert bad.status_code == 422 and "error" in bad.json()
    other = bearer(client, accounts.investor)
    refused = client.post("/api/v1/industry/labels/G1", json={"primary": "A.legal"}, headers=other)
    assert refused.status_code == 403 and refused.json()["error"]["message"]
    assert list(review.latest_labels(session)) == ["G1"]
