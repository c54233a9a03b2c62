"""The industry map's pages on a hand-made warehouse: what the public sees is suppressed,
what the centre sees is not, and the exports carry exactly what the page shows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import duckdb
import openpyxl
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from scenehub.governance.policy import SYSTEM
from scenehub.industry.map import build_map
from scenehub.industry.service import CACHE
from scenehub.integration.engine import DuckDBEngine
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneImport
from scenehub.settings import Settings
from tests.conftest import Accounts, pdf_fonts, sign_in

# (district, segment, firms): 330108 × E.humanoid has 3 firms and must never be shown.
LAYOUT = [
    ("330106", "E.humanoid", 15),
    ("330108", "E.humanoid", 3),
    ("330110", "E.humanoid", 12),
    ("330106", "F.chip", 11),
    ("330108", "F.chip", 14),
    ("330110", "F.chip", 20),
]


@pytest.fixture
def warehouse(settings: Settings) -> Path:
    path = settings.warehouse_path
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    connection.execute("""CREATE TABLE firm_facts (firm_id VARCHAR, district_code VARCHAR,
        founded_year INTEGER, headcount BIGINT, patents BIGINT, registered_capital DOUBLE,
        name VARCHAR)""")
    connection.execute(
        "CREATE TABLE firm_segments (firm_id VARCHAR, code VARCHAR, score DOUBLE, rank INTEGER)"
    )
    n = 0
    for district, segment, firms in LAYOUT:
        for i in range(firms):
            n += 1
            connection.execute(
                "INSERT INTO firm_facts VALUES (?, ?, ?, ?, ?, ?, ?)",
                [f"F{n}", district, 2012 + i % 12, 20 + i, i % 3, 100.0 + i, f"firm {n}"],
            )
            connection.execute(
                "INSERT INTO firm_segments VALUES (?, ?, 0.9, 1)", [f"F{n}", segment]
            )
    build_map(DuckDBEngine(connection), reference_year=2026)
    connection.close()
    CACHE._stamp.clear()
    return path


@pytest.fixture
def demand(session: Session, accounts: Accounts) -> None:
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


def cell(html: str, district: str) -> str:
    found = re.search(rf'data-district="{district}">(.*?)</td>', html, re.S)
    assert found, district
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_public_never_sees_a_small_cell_and_the_centre_sees_it_marked(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    public = client.get("/industry", params={"layer": "embodied", "lang": "en"})
    assert public.status_code == 200 and 'data-testid="suppressed"' in public.text
    assert cell(public.text, "330108") == "—"
    # Its complement is hidden too, or 330108 could be worked out from the total.
    hidden = [d for d in ("330106", "330110", "total") if cell(public.text, d) == "—"]
    assert hidden
    # Districts by segment are for the centre's staff only.
    assert client.get("/industry", params={"segment": "E.humanoid"}).status_code == 404
    sign_in(client, accounts.operator)
    staff = client.get("/industry", params={"segment": "E.humanoid", "lang": "en"})
    assert 'data-testid="unsuppressed"' in staff.text
    assert cell(staff.text, "330108") == "3*"
    assert 'data-reason="primary_count"' in staff.text


def test_exports_carry_what_the_reader_may_see(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    public = client.get("/industry/export", params={"view": "districts", "format": "csv"})
    lines = public.content.decode("utf-8-sig").splitlines()
    row = next(line for line in lines if line.startswith("330108,") and ",embodied," in line)
    assert row.split(",")[3] == ""
    assert not any(",E.humanoid," in line for line in lines)
    sign_in(client, accounts.operator)
    staff = client.get("/industry/export", params={"view": "districts", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(staff.content)).active
    assert sheet is not None
    values = {(r[0], r[2]): r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[("330108", "E.humanoid")] == 3


def test_demand_against_supply_and_its_exports(
    client: TestClient, accounts: Accounts, warehouse: Path, demand: None
) -> None:
    page = client.get("/industry/demand", params={"lang": "en"})
    assert page.status_code == 200
    row = re.search(r'<tr data-segment="F.chip">(.*?)</tr>', page.text, re.S)
    assert row is not None
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    ]
    assert cells[1] == "2" and cells[6] == "45" and cells[7] == str(round(2 * 10 / 45, 2))
    xlsx = client.get("/industry/export", params={"view": "demand", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["E.humanoid"][1] == 3


def test_deep_dives_and_the_pdf_report(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    embodied = client.get("/industry/segments/embodied")
    assert embodied.status_code == 200 and 'data-group="embodied"' in embodied.text
    assert 'data-testid="stage-size"' not in embodied.text
    assert client.get("/industry/segments/astrology").status_code == 404
    report = client.get("/industry/report.pdf")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    sign_in(client, accounts.operator)
    staff = client.get("/industry/segments/embodied")
    assert 'data-testid="stage-size"' in staff.text


def test_the_pdf_report_renders_on_a_machine_with_only_noto_cjk(
    client: TestClient, warehouse: Path, only_noto_cjk: Path
) -> None:
    report = client.get("/industry/report.pdf", params={"lang": "zh_CN"})
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(report.content)).pages
    text = "".join(page.extract_text() for page in pages)
    assert "人工智能产业地图" in text and "各区县企业数" in text
    assert pdf_fonts(report.content)["STSong-Light"] is False  # named; the viewer has it


def test_the_map_before_it_is_built_says_how_to_build_it(
    client: TestClient, settings: Settings
) -> None:
    nothing = client.get("/industry", params={"lang": "en"})
    assert nothing.status_code == 409 and "scenehub ingest" in nothing.text
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.connect(str(settings.warehouse_path)).close()
    unbuilt = client.get("/industry", params={"lang": "en"})
    assert unbuilt.status_code == 409 and "scenehub map" in unbuilt.text


def test_no_public_table_lets_a_hidden_figure_be_worked_out(warehouse: Path) -> None:
    from scenehub.governance.disclosure_audit import audit
    from scenehub.industry.service import _disclosures

    for disclosure in _disclosures(warehouse, ("330106", "330108", "330110"))[:3]:
        assert audit(disclosure) == []


def test_a_table_that_disagrees_on_a_shared_total_is_withheld() -> None:
    from scenehub.industry.service import MapTable, _consistent

    first = MapTable((("a",), ("x",)), ("count",), {((None, None), "count"): None})
    second = MapTable(
        (("x",), ("s",)), ("count",), {((None, None), "count"): 30.0, (("x", "s"), "count"): 30.0}
    )
    withheld = _consistent(first, second, [((None, None), (None, None))])
    assert all(v is None for v in withheld.values.values())
    agreeing = MapTable((("a",), ("x",)), ("count",), {((None, None), "count"): 30.0})
    assert _consistent(agreeing, second, [((None, None), (None, None))]) is second
