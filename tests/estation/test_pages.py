"""Products in pages, on both databases: the public catalogue and its filters, a product's
page with its rules in words and its versions, the providers' desk and form (which keeps
what was typed after an error), publishing and suspending."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Account, Accounts, csrf_of, sign_in

RULES_YAML = """all:
  - {field: stage, op: "==", value: "0-1"}
  - not: {field: prior_defaults, op: ">", value: 0}
"""


def form(client: TestClient, **overrides: Any) -> dict[str, Any]:
    return {
        "csrf_token": csrf_of(client),
        "name": "科技信用担保",
        "kind": "guarantee",
        "min_10k": "50",
        "max_10k": "1000",
        "rate_note": "担保费率0.5%/年",
        "term_months": "",
        "documents": "营业执照\n近两年财务报表\n",
        "data_fields": ["tax_credit_grade", "patents"],
        "rules": RULES_YAML,
        **overrides,
    }


def write(client: TestClient, account: Account, **overrides: Any) -> str:
    sign_in(client, account)
    saved = client.post("/my/products/new", data=form(client, **overrides), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    return str(saved.headers["location"]).rsplit("/", 1)[1]


def move(client: TestClient, code: str, to: str, note: str = "") -> int:
    data = {"csrf_token": csrf_of(client), "to": to, "note": note}
    response = client.post(f"/estation/products/{code}/move", data=data, follow_redirects=False)
    return response.status_code


def test_a_financier_writes_publishes_and_the_public_reads_the_rules_in_words(
    client: TestClient, accounts: Accounts
) -> None:
    code = write(client, accounts.financier)
    desk = client.get("/my/products?lang=en")
    assert code in desk.text and 'data-status="draft"' in desk.text
    page = client.get(f"/estation/products/{code}?lang=en")
    assert 'data-testid="move-published"' in page.text
    assert move(client, code, "published", "上线") == 303
    client.cookies.clear()
    public = client.get(f"/estation/products/{code}?lang=en")
    assert public.status_code == 200
    assert "stage: stage == &#34;0-1&#34;" in public.text and "not:" in public.text
    assert "tax credit grade (tax bureau)" in public.text and "营业执照" in public.text
    assert 'data-testid="move-' not in public.text and "edit-product" not in public.text
    assert "上线" in public.text  # the first version's note


def test_the_catalogue_filters_by_kind_provider_amount_and_stage(
    client: TestClient, accounts: Accounts
) -> None:
    guarantee = write(client, accounts.financier)
    move(client, guarantee, "published")
    loan = write(
        client,
        accounts.other_financier,
        name="投联贷",
        kind="loan",
        min_10k="200",
        max_10k="3000",
        rules="all: [{field: stage, op: in, value: ['1-100']}]",
    )
    move(client, loan, "published")
    client.cookies.clear()

    def listed(query: str) -> set[str]:
        page = client.get(f"/estation/products?{query}")
        assert page.status_code == 200
        return {c for c in (guarantee, loan) if f'data-code="{c}"' in page.text}

    assert listed("") == {guarantee, loan}
    assert listed("kind=loan") == {loan}
    assert listed(f"provider={accounts.financier.org_id}") == {guarantee}
    assert listed("amount=2000") == {loan}
    assert listed("stage=0-1") == {guarantee}
    assert listed("kind=&provider=&amount=&stage=") == {guarantee, loan}


def test_a_published_edit_shows_as_a_new_version_and_what_changed(
    client: TestClient, accounts: Accounts
) -> None:
    code = write(client, accounts.financier)
    move(client, code, "published")
    edited = client.post(
        f"/my/products/{code}/edit",
        data=form(client, max_10k="800", note="额度调整"),
        follow_redirects=False,
    )
    assert edited.status_code == 303, edited.text
    page = client.get(f"/estation/products/{code}?lang=en")
    assert "额度调整" in page.text
    assert 'data-field="max_10k"' in page.text and 'data-field="rules"' not in page.text
    assert "What changed from version 1 to version 2" in page.text


def test_a_form_with_a_bad_rule_names_it_and_keeps_what_was_typed(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.financier)
    bad = "all:\n  - {field: headcnt, op: '>=', value: 5}\n"
    page = client.post(
        "/my/products/new?lang=en", data=form(client, rules=bad, rate_note="费率面议")
    )
    assert page.status_code == 422
    assert "rules.all[0].field: unknown field" in page.text
    assert "费率面议" in page.text and "headcnt" in page.text
    assert 'value="patents" checked' in page.text
    swapped = client.post(
        "/my/products/new?lang=en", data=form(client, min_10k="900", max_10k="10")
    )
    assert swapped.status_code == 422 and "min_10k is above max_10k" in swapped.text
    assert 'value="900"' in swapped.text
    broken = client.post("/my/products/new?lang=en", data=form(client, rules="all: [", name="X贷"))
    assert broken.status_code == 422 and "body.rules: Value error, the rules are not YAML" in (
        broken.text
    )
    assert 'value="X贷"' in broken.text and "all: [" in broken.text


def test_others_cannot_open_a_financiers_form_or_the_desk(
    client: TestClient, accounts: Accounts
) -> None:
    code = write(client, accounts.financier)
    move(client, code, "published")
    sign_in(client, accounts.other_financier)
    assert client.get(f"/my/products/{code}/edit").status_code == 403
    assert move(client, code, "suspended") == 403
    sign_in(client, accounts.firm)
    assert client.get("/my/products/new").status_code == 403
    assert client.get("/my/products").status_code == 403


def test_an_operator_suspends_a_financiers_product_from_its_page(
    client: TestClient, accounts: Accounts
) -> None:
    code = write(client, accounts.financier)
    move(client, code, "published")
    sign_in(client, accounts.operator)
    page = client.get(f"/estation/products/{code}")
    assert 'data-testid="move-suspended"' in page.text and "edit-product" not in page.text
    assert move(client, code, "suspended", "投诉核查") == 303
    sign_in(client, accounts.financier)
    refused = client.post(
        f"/estation/products/{code}/move?lang=en",
        data={"csrf_token": csrf_of(client), "to": "published"},
    )
    assert refused.status_code == 409 and "only the centre" in refused.text
