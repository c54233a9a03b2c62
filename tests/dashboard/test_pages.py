"""The dashboard through the API, its page and its downloads: the same figures, centre only."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from scenehub.dashboard.kpis import FUNNEL_KEYS
from tests.conftest import Accounts, bearer, sign_in
from tests.partnerships.test_api import partnerships


def test_the_api_and_the_page_give_the_same_figures(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    partnerships(client, db_url, accounts)
    body = client.get("/api/v1/dashboard", headers=bearer(client, accounts.operator)).json()
    figures = {h["key"]: h["value"] for h in body["headlines"]}
    assert figures["partnerships_brokered"] == 2 and figures["pilots_running"] == 1
    assert figures["scenes_published"] == 2 and figures["firms_engaged"] == 2
    assert [s["key"] for s in body["funnel"]] == list(FUNNEL_KEYS)

    sign_in(client, accounts.operator)
    page = client.get("/dashboard?lang=zh_CN")
    assert page.status_code == 200
    assert 'data-testid="headline-partnerships_brokered" data-value="2.0"' in page.text
    assert "促成场景合作" in page.text and "从沙龙到目录" in page.text
    download = client.get("/dashboard/headlines.csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert dict(rows[1:])["Scene partnerships brokered"] == "2"  # a whole number as one
    assert client.get("/dashboard/funnel.xlsx").content[:2] == b"PK"
    assert client.get("/dashboard/nothing.csv").status_code == 422


def test_a_firm_is_refused_the_dashboard(client: TestClient, accounts: Accounts) -> None:
    response = client.get("/api/v1/dashboard", headers=bearer(client, accounts.firm))
    assert response.status_code == 403
    assert response.json()["error"]["code"]


def test_the_dashboard_and_its_downloads_are_the_centres(
    client: TestClient, accounts: Accounts
) -> None:
    for account in (accounts.department, accounts.investor):
        refused = client.get("/api/v1/dashboard?lang=zh_CN", headers=bearer(client, account))
        assert refused.status_code == 403 and "中心运营人员" in refused.json()["error"]["message"]
    assert client.get("/api/v1/dashboard").status_code == 401
    assert client.get("/dashboard", follow_redirects=False).status_code == 303  # sign in
    sign_in(client, accounts.department)
    for path in ("/dashboard", "/dashboard/headlines.csv", "/dashboard/funnel.xlsx"):
        page = client.get(f"{path}?lang=zh_CN")
        assert page.status_code == 403 and "中心运营人员" in page.text, path
