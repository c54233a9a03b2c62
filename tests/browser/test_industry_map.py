"""The investor's journey through the industry map in a real Chromium on `scenehub demo`:
the district map renders, they drill from districts to the embodied-robot deep dive and the
demand signals, and export them — with no figure about 1–9 firms revealed; an operator
sees the unsuppressed view."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, DemoServer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def download_csv(page: Page, selector: str) -> list[dict[str, str]]:
    with page.expect_download() as info:
        page.click(selector)
    path = info.value.path()
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_an_investor_drills_down_and_exports_without_small_cells(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    page = new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page.goto("/lang/en?next=/")
    sign_in(page, demo.logins["investor"])
    page.click("nav [data-nav=industry]")
    expect(page.locator("[data-testid=suppressed]")).to_be_visible()
    expect(page.locator("#district-map[data-rendered=true] canvas")).to_have_count(1)
    expect(page.locator("#chain-graph[data-rendered=true] canvas")).to_have_count(1)
    page.select_option("[data-testid=layer-select]", "embodied")
    page.click("form.row button[type=submit] >> nth=0")
    expect(page.locator("#district-map[data-rendered=true]")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "industry-map.png"), full_page=True)
    public_districts = download_csv(page, "[data-testid=export-csv]")

    page.click("[data-testid=deep-embodied]")
    expect(page.locator("[data-testid=deep-dive]")).to_have_attribute("data-group", "embodied")
    expect(page.locator("#deep-bars[data-rendered=true] canvas")).to_have_count(1)
    page.goto("/industry/demand")
    expect(page.locator("#demand-radar[data-rendered=true] canvas")).to_have_count(1)
    demand = download_csv(page, "[data-testid=demand-csv]")
    assert demand and any(int(row["scenes"]) > 0 for row in demand)

    for row in public_districts:  # every published count is 0 or at least 10
        if row["count"]:
            assert float(row["count"]) == 0 or float(row["count"]) >= 10, row
    for row in demand:
        if row["local_firms"]:
            assert int(row["local_firms"]) == 0 or int(row["local_firms"]) >= 10, row
    page.click("[data-testid=logout]")

    sign_in(page, demo.logins["operator"])
    page.goto("/industry")
    expect(page.locator("[data-testid=unsuppressed]")).to_be_visible()
    staff_districts = download_csv(page, "[data-testid=export-csv]")
    small = [r for r in staff_districts if r["count"] and 0 < float(r["count"]) < 10]
    assert small, "the demo city should have districts × segments cells of 1–9 firms"
