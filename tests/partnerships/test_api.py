"""The centre's partnerships: the list and the lifecycle counts, through the API and the page,
for the centre only, on both databases."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from scenehub.db import session_factory
from scenehub.governance.policy import SYSTEM
from scenehub.partnerships import service
from scenehub.partnerships.schemas import PartnershipImport
from tests.conftest import Accounts, bearer, sign_in
from tests.scenes.test_api import create, publish


def partnerships(client: TestClient, db_url: str, accounts: Accounts) -> list[str]:
    """Two scenes in partnership with the two firms (a pilot and an agreement)."""
    dept, centre = bearer(client, accounts.department), bearer(client, accounts.operator)
    codes = [create(client, dept, title=f"地铁站客流分析{i}")["code"] for i in range(2)]
    for code in codes:
        publish(client, dept, centre, code)
    with session_factory(db_url)() as db:
        ids = {s["code"]: s["id"] for s in client.get("/api/v1/scenes").json()}
        for n, (code, firm, stage) in enumerate(
            [(codes[0], accounts.firm, "pilot"), (codes[1], accounts.other_firm, "agreed")]
        ):
            body = PartnershipImport(
                code=f"P-{n}",
                scene_id=ids[code],
                firm_org_id=firm.org_id,
                stage=stage,
                started_on=date(2026, 3 + n, 1),
                evaluation_score=90 if stage == "pilot" else None,
            )
            service.import_partnership(db, SYSTEM, body)
        db.commit()
    return codes


def test_the_centre_lists_partnerships_with_scene_and_firm_names(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    codes = partnerships(client, db_url, accounts)
    centre = bearer(client, accounts.operator)
    rows = client.get("/api/v1/partnerships", headers=centre).json()
    assert [(r["code"], r["scene_code"], r["firm_name"], r["stage"]) for r in rows] == [
        ("P-1", codes[1], "对手科技", "agreed"),  # newest first
        ("P-0", codes[0], "云图智能", "pilot"),
    ]
    # The history's 0–100 score becomes one criterion of 1–5: 90 → 5 → grade A.
    assert rows[1]["scene_title"] == "地铁站客流分析0" and rows[1]["grade"] == "A"
    assert rows[0]["grade"] is None
    pilots = client.get("/api/v1/partnerships?stage=pilot", headers=centre).json()
    assert [r["code"] for r in pilots] == ["P-0"]
    counts = client.get("/api/v1/partnerships/stage-counts", headers=centre).json()
    assert {c["stage"]: c["count"] for c in counts} == {
        "agreed": 1,
        "pilot": 1,
        "demonstration": 0,
        "scale": 0,
        "catalogue_nominated": 0,
        "catalogue_listed": 0,
        "terminated": 0,
    }


def test_only_the_centre_reads_the_list_and_bad_filters_are_refused(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    partnerships(client, db_url, accounts)
    for account in (accounts.firm, accounts.department, accounts.investor):
        refused = client.get("/api/v1/partnerships", headers=bearer(client, account))
        assert refused.status_code == 403 and refused.json()["error"]["code"]
    assert client.get("/api/v1/partnerships").status_code == 401
    centre = bearer(client, accounts.operator)
    assert client.get("/api/v1/partnerships?stage=won", headers=centre).status_code == 422
    assert client.get("/api/v1/partnerships?limit=0", headers=centre).status_code == 422


def test_the_partnerships_page_charts_the_stages_in_both_languages(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    partnerships(client, db_url, accounts)
    sign_in(client, accounts.operator)
    english = client.get("/partnerships?lang=en")
    assert english.status_code == 200
    assert "对手科技" in english.text and "Partnerships by stage" in english.text
    assert '"values": [1, 1, 0, 0, 0, 0, 0]' in english.text
    chinese = client.get("/partnerships?lang=zh_CN&stage=pilot")
    assert "云图智能" in chinese.text and "对手科技" not in chinese.text
    assert "合作" in chinese.text


def test_opening_a_partnership_with_an_id_out_of_range_is_a_422(
    client: TestClient, accounts: Accounts
) -> None:
    centre = bearer(client, accounts.operator)
    for field, value in (("scene_id", 2**63), ("firm_org_id", 2**31), ("scene_id", 0)):
        body = {"scene_id": 1, "firm_org_id": accounts.firm.org_id, field: value}
        refused = client.post("/api/v1/partnerships", json=body, headers=centre)
        assert refused.status_code == 422, refused.text  # the database was never asked
        assert refused.json()["error"]["message"].endswith(field)
    unknown = {"scene_id": 2**31 - 1, "firm_org_id": accounts.firm.org_id}
    assert client.post("/api/v1/partnerships", json=unknown, headers=centre).status_code == 404
