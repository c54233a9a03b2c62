"""What an attachment may be, told from its name and its bytes (no database): each listed kind
is recognised, an empty, oversized, unlisted, mislabelled or macro-carrying file is refused
with its reason; a photo is made small and upright for the dossier."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook
from PIL import Image

from scenehub.errors import PayloadTooLarge, ValidationFailed
from scenehub.partnerships.attachment_files import THUMBNAIL_PIXELS, identify, thumbnail
from scenehub.partnerships.attachment_kinds import clean_file_name, size_text

LIMIT = 1024 * 1024


def image_bytes(form: str = "JPEG", size: tuple[int, int] = (64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:  # a camera held upright: stored landscape, shown turned (orientation 6)
        tags = Image.Exif()
        tags[0x0112] = 6
        image.save(out, form, exif=tags)
    else:
        image.save(out, form)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("现场照片.JPG", image_bytes("JPEG"), "jpeg"),
        ("site.jpeg", image_bytes("JPEG"), "jpeg"),
        ("site.png", image_bytes("PNG"), "png"),
        ("评价报告.pdf", PDF, "pdf"),
        ("方案.docx", docx_bytes(), "docx"),
        ("KPI.xlsx", xlsx_bytes(), "xlsx"),
    ],
)
def test_each_listed_kind_is_known_from_its_name_and_content(
    name: str, data: bytes, kind: str
) -> None:
    cleaned, found = identify(name, data, LIMIT)
    assert cleaned == name and found.key == kind


def test_an_empty_file_and_a_missing_name_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="is empty"):
        identify("a.pdf", b"", LIMIT)
    with pytest.raises(ValidationFailed, match="choose a file"):
        identify("", PDF, LIMIT)


def test_a_file_over_the_limit_is_413_naming_the_limit() -> None:
    with pytest.raises(PayloadTooLarge) as refused:
        identify("a.pdf", PDF + b"x" * LIMIT, LIMIT)
    assert refused.value.status == 413 and refused.value.params["limit"] == "1"


@pytest.mark.parametrize("name", ["setup.exe", "notes.txt", "page.html", "photo", "a.docm"])
def test_an_unlisted_kind_is_refused_listing_the_kinds(name: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        identify(name, b"MZ\x90\x00 whatever", LIMIT)
    assert ".jpg" in refused.value.params["kinds"] and ".xlsx" in refused.value.params["kinds"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", image_bytes("PNG")),  # a PNG named as a JPEG
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("plan.docx", xlsx_bytes()),  # a workbook named as a Word document
        ("sheet.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_content_that_is_not_what_its_name_says_is_refused(name: str, data: bytes) -> None:
    with pytest.raises(ValidationFailed, match="whatever its name says"):
        identify(name, data, LIMIT)


def test_a_document_with_macros_is_refused() -> None:
    out = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(out, "a") as package:
        package.writestr("word/vbaProject.bin", b"\x00" * 16)
    with pytest.raises(ValidationFailed, match="macros"):
        identify("plan.docx", out.getvalue(), LIMIT)


def test_a_file_name_keeps_its_last_part_and_its_suffix() -> None:
    assert clean_file_name("C:\\Users\\li\\照片\\站台.jpg") == "站台.jpg"
    assert clean_file_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_file_name("a\x00b\n.png") == "ab.png"
    long = clean_file_name("长" * 300 + ".xlsx")
    assert len(long) == 200 and long.endswith(".xlsx")


def test_sizes_read_as_people_read_them() -> None:
    assert [size_text(n) for n in (870, 12_700, 3_250_000)] == ["870 B", "12.4 KB", "3.1 MB"]


def test_a_photo_is_made_small_and_upright_for_the_dossier() -> None:
    small = thumbnail(image_bytes("JPEG", (2000, 1000), exif=True))
    assert small is not None and small.data.startswith(b"\xff\xd8")
    assert (small.width, small.height) == (THUMBNAIL_PIXELS // 2, THUMBNAIL_PIXELS)  # turned
    assert thumbnail(image_bytes("PNG", (100, 50))) is not None
    assert thumbnail(b"\xff\xd8\xff broken") is None
