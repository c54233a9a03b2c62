"""The salon journey of issue 13 in a real Chromium on `scenehub demo`: the operator creates a
salon from two of the demo department's published scenes, proposes invitations from matching
(with their reasons), makes sure the demo firm and the department are on the list and sends;
both accept and register; the operator solves the 1:1 schedule, downloads its PDF and the
firm's .ics, checks the participants in, holds the salon, records the firm's meeting as a
follow-up and opens a partnership from it; the department takes the partnership through its
pilot (milestone, KPI, evaluation) to a contract and on to scale, records the catalogue's
evidence and downloads the nomination dossier (PDF, DOCX); the centre nominates it and finds
it in the catalogue; the centre's dashboard counts all of it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from docx import Document
from icalendar import Calendar
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS, DemoServer, Login, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

THEME = "具身智能 × 城市巡检 · 公安场景专场"
COUNTED = ("partnerships_brokered", "contracts", "meetings_held", "catalogue_nominations")


def sign_out(page: Page) -> None:
    page.click("[data-testid=logout]")
    expect(page.locator("[data-testid=login-link]")).to_be_visible()


def headline_figures(page: Page) -> dict[str, float]:
    """The dashboard's headline figures this test expects to grow."""
    page.goto("/dashboard")
    return {
        key: float(page.locator(f"[data-testid=headline-{key}]").get_attribute("data-value") or 0)
        for key in COUNTED
    }


def create_salon(page: Page, department: Login) -> str:
    """The operator's new salon showing two open scenes of ``department``; its code."""
    page.goto("/salons/new")
    form = page.locator("[data-testid=salon-form]")
    form.locator("input[name=theme]").fill(THEME)
    form.locator("input[name=venue]").fill("杭州市场景创新中心 路演厅")
    form.locator("input[name=starts_local]").fill("2026-12-18T14:00")
    form.locator("input[name=slots]").fill("4")
    form.locator("input[name=tables]").fill("3")
    scenes = form.locator("[data-testid=salon-scene]", has_text=department.organisation)
    assert scenes.count() >= 2, "the demo department has two scenes open for proposals"
    for index in (0, 1):
        scenes.nth(index).locator("input[type=checkbox]").check()
    form.locator("[data-testid=save-salon]").click()
    page.wait_for_url(re.compile(r"/salons/SAL-\d{4}-\d{3}$"))
    expect(page.locator("[data-testid=salon]")).to_have_attribute("data-status", "draft")
    expect(page.locator("ul[data-testid=salon-scenes] li")).to_have_count(2)
    return page.url.rsplit("/", 1)[-1]


def invite(page: Page, firm: Login, department: Login) -> None:
    """Propose from matching, add the demo firm and department if missing, send."""
    page.click("[data-testid=propose]")
    invitations = page.locator("[data-testid=invitations]")
    proposed = invitations.locator("[data-testid=firm-invitation]")
    expect(proposed.first).to_be_visible()
    expect(proposed.first.locator(".reasons li").first).to_be_visible()
    for name in (firm.organisation, department.organisation):
        rows = invitations.locator(
            "[data-testid=firm-invitation], [data-testid=department-invitation]", has_text=name
        )
        if rows.count() == 0:
            invitable = invitations.locator("[data-testid=invitable]")
            org_id = invitable.locator("option", has_text=name).get_attribute("value")
            invitable.select_option(value=org_id)
            invitations.locator("[data-testid=add-invitation]").click()
        expect(rows).to_have_count(1)
    page.click("[data-testid=send]")
    expect(page.locator("[data-testid=salon]")).to_have_attribute("data-status", "inviting")
    row = invitations.locator("[data-testid=firm-invitation]", has_text=firm.organisation)
    expect(row).to_have_attribute("data-status", "sent")


def accept_and_register(page: Page, login: Login, other: str, code: str) -> None:
    """A participant accepts at /my/salons and registers wanting to meet ``other``."""
    sign_in(page, login)
    page.goto("/my/salons")
    expect(page.locator("[data-testid=my-salons] a", has_text=THEME).first).to_be_visible()
    page.click(f"[data-testid=my-salons] a[href='/my/salons/{code}']")
    page.wait_for_url(f"**/my/salons/{code}")
    page.click("[data-testid=accept]")
    expect(page.locator("[data-testid=my-salon]")).to_have_attribute("data-status", "accepted")
    form = page.locator("section[data-testid=registration] form")
    if login.role == "firm":
        for box in form.locator("input[name=scene_ids]").all():
            box.check()
    else:
        form.locator("input[name=seats]").fill("2")
    form.locator("label", has_text=other).locator("input[name=org_ids]").check()
    form.locator("[data-testid=register]").click()
    expect(page.locator("[data-testid=registered]")).to_be_visible()
    sign_out(page)


def solve_and_export(page: Page, code: str, firm: Login) -> None:
    """Solve; the grid holds the firm's meeting; the PDF and the firm's .ics download."""
    page.goto(f"/salons/{code}")
    page.fill("input[name=time_limit]", "5")
    page.click("[data-testid=solve]")
    expect(page.locator("[data-testid=schedule-summary]")).to_have_attribute(
        "data-status", re.compile("optimal|feasible")
    )
    expect(page.locator("[data-testid=salon]")).to_have_attribute("data-status", "scheduled")
    grid = page.locator("[data-testid=schedule-grid]")
    expect(grid.locator("[data-testid=meeting]", has_text=firm.organisation)).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "salon-schedule-grid.png"), full_page=True)

    with page.expect_download() as pdf:
        page.click("[data-testid=schedule-pdf]")
    pdf_path = pdf.value.path()
    assert pdf_path.read_bytes().startswith(b"%PDF")

    row = page.locator("[data-testid=meeting-outcome]", has_text=firm.organisation)
    with page.expect_download() as ics:
        row.locator("a[href$='.ics']").click()
    calendar = Calendar.from_ical(ics.value.path().read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    assert events[0].get("dtstart") is not None
    assert THEME in str(events[0].get("description"))


def check_in_all(buttons: Locator) -> None:
    """Press each check-in button in turn (each press reloads the page without it)."""
    for left in range(buttons.count(), 0, -1):
        buttons.first.click()
        expect(buttons).to_have_count(left - 1)


def check_in_and_hold(page: Page, code: str) -> None:
    """Check in every registered participant and the meetings, then mark the salon held."""
    page.goto(f"/salons/{code}")
    participants = page.locator("[data-testid=participants]")
    check_in_all(participants.locator("[data-testid=check-in-participant]"))
    expect(participants.locator("[data-testid=registration]")).to_have_count(2)
    expect(participants.locator("[data-testid=registration]", has_text="✓")).to_have_count(2)
    check_in_all(page.locator("[data-testid=schedule-grid] [data-testid=check-in]"))
    expect(page.locator("[data-testid=meeting]", has_text="checked in").first).to_be_visible()
    page.click("[data-testid=move-held]")
    expect(page.locator("[data-testid=salon]")).to_have_attribute("data-status", "held")


def follow_up_into_partnership(page: Page, code: str, firm: Login) -> str:
    """Record the firm's meeting as a follow-up and open a partnership from it; the title
    of the meeting's scene."""
    page.goto(f"/salons/{code}#outcomes")
    row = page.locator("[data-testid=meeting-outcome]", has_text=firm.organisation)
    scene_title = row.locator("td").nth(2).inner_text().strip()
    row.locator("select[name=outcome]").select_option("follow_up")
    row.locator("input[name=note]").fill("双方约定两周内到派出所现场踏勘，商定试点范围。")
    row.locator("[data-testid=record-outcome]").click()
    row = page.locator("[data-testid=meeting-outcome]", has_text=firm.organisation)
    expect(row).to_have_attribute("data-outcome", "follow_up")
    row.locator("[data-testid=open-partnership]").click()
    row = page.locator("[data-testid=meeting-outcome]", has_text=firm.organisation)
    expect(row.locator("[data-testid=open-partnership]")).to_have_count(0)
    return scene_title


def pilot_to_contract(page: Page, firm: Login, scene_title: str) -> str:
    """The department moves the partnership to pilot and keeps its records to a contract; the
    partnership page's address."""
    page.goto("/my/partnerships")
    row = page.locator("[data-testid=partnerships-table] tr", has_text=scene_title).filter(
        has_text=firm.organisation
    )
    row.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/partnerships/P-"))
    stage = page.locator("[data-testid=stage]")
    expect(stage).to_have_attribute("data-stage", "agreed")
    page.click("[data-testid=move-pilot]")
    expect(stage).to_have_attribute("data-stage", "pilot")

    pilot = page.locator("[data-testid=pilot-form]")
    pilot.locator("textarea[name=scope]").fill("两个派出所辖区的巡逻视频智能识别试点")
    pilot.locator("input[name=site]").fill("西湖区文新派出所、蒋村派出所")
    pilot.locator("input[name=starts_on]").fill("2027-01-04")
    pilot.locator("input[name=ends_on]").fill("2027-03-31")
    pilot.locator("[data-testid=save-pilot]").click()
    expect(page.locator("[data-testid=pilot]")).to_contain_text("文新派出所")

    milestones = page.locator("[data-testid=milestone-form]")
    milestones.locator("input[name=title]").fill("完成视频接入与模型部署")
    milestones.locator("input[name=due_on]").fill("2027-02-01")
    milestones.locator("[data-testid=add-milestone]").click()
    expect(page.locator("[data-testid=milestone]")).to_have_count(1)
    page.click("[data-testid=complete-milestone]")
    expect(page.locator("[data-testid=complete-milestone]")).to_have_count(0)
    expect(page.locator("[data-testid=milestone]")).not_to_contain_text("—")

    kpi = page.locator("[data-testid=kpi-form]")
    kpi.locator("input[name=name]").fill("事件识别准确率")
    kpi.locator("input[name=unit]").fill("%")
    kpi.locator("input[name=baseline]").fill("70")
    kpi.locator("input[name=target]").fill("90")
    kpi.locator("[data-testid=add-kpi]").click()
    expect(page.locator("[data-testid=kpi]")).to_have_count(1)
    actual = page.locator("[data-testid=kpi-actual-form]")
    actual.locator("input[name=actual]").fill("93.5")
    actual.locator("[data-testid=record-kpi-actual]").click()
    expect(page.locator("[data-testid=kpi]")).to_have_attribute("data-met", "True")

    evaluation = page.locator("[data-testid=evaluation-form]")
    for select in evaluation.locator("select").all():
        select.select_option("5")
    evaluation.locator("textarea[name=comment]").fill("识别准确、运行稳定，一线民警认可。")
    evaluation.locator("[data-testid=record-evaluation]").click()
    expect(page.locator("[data-testid=grade]")).to_contain_text("A")

    contract = page.locator("[data-testid=contract-form]")
    contract.locator("select[name=method]").select_option("competitive_consultation")
    contract.locator("input[name=value_yuan]").fill("860000")
    contract.locator("input[name=signed_on]").fill("2027-04-20")
    contract.locator("[data-testid=record-contract]").click()
    expect(page.locator("[data-testid=contract]")).to_contain_text("860,000.00")
    return page.url


def evidence_for_the_catalogue(page: Page, partnership: str, scene_title: str) -> None:
    """The department takes the partnership on to scale, records the compliance checks and the
    sites beyond the pilot, sees it ready, and downloads its nomination dossier."""
    page.goto(partnership)
    stage = page.locator("[data-testid=stage]")
    for to in ("demonstration", "scale"):
        page.click(f"[data-testid=move-{to}]")
        expect(stage).to_have_attribute("data-stage", to)
    readiness = page.locator("[data-testid=readiness]")
    expect(readiness).to_contain_text("Not ready for nomination")
    form = page.locator("[data-testid=catalogue-evidence-form]")
    for box in form.locator("input[name=compliance_passed]").all():
        box.check()
    form.locator("input[name=sites_beyond_pilot]").fill("2")
    form.locator("button[type=submit]").click()
    expect(readiness).to_contain_text("Ready for nomination")
    expect(readiness).not_to_contain_text("Not ready")
    pdf = page.request.get(str(page.get_by_test_id("dossier-pdf").get_attribute("href")))
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert scene_title in text and "事件识别准确率" in text
    docx = page.request.get(str(page.get_by_test_id("dossier-docx").get_attribute("href")))
    assert docx.ok and docx.body()[:2] == b"PK"
    paragraphs = Document(io.BytesIO(docx.body())).paragraphs
    assert any(scene_title in p.text for p in paragraphs)


def nominate(page: Page, partnership: str, scene_title: str) -> None:
    """The centre nominates the partnership and finds it in the catalogue."""
    page.goto(partnership)
    page.click("[data-testid=move-catalogue_nominated]")
    expect(page.locator("[data-testid=stage]")).to_have_attribute(
        "data-stage", "catalogue_nominated"
    )
    page.goto("/catalogue")
    expect(page.locator("main")).to_contain_text(scene_title)


def test_a_salon_from_its_scenes_to_a_contract_on_the_dashboard(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    page = new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page.goto("/lang/en?next=/")
    department, operator, firm = (demo.logins[r] for r in ("department", "operator", "firm"))

    # The operator reads the dashboard, creates the salon and sends its invitations.
    sign_in(page, operator)
    before = headline_figures(page)
    code = create_salon(page, department)
    invite(page, firm, department)
    sign_out(page)

    # The firm and the department accept and register, each wanting to meet the other.
    accept_and_register(page, firm, department.organisation, code)
    accept_and_register(page, department, firm.organisation, code)

    # The operator solves, exports, checks in, holds the salon and follows up the meeting.
    sign_in(page, operator)
    solve_and_export(page, code, firm)
    check_in_and_hold(page, code)
    scene_title = follow_up_into_partnership(page, code, firm)
    sign_out(page)

    # The department takes the partnership through its pilot to a contract.
    sign_in(page, department)
    partnership = pilot_to_contract(page, firm, scene_title)
    evidence_for_the_catalogue(page, partnership, scene_title)
    sign_out(page)

    # The centre nominates it; the dashboard counts the meeting, partnership, contract and
    # nomination.
    sign_in(page, operator)
    nominate(page, partnership, scene_title)
    after = headline_figures(page)
    for key in COUNTED:
        assert after[key] > before[key], f"{key}: {before[key]} → {after[key]}"
    assert int(page.locator("[data-testid=funnel-contract]").inner_text()) >= 1
    expect(page.locator("#dash-funnel[data-rendered=true] canvas")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "salon-dashboard.png"), full_page=True)
