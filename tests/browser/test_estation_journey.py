"""The E-Station in a real Chromium on `scenehub demo` (issue 14's "done when").

A 0→1 firm of the city (`startup`, chosen by the demo from its departments' records) checks
its eligibility and sees a package with reasons, applies to the guarantee of the demo's
guarantee agency consenting to the data the product names; the agency (`guarantor`) reads
only those fields and approves; the firm sees the decision and the agency's read of its
data. A firm whose pilot was completed (`pilotfirm`) sees the products the pilot unlocked.
The startup asks for GPU hours, the centre approves them and records their use, and the
firm sees its compute quota fall."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from scenehub.demo.seed import GUARANTOR
from tests.browser.conftest import ARTIFACTS, DemoServer, sign_in
from tests.governance.test_proofs import root_from_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_startup_applies_with_consent_a_pilot_unlocks_products_and_compute_hours_are_spent(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    startup, guarantor = demo.accounts["startup"], demo.accounts["guarantor"]
    pilotfirm, operator = demo.accounts["pilotfirm"], demo.logins["operator"]

    # The startup's eligibility: a package whose lines give their reasons.
    firm = new_page(viewport={"width": 1280, "height": 1000})
    firm.goto("/lang/en?next=/")
    sign_in(firm, startup)
    firm.click("nav [data-nav=eligibility]")
    lines = firm.locator("[data-testid=package-line]")
    expect(lines.first).to_be_visible()
    assert lines.count() >= 2
    for line in lines.all():
        assert line.locator("td").nth(3).inner_text().strip(), "a package line without a reason"
    ARTIFACTS.mkdir(exist_ok=True)
    firm.screenshot(path=str(ARTIFACTS / "estation-eligibility.png"), full_page=True)

    # It applies to the agency's guarantee, seeing exactly the data the agency will receive.
    guarantee = firm.locator("[data-testid=eligible] [data-testid=product-result]").filter(
        has_text=GUARANTOR
    )
    guarantee.first.get_by_test_id("product-link").click()
    firm.click("[data-testid=apply]")
    shared = firm.locator("[data-testid=apply-form] tr[data-field]")
    expect(shared.first).to_be_visible()  # .all() does not wait for the page to arrive
    fields = sorted(str(row.get_attribute("data-field")) for row in shared.all())
    assert fields, "the consent screen names the fields the provider receives"
    firm.fill("[data-testid=amount]", "300")
    firm.click("[data-testid=submit-application]")
    expect(firm.locator("[data-testid=form-error]")).to_be_visible()  # consent not ticked
    firm.check("[data-testid=consent]")
    firm.click("[data-testid=submit-application]")
    expect(firm.locator("[data-testid=application-status]")).to_have_attribute(
        "data-status", "pending"
    )
    code = firm.url.rstrip("/").rsplit("/", 1)[1]

    # The agency reads only the consented fields, and approves.
    agency = new_page(viewport={"width": 1280, "height": 1000})
    sign_in(agency, guarantor)
    agency.click("nav [data-nav=applications-inbox]")
    agency.click(f"[data-testid=inbox] tr[data-code={code}] a")
    received = agency.locator("[data-testid=consented-data] tr[data-field]")
    expect(received).to_have_count(len(fields))  # .all() does not wait for the page to arrive
    assert sorted(str(row.get_attribute("data-field")) for row in received.all()) == fields
    agency.fill("[data-testid=granted-input]", "200")
    agency.click("[data-testid=approve]")
    expect(agency.locator("[data-testid=application-status]")).to_have_attribute(
        "data-status", "approved"
    )

    # The firm sees the decision, the amount, and the agency's read of its data.
    firm.goto(f"/my/applications/{code}")
    expect(firm.locator("[data-testid=application-status]")).to_have_attribute(
        "data-status", "approved"
    )
    expect(firm.locator("[data-testid=granted]")).to_have_text("200")
    expect(firm.locator("[data-testid=data-reads]")).to_contain_text(GUARANTOR)

    # Its access tracker shows that read under the consent's grant, with its purpose and an
    # inclusion proof that RFC 6962 alone checks against the tree's root.
    firm.click("nav [data-nav=access-log]")
    read = firm.locator("[data-testid=tracker-table] tbody tr").filter(has_text=GUARANTOR).first
    expect(read).to_contain_text("financing application")
    seq = str(read.get_attribute("data-seq"))
    expect(firm.locator(f"[data-testid=proof-{seq}]")).to_contain_text("leaf")
    proof = firm.request.get(f"/api/v1/audit/entries/{seq}/proof").json()
    path = [bytes.fromhex(h) for h in proof["path"]]
    leaf = bytes.fromhex(proof["leaf_hash"])
    assert proof["leaf_index"] == int(seq) - 1
    assert (
        root_from_path(proof["leaf_index"], proof["tree_size"], leaf, path).hex()
        == (proof["root_hash"])
    )

    # A firm whose pilot was completed is told what it unlocked (in Chinese).
    pilot = new_page(viewport={"width": 1280, "height": 1000})
    pilot.goto("/lang/zh_CN?next=/")
    sign_in(pilot, pilotfirm)
    pilot.click("nav [data-nav=eligibility]")
    expect(pilot.locator("[data-testid=unlocked-product]").first).to_be_visible()
    pilot.screenshot(path=str(ARTIFACTS / "estation-unlocked.png"), full_page=True)

    # The startup asks for GPU hours; the centre approves and records their use.
    firm.click("nav [data-nav=my-services]")
    left_before = int(firm.locator("[data-testid=left-compute]").inner_text())
    form = firm.locator("[data-testid=compute-form]")
    form.locator("input[name=hours]").fill("20")
    form.locator("input[name=purpose]").fill("视觉模型微调 fine-tuning the vision model")
    firm.click("[data-testid=request-compute]")
    request = firm.locator("[data-testid=service-requests] tr[data-code]").first
    expect(request.locator("[data-status]")).to_have_attribute("data-status", "pending")
    request_code = str(request.get_attribute("data-code"))

    centre = new_page(viewport={"width": 1280, "height": 1000})
    sign_in(centre, operator)
    centre.click("nav [data-nav=service-queue]")
    centre.click(f"[data-testid=approve-{request_code}]")
    usage = centre.locator(f"[data-testid=compute-running] tr[data-code={request_code}]")
    usage.locator("input[name=hours]").fill("8")
    centre.click(f"[data-testid=usage-{request_code}]")
    expect(centre.locator(f"[data-testid=used-{request_code}]")).to_have_text("8")

    firm.reload()
    expect(firm.locator("[data-testid=used-compute]")).to_have_text("8")
    assert int(firm.locator("[data-testid=left-compute]").inner_text()) < left_before
    firm.screenshot(path=str(ARTIFACTS / "estation-services.png"), full_page=True)
