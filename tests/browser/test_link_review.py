"""Clerical review in a real Chromium on `scenehub demo`: an operator confirms one pair of
the queue and splits another, `scenehub resolve` runs again, and both decisions hold — the
firm page says a person confirmed the link, the split records are in two firms."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scenehub.governance.policy import SYSTEM
from scenehub.integration import review
from scenehub.integration.schemas import PairSummary
from tests.browser.conftest import ARTIFACTS, DemoServer, sign_in
from tests.integration.conftest import linked_beyond_their_code

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def queue_position(warehouse: Path, wanted: Callable[[PairSummary], bool]) -> tuple[int, str]:
    """The queue page and row (its left record) of the first pair ``wanted`` accepts."""
    page = 1
    while items := review.link_queue(SYSTEM, warehouse, page=page).items:
        for pair in items:
            if wanted(pair):
                return page, pair.unique_id_l + "|" + pair.unique_id_r
        page += 1
    raise AssertionError("no such pair in the demo's queue")


def one_code(pair: PairSummary) -> bool:
    return (pair.left.code_firm is None) != (pair.right.code_firm is None)


def run_resolve(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
    env.update(SCENEHUB_DATA_DIR=str(data_dir), SCENEHUB_EMBEDDED="1")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "scenehub"), "resolve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def decide(page: Page, queue_page: int, pair: str, button: str) -> None:
    """Open the pair from its queue page and press one of the decision buttons."""
    left, right = pair.split("|")
    page.goto(f"/review/links?page={queue_page}&lang=en")
    row = page.locator(f'[data-testid=pair-row][data-left="{left}"][data-right="{right}"]')
    row.locator("[data-testid=pair-open]").click()
    expect(page.locator("[data-testid=pair-evidence] tbody tr").first).to_be_visible()
    page.fill("input[name=note]", "browser test")
    page.click(f"[data-testid={button}]")
    expect(page.locator("[data-testid=decided-notice]")).to_be_visible()


def test_an_operator_confirms_and_splits_pairs_and_resolve_keeps_both(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    warehouse = demo.data_dir / "warehouse.duckdb"
    loose = linked_beyond_their_code(warehouse, review.REVIEW_BAND.threshold)
    to_confirm = queue_position(warehouse, lambda p: not p.same_firm and one_code(p))
    to_split = queue_position(
        warehouse,
        lambda p: (
            p.same_firm
            and one_code(p)
            and (p.left if p.left.code_firm is None else p.right).unique_id not in loose
        ),
    )
    page = new_page(viewport={"width": 1280, "height": 1000})
    operator = demo.logins["operator"]
    page.goto("/lang/en?next=/")
    sign_in(page, operator)
    page.click("[data-nav=link-review]")
    expect(page.locator("[data-testid=queue-total]")).to_contain_text("pairs waiting")

    decide(page, *to_confirm, "decide-match")
    decide(page, *to_split, "decide-split")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "link-review-queue.png"), full_page=True)

    run_resolve(demo.data_dir)

    left, right = to_confirm[1].split("|")
    page.goto(f"/review/links/pair?left={left}&right={right}&lang=en")
    expect(page.locator("[data-testid=pair-probability]")).to_contain_text("now in one firm")
    decided = page.locator("[data-testid=pair-decided]")
    expect(decided).to_contain_text(f"confirmed by {operator.username}")
    page.locator("[data-testid=pair-records] a[href^='/firms/']").first.click()
    confirmed = page.locator(f'[data-testid=confirmed-link][data-record="{left}"]')
    expect(confirmed).to_contain_text("confirmed by a person")
    expect(page.locator(f'[data-testid=confirmed-link][data-record="{right}"]')).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "link-review-firm.png"), full_page=True)

    left, right = to_split[1].split("|")
    page.goto(f"/review/links/pair?left={left}&right={right}&lang=en")
    expect(page.locator("[data-testid=pair-probability]")).to_contain_text("now in two firms")
    expect(decided).to_contain_text(f"split by {operator.username}")
    page.click("[data-testid=logout]")
