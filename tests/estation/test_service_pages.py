"""The services pages on both databases: a firm asks through its page and sees its quota as
meters and a chart; the operators' queue approves and records usage; a refusal shows the
page again with the reason; the pages are the firm's and the centre's only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scenehub.settings import Settings
from tests.conftest import TEST_SECRET, Accounts, csrf_of, sign_in


@pytest.fixture
def settings(db_url: str, tmp_path: Path, dataset_warehouse: Path) -> Settings:
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,
        default_locale="en",
        warehouse=dataset_warehouse,
    )  # type: ignore[arg-type]


def submit(client: TestClient, path: str, **form: str) -> str:
    """Post a form as the browser does; the page it lands on."""
    response = client.post(path, data={**form, "csrf_token": csrf_of(client)})
    assert response.status_code == 200, response.text
    return response.text


def meter(page: str, kind: str) -> tuple[str, str]:
    found = re.search(rf'<meter min="0" max="(\d+)" value="(\d+)" data-testid="meter-{kind}"', page)
    assert found, page
    return found.group(1), found.group(2)


def first_code(page: str) -> str:
    found = re.search(r'<tr data-code="(SR\d+)">', page)
    assert found
    return found.group(1)


def test_a_firm_asks_the_operator_decides_and_the_firms_meter_falls(
    app: object, accounts: Accounts
) -> None:
    with TestClient(app) as firm_client, TestClient(app) as operator_client:  # type: ignore[arg-type]
        sign_in(firm_client, accounts.firm)
        page = firm_client.get("/my/services").text
        assert meter(page, "compute") == ("200", "200")
        assert "hrss_insured" in page and "police_cases" not in page  # core data withheld
        assert 'data-testid="book-chen-ai"' in page
        page = submit(
            firm_client, "/my/services/compute", hours="30", purpose="训练", scene_code=""
        )
        code = first_code(page)
        sign_in(operator_client, accounts.operator)
        queue = operator_client.get("/estation/services").text
        assert f'data-testid="approve-{code}"' in queue
        submit(operator_client, f"/estation/services/{code}/approve", hours="30")
        queue = submit(
            operator_client, f"/estation/services/{code}/usage", hours="8", used_on=today(), note=""
        )
        assert f'data-testid="used-{code}">8<' in queue
        page = firm_client.get("/my/services").text
        assert meter(page, "compute") == ("200", "192")
        chart = re.search(r'<script type="application/json" id="quota-data">(.*?)</script>', page)
        assert chart
        data = json.loads(chart.group(1))
        assert data["series"][0]["values"][0] == 4  # 8 of 200 used
        beyond = operator_client.post(
            f"/estation/services/{code}/usage",
            data={"hours": "23", "used_on": today(), "csrf_token": csrf_of(operator_client)},
        )
        assert beyond.status_code == 409
        assert (
            "usage beyond the approval" in beyond.text and 'data-testid="form-error"' in beyond.text
        )


def today() -> str:
    from scenehub.estation.service_requests import today as centre_today

    return centre_today().isoformat()


def test_an_over_quota_ask_shows_the_page_again_with_the_reason_in_chinese(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.firm)
    response = client.post(
        "/my/services/compute?lang=zh_CN",
        data={"hours": "500", "purpose": "x", "scene_code": "", "csrf_token": csrf_of(client)},
        headers={"Accept-Language": "zh-CN"},
    )
    assert response.status_code == 409
    assert "超出配额" in response.text and "我们的服务" in response.text


def test_a_firm_books_and_cancels_a_consulting_slot(client: TestClient, accounts: Accounts) -> None:
    sign_in(client, accounts.firm)
    page = client.get("/my/services").text
    slot = re.search(r'data-testid="expert-chen-ai">.*?<option value="([^"]+)"', page, re.S)
    assert slot
    page = submit(
        client,
        "/my/services/consulting",
        expert="chen-ai",
        starts_at=slot.group(1),
        topic="算力规划",
    )
    code = first_code(page)
    assert 'data-status="booked"' in page
    page = submit(client, f"/my/services/{code}/cancel")
    assert 'data-status="cancelled"' in page


def test_the_firms_page_is_a_firms_and_the_queue_the_centres(
    client: TestClient, accounts: Accounts
) -> None:
    for who in ("financier", "department", "investor", "operator", "firm"):
        sign_in(client, getattr(accounts, who))
        assert client.get("/my/services").status_code == (200 if who == "firm" else 403), who
        wanted = 200 if who == "operator" else 403
        assert client.get("/estation/services").status_code == wanted, who
    client.cookies.clear()
    assert client.get("/my/services", follow_redirects=False).status_code in (303, 401)
