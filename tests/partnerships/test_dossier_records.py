"""The dossier filled from the records, on both databases: the scene's district is the one
its texts or its pilot's site name, the firm's that of its registry record, each named in
the dossier's language; read back from the PDF and the DOCX."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from scenehub.db import session_factory
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.partnerships import dossier_records, pilots
from scenehub.partnerships.attachment_store import AttachmentStore
from scenehub.partnerships.schemas import PilotSet
from tests.conftest import Accounts, bearer
from tests.partnerships.test_catalogue import in_pilot
from tests.partnerships.test_service import actor_of

BINJIANG = "330108"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def district_row(text: str, label: str) -> list[str]:
    """The values printed after ``label`` (each "District" row of the dossier)."""
    lines = [line.strip() for line in text.splitlines()]
    return [lines[i + 1] for i, line in enumerate(lines) if line == label]


def piloted_in_xihu(db_url: str, accounts: Accounts, *, firm_district: str | None) -> str:
    """A partnership whose scene names no district and whose pilot runs at a 西湖区 site;
    the firm's registry record has ``firm_district`` (none: the firm is not in it)."""
    with session_factory(db_url)() as db:
        code = in_pilot(db, accounts, "地铁站客流分析")
        site = PilotSet(
            scope="客流",
            site="西湖区文新派出所",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 6, 30),
        )
        pilots.set_pilot(db, actor_of(accounts.department), code, site)
        if firm_district is not None:
            body = FirmImport(name="云图智能", district_code=firm_district)
            firm = firm_service.import_firm(db, SYSTEM, body)
            firm_service.link_org(db, SYSTEM, firm.id, accounts.firm.org_id)
        db.commit()
    return code


def test_the_dossier_names_the_scenes_and_the_firms_districts_in_its_language(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    code = piloted_in_xihu(db_url, accounts, firm_district=BINJIANG)
    firm = bearer(client, accounts.firm)
    pdf = client.get(f"/api/v1/partnerships/{code}/dossier.pdf?lang=zh_CN", headers=firm)
    assert pdf.status_code == 200, pdf.text
    assert district_row(pdf_text(pdf.content), "区县") == ["西湖区", "滨江区"]
    docx = client.get(f"/api/v1/partnerships/{code}/dossier.docx?lang=en", headers=firm)
    assert docx.status_code == 200, docx.text
    assert district_row(docx_text(docx.content), "District") == ["Xihu", "Binjiang"]
    zh_docx = client.get(f"/api/v1/partnerships/{code}/dossier.docx?lang=zh_CN", headers=firm)
    assert district_row(docx_text(zh_docx.content), "区县") == ["西湖区", "滨江区"]


def test_a_district_no_record_names_is_said_to_be_not_stated(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    code = piloted_in_xihu(db_url, accounts, firm_district=None)
    centre = bearer(client, accounts.operator)
    docx = client.get(f"/api/v1/partnerships/{code}/dossier.docx?lang=en", headers=centre)
    assert district_row(docx_text(docx.content), "District") == ["Xihu", "not stated"]
    pdf = client.get(f"/api/v1/partnerships/{code}/dossier.pdf?lang=zh_CN", headers=centre)
    assert district_row(pdf_text(pdf.content), "区县") == ["西湖区", "未注明"]


def test_the_district_the_scene_names_comes_before_the_pilot_sites(
    db_url: str, accounts: Accounts, tmp_path: Path
) -> None:
    with session_factory(db_url)() as db:
        code = in_pilot(db, accounts, "萧山区路面病害巡检")
        site = PilotSet(
            scope="巡检",
            site="西湖区文新街道",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 6, 30),
        )
        pilots.set_pilot(db, actor_of(accounts.department), code, site)
        centre, store = actor_of(accounts.operator), AttachmentStore.of(tmp_path)
        assert dossier_records.dossier(db, centre, code, "zh_CN", store).scene.district == "萧山区"
        assert dossier_records.dossier(db, centre, code, "en", store).scene.district == "Xiaoshan"
