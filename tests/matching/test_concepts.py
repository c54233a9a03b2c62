from __future__ import annotations

import pytest

from scenehub.industry.taxonomy import Chain, Segment
from scenehub.matching.concepts import (
    MAX_SEGMENTS_PER_TERM,
    ConceptMap,
    evidence,
    segment_terms,
    strongest,
)
from scenehub.scenes.domains import DOMAIN_LABELS


@pytest.fixture(scope="module")
def concepts(chain: Chain) -> ConceptMap:
    return ConceptMap(chain)


def _find(concepts: ConceptMap, text: str) -> list[str]:
    hits = concepts.find(concepts.analyzer.analyze(text).words)
    return [key for hit in hits for key in hit.segments]


def _specific_terms(chain: Chain, segment: Segment) -> list[str]:
    """Terms of a segment that no other segment lists."""
    others = {t for s in chain.segments if s.key != segment.key for t in segment_terms(s)}
    return [t for t in segment.keywords if t not in others]


def test_every_keyword_of_every_segment_maps_back_to_its_segment(
    chain: Chain, concepts: ConceptMap
) -> None:
    for segment in concepts.segments.values():
        for term in _specific_terms(chain, segment):
            assert segment.key in _find(concepts, f"我们提供{term}服务"), (segment.key, term)


def test_traditional_spelling_of_a_keyword_still_maps(chain: Chain, concepts: ConceptMap) -> None:
    segment = chain.by_domain("policing")
    assert segment is not None
    term = next(t for t in _specific_terms(chain, segment) if "警" in t or "安" in t)
    from opencc import OpenCC

    traditional = OpenCC("s2t.json").convert(term)
    assert segment.key in _find(concepts, traditional)


def test_a_synonym_and_a_keyword_of_one_segment_meet_in_the_same_concept(
    chain: Chain, concepts: ConceptMap
) -> None:
    """Expansion: two different words, one segment."""
    for domain in DOMAIN_LABELS:
        segment = chain.by_domain(domain)
        assert segment is not None
        specific = _specific_terms(chain, segment)
        synonyms = [s for s in segment.synonyms if s not in specific]
        if specific and synonyms:
            assert segment.key in _find(concepts, synonyms[0])
            assert segment.key in _find(concepts, specific[0])


def test_terms_listed_by_many_segments_are_not_concepts(chain: Chain, concepts: ConceptMap) -> None:
    counts: dict[str, int] = {}
    for segment in concepts.segments.values():
        for term in set(segment_terms(segment)):
            counts[term] = counts.get(term, 0) + 1
    shared = [t for t, n in counts.items() if n > MAX_SEGMENTS_PER_TERM]
    for term in shared:
        assert _find(concepts, term) == []


def test_english_multi_word_names_are_found(chain: Chain, concepts: ConceptMap) -> None:
    segment = next(s for s in concepts.segments.values() if " " in s.en)
    assert segment.key in _find(concepts, f"We build {segment.en} for cities.")


def test_the_off_chain_segment_is_never_a_concept(chain: Chain, concepts: ConceptMap) -> None:
    off_chain = [s.key for s in chain.segments if s.key not in concepts.segments]
    assert len(off_chain) <= 1
    for segment in chain.segments:
        if segment.key in off_chain:
            for term in segment.keywords:
                assert not set(_find(concepts, term)) & set(off_chain)


def test_strongest_segments_come_first_and_noise_is_dropped() -> None:
    found = {"a": 3.0, "b": 1.0, "c": 0.2}
    assert strongest(found) == ("a", "b")
    assert strongest({}) == ()


def test_evidence_is_shared_among_the_segments_listing_a_term(concepts: ConceptMap) -> None:
    hits = concepts.find(concepts.analyzer.analyze("").words)
    assert evidence(hits) == {}
