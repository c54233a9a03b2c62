"""The operator's whole pipeline from the web, in a real Chromium on `scenehub demo`: they
upload a department's GBK-encoded CSV holding a firm the demo city does not have, watch its
ingest job, start resolve, registry sync and the map from the data sources page, watch each
job's progress bar, and find the new firm among the golden records and on the industry map.

The uploaded file is a new source (a list of AI pilot firms from the economy and
information bureau): a re-delivery of one of the demo's sources would replace that source's
records for the tests that follow. The city file names which sources' texts the classifier
reads, so this firm is classified from its name (and scored like any other firm); the test
asserts that it is on the map with a segment, not which one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import check_character, is_valid
from tests.browser.conftest import ARTIFACTS, DemoServer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A guard against a job that never ends, not a speed test: the map job starts a fresh
# interpreter and loads the classifier while other tests share the machine's two cores.
JOB_MS = 600_000
# What the map job's page says (zh_CN) while it runs: 运行中 and the step (jobs.service).
MAP_RUNNING_ZH = re.compile(
    "运行中 · (启动中|加载产业分类模型|训练产业分类模型|汇集企业信息"
    "|在人工智能产业链上为企业分类|生成地图数据表)"
)
SOURCE = "eit_ai_pilot_firms"
NAME = "杭州澄观视界人工智能科技有限公司"
FIRST17 = "91330106WEBPLN01X"  # market regulator, enterprise, 西湖区, organisation code
USCC = FIRST17 + check_character(FIRST17)
ADDRESS = "浙江省杭州市西湖区文三路478号澄观大厦12层"
SCOPE = (
    "人工智能基础软件开发；人工智能应用软件开发；计算机视觉算法研发；"
    "智能机器人的研发；大模型训练与推理服务"
)
SPEC = {
    "name": SOURCE,
    "department": "杭州市经济和信息化局",
    "title": "人工智能揭榜挂帅企业名单",
    "path": "ai_pilot_firms.csv",
    "format": "csv",
    "encoding": "auto",
    "grade": "general",
    "personal": ["legal_rep"],
    "record_id": "序号",
    "fields": {
        "uscc": "统一社会信用代码",
        "name": "企业名称",
        "address": "企业地址",
        "legal_rep": "法定代表人",
        "established": "成立日期",
    },
    "extra": ["经营范围"],
}


def department_file(folder: Path) -> tuple[Path, Path]:
    """The spec (UTF-8 YAML) and the data file (GBK CSV, as such lists often come)."""
    spec = folder / f"{SOURCE}.yaml"
    spec.write_text(yaml.safe_dump(SPEC, allow_unicode=True), encoding="utf-8")
    data = folder / "ai_pilot_firms.csv"
    lines = [
        "序号,统一社会信用代码,企业名称,企业地址,法定代表人,成立日期,经营范围",
        f"AIP-001,{USCC},{NAME},{ADDRESS},陈澄,2023-03-15,{SCOPE}",
    ]
    data.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return spec, data


def job_status(page: Page) -> Locator:
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    return page.get_by_test_id("job-status")


def watched_to_the_end(status: Locator) -> None:
    """Wait until the job succeeds; a failure shows its reason in the assertion."""
    expect(status).to_have_attribute("data-status", re.compile("succeeded|failed"), timeout=JOB_MS)
    error = status.get_by_test_id("job-error")
    assert error.count() == 0, error.inner_text()
    expect(status).to_have_attribute("data-status", "succeeded")


def run_step(page: Page, step: str) -> Locator:
    """Press a step's button on the data sources page; the job page it opens."""
    page.goto("/data/sources")
    page.get_by_test_id(f"run-{step}").click()
    return job_status(page)


def test_an_operator_runs_the_pipeline_from_the_web_and_finds_the_new_firm(
    new_page: Callable[..., Page], demo: DemoServer, tmp_path: Path
) -> None:
    assert is_valid(USCC)
    spec, data = department_file(tmp_path)
    page = new_page(viewport={"width": 1280, "height": 1000})
    page.goto("/lang/en?next=/")
    sign_in(page, demo.logins["operator"])
    page.goto(f"/firms?q={NAME}")
    expect(page.get_by_test_id("firms-table")).to_contain_text("No firms found.")

    # The upload: its ingest job's page shows the job under way, then its outcome.
    page.click("[data-nav=upload]")
    page.set_input_files("input[name=spec]", str(spec))
    page.set_input_files("input[name=data]", str(data))
    page.get_by_test_id("upload-submit").click()
    status = job_status(page)
    expect(page.locator("h1")).to_contain_text("杭州市经济和信息化局")
    expect(status.get_by_test_id("job-progress")).to_be_visible()  # still under way
    watched_to_the_end(status)
    expect(status.get_by_test_id("job-message")).to_have_text("ingested")
    expect(status.get_by_test_id("job-rows")).to_have_text("1")
    expect(status.get_by_test_id("job-rejects")).to_have_text("0")
    expect(status.get_by_test_id("job-progress")).to_have_count(0)
    page.goto("/data/sources")
    expect(page.get_by_test_id("sources-table")).to_contain_text(SOURCE)

    # Resolve: a real bar over every current record of every source, then the firms.
    status = run_step(page, "resolve")
    bar = status.get_by_test_id("job-progress")
    expect(bar).to_have_attribute("max", re.compile(r"^[1-9]\d{3,}$"), timeout=JOB_MS)
    total = int(str(bar.get_attribute("max")))
    expect(status.get_by_test_id("job-count")).to_contain_text(f"of {total}")
    watched_to_the_end(status)
    expect(status.get_by_test_id("job-records")).to_have_text(str(total))
    firms = int(status.get_by_test_id("job-firms").inner_text())

    # Registry sync: the new firm is new to the capability registry.
    status = run_step(page, "sync")
    watched_to_the_end(status)
    new, golden = status.get_by_test_id("job-new").inner_text().split(" / ")
    assert int(new) >= 1 and int(golden) == firms

    # The map, watched in Chinese: each step's name while it runs, then every firm mapped.
    page.goto("/lang/zh_CN?next=/data/sources")
    page.get_by_test_id("run-map").click()
    status = job_status(page)
    expect(page.locator("h1")).to_have_text("构建人工智能产业地图")
    expect(status.get_by_test_id("job-progress")).to_be_visible()
    expect(status).to_contain_text(MAP_RUNNING_ZH, timeout=JOB_MS)
    watched_to_the_end(status)
    expect(status).to_contain_text("已完成")
    expect(status.get_by_test_id("job-firms")).to_have_text(str(firms))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pipeline-map-job.png"), full_page=True)

    # The registry of golden records has the firm, read correctly from GBK, with its code.
    page.goto("/lang/en?next=" + quote(f"/firms?q={NAME}"))
    rows = page.get_by_test_id("firms-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(USCC)
    expect(rows.first).to_contain_text("330106")
    rows.first.get_by_role("link", name=NAME).click()
    expect(page.get_by_test_id("golden-record")).to_contain_text(NAME)
    expect(page.get_by_test_id("linked-records")).to_contain_text(SOURCE)
    firm_id = page.url.rsplit("/", 1)[1]

    # The industry map classified it: its review page ranks it on the chain.
    page.goto(f"/industry/review/{firm_id}")
    expect(page.get_by_test_id("review-firm")).to_contain_text(NAME)
    predicted = page.get_by_test_id("predicted").locator("tbody tr")
    expect(predicted.first).to_contain_text("main segment")
    assert predicted.first.locator("code").inner_text() in {s.key for s in load_chain().segments}
    page.screenshot(path=str(ARTIFACTS / "pipeline-new-firm.png"), full_page=True)
    page.click("[data-testid=logout]")
