"""The correction loop in a real Chromium on `scenehub demo`: an operator opens the least
confident firm of the review queue, corrects its chain segment, `scenehub map` learns from
the label, and the map's count for that segment moves."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, DemoServer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CORRECTED_TO = "A.legal"


def segment_total(page: Page, code: str) -> int:
    """The centre's count of firms under ``code`` (the total of districts × that segment)."""
    page.goto(f"/industry?segment={code}&lang=en")
    text = page.locator("[data-district=total]").inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def run_map(data_dir: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
    env.update(SCENEHUB_DATA_DIR=str(data_dir), SCENEHUB_EMBEDDED="1")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "scenehub"), "map"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_an_operator_corrects_a_firm_and_the_map_moves_after_scenehub_map(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    page = new_page(viewport={"width": 1280, "height": 1000})
    page.goto("/lang/en?next=/")
    sign_in(page, demo.logins["operator"])
    before = segment_total(page, CORRECTED_TO)
    page.goto("/industry?lang=en")
    expect(page.locator("[data-testid=unclassified]")).to_contain_text("needs review")
    page.click("[data-testid=review-link]")

    rows = page.locator("[data-testid=review-row]")
    expect(rows.first).to_be_visible()
    firm_id = rows.first.get_attribute("data-firm")
    assert firm_id
    page.click("[data-testid=review-open] >> nth=0")
    expect(page.locator("[data-testid=predicted] tbody tr").first).to_be_visible()
    predicted = page.locator("[data-testid=label-primary]").input_value()
    assert predicted != CORRECTED_TO  # the queue's first firm is not one of the few legal firms
    page.select_option("[data-testid=label-primary]", CORRECTED_TO)
    page.fill("input[name=note]", "browser test: sells to courts")
    page.click("[data-testid=label-save]")
    expect(page.locator("[data-testid=labelled-notice]")).to_contain_text(firm_id)
    assert firm_id not in [
        r.get_attribute("data-firm") for r in page.locator("[data-testid=review-row]").all()
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "classification-review.png"), full_page=True)

    assert segment_total(page, CORRECTED_TO) == before  # nothing moves before the next build
    output = run_map(demo.data_dir)
    assert "1 operator" in " ".join(output.split())  # the classifier learnt from the label
    assert segment_total(page, CORRECTED_TO) >= before + 1
    page.goto(f"/industry/review/{firm_id}?lang=en")
    expect(page.locator("[data-testid=already-labelled]")).to_be_visible()
    expect(page.locator("[data-testid=predicted]")).to_contain_text(CORRECTED_TO)
    page.click("[data-testid=logout]")
