"""The industry map through the API, on a hand-made warehouse: the same suppressed figures as
the pages, the centre's staff views refused to others, the exports as files, bad input as 4xx
with the error envelope."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import ANONYMOUS, SYSTEM
from scenehub.industry import service
from scenehub.industry.map import build_map
from scenehub.industry.service import CACHE
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.engine import DuckDBEngine
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneImport
from scenehub.settings import Settings
from tests.conftest import Accounts, bearer

API = "/api/v1/industry"
# (district, segment, firms): 330108 × E.humanoid has 3 firms and must never reach the public.
LAYOUT = [
    ("330106", "E.humanoid", 15),
    ("330108", "E.humanoid", 3),
    ("330110", "E.humanoid", 12),
    ("330106", "F.chip", 11),
    ("330108", "F.chip", 14),
    ("330110", "F.chip", 20),
]
# Firms the classifier is unsure of: counted apart, waiting in the review queue.
UNSURE = [
    ("G1", "杭州明鉴科技有限公司", "T.cv", 0.31),
    ("G2", "杭州慧眸环境科技有限公司", "T.cv", 0.45),
]


@pytest.fixture
def warehouse(settings: Settings) -> Path:
    path = settings.warehouse_path
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    connection.execute("""CREATE TABLE firm_facts (firm_id VARCHAR, name VARCHAR,
        district_code VARCHAR, founded_year INTEGER, headcount BIGINT, patents BIGINT,
        registered_capital DOUBLE, department_text VARCHAR, patent_titles VARCHAR)""")
    connection.execute("""CREATE TABLE firm_segments (firm_id VARCHAR, code VARCHAR,
        score DOUBLE, rank INTEGER, kind VARCHAR, source VARCHAR)""")
    n = 0
    for district, segment, firms in LAYOUT:
        for i in range(firms):
            n += 1
            connection.execute(
                "INSERT INTO firm_facts VALUES (?, ?, ?, ?, ?, ?, ?, '', '')",
                [f"F{n}", f"firm {n}", district, 2012 + i % 12, 20 + i, i % 3, 100.0 + i],
            )
            connection.execute(
                "INSERT INTO firm_segments VALUES (?, ?, 0.9, 1, 'primary', 'model')",
                [f"F{n}", segment],
            )
    for firm_id, name, code, score in UNSURE:
        connection.execute(
            "INSERT INTO firm_facts VALUES (?, ?, '330106', 2020, 30, 1, 100, '视频识别', '')",
            [firm_id, name],
        )
        connection.execute(
            "INSERT INTO firm_segments VALUES (?, ?, ?, 1, 'primary', 'model')",
            [firm_id, code, score],
        )
    build_map(DuckDBEngine(connection), reference_year=2026)
    connection.close()
    CACHE._stamp.clear()
    return path


@pytest.fixture
def demand(session: Session, accounts: Accounts) -> None:
    """Three scenes want E.humanoid, two of them also F.chip."""
    for i in range(3):
        scene_service.import_scene(
            session,
            SYSTEM,
            SceneImport(
                code=f"S9{i}",
                title=f"人形机器人巡检场景{i}",
                domain="emergency",
                department_org_id=accounts.department.org_id,
                wanted="巡检",
                wanted_segments=["E.humanoid", "F.chip"] if i else ["E.humanoid"],
                budget_max_10k=100,
            ),
        )
    session.commit()


def cells_of(table: dict[str, Any]) -> dict[tuple[str | None, str | None], dict[str, Any]]:
    return {(c["row"], c["column"]): c for c in table["cells"]}


def assert_envelope(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    if code is not None:
        assert error["code"] == code
    return dict(error)


def test_the_public_reads_the_district_table_with_the_pages_suppression(
    client: TestClient, warehouse: Path
) -> None:
    response = client.get(f"{API}/map/districts")
    assert response.status_code == 200, response.text
    table = response.json()
    assert table["dimensions"] == ["district", "layer"] and table["unsuppressed"] is False
    cells = cells_of(table)
    assert cells[("330108", "embodied")]["values"]["count"] is None
    assert all(c["hidden_reasons"] == {} for c in table["cells"])
    # Exactly the service's figures, so exactly the page's.
    views = service.map_views(ANONYMOUS, warehouse, service.district_codes())
    for (key, measure), value in views.districts.values.items():
        assert cells[(key[0], key[1])]["values"][measure] == value
    page = client.get("/industry", params={"layer": "embodied", "lang": "en"})
    shown = re.search(r'data-district="330108">(.*?)</td>', page.text, re.S)
    assert shown is not None and re.sub(r"<[^>]+>", "", shown.group(1)).strip() == "—"


def test_the_centre_sees_every_figure_with_the_reason_others_cannot(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    staff = bearer(client, accounts.operator)
    table = client.get(f"{API}/map/districts", headers=staff).json()
    assert table["unsuppressed"] is True
    small = cells_of(table)[("330108", "embodied")]
    assert small["values"]["count"] == 3 and small["hidden_reasons"]["count"] == "primary_count"
    cells = client.get(f"{API}/map/cells", headers=staff)
    assert cells.status_code == 200, cells.text
    detail = cells_of(cells.json())
    assert cells.json()["dimensions"] == ["district", "segment"]
    assert detail[("330108", "E.humanoid")]["values"]["count"] == 3
    assert detail[("330110", "F.chip")]["values"]["count"] == 20
    assert detail[(None, None)]["values"]["count"] == sum(n for _, _, n in LAYOUT)


def test_districts_by_segment_are_refused_to_everybody_but_the_centre(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    assert_envelope(client.get(f"{API}/map/cells"), 401, "not_authenticated")
    for account in (accounts.investor, accounts.firm, accounts.department):
        refused = client.get(f"{API}/map/cells", headers=bearer(client, account))
        assert_envelope(refused, 403, "permission_denied")
    assert client.get(f"{API}/map", headers=bearer(client, accounts.investor)).json()["views"] == [
        "districts",
        "segments",
        "cohorts",
    ]
    assert (
        "cells" in client.get(f"{API}/map", headers=bearer(client, accounts.admin)).json()["views"]
    )


def test_segments_and_cohorts_are_the_services_tables(client: TestClient, warehouse: Path) -> None:
    views = service.map_views(ANONYMOUS, warehouse, service.district_codes())
    for view, table in (("segments", views.segments), ("cohorts", views.cohorts)):
        read = client.get(f"{API}/map/{view}").json()
        cells = cells_of(read)
        assert read["rows"] == list(table.categories[0])
        assert {k: c["values"]["count"] for k, c in cells.items()} == {
            key: value for (key, measure), value in table.values.items() if measure == "count"
        }
    segments = cells_of(client.get(f"{API}/map/segments").json())
    assert segments[(None, "F.chip")]["values"]["count"] == 45


def test_an_unknown_view_or_group_is_a_422_with_the_envelope(
    client: TestClient, warehouse: Path
) -> None:
    for path in ("/map/astrology", "/deep-dives/astrology", "/demand?sort=price"):
        assert_envelope(client.get(API + path), 422, "validation_error")
    assert_envelope(client.get(f"{API}/export", params={"format": "docx"}), 422)
    assert_envelope(client.get(f"{API}/export", params={"view": "cells"}), 422)


def test_the_map_overview_counts_the_unclassified_firms_as_the_page_does(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    public = client.get(f"{API}/map").json()
    # Two firms below the confidence: fewer than 10, so hidden from the public.
    assert public["unclassified"] == {"firms": None, "min_confidence": 0.5}
    staff = client.get(f"{API}/map", headers=bearer(client, accounts.operator)).json()
    assert staff["unclassified"]["firms"] == 2
    benchmarks = public["benchmarks"]
    assert benchmarks["illustrative"] is True and len(benchmarks["cities"]) >= 3
    assert benchmarks["cities"][0]["figures"]["ai_firms"] > 0
    assert benchmarks["local"]["ic_design_firms"] == 45


def test_the_chain_graph_never_calls_a_hidden_segment_a_gap(
    client: TestClient, warehouse: Path, demand: None, session: Session
) -> None:
    graph = client.get(f"{API}/chain").json()
    nodes = {n["code"]: n for n in graph["nodes"]}
    assert nodes["F.chip"]["firms"] == 45 and nodes["F.chip"]["scenes"] == 2
    assert nodes["E.humanoid"]["scenes"] == 3
    assert not any(n["gap"] for n in graph["nodes"] if n["firms"] is None)
    assert graph["gaps"] == [n["code"] for n in graph["nodes"] if n["gap"]]
    chain = load_chain()
    assert graph["links"] == [
        {"source": s.key, "target": d} for s in chain.segments if s.is_ai for d in s.downstream
    ]
    expected = service.chain_graph(
        service.map_views(ANONYMOUS, warehouse, service.district_codes()),
        scene_service.demand_by_segment(session, ANONYMOUS),
    )
    assert {n.code: (None if n.firms < 0 else n.firms, n.gap) for n in expected} == {
        code: (n["firms"], n["gap"]) for code, n in nodes.items()
    }


def test_deep_dives_show_stage_and_size_to_the_centre_only(
    client: TestClient, accounts: Accounts, warehouse: Path, demand: None
) -> None:
    public = client.get(f"{API}/deep-dives/embodied").json()
    assert [s["segment"] for s in public["segments"]] == list(service.segments_of("embodied"))
    assert public["layer"] == "embodied" and public["stage_size"] is None
    assert public["title_en"] == "Embodied-intelligence robots" and public["title_zh"]
    humanoid = next(s for s in public["segments"] if s["segment"] == "E.humanoid")
    assert humanoid["demand"]["scenes"] == 3
    staff = client.get(f"{API}/deep-dives/embodied", headers=bearer(client, accounts.operator))
    rows = staff.json()["stage_size"]
    assert sum(r["firms"] for r in rows if r["segment"] == "E.humanoid") == 30
    ic = client.get(f"{API}/deep-dives/ic").json()
    assert [s["segment"] for s in ic["segments"]] == ["F.chip", "F.eda", "F.fab", "F.semi_equip"]
    assert ic["segments"][0]["firms"] == 45


def test_demand_signals_are_the_demand_pages_rows(
    client: TestClient, warehouse: Path, demand: None
) -> None:
    rows = client.get(f"{API}/demand").json()
    chip = next(r for r in rows if r["segment"] == "F.chip")
    assert chip["demand"]["scenes"] == 2 and chip["firms"] == 45
    assert chip["index"] == round(2 * 10 / 45, 2) and chip["name_en"]
    by_scenes = client.get(f"{API}/demand", params={"sort": "scenes"}).json()
    assert [r["segment"] for r in by_scenes[:2]] == ["E.humanoid", "F.chip"]
    page = client.get("/industry/demand", params={"sort": "scenes"})
    assert re.findall(r'<tr data-segment="([^"]+)">', page.text) == [
        r["segment"] for r in by_scenes
    ]


def test_exports_are_files_with_what_the_reader_may_see(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    public = client.get(f"{API}/export", params={"view": "districts", "format": "csv"})
    assert public.status_code == 200 and public.headers["content-type"].startswith("text/csv")
    assert 'filename="industry-districts.csv"' in public.headers["content-disposition"]
    lines = public.content.decode("utf-8-sig").splitlines()
    row = next(line for line in lines if line.startswith("330108,") and ",embodied," in line)
    assert row.split(",")[3] == ""
    assert public.content == client.get("/industry/export", params={"view": "districts"}).content
    staff = client.get(
        f"{API}/export",
        params={"view": "districts", "format": "xlsx"},
        headers=bearer(client, accounts.operator),
    )
    assert 'filename="industry-districts.xlsx"' in staff.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(staff.content)).active
    assert sheet is not None
    values = {(r[0], r[2]): r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[("330108", "E.humanoid")] == 3
    report = client.get(f"{API}/report.pdf")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    assert report.headers["content-type"] == "application/pdf"
    assert 'filename="industry-map.pdf"' in report.headers["content-disposition"]


def test_the_district_shapes_are_the_choropleths(client: TestClient) -> None:
    shapes = client.get(f"{API}/districts.geojson").json()
    assert shapes["type"] == "FeatureCollection"
    assert shapes == client.get("/industry/districts.geojson").json()
    assert {f["properties"]["code"] for f in shapes["features"]} >= {"330106", "330108"}


def test_before_the_map_is_built_the_api_says_how_to_build_it(
    client: TestClient, settings: Settings
) -> None:
    error = assert_envelope(client.get(f"{API}/map/districts"), 409, "warehouse_unavailable")
    assert "scenehub ingest" in error["message"]
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.connect(str(settings.warehouse_path)).close()
    for path in ("/map", "/chain", "/demand", "/deep-dives/ic", "/export", "/report.pdf"):
        assert "scenehub map" in assert_envelope(client.get(API + path), 409)["message"]


def test_the_review_shows_one_firm_with_its_labels_to_the_centre(
    client: TestClient, accounts: Accounts, warehouse: Path, session: Session
) -> None:
    staff = bearer(client, accounts.operator)
    queue = client.get(f"{API}/review", headers=staff).json()
    assert queue["total"] == 2 and [i["firm_id"] for i in queue["items"]] == ["G1", "G2"]
    labelled = client.post(f"{API}/labels/G1", json={"primary": "A.legal"}, headers=staff)
    assert labelled.status_code == 201, labelled.text
    firm = client.get(f"{API}/review/G1", headers=staff)
    assert firm.status_code == 200, firm.text
    body = firm.json()
    assert body["item"]["firm_id"] == "G1" and body["item"]["labelled"] is True
    assert [label["primary"] for label in body["labels"]] == ["A.legal"]
    read = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "industry.read_firm")
    ).all()
    assert [(e.resource_id, e.actor_username) for e in read] == [("G1", "operator")]
    assert_envelope(client.get(f"{API}/review/NOPE1", headers=staff), 404, "not_found")
    assert_envelope(client.get(f"{API}/review/bad-id!", headers=staff), 422)


def test_only_the_centre_reviews_through_the_api(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    assert_envelope(client.get(f"{API}/review/G1"), 401)
    for account in (accounts.firm, accounts.department, accounts.investor):
        headers = bearer(client, account)
        assert_envelope(client.get(f"{API}/review", headers=headers), 403)
        assert_envelope(client.get(f"{API}/review/G1", headers=headers), 403)
