"""A list costs the same number of SQL statements whatever the number of its rows (no
per-row queries): measured with one row and with several."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.conftest import Accounts, bearer, counted_statements, sign_in
from tests.firms.test_api import claimed_firm
from tests.partnerships.test_catalogue import nominated
from tests.proposals.test_api import propose, published_scene


def _statements(client: TestClient, path: str, headers: dict[str, str]) -> int:
    client.get(path, headers=headers)  # warm: the token's first use, caches
    with counted_statements() as statements:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return len(statements)


def test_lists_cost_the_same_for_one_row_and_for_many(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    centre = bearer(client, accounts.operator)
    propose(client, firm, published_scene(client, accounts))
    paths = {"/api/v1/scene-batches": centre, "/api/v1/my/proposals": firm}
    one = {path: _statements(client, path, h) for path, h in paths.items()}
    for _ in range(3):
        propose(client, firm, published_scene(client, accounts))
    many = {path: _statements(client, path, h) for path, h in paths.items()}
    assert client.get("/api/v1/my/proposals", headers=firm).json().__len__() == 4
    assert len(client.get("/api/v1/scene-batches", headers=centre).json()) >= 4
    assert min(one.values()) > 0, one  # the statements were seen
    assert many == one


def test_the_catalogue_costs_the_same_for_one_item_and_for_many(
    client: TestClient, accounts: Accounts, db_url: str
) -> None:
    """Each item's readiness comes from its pilot, milestones, KPIs, evaluation and
    contract: one query per kind of record for all the items, not one per item."""
    centre = bearer(client, accounts.operator)
    nominated(db_url, accounts)
    one = _statements(client, "/api/v1/catalogue", centre)
    sign_in(client, accounts.operator)
    page_one = _statements(client, "/catalogue", {})
    for _ in range(3):
        nominated(db_url, accounts)
    assert len(client.get("/api/v1/catalogue", headers=centre).json()) == 4
    assert _statements(client, "/api/v1/catalogue", centre) == one
    assert _statements(client, "/catalogue", {}) == page_one


def test_a_request_with_a_bearer_token_writes_nothing(
    client: TestClient, accounts: Accounts
) -> None:
    headers = bearer(client, accounts.operator)
    first = client.get("/api/v1/auth/tokens", headers=headers)  # records the token's first use
    assert first.status_code == 200, first.text
    assert first.json()[0]["last_used_at"] is not None
    with counted_statements() as statements:
        assert client.get("/api/v1/scenes", headers=headers).status_code == 200
    writes = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert statements and writes == []
