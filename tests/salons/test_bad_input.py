"""Bad input to the salon routes is a 4xx whose message names the problem in the reader's
language, on the API and on the pages, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.salons.test_api import SALON, new_salon
from tests.salons.test_pages import SALON_FORM


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("theme", "x" * 201),
        ("theme", "\u200b\u3000"),
        ("venue", "场" * 201),
        ("slots", 0),
        ("slots", "4"),  # strict JSON: a number is a number
        ("tables", 10**9),
        ("capacity", True),
        ("starts_at", "2026-12-18 下午两点"),
        ("time_zone", "Asia/" + "x" * 40),
        ("scene_codes", ["S" * 21, "S2"]),
    ],
)
def test_a_bad_salon_field_is_a_422_naming_it(
    client: TestClient, accounts: Accounts, field: str, value: object
) -> None:
    body = {**SALON, "scene_codes": ["A", "B"], field: value}
    refused = client.post(
        "/api/v1/salons?lang=zh_CN", json=body, headers=bearer(client, accounts.operator)
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["message"].startswith("部分字段缺失或无效：" + field)


def test_nul_in_a_body_or_an_address_is_a_422(client: TestClient, accounts: Accounts) -> None:
    centre = bearer(client, accounts.operator)
    code = new_salon(client, accounts)["code"]
    body = {**SALON, "theme": "巡检\x00", "scene_codes": ["A", "B"]}
    assert client.put(f"/api/v1/salons/{code}", json=body, headers=centre).status_code == 422
    assert client.get("/api/v1/salons/SAL%00", headers=centre).status_code == 422
    outcome = {"outcome": "no_fit", "note": "\x00"}
    put = client.put(f"/api/v1/salons/{code}/meetings/1/outcome", json=outcome, headers=centre)
    assert put.status_code == 422


def test_a_malformed_form_comes_back_with_its_page_and_the_fields(
    client: TestClient, accounts: Accounts
) -> None:
    code = new_salon(client, accounts)["code"]
    sign_in(client, accounts.operator)
    token = csrf_of(client)
    bad = {**SALON_FORM, "slots": "四", "capacity": "-1", "scene_codes": ["A", "B"]}
    edited = client.post(f"/salons/{code}/edit?lang=en", data={"csrf_token": token, **bad})
    assert edited.status_code == 422 and 'data-testid="salon-form"' in edited.text
    assert "slots, capacity" in edited.text
    for path, data in [
        ("/invitations/add", {"org_id": "abc"}),
        ("/constraints", {"firm_org_id": "1", "department_org_id": "x", "kind": "pin"}),
        ("/solve", {"time_limit": "nan"}),
        ("/meetings/1/outcome", {"outcome": "won", "note": "x" * 3000}),
    ]:
        response = client.post(f"/salons/{code}{path}", data={"csrf_token": token, **data})
        assert response.status_code == 422, path
        assert (
            'data-testid="form-error"' in response.text and 'data-testid="salon"' in response.text
        )
    assert (
        client.post(
            f"/salons/{code}/meetings/{2**40}/check-in", data={"csrf_token": token}
        ).status_code
        == 422
    )
