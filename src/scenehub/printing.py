"""What printed documents share: the machine's CJK font (registered with reportlab for PDFs,
subset and embedded for Word), and the bytes of a finished PDF story or Word document.

The documents themselves (the industry map's report, a salon's schedule, a nomination
dossier) only lay out their content; the file reading and byte buffers live here.

Word embedded fonts (ECMA-376 Part 1, 17.8.1): the font goes into the package as an
obfuscated part (``word/fonts/*.odttf``: its first 32 bytes XORed with the GUID that
``w:fontKey`` names, bytes in reverse order), ``word/fontTable.xml`` names it with
``w:embedRegular``, and ``word/settings.xml`` says ``w:embedTrueTypeFonts``. Only the glyphs
a document uses are embedded (fontTools' subsetter), so a dossier stays a few hundred KB.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from scenehub.settings import get_settings

# The CJK fonts Debian and Ubuntu packages install with TrueType outlines, which reportlab
# can embed (a subset of) in a PDF and Word in a document: fonts-wqy-zenhei,
# fonts-wqy-microhei, fonts-arphic-uming, fonts-arphic-ukai, fonts-droid-fallback. The first
# usable one wins (SCENEHUB_CJK_FONT names another file or a folder instead).
#
# Debian's fonts-noto-cjk (/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc) is not among
# them: its outlines are PostScript (CFF), which reportlab refuses ("postscript outlines are
# not supported") — the industry report was a 500 on a server with only that font. Such a
# font is passed over, and without a usable font a PDF names STSong-Light, one of Adobe's CID
# fonts that reportlab ships the metrics of: nothing to install and nothing embedded, the
# reader's viewer supplies the glyphs (Acrobat's Asian fonts, pdf.js, poppler through
# fontconfig — Noto CJK itself on such a machine); a Word document names SimSun. Chosen over
# a font shipped inside a Python wheel: the CJK fonts on PyPI are side packages of other
# projects (a printer library's wqy-microhei) or Noto CJK, CFF again, and a full CJK font
# would add 10–20 MB to every install for documents that print without it.
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/arphic/ukai.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
PDF_FONT = "SceneCJK"  # the embedded TrueType font is registered as SceneCJK-<file stem>
FALLBACK_PDF_FONT = "STSong-Light"
FALLBACK_WORD_FONT = "SimSun"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_RELATIONSHIP = R + "/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def cjk_font_file() -> Path | None:
    """The CJK font printed documents embed: the first usable font (see
    :func:`embeddable_cjk_font`) of the file or folder ``SCENEHUB_CJK_FONT`` names, else of
    :data:`CJK_FONTS`; None when there is none."""
    return _first_embeddable(get_settings().cjk_font)


@lru_cache(maxsize=8)
def _first_embeddable(place: Path | None) -> Path | None:
    candidates = CJK_FONTS if place is None else _font_files(place)
    return next((path for path in candidates if embeddable_cjk_font(path)), None)


def _font_files(place: Path) -> list[Path]:
    """``place`` itself, or the font files in the folder it names, in name order."""
    if not place.is_dir():
        return [place]
    return sorted(p for p in place.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)


def embeddable_cjk_font(path: Path) -> bool:
    """Whether ``path`` is a font (its first face, in a collection) that reportlab and Word can
    embed a subset of and that sets Chinese: TrueType outlines (``glyf``, not CFF), a licence
    that allows subsetting (OS/2 ``fsType`` read as reportlab reads it), and Chinese glyphs."""
    from fontTools.ttLib import TTFont

    if not path.is_file():
        return False
    try:
        font = TTFont(str(path), fontNumber=0, lazy=True)
    except Exception:  # not a font fontTools can read: passed over like any other unusable one
        return False
    with font:
        if "glyf" not in font:
            return False
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
        if fs_type == 0x0002 or fs_type & 0x0300:  # restricted, or no subsetting allowed
            return False
        cmap = font.getBestCmap() or {}
        return all(ord(ch) in cmap for ch in "中文场景")


def pdf_font() -> str:
    """The reportlab font name to set Chinese text in: the machine's TrueType CJK font,
    registered (and so embedded, subset, in every PDF that uses it), else STSong-Light."""
    return _registered_pdf_font(cjk_font_file())


@lru_cache(maxsize=8)
def _registered_pdf_font(path: Path | None) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if path is None:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_PDF_FONT))
        return FALLBACK_PDF_FONT
    name = f"{PDF_FONT}-{path.stem}"
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


def pdf_bytes(story: Sequence[Any], *, pagesize: tuple[float, float], title: str) -> bytes:
    """The PDF of a reportlab story (flowables)."""
    from reportlab.platypus import SimpleDocTemplate

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=pagesize, title=title).build(list(story))
    return out.getvalue()


@dataclass(frozen=True)
class WordFont:
    """The family a Word document names for its text, and whether it can be embedded."""

    family: str
    embeddable: bool


def word_font() -> WordFont:
    """The family a Word document names: the machine's CJK font (embedded, subset), else
    SimSun, which Word supplies itself."""
    path = cjk_font_file()
    if path is None:
        return WordFont(FALLBACK_WORD_FONT, embeddable=False)
    return _word_font(path)


@lru_cache(maxsize=8)
def _word_font(path: Path) -> WordFont:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), fontNumber=0, lazy=True) as font:
        return WordFont(str(font["name"].getDebugName(1)), embeddable=True)


def font_subset(text: str) -> bytes:
    """A TrueType font holding the machine's CJK font's glyphs for the characters of
    ``text`` (and the ASCII range, which Word uses for punctuation and figures)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = cjk_font_file()
    assert path is not None, "font_subset needs a CJK font (see word_font().embeddable)"
    font = TTFont(str(path), fontNumber=0)
    options = subset.Options()
    options.name_IDs = ["*"]  # Word matches the embedded font by its family name
    options.notdef_outline = True
    options.drop_tables += ["BDF", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(ch) for ch in text} | set(range(0x20, 0x7F)))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def obfuscate(font: bytes, key: uuid.UUID) -> bytes:
    """An embedded font part's bytes: the first 32 bytes XORed with the key's bytes in
    reverse order (the same operation undoes it)."""
    mask = key.bytes[::-1]
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def docx_bytes(document: Any) -> bytes:
    """The bytes of a python-docx document."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def embed_word_font(docx: bytes, family: str, font: bytes) -> bytes:
    """``docx`` with ``font`` embedded as the regular face of ``family``."""
    key = uuid.uuid4()
    target = "fonts/font1.odttf"
    parts = _read_zip(docx)
    parts["word/" + target] = obfuscate(font, key)
    parts["word/fontTable.xml"] = _font_table(parts["word/fontTable.xml"], family, key)
    parts["word/_rels/fontTable.xml.rels"] = _font_rels(target)
    parts["word/settings.xml"] = _embedding_settings(parts["word/settings.xml"])
    parts["[Content_Types].xml"] = _odttf_type(parts["[Content_Types].xml"])
    return _write_zip(parts)


def _read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write_zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _xml(element: Any) -> bytes:
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True))


def _font_table(data: bytes, family: str, key: uuid.UUID) -> bytes:
    root = etree.fromstring(data)
    for old in root.findall(f"{{{W}}}font[@{{{W}}}name='{family}']"):
        root.remove(old)
    entry = etree.SubElement(root, f"{{{W}}}font", {f"{{{W}}}name": family})
    etree.SubElement(entry, f"{{{W}}}charset", {f"{{{W}}}val": "86"})  # GB2312
    etree.SubElement(entry, f"{{{W}}}family", {f"{{{W}}}val": "auto"})
    etree.SubElement(entry, f"{{{W}}}pitch", {f"{{{W}}}val": "variable"})
    etree.SubElement(
        entry,
        f"{{{W}}}embedRegular",
        {f"{{{R}}}id": "rIdFont1", f"{{{W}}}fontKey": "{" + str(key).upper() + "}"},
    )
    return _xml(root)


def _font_rels(target: str) -> bytes:
    root = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    etree.SubElement(
        root,
        f"{{{PKG_RELS}}}Relationship",
        {"Id": "rIdFont1", "Type": FONT_RELATIONSHIP, "Target": target},
    )
    return _xml(root)


def _embedding_settings(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for name in ("saveSubsetFonts", "embedTrueTypeFonts"):
        if root.find(f"{{{W}}}{name}") is None:
            # both belong near the top of w:settings (after w:writeProtection/w:view/w:zoom …)
            root.insert(_settings_position(root), etree.Element(f"{{{W}}}{name}"))
    return _xml(root)


def _settings_position(root: Any) -> int:
    """Where the embedding flags go in the schema's order: after any of the elements the
    schema puts before them."""
    before = {"writeProtection", "view", "zoom", "removePersonalInformation"}
    before |= {"removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape"}
    before |= {"printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData"}
    index = 0
    for i, child in enumerate(root):
        if etree.QName(child).localname in before:
            index = i + 1
    return index


def _odttf_type(data: bytes) -> bytes:
    root = etree.fromstring(data)
    if root.find(f"{{{CONTENT_TYPES}}}Default[@Extension='odttf']") is None:
        etree.SubElement(
            root,
            f"{{{CONTENT_TYPES}}}Default",
            {"Extension": "odttf", "ContentType": OBFUSCATED_FONT},
        )
    return _xml(root)
