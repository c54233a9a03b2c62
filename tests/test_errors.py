"""Bad input gets a 4xx in the one error format, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer, sign_in


def assert_error(response_json: dict[str, object], code: str) -> None:
    assert set(response_json) == {"error"}
    error = response_json["error"]
    assert isinstance(error, dict)
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code
    assert error["message"]


def test_unknown_api_route_is_404_json(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert_error(response.json(), "not_found")


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert 'data-testid="error"' in response.text


def test_wrong_method_is_405(client: TestClient) -> None:
    response = client.put("/api/v1/me")
    assert response.status_code == 405
    assert_error(response.json(), "method_not_allowed")


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/token", content=b'{"username": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert_error(response.json(), "malformed_json")


def test_a_missing_field_is_422_and_names_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", json={"username": "x"})
    assert response.status_code == 422
    assert_error(response.json(), "validation_error")
    problems = response.json()["error"]["details"]["problems"]
    assert ["body", "password"] in [p["loc"] for p in problems]
    assert response.json()["error"]["message"].endswith(": password")  # the page shows it
    whole = client.post("/api/v1/auth/token", json=["x"])  # the body itself, no field
    assert whole.status_code == 422 and ":" not in whole.json()["error"]["message"]


def test_a_declared_oversized_body_is_413(client: TestClient, app: object) -> None:
    limit = client.app.state.settings.max_body_bytes  # type: ignore[attr-defined]
    response = client.post(
        "/api/v1/auth/token",
        content=b"x" * (limit + 1),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert_error(response.json(), "payload_too_large")


def test_a_streamed_oversized_body_is_413(client: TestClient) -> None:
    limit = client.app.state.settings.max_body_bytes  # type: ignore[attr-defined]

    def chunks() -> object:
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    response = client.post(
        "/api/v1/auth/token",
        content=chunks(),  # type: ignore[arg-type]
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert_error(response.json(), "payload_too_large")


def test_a_bad_path_parameter_is_422(client: TestClient, accounts: Accounts) -> None:
    response = client.get("/api/v1/orgs/not-a-number", headers=bearer(client, accounts.admin))
    assert response.status_code == 422
    assert_error(response.json(), "validation_error")


@pytest.mark.parametrize("uscc", ["91330108MA2XXXXXX", "ABC", "91330108ma27y5xl3g0"])
def test_a_bad_uscc_is_422(client: TestClient, accounts: Accounts, uscc: str) -> None:
    response = client.post(
        "/api/v1/orgs",
        headers=bearer(client, accounts.admin),
        json={"kind": "firm", "name": "某公司", "uscc": uscc},
    )
    assert response.status_code == 422


def test_a_missing_record_is_404(client: TestClient, accounts: Accounts) -> None:
    response = client.get("/api/v1/orgs/9999", headers=bearer(client, accounts.admin))
    assert response.status_code == 404
    assert_error(response.json(), "not_found")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/scenes?offset=99999999999999999999",
        "/api/v1/orgs/99999999999999999999",
        "/api/v1/audit?before_seq=99999999999999999999",
        "/jobs/99999999999999999999",
    ],
)
def test_numbers_too_large_for_an_id_are_422_not_500(
    client: TestClient, accounts: Accounts, path: str
) -> None:
    if path.startswith("/api/"):
        response = client.get(path, headers=bearer(client, accounts.admin))
    else:  # pages are signed in by the session cookie only
        sign_in(client, accounts.admin)
        response = client.get(path)
    assert response.status_code == 422


def test_a_non_ascii_csrf_token_is_refused_not_a_crash(client: TestClient) -> None:
    client.get("/login")
    by_header = client.post(
        "/login",
        data={"username": "x", "password": "y"},
        headers={"X-CSRF-Token": "é".encode("latin-1")},
    )  # type: ignore[dict-item]
    assert by_header.status_code == 403
    by_form = client.post("/login", data={"username": "x", "password": "y", "csrf_token": "é"})
    assert by_form.status_code == 403
