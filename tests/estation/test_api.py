"""Products through /api/v1/estation/products, on both databases: a financier writes,
publishes and edits its product, the public reads only what is published, others are
refused, bad rules are a 422 naming the product and the rule's path."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer

API = "/api/v1/estation/products"
RULES = {"all": [{"field": "stage", "op": "==", "value": "0-1"}]}


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "科技信用担保",
        "kind": "guarantee",
        "min_10k": 50,
        "max_10k": 1000,
        "rate_note": "担保费率0.5%/年",
        "term_months": 12,
        "documents": ["营业执照"],
        "data_fields": ["tax_credit_grade"],
        "rules": RULES,
        **overrides,
    }


def create(client: TestClient, headers: dict[str, str], **overrides: Any) -> str:
    response = client.post(API, json=body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["code"])


def test_a_financiers_product_is_public_only_once_published(
    client: TestClient, accounts: Accounts
) -> None:
    bank = bearer(client, accounts.financier)
    code = create(client, bank)
    assert client.get(f"{API}/{code}").status_code == 404
    assert client.get(API).json() == []
    assert client.get(f"{API}/{code}", headers=bank).json()["status"] == "draft"
    moved = client.post(f"{API}/{code}/status", json={"to": "published"}, headers=bank)
    assert moved.status_code == 200 and moved.json()["status"] == "published"
    assert [p["code"] for p in client.get(API, params={"stage": "0-1"}).json()] == [code]
    assert client.get(API, params={"stage": "1-100"}).json() == []
    mine = client.get("/api/v1/my/estation/products", headers=bank).json()
    assert [p["code"] for p in mine] == [code]


def test_an_edit_of_a_published_product_is_a_new_version_with_its_changes(
    client: TestClient, accounts: Accounts
) -> None:
    bank = bearer(client, accounts.financier)
    code = create(client, bank)
    client.post(f"{API}/{code}/status", json={"to": "published"}, headers=bank)
    edited = client.put(f"{API}/{code}", json=body(max_10k=800, note="额度调整"), headers=bank)
    assert edited.status_code == 200, edited.text
    versions = client.get(f"{API}/{code}/versions", headers=bank).json()
    assert [(v["number"], v["note"], v["author"]) for v in versions] == [
        (2, "额度调整", "bank"),
        (1, "", "bank"),
    ]
    public = client.get(f"{API}/{code}/versions").json()
    assert [v["author"] for v in public] == ["", ""]  # who saved it is not the public's
    changes = client.get(f"{API}/{code}/changes", params={"before": 1, "after": 2}).json()
    assert changes == [{"field": "max_10k", "before": 1000, "after": 800}]


def test_financier_a_cannot_edit_financier_bs_product(
    client: TestClient, accounts: Accounts
) -> None:
    bank, guarantor = bearer(client, accounts.financier), bearer(client, accounts.other_financier)
    code = create(client, bank)
    assert client.put(f"{API}/{code}", json=body(), headers=guarantor).status_code == 404
    client.post(f"{API}/{code}/status", json={"to": "published"}, headers=bank)
    refused = client.put(f"{API}/{code}", json=body(), headers=guarantor)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    moved = client.post(f"{API}/{code}/status", json={"to": "suspended"}, headers=guarantor)
    assert moved.status_code == 403


def test_a_firm_cannot_create_products_and_the_public_must_sign_in(
    client: TestClient, accounts: Accounts
) -> None:
    firm = bearer(client, accounts.firm)
    assert client.post(API, json=body(), headers=firm).status_code == 403
    assert client.post(API, json=body()).status_code == 401


def test_rules_with_an_unknown_field_are_a_422_naming_the_product_and_path(
    client: TestClient, accounts: Accounts
) -> None:
    bank = bearer(client, accounts.financier)
    rules = {"all": [{"field": "headcnt", "op": ">=", "value": 5}]}
    refused = client.post(API, json=body(rules=rules), headers=bank)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid_rules" and error["details"]["path"] == "rules.all[0].field"
    assert error["message"].startswith("product 科技信用担保: rules.all[0].field: unknown field")
    chinese = client.post(
        API,
        json=body(rules={"any": [{"field": "stage", "op": "~"}]}),
        headers={**bank, "Accept-Language": "zh-CN"},
    )
    assert chinese.status_code == 422
    assert chinese.json()["error"]["message"].startswith("产品 科技信用担保：rules.any[0].op")


def test_bad_terms_and_an_invalid_move_are_refused(client: TestClient, accounts: Accounts) -> None:
    bank = bearer(client, accounts.financier)
    assert client.post(API, json=body(min_10k=900, max_10k=10), headers=bank).status_code == 422
    assert client.post(API, json=body(kind="lottery"), headers=bank).status_code == 422
    assert client.post(API, json=body(data_fields=["dna"]), headers=bank).status_code == 422
    code = create(client, bank)
    moved = client.post(f"{API}/{code}/status", json={"to": "suspended"}, headers=bank)
    assert moved.status_code == 409
    assert moved.json()["error"]["code"] == "invalid_transition"


def test_an_operator_suspends_a_financiers_product_and_only_the_centre_lifts_it(
    client: TestClient, accounts: Accounts
) -> None:
    bank, operator = bearer(client, accounts.financier), bearer(client, accounts.operator)
    code = create(client, bank)
    client.post(f"{API}/{code}/status", json={"to": "published"}, headers=bank)
    assert client.put(f"{API}/{code}", json=body(), headers=operator).status_code == 403
    suspended = client.post(f"{API}/{code}/status", json={"to": "suspended"}, headers=operator)
    assert suspended.json()["suspended_by_centre"] is True
    assert client.get(f"{API}/{code}").status_code == 404
    again = client.post(f"{API}/{code}/status", json={"to": "published"}, headers=bank)
    assert again.status_code == 409
    lifted = client.post(f"{API}/{code}/status", json={"to": "published"}, headers=operator)
    assert lifted.status_code == 200
