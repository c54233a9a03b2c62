"""The scene journey of issue 5 in a real Chromium on `scenehub demo`: a department writes a
scene, the centre publishes it in a batch, the department sees a ranked shortlist with
reasons and invites the demo firm; the firm sees the scene recommended and proposes; the
department reviews the proposal through screening and shortlist to selection."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, DemoServer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "辖区占道经营与垃圾暴露视频智能识别"
FIRM = "杭州云图智能科技有限公司"


def sign_out(page: Page) -> None:
    page.click("[data-testid=logout]")
    expect(page.locator("[data-testid=login-link]")).to_be_visible()


def test_a_scene_from_draft_to_a_selected_proposal(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    page = new_page(viewport={"width": 1280, "height": 1000})
    page.goto("/lang/en?next=/")
    department, operator, firm = (demo.logins[r] for r in ("department", "operator", "firm"))

    # The department writes the scene and submits it.
    sign_in(page, department)
    page.goto("/my/scenes/new")
    form = page.locator("[data-testid=scene-form]")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=domain]").select_option("city_management")
    form.locator("textarea[name=wanted]").fill(
        "利用街面监控和巡逻车视频，自动识别占道经营、垃圾暴露等城市管理问题并派单处置。"
    )
    form.locator("input[name=on_premise]").check()
    form.locator("[data-testid=save-scene]").click()
    page.wait_for_url(re.compile(r"/scenes/S\d+$"))
    code = page.url.rsplit("/", 1)[-1]
    expect(page.locator("[data-testid=scene-status]")).to_have_attribute("data-status", "draft")
    page.select_option("[data-testid=move-to]", "submitted")
    page.click("[data-testid=move]")
    expect(page.locator("[data-testid=scene-status]")).to_have_attribute("data-status", "submitted")
    sign_out(page)

    # The centre publishes it as the next batch.
    sign_in(page, operator)
    page.goto("/review/scenes")
    page.click("[data-testid=publish-batch]")
    page.wait_for_url(re.compile(r"/scenes\?batch="))
    expect(page.locator("[data-testid=scene-list]")).to_contain_text(TITLE)
    expect(page.locator("[data-testid=batch-export]")).to_be_visible()
    sign_out(page)

    # The department sees the ranked shortlist with reasons and a chart, and invites the firm.
    sign_in(page, department)
    page.goto(f"/scenes/{code}")
    ranking = page.locator("[data-testid=ranking]")
    expect(ranking.locator("[data-testid=ranked-firm]").first).to_be_visible()
    expect(ranking.locator("#ranking-chart[data-rendered=true] canvas")).to_have_count(1)
    row = ranking.locator("[data-testid=ranked-firm]", has_text=FIRM)
    expect(row).to_be_visible()
    expect(row.locator(".reasons")).to_contain_text("chain segment")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "scene-ranking.png"), full_page=True)
    row.locator("[data-testid=invite]").click()
    expect(ranking.locator("[data-testid=ranked-firm]", has_text=FIRM)).to_contain_text("invited")
    sign_out(page)

    # The firm finds the scene recommended and invited, and proposes.
    sign_in(page, firm)
    page.goto("/firm")
    expect(page.locator(f"[data-testid=recommended-scene][data-scene={code}]")).to_be_visible()
    expect(page.locator("[data-testid=invitations]")).to_contain_text(TITLE)
    page.goto(f"/scenes/{code}")
    page.fill(
        "textarea[name=summary]", "以城市视频智能识别平台实现占道经营和垃圾暴露的自动发现与派单。"
    )
    page.fill("input[name=budget_10k]", "80")
    page.click("[data-testid=submit-proposal]")
    expect(page.locator("[data-testid=my-proposal]")).to_contain_text("Submitted")
    sign_out(page)

    # The department reviews: screening, shortlist, rubric, selection.
    sign_in(page, department)
    page.goto(f"/scenes/{code}")
    page.locator("[data-testid=proposals] a", has_text=FIRM).click()
    status = page.locator("[data-testid=proposal-status]")
    page.click("[data-testid=advance]")
    expect(status).to_have_attribute("data-status", "screening")
    page.click("[data-testid=advance]")
    expect(status).to_have_attribute("data-status", "shortlisted")
    page.click("[data-testid=advance]")  # selecting without the rubric is refused
    expect(page.locator("[data-testid=form-error]")).to_contain_text("rubric")
    for key in ("fit", "feasibility", "track_record", "cost", "compliance"):
        page.fill(f"[data-testid=score-{key}]", "8")
    page.click("[data-testid=advance]")
    expect(status).to_have_attribute("data-status", "selected")
    page.goto(f"/scenes/{code}")
    expect(page.locator("[data-testid=scene-status]")).to_have_attribute("data-status", "partnered")
    sign_out(page)

    # The firm sees the outcome.
    sign_in(page, firm)
    page.goto("/firm")
    expect(page.locator("[data-testid=my-proposals] [data-status=selected]")).to_be_visible()
