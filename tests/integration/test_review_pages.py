"""The clerical review's pages and JSON routes: who may use them, the queue, a pair, a
decision posted from the form or by a script."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from scenehub.integration.resolve import ResolveSettings
from scenehub.settings import Settings
from tests.conftest import Accounts, bearer, csrf_of, sign_in

pytestmark = pytest.mark.slow


@pytest.fixture
def warehouse(resolved_city: Path, settings: Settings) -> Path:
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(resolved_city, settings.warehouse_path)
    return settings.warehouse_path


def first_row(html: str) -> tuple[str, str]:
    found = re.search(r'data-testid="pair-row" data-left="([^"]+)" data-right="([^"]+)"', html)
    assert found is not None, "the queue shows no pair"
    return found.group(1), found.group(2)


def decisions(warehouse: Path) -> list[tuple[str, str, str]]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = connection.execute(
            "SELECT unique_id_l, unique_id_r, decision FROM link_decisions ORDER BY decision_id"
        ).fetchall()
    finally:
        connection.close()
    return [(str(a), str(b), str(d)) for a, b, d in rows]


def test_an_operator_opens_a_pair_from_the_queue_and_splits_it(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.operator)
    queue = client.get("/review/links", params={"lang": "en"})
    assert queue.status_code == 200
    assert 'data-nav="link-review"' in queue.text and "pairs waiting for review" in queue.text
    left, right = first_row(queue.text)
    pair = client.get("/review/links/pair", params={"left": left, "right": right, "lang": "en"})
    assert pair.status_code == 200
    assert 'data-testid="pair-evidence"' in pair.text and 'data-testid="decide-split"' in pair.text
    form = {"unique_id_l": left, "unique_id_r": right, "decision": "split", "note": "two firms"}
    done = client.post(
        "/review/links", data={**form, "csrf_token": csrf_of(client)}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/review/links?decided=split"
    assert decisions(warehouse) == [(left, right, "split")]
    after = client.get("/review/links?decided=split&lang=en")
    assert 'data-testid="decided-notice"' in after.text
    assert first_row(after.text) != (left, right)
    again = client.get("/review/links/pair", params={"left": left, "right": right, "lang": "en"})
    assert 'data-testid="pair-decided"' in again.text and "two firms" in again.text


def test_the_queue_speaks_chinese(client: TestClient, accounts: Accounts, warehouse: Path) -> None:
    sign_in(client, accounts.operator)
    page = client.get("/review/links", params={"lang": "zh_CN"})
    assert page.status_code == 200 and "关联复核" in page.text


def test_a_decision_without_the_forms_token_is_refused(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sign_in(client, accounts.operator)
    left, right = first_row(client.get("/review/links").text)
    form = {"unique_id_l": left, "unique_id_r": right, "decision": "match"}
    assert client.post("/review/links", data=form).status_code == 403
    assert decisions(warehouse) == []


@pytest.mark.parametrize("role", ["firm", "department", "investor"])
def test_only_the_centre_may_review_links(
    client: TestClient, accounts: Accounts, warehouse: Path, role: str
) -> None:
    sign_in(client, getattr(accounts, role))
    assert client.get("/review/links").status_code == 403
    assert client.get("/review/links/pair?left=a:1&right=b:2").status_code == 403
    form = {"unique_id_l": "a:1", "unique_id_r": "b:2", "decision": "match"}
    refused = client.post("/review/links", data={**form, "csrf_token": csrf_of(client)})
    assert refused.status_code == 403
    assert decisions(warehouse) == []


def test_a_script_reads_the_queue_and_confirms_a_pair(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    headers = bearer(client, accounts.operator)
    queue = client.get("/api/v1/integration/link-review", headers=headers)
    assert queue.status_code == 200
    body = queue.json()
    assert body["threshold"] == ResolveSettings().threshold
    assert body["total"] >= len(body["items"]) > 0
    item = body["items"][0]
    assert "legal_rep" not in item["left"]  # the queue lists no personal fields
    pair = {"unique_id_l": item["unique_id_r"], "unique_id_r": item["unique_id_l"]}
    decided = client.post(
        "/api/v1/integration/link-decisions", json={**pair, "decision": "match"}, headers=headers
    )
    assert decided.status_code == 201, decided.text
    assert decided.json()["decided_by"] == "operator"
    assert decisions(warehouse) == [(item["unique_id_l"], item["unique_id_r"], "match")]
    shown = client.get(
        "/api/v1/integration/link-review/pair",
        params={"left": item["unique_id_l"], "right": item["unique_id_r"]},
        headers=headers,
    )
    assert shown.json()["decisions"][0]["decision"] == "match"


def test_a_script_cannot_decide_a_record_with_itself(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    headers = bearer(client, accounts.operator)
    same = {"unique_id_l": "amr:1", "unique_id_r": "amr:1", "decision": "split"}
    answer = client.post("/api/v1/integration/link-decisions", json=same, headers=headers)
    assert answer.status_code == 422
    assert (
        client.get(
            "/api/v1/integration/link-review", headers=bearer(client, accounts.firm)
        ).status_code
        == 403
    )


def test_a_refused_decision_shows_the_queue_with_the_reason(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    connection = duckdb.connect(str(warehouse), read_only=True)
    first, second = connection.execute("""SELECT min(unique_id), max(unique_id)
        FROM code_entities GROUP BY firm_id HAVING count(*) > 1
        ORDER BY firm_id LIMIT 1""").fetchall()[0]
    connection.close()
    sign_in(client, accounts.operator)
    pair = client.get("/review/links/pair", params={"left": first, "right": second})
    assert 'data-testid="refused-split"' in pair.text
    form = {"unique_id_l": first, "unique_id_r": second, "decision": "split"}
    refused = client.post("/review/links?lang=en", data={**form, "csrf_token": csrf_of(client)})
    assert refused.status_code == 409
    assert 'data-testid="form-error"' in refused.text and "same valid USCC" in refused.text
    assert 'data-testid="link-queue"' in refused.text
    assert decisions(warehouse) == []
