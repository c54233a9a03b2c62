"""Releases on the pages: an operator releases a table with DP from the form and sees the
ledger; the map and the release's page show the method, ε against the budget and the noise
note in Chinese and English; a release over the budget comes back on the form."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from scenehub.db import today
from scenehub.estation.services import period_of
from tests.conftest import Accounts, csrf_of, sign_in


def _release(client: TestClient, kind: str, epsilon: str, lang: str = "en") -> httpx.Response:
    return client.post(
        "/releases",
        params={"lang": lang},
        data={
            "kind": kind,
            "method": "differential_privacy",
            "epsilon": epsilon,
            "csrf_token": csrf_of(client),
        },
        follow_redirects=False,
    )


def test_an_operator_releases_with_dp_and_the_map_shows_it_in_both_languages(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    quarter = period_of(today(), "quarter").key
    sign_in(client, accounts.operator)
    made = _release(client, "industry.districts", "0.5")
    assert made.status_code == 303
    target = made.headers["location"]
    assert re.fullmatch(r"/releases/\d+", target)
    ledger = client.get("/releases", params={"lang": "en"}).text
    row = re.search(rf'<tr data-period="{quarter}">(.*?)</tr>', ledger, re.S)
    assert row is not None and "1.5" in row.group(1)
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    client.cookies.clear()

    english = client.get(target, params={"lang": "en"}).text
    assert f"ε 0.5 of {quarter}&#39;s 2; 1.5 left" in english
    assert "numbers include random noise" in english and "differential privacy" in english
    chinese = client.get("/industry", params={"lang": "zh_CN"}).text
    assert 'data-testid="release-industry.districts"' in chinese
    assert "数字含有随机噪声" in chinese and "差分隐私" in chinese
    assert f"ε 0.5，占 {quarter} 预算 2；剩余 1.5" in chinese
    map_en = client.get("/industry", params={"lang": "en"}).text
    assert 'data-testid="map-noise"' in map_en and "numbers include random noise" in map_en


def test_a_release_over_the_budget_comes_back_on_the_form_with_the_reason(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.operator)
    assert _release(client, "industry.segments", "1.8").status_code == 303
    refused = _release(client, "industry.districts", "0.5", lang="zh_CN")
    assert refused.status_code == 409
    page = refused.text
    assert 'data-testid="form-error"' in page and "隐私预算" in page and "剩余 0.2" in page


def test_the_ledger_page_is_the_centres(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.investor)
    assert client.get("/releases").status_code == 403
