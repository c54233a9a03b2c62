"""Matching through the API: ranked firms and recommendations whose scores anybody can
recompute from the published weights; duplicate needs for the centre."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer
from tests.proposals.test_api import published_scene
from tests.scenes.test_pages import TRANSPORT, registry  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("registry")


def test_scores_are_the_published_weights_times_the_components(
    client: TestClient,
    accounts: Accounts,
    registry: dict[str, int],  # noqa: F811
) -> None:
    code = published_scene(
        client,
        accounts,
        wanted="路口视频客流统计，优化信号灯配时。",
        wanted_segments=[TRANSPORT.key] if TRANSPORT else [],
    )
    weights = client.get("/api/v1/matching/weights").json()
    dept = bearer(client, accounts.department)
    ranked = client.get(f"/api/v1/scenes/{code}/matches", headers=dept).json()
    assert {r["id"] for r in ranked[:2]} == {str(registry["yuntu"]), str(registry["rival"])}
    for result in ranked:
        recomputed = sum(weights[name] * value for name, value in result["components"].items())
        assert result["score"] == pytest.approx(recomputed, abs=1e-6)
        assert result["reasons"] and all("code" in r for r in result["reasons"])
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)


def test_only_the_scenes_department_or_the_centre_sees_the_ranking(
    client: TestClient, accounts: Accounts
) -> None:
    code = published_scene(client, accounts)
    firm = bearer(client, accounts.firm)
    assert client.get(f"/api/v1/scenes/{code}/matches", headers=firm).status_code == 403
    assert client.get(f"/api/v1/scenes/{code}/matches").status_code == 401


def test_a_firm_gets_recommendations_and_a_vetted_scene_only_when_vetted(
    client: TestClient,
    accounts: Accounts,
    registry: dict[str, int],  # noqa: F811
) -> None:
    open_code = published_scene(client, accounts, wanted="路口视频客流统计与信号灯配时。")
    vetted_code = published_scene(
        client,
        accounts,
        title="警用视频客流预警",
        domain="policing",
        wanted="路口视频客流统计与拥挤预警。",
        security_vetting=True,
    )
    firm = bearer(client, accounts.firm)
    seen = [r["id"] for r in client.get("/api/v1/registry/me/recommendations", headers=firm).json()]
    assert open_code in seen and vetted_code not in seen
    client.post(
        f"/api/v1/registry/firms/{registry['yuntu']}/vetting",
        json={"vetted": True},
        headers=bearer(client, accounts.operator),
    )
    seen = [r["id"] for r in client.get("/api/v1/registry/me/recommendations", headers=firm).json()]
    assert vetted_code in seen


def test_the_centre_sees_scenes_of_two_departments_asking_the_same(
    client: TestClient, accounts: Accounts
) -> None:
    text = "利用路口视频统计客流，预测拥挤并自动优化信号灯配时方案。"
    first = published_scene(client, accounts, wanted=text)
    unrelated = published_scene(
        client,
        accounts,
        title="养老院跌倒检测",
        domain="elderly_care",
        wanted="老人跌倒自动检测并通知护工。",
    )
    admin, centre = bearer(client, accounts.admin), bearer(client, accounts.operator)
    transport = client.post(
        "/api/v1/orgs", json={"kind": "department", "name": "杭州市交通运输局"}, headers=admin
    ).json()["id"]
    second = client.post(
        "/api/v1/scenes",
        json={
            "title": "路口客流与信号灯配时",
            "domain": "transport",
            "wanted": text,
            "department_org_id": transport,
        },
        headers=centre,
    ).json()["code"]
    client.post(f"/api/v1/scenes/{second}/transitions", json={"to": "submitted"}, headers=centre)
    pairs = client.get("/api/v1/review/duplicates", headers=centre).json()
    flagged = [{d["first"], d["second"]} for d in pairs]
    assert {first, second} in flagged
    assert all(unrelated not in pair for pair in flagged)
    firm = bearer(client, accounts.firm)
    assert client.get("/api/v1/review/duplicates", headers=firm).status_code == 403
