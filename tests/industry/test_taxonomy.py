"""The chain taxonomy is issue 6's public contract: exactly its codes, named, described and
linked; the loader refuses a file that breaks the contract."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scenehub.industry.taxonomy import CHAIN_FILE, TaxonomyError, load_chain
from scenehub.scenes.domains import DOMAIN_LABELS

CHAIN = load_chain()
CODES = (
    *("F.chip", "F.eda", "F.fab", "F.semi_equip", "F.compute", "F.data", "F.sensor"),
    *("T.llm", "T.cv", "T.speech", "T.nlp", "T.ml_platform", "T.security"),
    *("E.humanoid", "E.quadruped", "E.industrial_robot", "E.service_robot"),
    *("E.components", "E.brain", "E.drone", "E.autonomous_driving"),
    *("A.public_security", "A.urban_planning", "A.city_management", "A.transport"),
    *("A.environment", "A.health", "A.education", "A.elderly", "A.culture"),
    *("A.manufacturing", "A.finance", "A.agriculture", "A.government", "A.energy"),
    *("A.legal", "A.retail"),
    "X.other",
)
LAYER_OF_PREFIX = {
    "F": "foundation",
    "T": "technology",
    "E": "embodied",
    "A": "application",
    "X": "other",
}


def test_the_chain_has_exactly_the_issues_codes_in_order() -> None:
    assert tuple(s.key for s in CHAIN.segments) == CODES


def test_every_segment_sits_in_the_layer_its_prefix_names() -> None:
    assert all(s.layer == LAYER_OF_PREFIX[s.key[0]] for s in CHAIN.segments)
    assert [s.key for s in CHAIN.segments if not s.is_ai] == ["X.other"]
    assert len(CHAIN.ai_segments) == len(CODES) - 1


def test_every_segment_is_named_and_described_in_both_languages() -> None:
    for s in CHAIN.segments:
        assert s.zh and s.en and s.description_zh and s.description_en, s.key
        assert s.words and s.synonyms, s.key
        assert any(not w.isascii() for w in s.synonyms), s.key  # Chinese synonyms
        assert any(w.isascii() for w in s.synonyms), s.key  # and English ones


def test_keywords_are_rich_and_tell_the_segments_apart() -> None:
    owners: dict[str, str] = {}
    for s in CHAIN.segments:
        assert len(s.keywords) >= 6, s.key
        assert len(set(s.keywords)) == len(s.keywords), s.key
        for keyword in s.keywords:
            assert owners.setdefault(keyword, s.key) == s.key, keyword
    # No keyword hides inside another segment's keyword, so matching one never finds both.
    for keyword, owner in owners.items():
        inside = [k for k, o in owners.items() if o != owner and keyword in k]
        assert inside == [], (owner, keyword, inside)


def test_links_mirror_each_other_and_join_ai_segments_only() -> None:
    for s in CHAIN.segments:
        for code in s.upstream:
            assert s.key in CHAIN.segment(code).downstream, (s.key, code)
        for code in s.downstream:
            assert s.key in CHAIN.segment(code).upstream, (s.key, code)
    assert CHAIN.segment("X.other").neighbours == ()
    assert all(s.neighbours for s in CHAIN.ai_segments)
    assert all(not s.downstream for s in CHAIN.ai_segments if s.layer == "application")
    # Chip design stands on EDA and the fabs; the fabs on equipment and materials.
    assert set(CHAIN.segment("F.chip").upstream) == {"F.eda", "F.fab"}
    assert CHAIN.segment("F.fab").upstream == ("F.semi_equip",)
    assert {"E.components", "E.brain"} <= set(CHAIN.segment("E.humanoid").upstream)


def test_every_scene_domain_is_served_by_one_application_segment() -> None:
    served = [d for s in CHAIN.segments for d in s.scene_domains]
    assert sorted(served) == sorted(DOMAIN_LABELS)
    for domain in DOMAIN_LABELS:
        segment = CHAIN.by_domain(domain)
        assert segment is not None and segment.layer == "application"
    assert CHAIN.by_domain("emergency") == CHAIN.segment("A.public_security")
    assert CHAIN.by_domain("policing") == CHAIN.segment("A.public_security")
    assert CHAIN.by_domain("planning") == CHAIN.segment("A.urban_planning")


def raw_chain() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CHAIN_FILE.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def segment_of(data: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in data["segments"] if s["key"] == code)
    return found


def _duplicate_code(data: dict[str, Any]) -> None:
    data["segments"].append(copy.deepcopy(segment_of(data, "A.legal")))


def _wrong_layer(data: dict[str, Any]) -> None:
    segment_of(data, "E.drone")["layer"] = "technology"


def _bad_code(data: dict[str, Any]) -> None:
    segment_of(data, "A.retail")["key"] = "retail"


def _unknown_link(data: dict[str, Any]) -> None:
    segment_of(data, "T.cv")["upstream"].append("F.quantum")


def _one_sided_link(data: dict[str, Any]) -> None:
    segment_of(data, "A.legal")["upstream"].append("T.speech")


def _circle(data: dict[str, Any]) -> None:
    segment_of(data, "F.eda")["upstream"].append("F.chip")
    segment_of(data, "F.chip")["downstream"].append("F.eda")


def _unserved_domain(data: dict[str, Any]) -> None:
    segment_of(data, "A.public_security")["scene_domains"] = ["policing"]


def _domain_served_twice(data: dict[str, Any]) -> None:
    segment_of(data, "A.city_management")["scene_domains"].append("emergency")


def _unknown_domain(data: dict[str, Any]) -> None:
    segment_of(data, "A.legal")["scene_domains"] = ["courts"]


def _domain_on_a_technology(data: dict[str, Any]) -> None:
    segment_of(data, "A.culture")["scene_domains"] = []
    segment_of(data, "T.llm")["scene_domains"] = ["culture"]


def _shared_keyword(data: dict[str, Any]) -> None:
    segment_of(data, "T.nlp")["keywords"].append("大模型")


def _no_other(data: dict[str, Any]) -> None:
    data["segments"] = [s for s in data["segments"] if s["key"] != "X.other"]


def _missing_field(data: dict[str, Any]) -> None:
    del segment_of(data, "F.sensor")["description_en"]


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (_duplicate_code, "A.legal appears twice"),
        (_wrong_layer, "E.drone: layer 'technology' does not match its prefix E"),
        (_bad_code, "'retail' is not a code"),
        (_unknown_link, "T.cv: upstream F.quantum is not a segment"),
        (_one_sided_link, "A.legal has T.speech upstream, but T.speech lacks A.legal downstream"),
        (_circle, "circle: F."),
        (_unserved_domain, "no application segment serves the scene domains ['emergency']"),
        (_domain_served_twice, "'emergency' is served by both"),
        (_unknown_domain, "'courts' is not a scene domain"),
        (_domain_on_a_technology, "T.llm: only application segments serve scene domains"),
        (_shared_keyword, "'大模型' belongs to both T.llm and T.nlp"),
        (_no_other, "lacks X.other"),
        (_missing_field, "lacks 'description_en'"),
    ],
)
def test_a_file_breaking_the_contract_is_refused(
    tmp_path: Path, break_it: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = raw_chain()
    break_it(data)
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"chain\.yaml: ") as refused:
        load_chain(path)
    assert message in str(refused.value)


def test_the_shipped_file_round_trips_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(raw_chain(), allow_unicode=True), encoding="utf-8")
    assert load_chain(path) == CHAIN
