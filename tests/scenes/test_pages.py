"""The scene journey in pages: a department writes a scene, the centre publishes it, the
department sees ranked firms with reasons and invites one, the firm sees it recommended,
proposes, and is reviewed."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from scenehub.firms import service as firm_service
from scenehub.firms.schemas import CapabilityImport, FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import make_uscc
from tests.conftest import Accounts, csrf_of, sign_in

CHAIN = load_chain()
TRANSPORT = CHAIN.by_domain("transport")
VISION = next(s for s in CHAIN.segments if "vision" in s.en.lower())


@pytest.fixture
def registry(session: Session, accounts: Accounts) -> dict[str, int]:
    """Three firms: the signed-in firm (a traffic-vision firm), a rival, and an unrelated one."""
    firms = {}
    rows = [
        (
            "yuntu",
            "330108",
            "MA2H7K0L",
            "云图智能",
            "路口视频客流统计与信号灯配时优化，支持私有化部署。",
        ),
        ("rival", "330106", "MA2J8K1M", "对手科技", "交通视频分析和客流预测平台。"),
        ("noodles", "330102", "MA2K9L2N", "面馆餐饮", "餐饮服务，外卖送餐。"),
    ]
    for key, district, body, name, text in rows:
        segments = [TRANSPORT.key, VISION.key] if key != "noodles" and TRANSPORT else []
        firm = firm_service.import_firm(
            session,
            SYSTEM,
            FirmImport(
                uscc=make_uscc(district, body),
                name=name,
                district_code=district,
                stage="0-1",
                segments=segments,
            ),
        )
        firm_service.import_capability(
            session,
            SYSTEM,
            CapabilityImport(
                code=f"T-{key}",
                firm_id=firm.id,
                title=text[:12],
                description=text,
                segments=segments,
            ),
        )
        firms[key] = firm.id
    firm_service.link_org(session, SYSTEM, firms["yuntu"], accounts.firm.org_id)
    session.commit()
    return firms


def form(client: TestClient, **fields: object) -> dict[str, object]:
    return {"csrf_token": csrf_of(client), **fields}


def write_and_publish(client: TestClient, accounts: Accounts) -> str:
    sign_in(client, accounts.department)
    page = client.get("/my/scenes/new")
    assert page.status_code == 200 and "scene-form" in page.text
    created = client.post(
        "/my/scenes/new",
        data=form(
            client,
            title="地铁站与路口客流视频统计",
            domain="transport",
            wanted="利用路口和站内视频统计客流，预测拥挤并优化信号灯配时。",
            wanted_segments=[TRANSPORT.key] if TRANSPORT else [],
            stage_preference="0-1",
            on_premise="true",
        ),
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    code = created.headers["location"].rsplit("/", 1)[-1]
    moved = client.post(
        f"/scenes/{code}/move", data=form(client, to="submitted"), follow_redirects=False
    )
    assert moved.status_code == 303
    client.post("/logout", data=form(client))
    sign_in(client, accounts.operator)
    queue = client.get("/review/scenes")
    assert code in queue.text
    published = client.post(
        "/review/scenes/batch", data=form(client, scene_codes=[code]), follow_redirects=False
    )
    assert published.status_code == 303
    client.post("/logout", data=form(client))
    return code


def test_the_scene_journey_through_the_pages(
    client: TestClient, accounts: Accounts, registry: dict[str, int]
) -> None:
    code = write_and_publish(client, accounts)
    sign_in(client, accounts.department)
    page = client.get(f"/scenes/{code}", params={"lang": "en"})
    ranked = re.findall(r'data-testid="ranked-firm" data-firm="(\d+)"', page.text)
    assert ranked[:2] and set(ranked[:2]) == {str(registry["yuntu"]), str(registry["rival"])}
    assert str(registry["noodles"]) not in ranked
    assert "states on-premise deployment" in page.text and "chain segment:" in page.text
    invited = client.post(
        f"/scenes/{code}/invite",
        data=form(client, firm_id=registry["yuntu"]),
        follow_redirects=False,
    )
    assert invited.status_code == 303
    client.post("/logout", data=form(client))

    sign_in(client, accounts.firm)
    home = client.get("/firm")
    assert f'data-scene="{code}"' in home.text and "recommended-scene" in home.text
    proposed = client.post(
        f"/scenes/{code}/propose",
        data=form(client, summary="以路口视频结构化实现客流统计与配时优化。", budget_10k="60"),
        follow_redirects=False,
    )
    assert proposed.status_code == 303
    proposal_id = re.search(r'href="/proposals/(\d+)"', client.get("/firm").text)
    assert proposal_id is not None
    client.post("/logout", data=form(client))

    sign_in(client, accounts.department)
    url = f"/proposals/{proposal_id.group(1)}"
    assert (
        client.post(
            f"{url}/advance", data=form(client, to="screening"), follow_redirects=False
        ).status_code
        == 303
    )
    rejected = client.post(
        f"{url}/reject", data=form(client, reason="缺少夜间场景测试数据"), follow_redirects=False
    )
    assert rejected.status_code == 303
    client.post("/logout", data=form(client))

    sign_in(client, accounts.firm)
    mine = client.get(url)
    assert 'data-status="rejected"' in mine.text and "缺少夜间场景测试数据" in mine.text


def test_a_bad_scene_form_re_renders_with_the_problem(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.department)
    response = client.post(
        "/my/scenes/new", data=form(client, title="短", domain="transport", wanted="")
    )
    assert response.status_code == 422 and "form-error" in response.text
    assert "scene-form" in response.text


def test_a_refused_scene_form_keeps_what_was_typed_and_names_each_field(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.department)
    typed = {
        "title": "长" * 400,
        "domain": "health",
        "wanted": "社区影像当天出报告，肺结节与骨折自动初筛。",
        "background": "28家社区卫生服务中心",
        "budget_min_10k": "-5",
        "stage_preference": "1-100",
        "on_premise": "true",
    }
    page = client.post("/my/scenes/new", data=form(client, **typed))
    assert page.status_code == 422
    html = page.text
    assert f'value="{typed["title"]}"' in html
    assert ">社区影像当天出报告，肺结节与骨折自动初筛。</textarea>" in html
    assert ">28家社区卫生服务中心</textarea>" in html
    assert 'value="-5"' in html
    assert re.search(r'<option value="health"\s+selected', html)
    assert re.search(r'<option value="1-100"\s+selected', html)
    assert re.search(r'name="on_premise" value="true"\s+checked', html)
    # each failing field says what it needs, beside it, in the page's language
    assert 'data-testid="problem-title">at most 300 characters<' in html
    assert 'data-testid="problem-budget_min_10k">at least 0<' in html
    assert 'aria-describedby="title-problem"' in html
    client.get("/lang/zh_CN?next=/")
    chinese = client.post("/my/scenes/new", data=form(client, **typed)).text
    assert 'data-testid="problem-title">最多 300 个字符<' in chinese
    assert 'data-testid="problem-budget_min_10k">不小于 0<' in chinese


def test_an_invalid_move_shows_the_scene_with_the_reason(
    client: TestClient, accounts: Accounts, registry: dict[str, int]
) -> None:
    code = write_and_publish(client, accounts)
    sign_in(client, accounts.department)
    response = client.post(f"/scenes/{code}/move", data=form(client, to="closed"))
    assert response.status_code == 409 and "form-error" in response.text


def test_a_batch_downloads_as_csv_and_xlsx(
    client: TestClient, accounts: Accounts, registry: dict[str, int]
) -> None:
    code = write_and_publish(client, accounts)
    batch = client.get(f"/api/v1/scenes/{code}").json()["batch"]
    as_csv = client.get("/scenes/batches/export", params={"batch": batch, "format": "csv"})
    assert as_csv.status_code == 200 and as_csv.content.startswith("\ufeff".encode())
    assert code in as_csv.content.decode("utf-8-sig")
    as_xlsx = client.get("/scenes/batches/export", params={"batch": batch, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None and sheet.cell(2, 1).value == code
    missing = client.get("/scenes/batches/export", params={"batch": "1999 第9批"})
    assert missing.status_code == 404


def test_the_matching_method_page_publishes_the_weights(client: TestClient) -> None:
    page = client.get("/matching/how")
    assert page.status_code == 200 and 'data-testid="weights"' in page.text
    assert "<code>text</code>" in page.text and "<code>segment</code>" in page.text


def test_the_capability_list_is_public_and_claims_are_for_the_centre(
    client: TestClient, accounts: Accounts, registry: dict[str, int]
) -> None:
    listed = client.get("/capabilities")
    assert listed.status_code == 200 and "对手科技" in listed.text
    exported = client.get("/capabilities/export", params={"format": "csv"})
    assert "对手科技" in exported.content.decode("utf-8-sig")
    sign_in(client, accounts.firm)
    assert client.get("/review/registry").status_code == 403


def test_a_firm_without_a_record_claims_it_on_its_home(
    client: TestClient, accounts: Accounts, registry: dict[str, int]
) -> None:
    sign_in(client, accounts.other_firm)
    home = client.get("/firm")
    assert 'data-testid="claim"' in home.text
    claimed = client.post(
        "/firm/claim",
        data=form(client, uscc=make_uscc("330106", "MA2J8K1M")),
        follow_redirects=False,
    )
    assert claimed.status_code == 303
    assert 'data-status="pending"' in client.get("/firm").text


def test_a_scene_one_department_entered_twice_is_flagged_for_the_operator(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.department)
    codes = []
    for _ in range(2):
        created = client.post(
            "/my/scenes/new",
            data=form(
                client,
                title="西湖区景区客流预测与疏导",
                domain="transport",
                wanted="峰值提前两小时预警客流，实时掌握接驳点排队，联动停车场与公交疏导。",
                stage_preference="0-1",
            ),
            follow_redirects=False,
        )
        assert created.status_code == 303, created.text
        codes.append(created.headers["location"].rsplit("/", 1)[-1])
        client.post(f"/scenes/{codes[-1]}/move", data=form(client, to="submitted"))
    client.post("/logout", data=form(client))
    sign_in(client, accounts.operator)
    duplicates = client.get("/review/scenes").text.split('data-testid="duplicates"')[1]
    assert all(f"/scenes/{code}" in duplicates for code in codes)
    assert 'data-testid="duplicate-kind">One department, twice<' in duplicates


def test_edit_forms_appear_only_where_the_scene_can_be_edited(
    client: TestClient, accounts: Accounts
) -> None:
    code = write_and_publish(client, accounts)
    sign_in(client, accounts.department)
    published = client.get(f"/scenes/{code}")
    assert published.status_code == 200 and 'data-testid="edit-scene"' not in published.text
    refused = client.get(f"/my/scenes/{code}/edit")
    assert refused.status_code == 409 and "scene-form" not in refused.text
    assert "only drafts can be edited" in refused.text or "只有草稿" in refused.text
    created = client.post(
        "/my/scenes/new",
        data=form(
            client, title="西湖区井盖位移监测", domain="transport", wanted="井盖位移自动报警。"
        ),
        follow_redirects=False,
    )
    draft = created.headers["location"].rsplit("/", 1)[-1]
    assert 'data-testid="edit-scene"' in client.get(f"/scenes/{draft}").text
    assert "scene-form" in client.get(f"/my/scenes/{draft}/edit").text
