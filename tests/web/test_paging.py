"""Lists are paged, never cut (issue 17): the capability list reaches its last entry a page
at a time and says how many there are, its download holds all of them, and a page number
past the end is a page that says so, not a 422."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from scenehub.firms.models import Capability
from scenehub.web.paging import PAGE_SIZE, pager
from tests.conftest import Accounts, sign_in
from tests.firms.test_api import known_firm

PUBLISHED = PAGE_SIZE * 2 + 5


def published(session: Session, count: int) -> None:
    firm_id = known_firm(session)
    for n in range(count):
        session.add(
            Capability(
                code=f"CAP-T{n:04d}",
                firm_id=firm_id,
                title=f"能力 {n:04d}",
                description="城市治理视频分析与预警平台",
                status="published",
                batch="2026-1",
                published_on=date(2026, 3, 1),
            )
        )
    session.commit()


def titles(html: str) -> list[str]:
    return re.findall(r"<strong>(能力 \d{4})</strong>", html)


def test_the_pager_offers_next_only_when_there_is_more() -> None:
    full = pager(2, list(range(PAGE_SIZE + 1)), {"batch": "2026-1", "q": ""}, total=65)
    assert (full.first, full.last, full.has_more, full.pages) == (31, 60, True, 3)
    assert full.link(3) == "?batch=2026-1&page=3"  # empty filters are left out
    last = pager(3, list(range(5)), {}, total=65)
    assert (last.first, last.last, last.has_more, last.past_the_end) == (61, 65, False, False)
    assert pager(9, [], {}, total=65).past_the_end
    assert not pager(1, [], {}, total=0).past_the_end  # an empty list is just empty


def test_every_published_capability_is_reachable_a_page_at_a_time(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    published(session, PUBLISHED)
    sign_in(client, accounts.operator)
    seen: list[str] = []
    page = client.get("/capabilities")
    assert f"1–{PAGE_SIZE} of {PUBLISHED}" in page.text
    while True:
        assert page.status_code == 200
        seen.extend(titles(page.text))
        following = re.search(r'href="(\?[^"]*page=\d+)" rel="next"', page.text)
        if following is None:
            break
        page = client.get("/capabilities" + following.group(1).replace("&amp;", "&"))
    assert seen == [f"能力 {n:04d}" for n in range(PUBLISHED)]


def test_the_download_holds_the_whole_list(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    published(session, PUBLISHED)
    sign_in(client, accounts.operator)
    download = client.get("/capabilities/export?format=csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == PUBLISHED


def test_a_page_past_the_end_says_so(client: TestClient) -> None:
    page = client.get("/scenes?page=99999&domain=transport")
    assert page.status_code == 200
    assert 'data-testid="past-the-end"' in page.text
    assert 'href="?domain=transport&amp;page=1"' in page.text
