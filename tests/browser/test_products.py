"""A bank keeps its product in a real Chromium on `scenehub demo`: it sees the demo
history's products on "our products", writes a new one with its rules as YAML (a misspelt
field is named and nothing typed is lost), publishes it, edits it into a second version;
a visitor finds it in the catalogue by stage and reads its rules and what changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, DemoServer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RULES = (
    'all:\n  - {field: stage, op: "==", value: "0-1"}\n  - {field: headcnt, op: ">=", value: 3}\n'
)


def test_a_bank_writes_publishes_and_versions_a_product_the_public_then_reads(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    page = new_page(viewport={"width": 1280, "height": 1000})
    page.goto("/lang/en?next=/")
    sign_in(page, demo.logins["financier"])
    page.click("nav [data-nav=our-products]")
    expect(page.locator("[data-testid=my-products]")).to_contain_text("科易贷")
    page.click("[data-testid=new-product]")
    page.fill("input[name=name]", "首贷通")
    page.select_option("select[name=kind]", "loan")
    page.fill("input[name=min_10k]", "10")
    page.fill("input[name=max_10k]", "300")
    page.fill("input[name=rate_note]", "年化3.0%起")
    page.check("input[name=data_fields][value=tax_credit_grade]")
    page.fill("[data-testid=rules-text]", RULES)
    page.click("[data-testid=save-product]")
    expect(page.locator("[data-testid=form-error]")).to_contain_text("rules.all[1].field")
    expect(page.locator("input[name=rate_note]")).to_have_value("年化3.0%起")
    page.fill("[data-testid=rules-text]", RULES.replace("headcnt", "headcount"))
    page.click("[data-testid=save-product]")
    expect(page.locator("[data-testid=product-status]")).to_have_attribute("data-status", "draft")
    page.click("[data-testid=move-published]")
    expect(page.locator("[data-testid=product-status]")).to_have_attribute(
        "data-status", "published"
    )
    code = page.url.rsplit("/", 1)[1]
    page.click("[data-testid=edit-product]")
    page.fill("input[name=max_10k]", "200")
    page.fill("input[name=note]", "额度下调")
    page.click("[data-testid=save-product]")
    expect(page.locator("[data-testid=changes] [data-field=max_10k]")).to_contain_text("200")
    page.click("[data-testid=logout]")

    visitor = new_page()
    visitor.goto("/estation/products?stage=0-1&lang=en")
    visitor.click(f"[data-code={code}] a")
    expect(visitor.locator("[data-testid=rules]")).to_contain_text("headcount >= 3")
    expect(visitor.locator("[data-testid=versions]")).to_contain_text("额度下调")
    expect(visitor.locator("[data-testid=edit-product]")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    visitor.screenshot(path=str(ARTIFACTS / "product.png"), full_page=True)
