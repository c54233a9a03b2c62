"""What printed documents share: Word's font obfuscation as the standard defines it, and the
font subset that a Word document embeds."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from scenehub.printing import (
    FALLBACK_PDF_FONT,
    FALLBACK_WORD_FONT,
    WordFont,
    cjk_font_file,
    font_subset,
    obfuscate,
    pdf_font,
    word_font,
)
from tests.conftest import DEJAVU, NOTO_CJK, cjk_font_setting, font_folder

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # fonts-wqy-zenhei: TrueType

KEY = uuid.UUID("{00112233-4455-6677-8899-AABBCCDDEEFF}")


def test_obfuscation_xors_the_first_32_bytes_with_the_key_reversed() -> None:
    font = bytes(40)
    hidden = obfuscate(font, KEY)
    reversed_key = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert hidden[:16] == reversed_key and hidden[16:32] == reversed_key
    assert hidden[32:] == bytes(8)
    assert obfuscate(hidden, KEY) == font


@pytest.mark.skipif(cjk_font_file() is None, reason="no CJK font on this machine")
def test_a_subset_holds_the_glyphs_of_its_text_and_the_family_name() -> None:
    font = TTFont(io.BytesIO(font_subset("场景创新")))
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "场景创新0A%")
    assert ord("龙") not in cmap
    assert font["name"].getDebugName(1) == word_font().family
    assert "glyf" in font


def test_a_machine_with_only_noto_cjk_names_stsong_light_and_simsun(only_noto_cjk: Path) -> None:
    # Noto CJK's outlines are PostScript (CFF), which reportlab cannot embed: it is passed
    # over, and the documents name the fonts a reader's viewer supplies.
    assert cjk_font_file() is None
    assert pdf_font() == FALLBACK_PDF_FONT
    assert word_font() == WordFont(FALLBACK_WORD_FONT, embeddable=False)


@pytest.mark.skipif(not WQY.exists(), reason="fonts-wqy-zenhei is not installed")
def test_the_lookup_takes_the_truetype_cjk_font_of_a_folder_or_the_file_named(
    tmp_path: Path,
) -> None:
    folder = font_folder(tmp_path / "fonts", *NOTO_CJK.glob("*.ttc"), DEJAVU, WQY)
    with cjk_font_setting(folder):
        assert cjk_font_file() == folder / WQY.name
        assert pdf_font() != FALLBACK_PDF_FONT
        assert word_font().embeddable
    with cjk_font_setting(WQY):
        assert cjk_font_file() == WQY
    with cjk_font_setting(tmp_path / "nowhere"):
        assert cjk_font_file() is None and pdf_font() == FALLBACK_PDF_FONT
