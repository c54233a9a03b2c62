"""What printed documents share: Word's font obfuscation as the standard defines it, and the
font subset that a Word document embeds."""

from __future__ import annotations

import io
import uuid

import pytest
from fontTools.ttLib import TTFont

from scenehub.printing import cjk_font_file, font_subset, obfuscate, word_font

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
