"""The OpenAPI document says what the code does: the error envelope on every 4xx, the
security of each operation, the validators the code enforces; 405 carries ``Allow``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from scenehub.app import create_app
from scenehub.auth.roles import Role
from scenehub.fields import USCC_PATTERN, VISIBLE_PATTERN, is_visible
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.settings import Settings
from scenehub.web.deps import SESSION_COOKIE
from scenehub.web.openapi import BEARER, COOKIE, SERVICE_ERRORS
from tests.conftest import TEST_SECRET, Accounts, bearer, csrf_of, sign_in

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("openapi")
    app = create_app(
        Settings(
            database_url=f"sqlite:///{data / 'db.sqlite3'}", data_dir=data, secret_key=TEST_SECRET
        )  # type: ignore[arg-type]
    )
    with TestClient(app) as client:
        response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def schema_of(document: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(document["components"]["schemas"][name])


def test_every_error_response_is_the_envelope(document: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in json.dumps(document)
    wrong = [
        f"{method} {path} {status}"
        for method, path, operation in operations(document)
        for status, response in operation["responses"].items()
        if status.startswith("4")
        and response.get("content", {}).get("application/json", {}).get("schema")
        != {"$ref": "#/components/schemas/Error"}
    ]
    assert wrong == []
    envelope = schema_of(document, "Error")["properties"]["error"]
    assert envelope["required"] == ["code", "message", "details"]


def test_every_operation_says_how_to_authenticate(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes[BEARER] == {**schemes[BEARER], "type": "http", "scheme": "bearer"}
    assert (schemes[COOKIE]["type"], schemes[COOKIE]["in"]) == ("apiKey", "cookie")
    assert schemes[COOKIE]["name"] == SESSION_COOKIE
    signed_in = [{BEARER: []}, {COOKIE: []}]
    by_operation = {(m, p): o["security"] for m, p, o in operations(document)}
    assert by_operation[("GET", "/api/v1/scenes")] == [{}, *signed_in]  # public
    assert by_operation[("GET", "/api/v1/me")] == signed_in
    assert by_operation[("POST", "/api/v1/users")] == signed_in


@pytest.mark.parametrize(
    ("method", "path", "present", "absent"),
    [
        ("GET", "/api/v1/orgs/{org_id}", {"401", "403", "404", "422"}, {"409", "413"}),
        ("GET", "/api/v1/me", {"401", "422"}, {"403", "404"}),  # any signed-in user
        ("GET", "/api/v1/scenes", {"401", "422"}, {"403", "404"}),  # public
        ("POST", "/api/v1/users", {"400", "401", "403", "404", "409", "413", "422"}, set()),
        ("POST", "/api/v1/auth/token", {"401", "403", "422", "429"}, {"404"}),
    ],
)
def test_an_operation_lists_the_statuses_it_can_answer(
    document: dict[str, Any], method: str, path: str, present: set[str], absent: set[str]
) -> None:
    statuses = set(document["paths"][path][method.lower()]["responses"])
    assert present <= statuses and not absent & statuses, sorted(statuses)


def test_each_service_error_names_an_operation(document: dict[str, Any]) -> None:
    known = {(method, path) for method, path, _ in operations(document)}
    assert set(SERVICE_ERRORS) - known == set()


def test_the_validators_the_code_enforces_are_in_the_document(document: dict[str, Any]) -> None:
    draft = schema_of(document, "SceneDraft")["properties"]
    assert draft["domain"]["enum"] == list(DOMAIN_LABELS)
    assert draft["title"]["pattern"] == VISIBLE_PATTERN and draft["title"]["maxLength"] == 300
    claim = schema_of(document, "ClaimCreate")["properties"]["uscc"]
    assert (claim["pattern"], claim["format"]) == (USCC_PATTERN, "uscc")
    org = schema_of(document, "OrgCreate")["properties"]
    assert org["name"]["pattern"] == VISIBLE_PATTERN
    user = schema_of(document, "UserCreate")["properties"]
    assert Role.PUBLIC.value not in user["role"]["enum"]
    scores = schema_of(document, "ProposalScores")["properties"]["scores"]
    assert scores["additionalProperties"] == {"type": "number", "minimum": 0, "maximum": 10}


@pytest.mark.parametrize(
    "text",
    ["", " ", "\t\n", "\u200b", "\u200b\u200c\u200d\u2060", "\ufeff", "\u3164", "\u3000 \u00a0"],
)
def test_a_blank_or_invisible_name_is_not_visible(text: str) -> None:
    assert not is_visible(text)
    # The document's expression (as a client's JSON Schema validator reads it) agrees.
    assert re.search(VISIBLE_PATTERN, text) is None


@pytest.mark.parametrize("text", ["云图", "a", " x ", "\u200bA", "企业\u3000"])
def test_a_name_with_one_visible_character_is_visible(text: str) -> None:
    assert is_visible(text) and re.search(VISIBLE_PATTERN, text)


def test_a_wrong_method_is_405_with_allow_and_the_envelope(tmp_path: Path) -> None:
    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            data_dir=tmp_path,
            secret_key=TEST_SECRET,
            default_locale="en",
        )  # type: ignore[arg-type]
    )
    with TestClient(app) as client:
        # GET and PUT of one path are two routes; Allow names both.
        api = client.delete("/api/v1/scenes/S2600001")
        page = client.put("/login")
    assert api.status_code == 405 and api.headers["allow"] == "GET, PUT"
    assert api.json()["error"]["code"] == "method_not_allowed"
    assert page.status_code == 405 and page.headers["allow"] == "GET, POST"


def test_a_json_number_sent_as_a_string_is_refused(client: TestClient, accounts: Accounts) -> None:
    headers = bearer(client, accounts.firm)
    typed = client.post("/api/v1/auth/tokens", json={"name": "ci", "days": 1}, headers=headers)
    assert typed.status_code == 201, typed.text
    quoted = client.post("/api/v1/auth/tokens", json={"name": "ci", "days": "1"}, headers=headers)
    assert quoted.status_code == 422
    assert quoted.json()["error"]["details"]["problems"][0]["loc"] == ["body", "days"]


def test_a_form_still_sends_its_numbers_as_text(client: TestClient, accounts: Accounts) -> None:
    sign_in(client, accounts.firm)
    response = client.post(
        "/account/tokens", data={"name": "laptop", "days": "30", "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "\ufeff\u2060"])
def test_a_blank_or_invisible_token_name_is_422(
    client: TestClient, accounts: Accounts, name: str
) -> None:
    headers = bearer(client, accounts.firm)
    response = client.post("/api/v1/auth/tokens", json={"name": name}, headers=headers)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("POST", "/api/v1/auth/tokens", {"name": "a\x00b"}),
        ("GET", "/api/v1/scenes/S26%0000001", None),
        ("GET", "/api/v1/scenes?q=a%00b", None),
    ],
)
def test_a_nul_character_is_422_on_both_databases(
    client: TestClient, accounts: Accounts, method: str, url: str, body: dict[str, str] | None
) -> None:
    headers = bearer(client, accounts.firm)
    response = client.request(method, url, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "validation_error"
