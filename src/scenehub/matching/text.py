"""Text analysis for matching: Chinese and English, simplified and traditional, one pipeline.

``normalise`` folds a text into one comparable form (NFKC, traditional → simplified, lower
case, no emoji or control characters, capped length); ``Analyzer`` then segments it with
rjieba and a domain dictionary (the chain taxonomy's terms), keeps content words, and adds the
character bigrams of every Chinese run so that words the dictionary does not know still match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import opencc
import rjieba
from bm25s.stopwords import (  # type: ignore[import-untyped]
    STOPWORDS_CHINESE,
    STOPWORDS_EN_PLUS,
)

# A longer description is cut here before analysis: a scene or capability text is a few
# hundred characters; 20,000 keeps every real one whole and bounds the cost of a pasted book.
MAX_TEXT_CHARS = 20_000
# Characters of raw input looked at before normalising (NFKC may shrink or grow a text a little).
_RAW_LIMIT = MAX_TEXT_CHARS * 2
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_HAS_CJK = re.compile(f"[{_CJK}]")
# Whatever is not a letter, digit or CJK character (punctuation, emoji, symbols, control and
# format characters) becomes a space; "_" too, which \w would keep.
_NOT_WORD = re.compile(r"[\W_]+")
# Words that carry no meaning for matching, beside the usual function words: the boilerplate
# of business scopes (经营范围) and of scene write-ups.
_DOMAIN_STOPWORDS = frozenset(
    {
        "一般项目",
        "依法",
        "批准",
        "项目",
        "营业执照",
        "自主",
        "开展",
        "经营",
        "活动",
        "除",
        "须经",
        "凭",
        "公司",
        "有限公司",
        "有限责任公司",
        "约",
        # The fillers of capability texts: 提供…整体解决方案，具备…能力，团队…人。
        "提供",
        "具备",
        "能力",
        "支持",
        "团队",
        "相关",
        "包括",
        "利用",
        "打造",
        "覆盖",
        "深耕",
        "围绕",
        "领域",
        "客户",
    }
)
# Frequency given to the domain dictionary's words: above any common word's (提供 ≈ 17,000),
# so that 数据交易 in 提供数据交易服务 is not split into 提供数据 · 交易.
DOMAIN_WORD_FREQ = 50_000
STOPWORDS = frozenset(STOPWORDS_CHINESE) | frozenset(STOPWORDS_EN_PLUS) | _DOMAIN_STOPWORDS


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def normalise(text: str | None) -> str:
    """One comparable form of a text: NFKC, simplified Chinese, lower case, words and spaces.

    Traditional characters become simplified (OpenCC t2s), full-width letters and digits
    half-width (NFKC); emoji, punctuation, symbols and control characters become spaces; the
    result is cut to ``MAX_TEXT_CHARS``.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text[:_RAW_LIMIT])
    simplified: str = _to_simplified().convert(folded)
    words = _NOT_WORD.sub(" ", simplified.lower()).strip()
    return words[:MAX_TEXT_CHARS]


def cjk_bigrams(text: str) -> list[str]:
    """The character bigrams of every Chinese run (a one-character run is kept whole)."""
    grams: list[str] = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


@dataclass(frozen=True)
class Analysis:
    """A text as matching sees it."""

    words: tuple[str, ...]  # content words in text order (dictionary-aware segmentation)
    bigrams: tuple[str, ...]  # character bigrams of the Chinese runs
    text: str = ""  # the normalised text

    @property
    def tokens(self) -> list[str]:
        """What BM25 indexes: the words and the bigrams."""
        return [*self.words, *self.bigrams]


def _is_content_word(word: str) -> bool:
    if not word.isalnum() or word.isdigit() or word in STOPWORDS:
        return False
    # Single Chinese characters are covered by the bigrams.
    return len(word) > 1 or not _HAS_CJK.search(word)


def _singular(word: str) -> str:
    """chips → chip, drones → drone; not analysis, status, class (a crude but even-handed fold)."""
    if len(word) > 3 and word.endswith("s") and word[-2] not in "siu" and word.isascii():
        return word[:-1]
    return word


class Analyzer:
    """Segments normalised text with rjieba, extended by a domain dictionary.

    Texts are analysed chunk by chunk (the runs between spaces, which normalising puts where
    punctuation was), and a chunk's words are remembered: business scopes and scene
    write-ups repeat their standard phrases (技术服务、技术开发、技术咨询…) across thousands of
    documents.
    """

    def __init__(self, dictionary: Iterable[str] = (), cache_size: int = 50_000) -> None:
        self._jieba = rjieba.Jieba()
        for term in sorted({normalise(t) for t in dictionary}):
            # Multi-word English terms ("computer vision") are matched as word sequences.
            if term and " " not in term:
                self._jieba.add_word(term, DOMAIN_WORD_FREQ, None)
        self._chunk = lru_cache(maxsize=cache_size)(self._analyze_chunk)

    def _analyze_chunk(self, chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        words = tuple(_singular(w) for w in self._jieba.cut(chunk) if _is_content_word(w))
        return words, tuple(cjk_bigrams(chunk))

    def words(self, normalised: str) -> tuple[str, ...]:
        """Content words of an already normalised text (English plurals folded)."""
        return tuple(word for chunk in normalised.split() for word in self._chunk(chunk)[0])

    def analyze(self, text: str | None) -> Analysis:
        """Normalise, segment and add bigrams."""
        clean = normalise(text)
        parts = [self._chunk(chunk) for chunk in clean.split()]
        words = tuple(word for chunk_words, _ in parts for word in chunk_words)
        bigrams = tuple(gram for _, chunk_bigrams in parts for gram in chunk_bigrams)
        return Analysis(words, bigrams, clean)


# Where a sentence ends: Chinese and Latin end marks and line breaks (not semicolons: in a
# business scope they part the items of one list).
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s+|\n+")
# Sentences of a text that reasons may quote (the rest are rarely the closest).
MAX_SENTENCES = 4
_MIN_SENTENCE_CHARS = 4


def sentences(text: str | None) -> list[str]:
    """The first ``MAX_SENTENCES`` sentences of a text, as written (not normalised)."""
    if not text:
        return []
    found = (part.strip() for part in _SENTENCE_END.split(text[:_RAW_LIMIT]) if part)
    return [s for s in found if len(s) >= _MIN_SENTENCE_CHARS][:MAX_SENTENCES]
