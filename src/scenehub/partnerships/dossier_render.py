"""The layout a dossier is written in (headings, label–value facts, tables, text, photos),
and how it is set as a reportlab story and as a python-docx document with one font for every
run. A photo is JPEG bytes in memory; ``attachment_files.image_stream`` hands them to the
two libraries as the file object they read pictures from (nothing here opens a file)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

EMPTY = "—"  # the one row of a table with none
WIDTH = 450.0  # points across an A4 page within reportlab's inch margins


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Facts:
    rows: tuple[tuple[str, str], ...]  # (label, value)


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Text:
    text: str
    items: tuple[str, ...] = ()  # a bulleted list after the text


@dataclass(frozen=True)
class Photo:
    data: bytes  # JPEG
    width: int  # pixels
    height: int
    caption: str = ""


@dataclass(frozen=True)
class Photos:
    items: tuple[Photo, ...]


Block = Heading | Facts | Grid | Text | Photos
PHOTOS_PER_ROW = 3


def all_text(blocks: Sequence[Block]) -> str:
    """Every character the blocks print (the glyphs a font subset needs)."""
    parts: list[str] = [EMPTY]
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(block.text)
        elif isinstance(block, Text):
            parts += [block.text, *block.items]
        elif isinstance(block, Facts):
            parts += [cell for row in block.rows for cell in row]
        elif isinstance(block, Photos):
            parts += [photo.caption for photo in block.items]
        else:
            parts += [*block.header, *(cell for row in block.rows for cell in row)]
    return "".join(parts)


def _rows(grid: Grid) -> list[tuple[str, ...]]:
    return list(grid.rows) or [tuple(EMPTY for _ in grid.header)]


def _photo_rows(photos: Photos) -> list[tuple[Photo | None, ...]]:
    """The photos PHOTOS_PER_ROW to a row, the last row filled with None."""
    items: list[Photo | None] = list(photos.items)
    items += [None] * (-len(items) % PHOTOS_PER_ROW)
    return [tuple(items[i : i + PHOTOS_PER_ROW]) for i in range(0, len(items), PHOTOS_PER_ROW)]


def _fit(photo: Photo, width: float) -> tuple[float, float]:
    """The photo's size within ``width`` points across and as many down (aspect kept)."""
    scale = width / max(photo.width, photo.height, 1)
    return photo.width * scale, photo.height * scale


# PDF (reportlab) ---------------------------------------------------------------------


def pdf_story(title: str, blocks: Sequence[Block], font: str) -> list[Any]:
    """The flowables of a document of ``blocks`` set in ``font``."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    styles = {
        "title": ParagraphStyle("title", fontName=font, fontSize=17, leading=24, spaceAfter=8),
        "heading": ParagraphStyle(
            "heading", fontName=font, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4
        ),
        "body": ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11),
    }
    story: list[Any] = [Paragraph(escape(title), styles["title"])]
    for block in blocks:
        story += _pdf_block(block, styles, font)
    return story


def _pdf_block(block: Block, styles: dict[str, Any], font: str) -> list[Any]:
    from reportlab.platypus import Paragraph

    if isinstance(block, Heading):
        return [Paragraph(escape(block.text), styles["heading"])]
    if isinstance(block, Text):
        items = [Paragraph("• " + escape(item), styles["body"]) for item in block.items]
        return [Paragraph(escape(block.text), styles["body"]), *items]
    cell = styles["cell"]
    if isinstance(block, Photos):
        return [_pdf_photos(block, cell, font)]
    if isinstance(block, Facts):
        rows = [[Paragraph(escape(a), cell), Paragraph(escape(b), cell)] for a, b in block.rows]
        return [_pdf_table(rows, font, [110.0, WIDTH - 110.0], header=False)]
    header = [Paragraph(escape(h), cell) for h in block.header]
    body = [[Paragraph(escape(c), cell) for c in row] for row in _rows(block)]
    return [_pdf_table([header, *body], font, None, header=True)]


def _pdf_photos(block: Photos, cell: Any, font: str) -> Any:
    from reportlab.platypus import Image, Paragraph

    from scenehub.partnerships.attachment_files import image_stream

    side = WIDTH / PHOTOS_PER_ROW - 12

    def shown(photo: Photo | None) -> list[Any] | str:
        if photo is None:
            return ""
        width, height = _fit(photo, side)
        picture = Image(image_stream(photo.data), width=width, height=height)
        return [picture, Paragraph(escape(photo.caption), cell)]

    rows = [[shown(photo) for photo in row] for row in _photo_rows(block)]
    return _pdf_table(rows, font, [WIDTH / PHOTOS_PER_ROW] * PHOTOS_PER_ROW, header=False)


def _pdf_table(rows: list[list[Any]], font: str, widths: list[float] | None, header: bool) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    shade = (0, 0), (-1, 0) if header else (0, -1)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", *shade, colors.HexColor("#e0ecf8")),
        ]
    )
    width = widths or [WIDTH / len(rows[0])] * len(rows[0])
    return Table(rows, colWidths=width, style=style, repeatRows=1 if header else 0, hAlign="LEFT")


# DOCX (python-docx) ------------------------------------------------------------------

THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
STYLES = ("Normal", "Title", "Heading 1", "List Bullet", "Table Grid")


def word_document(title: str, blocks: Sequence[Block], family: str) -> Any:
    """A python-docx document of ``blocks`` in which the styles and every run name
    ``family`` for Latin and East Asian text alike."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    for properties in [
        *([rpr] if rpr is not None else []),
        *(document.styles[name].element.get_or_add_rPr() for name in STYLES),
    ]:
        _name_font(properties, family)
        _chinese(properties)
    _run(document.add_heading(level=0), title, family)
    for block in blocks:
        _word_block(document, block, family)
    return document


def _word_block(document: Any, block: Block, family: str) -> None:
    if isinstance(block, Heading):
        _run(document.add_heading(level=1), block.text, family)
    elif isinstance(block, Text):
        _run(document.add_paragraph(), block.text, family)
        for item in block.items:
            _run(document.add_paragraph(style="List Bullet"), item, family)
    elif isinstance(block, Photos):
        _word_photos(document, block, family)
    elif isinstance(block, Facts):
        table = document.add_table(rows=0, cols=2, style="Table Grid")
        for label, value in block.rows:
            cells = table.add_row().cells
            _run(cells[0].paragraphs[0], label, family, bold=True)
            _run(cells[1].paragraphs[0], value, family)
    else:
        table = document.add_table(rows=1, cols=len(block.header), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            _run(cell.paragraphs[0], text, family, bold=True)
        for row in _rows(block):
            for cell, text in zip(table.add_row().cells, row, strict=True):
                _run(cell.paragraphs[0], text, family)


def _word_photos(document: Any, block: Photos, family: str) -> None:
    from docx.shared import Pt

    from scenehub.partnerships.attachment_files import image_stream

    table = document.add_table(rows=0, cols=PHOTOS_PER_ROW, style="Table Grid")
    side = WIDTH / PHOTOS_PER_ROW - 12
    for row in _photo_rows(block):
        for cell, photo in zip(table.add_row().cells, row, strict=True):
            if photo is None:
                continue
            width, height = _fit(photo, side)
            picture = cell.paragraphs[0].add_run()
            picture.add_picture(image_stream(photo.data), width=Pt(width), height=Pt(height))
            _run(cell.add_paragraph(), photo.caption, family)


def _run(paragraph: Any, text: str, family: str, *, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    _name_font(run._element.get_or_add_rPr(), family)


def _name_font(rpr: Any, family: str) -> None:
    """``family`` for every script of a run (or style) properties element; theme fonts,
    which would win over it, are removed."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), family)
    for theme in THEME_FONTS:
        fonts.attrib.pop(qn(theme), None)


def _chinese(rpr: Any) -> None:
    """East Asian text is Simplified Chinese (Word's line breaking and fallback)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
