"""The nomination dossier: the PDF carries the Chinese text in an embedded font; the DOCX opens
in python-docx with its KPI table, names an East Asian font in every run and embeds the
subset of the font that its text needs, recoverable from the obfuscated part."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from scenehub.partnerships.dossier import (
    Attachment,
    Contract,
    Dossier,
    Evaluation,
    FirmFacts,
    Kpi,
    Milestone,
    Photo,
    PilotFacts,
    SceneFacts,
    dossier_docx,
    dossier_pdf,
)
from scenehub.partnerships.readiness import Evidence, assess
from scenehub.printing import cjk_font_file, obfuscate
from scenehub.translator import Translator
from tests.conftest import pdf_fonts

needs_font = pytest.mark.skipif(cjk_font_file() is None, reason="no CJK font on this machine")
ZH = Translator("zh_CN")

READINESS = assess(
    Evidence(
        pilot_completed=True,
        kpis_met=2,
        kpis_total=3,
        grade="A",
        sites_beyond_pilot=0,
        contracted=True,
        compliance={"data_security_review": True, "pi_impact_assessment": False},
        months_in_operation=8,
    )
)
DOSSIER = Dossier(
    scene=SceneFacts(
        code="HZ-2026-017",
        title="地铁站台异物智能巡检",
        department="杭州市城市管理局",
        domain="Urban governance",
        district="滨江区",
        description="在地铁站台部署具身智能巡检机器人，发现异物并告警。",
    ),
    firm=FirmFacts(name="杭州云巡科技有限公司", uscc="91330108MA2K7Y3Q19", district="滨江区"),
    pilot=PilotFacts(
        scope="两条线路十个站台",
        site="江陵路站",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
        data_granted=("站台视频（脱敏）", "设备告警记录"),
    ),
    readiness=READINESS,
    milestones=(
        Milestone("完成部署", date(2026, 3, 31), date(2026, 3, 28)),
        Milestone("中期评估", date(2026, 6, 1)),
    ),
    kpis=(
        Kpi("异物识别准确率", "%", 71.0, 95.0, 96.2, True),
        Kpi("平均告警时延", "秒", 120, 30, 24, True),
        Kpi("人工巡检替代率", "%", None, 60, 41, False),
    ),
    evaluation=Evaluation(
        grade="A",
        rubric=(("技术成熟度", 9.0), ("应用成效", 8.5)),
        comment="运行稳定，建议扩大至全线网。",
        evaluated_by="王工（城管局）",
        evaluated_on=date(2026, 9, 10),
    ),
    contract=Contract("competitive_consultation", 1_280_000, date(2026, 10, 8)),
    attachments=(
        Attachment("site-photo-01.jpg", "jpeg", "江陵路站部署现场", 2_400_000, date(2026, 4, 2)),
        Attachment("evaluation.pdf", "pdf", "城管局评价报告", 86_000, date(2026, 9, 12)),
    ),
    prepared_on=date(2026, 11, 2),
)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@needs_font
def test_the_chinese_pdf_carries_the_dossier_in_an_embedded_font() -> None:
    data = dossier_pdf(DOSSIER, ZH)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for words in (
        "地铁站台异物智能巡检",
        "杭州云巡科技有限公司",
        "91330108MA2K7Y3Q19",
        "异物识别准确率",
    ):
        assert words in text
    for heading in ("试点", "评价", "附件"):
        assert heading in text
    assert "竞争性磋商" in text and "1,280,000.00" in text
    assert "个人信息保护影响评估" in text  # the missing compliance check, in Chinese
    assert "Milestones" not in text
    embedded = [name for name, inside in pdf_fonts(data).items() if inside]
    assert embedded and all("+" in name for name in embedded), embedded  # subsets, embedded


def test_the_dossier_prints_on_a_machine_with_only_noto_cjk(only_noto_cjk: Path) -> None:
    data = dossier_pdf(DOSSIER, ZH)
    text = pdf_text(data)
    assert "地铁站台异物智能巡检" in text and "杭州云巡科技有限公司" in text
    assert pdf_fonts(data)["STSong-Light"] is False
    document = docx_parts(dossier_docx(DOSSIER, ZH))
    assert "word/fonts/font1.odttf" not in document  # nothing to embed: Word supplies SimSun
    assert 'w:eastAsia="SimSun"' in document["word/document.xml"].decode()


def test_the_english_pdf_speaks_english_around_the_records() -> None:
    text = pdf_text(dossier_pdf(DOSSIER, str))
    assert "Milestones" in text and "Attachments" in text
    assert "Competitive consultation" in text
    assert "2 of 3 KPIs met; at least 3 must be met." in text
    assert "site-photo-01.jpg" in text and "江陵路站部署现场" in text


def test_the_attachments_list_gives_each_files_kind_size_and_day() -> None:
    text = pdf_text(dossier_pdf(DOSSIER, str))
    assert "Photo (JPEG)" in text and "2.3 MB" in text and "2026-04-02" in text
    assert "PDF document" in text and "84.0 KB" in text and "城管局评价报告" in text


def a_photo(width: int = 640, height: int = 360) -> Photo:
    image = Image.new("RGB", (width, height), (40, 120, 200))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return Photo(out.getvalue(), width, height)


def with_photo() -> Dossier:
    first, second = DOSSIER.attachments
    return replace(DOSSIER, attachments=(replace(first, photo=a_photo()), second))


def test_the_pdf_and_the_docx_show_the_photos_with_their_captions() -> None:
    pdf = PdfReader(io.BytesIO(dossier_pdf(with_photo(), str)))
    images = [image for page in pdf.pages for image in page.images]
    assert len(images) == 1
    assert pdf_text(dossier_pdf(with_photo(), str)).count("江陵路站部署现场") == 2  # list, photo
    parts = docx_parts(dossier_docx(with_photo(), str))
    assert [name for name in parts if name.startswith("word/media/")] == ["word/media/image1.jpg"]
    document = Document(io.BytesIO(dossier_docx(with_photo(), str)))
    photo_table = document.tables[-1]
    assert photo_table.rows[0].cells[0].paragraphs[-1].text == "江陵路站部署现场"


def test_a_dossier_without_evaluation_or_contract_says_so() -> None:
    bare = replace(DOSSIER, evaluation=None, contract=None, kpis=(), attachments=())
    text = pdf_text(dossier_pdf(bare, str))
    assert "The department has not evaluated the pilot yet." in text
    assert "No procurement contract yet." in text


def docx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_docx_opens_with_its_kpi_table_and_names_an_east_asian_font_in_every_run() -> None:
    data = dossier_docx(DOSSIER, ZH)
    document = Document(io.BytesIO(data))
    kpi_table = next(t for t in document.tables if t.rows[0].cells[0].text == "KPI")
    assert [c.text for c in kpi_table.rows[0].cells] == [
        "KPI",
        "单位",
        "基线值",
        "目标值",
        "实际值",
        "是否达成",
    ]
    assert [r.cells[0].text for r in kpi_table.rows[1:]] == [k.name for k in DOSSIER.kpis]
    assert kpi_table.rows[3].cells[2].text == "—" and kpi_table.rows[3].cells[5].text == "否"
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r
        for t in document.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert len(runs) > 50
    families = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs}
    assert len(families) == 1 and None not in families
    assert "地铁站台异物智能巡检" in document.paragraphs[0].text


@needs_font
def test_the_docx_embeds_the_subset_of_the_font_its_text_uses() -> None:
    data = dossier_docx(DOSSIER, ZH)
    parts = docx_parts(data)
    table = parts["word/fontTable.xml"].decode()
    family = re.search(r'w:name="([^"]+)"><w:charset w:val="86"/>', table)
    assert family is not None
    embed = re.search(r'<w:embedRegular r:id="(\w+)" w:fontKey="(\{[0-9A-F-]+\})"/>', table)
    assert embed is not None
    rels = parts["word/_rels/fontTable.xml.rels"].decode()
    assert f'Id="{embed.group(1)}"' in rels and 'Target="fonts/font1.odttf"' in rels
    assert "obfuscatedFont" in parts["[Content_Types].xml"].decode()
    assert "<w:embedTrueTypeFonts/>" in parts["word/settings.xml"].decode()
    font = TTFont(io.BytesIO(obfuscate(parts["word/fonts/font1.odttf"], uuid.UUID(embed.group(2)))))
    assert font["name"].getDebugName(1) == family.group(1)
    cmap = font.getBestCmap()
    for ch in "地铁站台异物智能巡检杭州云巡科技有限公司试点评价":
        assert ord(ch) in cmap
    assert ord("龘") not in cmap  # a subset, not the whole font
    assert len(parts["word/fonts/font1.odttf"]) < 400_000
    # python-docx still reads the document, and every run names the embedded family
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == family.group(
        1
    )
