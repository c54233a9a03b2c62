"""Concepts: the chain taxonomy's terms found in a text, and the segments they point to.

Every segment lists its names (zh, en), the industry words of firm names, the keywords of
business scopes and capability texts, and synonyms. A term found in a text is evidence for
the segments that list it; a term listed by several segments counts for each a share. This is
the "expansion through the taxonomy": 机器狗 in a scene and 四足机器人 in a capability text
are different words but point to the same segment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scenehub.industry.taxonomy import Chain, Segment
from scenehub.matching.text import Analyzer, normalise

# A term listed by more segments than this says nothing about which one (智能科技, 信息技术).
MAX_SEGMENTS_PER_TERM = 3
# The layer of the chain's "not an AI firm" segment: never a concept, never matched on.
OFF_CHAIN_LAYER = "other"
# Longest multi-word term, in words ("city information model cim").
_MAX_TERM_WORDS = 5
# Evidence a firm's name or a scene's title gives, against one mention in the body.
TITLE_FACTOR = 2.0
# A segment below this share of the strongest one is noise, not a concept of the text.
MIN_EVIDENCE_SHARE = 0.2
MAX_DETECTED_SEGMENTS = 4


@dataclass(frozen=True)
class ConceptHit:
    """One taxonomy term found in a text (as it is spelled in the taxonomy)."""

    term: str
    segments: tuple[str, ...]


def segment_terms(segment: Segment) -> tuple[str, ...]:
    """All the words that name or describe a segment."""
    return (segment.zh, segment.en, *segment.words, *segment.keywords, *segment.synonyms)


class ConceptMap:
    """Taxonomy terms (as word sequences of the analyzer) → the segments that list them."""

    def __init__(self, chain: Chain) -> None:
        on_chain = [s for s in chain.segments if s.layer != OFF_CHAIN_LAYER]
        self.segments = {segment.key: segment for segment in on_chain}
        listed: dict[str, set[str]] = defaultdict(set)
        spelled: dict[str, str] = {}
        for segment in on_chain:
            for term in segment_terms(segment):
                key = normalise(term)
                if key:
                    listed[key].add(segment.key)
                    spelled.setdefault(key, term)
        self.analyzer = Analyzer(spelled.values())
        self._terms: dict[tuple[str, ...], ConceptHit] = {}
        for key, keys in listed.items():
            words = self.analyzer.words(key) or (key,)
            if len(keys) <= MAX_SEGMENTS_PER_TERM and len(words) <= _MAX_TERM_WORDS:
                self._terms[words] = ConceptHit(spelled[key], tuple(sorted(keys)))
        self._lengths = sorted({len(words) for words in self._terms}, reverse=True)
        self._starts = {words[0] for words in self._terms}

    def find(self, words: Sequence[str]) -> list[ConceptHit]:
        """Taxonomy terms in a word sequence, longest first, without overlaps."""
        hits: list[ConceptHit] = []
        i = 0
        while i < len(words):
            if words[i] not in self._starts:
                i += 1
                continue
            for length in self._lengths:
                hit = self._terms.get(tuple(words[i : i + length]))
                if hit is not None:
                    hits.append(hit)
                    i += length
                    break
            else:
                i += 1
        return hits


def evidence(hits: Iterable[ConceptHit], factor: float = 1.0) -> dict[str, float]:
    """Segment → evidence: each hit gives ``factor`` shared among the segments listing it."""
    found: dict[str, float] = defaultdict(float)
    for hit in hits:
        for key in hit.segments:
            found[key] += factor / len(hit.segments)
    return dict(found)


def merge(*parts: dict[str, float]) -> dict[str, float]:
    """Sum evidence dictionaries."""
    total: dict[str, float] = defaultdict(float)
    for part in parts:
        for key, value in part.items():
            total[key] += value
    return dict(total)


def strongest(found: dict[str, float]) -> tuple[str, ...]:
    """The segments a text is about, strongest first (ties by key, for reproducibility)."""
    if not found:
        return ()
    top = max(found.values())
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    kept = [key for key, value in ranked if value >= MIN_EVIDENCE_SHARE * top]
    return tuple(kept[:MAX_DETECTED_SEGMENTS])
