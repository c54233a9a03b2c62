"""Matching through the API: ranked firms and recommendations whose scores anybody can
recompute from the published weights; duplicate needs for the centre."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scenehub.app import create_app
from scenehub.industry.model_store import default_model_path
from scenehub.matching.vectors import VECTOR_DIR
from scenehub.settings import Settings, get_settings
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


def _files(folder: Path) -> dict[Path, int]:
    """Every file under ``folder`` with the time it was last written."""
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_each_app_keeps_matchings_files_in_its_own_data_dir(
    client: TestClient, accounts: Accounts, settings: Settings, tmp_path: Path
) -> None:
    """The firms' vectors and the industry classifier go to the data dir of the app that
    ranks, never to the environment's (``SCENEHUB_DATA_DIR``)."""
    environment = get_settings().data_dir
    before = _files(environment)
    code = published_scene(client, accounts, wanted="路口视频客流统计，优化信号灯配时。")
    second = settings.model_copy(update={"data_dir": tmp_path / "second-app"})
    with TestClient(create_app(second)) as second_client:
        for own, app_client in ((settings.data_dir, client), (second.data_dir, second_client)):
            dept = bearer(app_client, accounts.department)
            ranked = app_client.get(f"/api/v1/scenes/{code}/matches", headers=dept)
            assert ranked.status_code == 200, ranked.text
            assert list((own / VECTOR_DIR).glob("firms-*.npz")), own
            assert default_model_path(own).exists()
    assert environment not in (settings.data_dir, second.data_dir)
    assert _files(environment) == before
