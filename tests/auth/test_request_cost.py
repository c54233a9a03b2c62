"""What checking a credential costs a request: one query, and never a wait on another
request's lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text, update

from scenehub.auth import service as auth_service
from scenehub.auth.models import ApiToken
from scenehub.db import session_factory, utcnow
from tests.conftest import Accounts, bearer, counted_statements, sign_in


def _statements(client: TestClient, headers: dict[str, str] | None = None) -> list[str]:
    with counted_statements() as statements:
        response = client.get("/api/v1/scenes", headers=headers or {})
    assert response.status_code == 200, response.text
    return statements


def test_a_bearer_token_costs_one_query(client: TestClient, accounts: Accounts) -> None:
    headers = bearer(client, accounts.operator)
    client.get("/api/v1/scenes", headers=headers)  # records the token's first use
    anonymous = _statements(client)
    with_token = _statements(client, headers)
    assert len(with_token) == len(anonymous) + 1, with_token
    assert any("api_tokens" in sql and "organisations" in sql for sql in with_token)


def test_a_session_cookie_costs_one_query(client: TestClient, accounts: Accounts) -> None:
    anonymous = _statements(client)
    sign_in(client, accounts.operator)
    signed_in = _statements(client)
    assert len(signed_in) == len(anonymous) + 1, signed_in
    assert any("web_sessions" in sql and "organisations" in sql for sql in signed_in)


def test_a_token_use_waits_for_no_other_request(
    client: TestClient, accounts: Accounts, db_url: str
) -> None:
    """Another request holding the token's row (recording the same minute's use) is not
    waited for: the use is recorded by that one."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no row locks: its writers take turns at BEGIN")
    raw = bearer(client, accounts.operator)["Authorization"].removeprefix("Bearer ")
    holder = create_engine(db_url).connect()
    try:
        holder.execute(select(ApiToken.id).with_for_update())  # another request's lock
        with session_factory(db_url)() as session:
            # Unlike a wait, refusing to wait is an error that ends the test.
            session.execute(text("SET LOCAL lock_timeout = '2s'"))
            actor = auth_service.actor_for_api_token(session, raw)
            session.commit()
        assert actor.user_id == accounts.operator.user_id
    finally:
        holder.rollback()
        holder.close()


def test_a_token_use_is_recorded_once_a_minute(
    client: TestClient, accounts: Accounts, db_url: str
) -> None:
    raw = bearer(client, accounts.operator)["Authorization"].removeprefix("Bearer ")
    long_ago = utcnow() - timedelta(hours=1)
    with session_factory(db_url)() as session:
        session.execute(update(ApiToken).values(last_used_at=long_ago))
        session.commit()
        auth_service.actor_for_api_token(session, raw)
        session.commit()
        recorded = session.scalar(select(ApiToken.last_used_at))
        auth_service.actor_for_api_token(session, raw)
        session.commit()
        assert session.scalar(select(ApiToken.last_used_at)) == recorded
    assert recorded is not None and recorded > long_ago
