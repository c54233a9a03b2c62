"""Rank firms for a scene and scenes for a firm, with reasons and a reproducible score.

score = Σ weight × component over ``weights.COMPONENTS``; each component lies in [0, 1] and
is returned with the result (rounded to 6 decimals, the score computed from the rounded
values), so the score of every result can be recomputed from the published weights.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from scenehub.matching.documents import FirmDoc, Match, SceneDoc
from scenehub.matching.explain import explain
from scenehub.matching.index import (
    NO_DISTRICT,
    Bools,
    Floats,
    Index,
    Ints,
    firm_text,
    scene_text,
    stage_code,
    track_record,
)
from scenehub.matching.profile import CONCEPT_PREFIX, Profile
from scenehub.matching.text import sentences
from scenehub.matching.weights import COMPONENTS, DEFAULT_WEIGHTS, Weights

DIGITS = 6
# A document with no shared segment needs at least this text component to be ranked: a
# bigram or two in common (管理 in 餐饮管理 and 慢病管理) is not evidence.
MIN_TEXT = 0.1
# This much semantic similarity is evidence as well (96 % of the clearly relevant pairs of
# an independent judged set reach it, 18 % of all pairs do; docs/matching.md).
MIN_SEMANTIC = 0.25
# Results beyond ``top`` whose exact score is recomputed, so rounding never reorders the cut.
_MARGIN = 10
# Vector scores this close to the cut count as equal to it (float32 rounding).
_TIE = 1e-6


@dataclass(frozen=True)
class _Query:
    """The fixed side of one ranking, as the vector formulas need it."""

    profile: Profile
    stage: int
    vetted: bool
    on_premise: bool
    district: str | None
    track: float


def rank_firms_for_scene(
    scene: SceneDoc, firms: Index[FirmDoc], *, top: int = 20, weights: Weights = DEFAULT_WEIGHTS
) -> list[Match]:
    """The ``top`` firms for a scene, best first, each with its components and reasons.

    A scene that needs security vetting ranks only vetted firms; a firm without evidence —
    no shared chain segment, not among the closest in meaning, no uncommon word in common —
    is not ranked, nor is a branch office whose head office is indexed. Ties go by firm id.
    """
    vector = _query_vector(scene_text(scene), firms)
    profile = firms.profiler.scene(scene)
    if vector is not None and firms.segmenter is not None and profile.detected:
        profile = replace(profile, segments=firms.segmenter.scenes([scene], vector[None])[0])
    query = _Query(
        profile,
        stage_code(scene.stage_preference),
        scene.security_vetting,
        scene.on_premise,
        scene.district,
        0.0,
    )
    components = _scene_side_components(query, firms)
    components["semantic"] = _cosines(vector, firms)
    eligible = _eligible(components, _shares_specific(profile, firms)) & ~firms.covered
    if scene.security_vetting:
        eligible &= firms.vetted
    matches = []
    for row, values in _best(firms, components, eligible, weights, top):
        firm = firms.docs[row]
        firm_profile = replace(firms.profiler.firm(firm), segments=firms.doc_segments[row])
        quote = closest_sentence(vector, firms, row, firm.description)
        reasons = explain(
            scene, profile, firm, firm_profile, values, firms.bm25, firms.profiler.segments, quote
        )
        matches.append(Match(firm.id, score_of(values, weights), values, reasons))
    return matches


def rank_scenes_for_firm(
    firm: FirmDoc, scenes: Index[SceneDoc], *, top: int = 20, weights: Weights = DEFAULT_WEIGHTS
) -> list[Match]:
    """The ``top`` scenes for a firm, best first, with the same components seen from the
    firm's side (its text relevance is relative to the scene it fits best).

    Scenes that need security vetting are never recommended to a firm that is not vetted.
    """
    vector = _query_vector(firm_text(firm), scenes)
    profile = scenes.profiler.firm(firm)
    if vector is not None and scenes.segmenter is not None and profile.detected:
        profile = replace(profile, segments=scenes.segmenter.firms([firm], vector[None])[0])
    query = _Query(
        profile,
        stage_code(firm.stage),
        firm.vetted,
        profile.on_premise,
        firm.district,
        track_record(firm.pilots),
    )
    components = _firm_side_components(query, scenes)
    components["semantic"] = _cosines(vector, scenes)
    eligible = _eligible(components, _shares_specific(profile, scenes))
    if not firm.vetted:
        eligible &= ~scenes.vetted
    matches = []
    for row, values in _best(scenes, components, eligible, weights, top):
        scene = scenes.docs[row]
        scene_profile = replace(scenes.profiler.scene(scene), segments=scenes.doc_segments[row])
        quote = closest_sentence(vector, scenes, row, scene.description)
        reasons = explain(
            scene,
            scene_profile,
            firm,
            profile,
            values,
            scenes.bm25,
            scenes.profiler.segments,
            quote,
        )
        matches.append(Match(scene.id, score_of(values, weights), values, reasons))
    return matches


def _text(query: Profile, index: Index[FirmDoc] | Index[SceneDoc]) -> Floats:
    scores = index.bm25.scores(query.tokens)
    best = float(scores.max(initial=0.0))
    return scores / best if best > 0 else scores


def _query_vector(text: str, index: Index[FirmDoc] | Index[SceneDoc]) -> Floats | None:
    """The query's sentence vector, with the index's encoder (None without one)."""
    if index.encoder is None or index.embeddings is None:
        return None
    vector: Floats = index.encoder.encode([text])[0]
    return vector


def _cosines(vector: Floats | None, index: Index[FirmDoc] | Index[SceneDoc]) -> Floats:
    """Cosine of the query's and each document's vector, below 0 counted as 0."""
    if vector is None or index.embeddings is None or len(index) == 0:
        return np.zeros(len(index), dtype=np.float32)
    cosine: Floats = np.clip(index.embeddings @ vector, 0.0, 1.0).astype(np.float32)
    return cosine


def closest_sentence(
    vector: Floats | None, index: Index[FirmDoc] | Index[SceneDoc], row: int, body: str
) -> tuple[str, float] | None:
    """The sentence of a document's description closest in meaning to the query, and its
    cosine (a description of one sentence is that sentence)."""
    if vector is None or index.sentence_rows is None or index.sentence_vectors is None:
        return None
    start, end = int(index.sentence_rows[row]), int(index.sentence_rows[row + 1])
    if end == start:
        parts = sentences(body)
        whole = float(index.embeddings[row] @ vector) if index.embeddings is not None else 0.0
        return (parts[0], round(whole, 3)) if parts else None
    cosines = index.sentence_vectors[start:end].astype(np.float32) @ vector
    best = int(np.argmax(cosines))
    return sentences(body)[best], round(float(cosines[best]), 3)


def _segment(weights: dict[str, float], index: Index[FirmDoc] | Index[SceneDoc]) -> Floats:
    """Largest product of the query's and each document's weight on a shared segment."""
    keys = index.profiler.segment_keys
    columns = [keys.index(key) for key in weights]
    if not columns:
        return np.zeros(len(index), dtype=np.float32)
    wanted = np.array(list(weights.values()), dtype=np.float32)
    products: Floats = index.segments[:, columns] * wanted
    best: Floats = products.max(axis=1)
    return best


def _stage(preference: Ints | int, firm_stage: Ints | int) -> Floats:
    """1 if the preference is any (0) or equals the stage, 0.5 if the stage is unknown, else 0."""
    same = np.equal(preference, firm_stage)
    fit = np.where(np.equal(firm_stage, 0), 0.5, np.where(same, 1.0, 0.0))
    result: Floats = np.where(np.equal(preference, 0), 1.0, fit).astype(np.float32)
    return result


def _scene_side_components(query: _Query, firms: Index[FirmDoc]) -> dict[str, Floats]:
    n = len(firms)
    district = firms.district_code(query.district)
    return {
        "text": _text(query.profile, firms),
        "segment": _segment(query.profile.segments, firms),
        "stage": _stage(query.stage, firms.stage),
        "track_record": firms.track,
        "constraints": firms.on_premise.astype(np.float32)
        if query.on_premise
        else np.ones(n, dtype=np.float32),
        "district": (firms.district == district).astype(np.float32)
        if district != NO_DISTRICT
        else np.zeros(n, dtype=np.float32),
    }


def _firm_side_components(query: _Query, scenes: Index[SceneDoc]) -> dict[str, Floats]:
    n = len(scenes)
    district = scenes.district_code(query.district)
    stated = np.float32(1.0 if query.on_premise else 0.0)
    return {
        "text": _text(query.profile, scenes),
        "segment": _segment(query.profile.segments, scenes),
        "stage": _stage(scenes.stage, query.stage),
        "track_record": np.full(n, query.track, dtype=np.float32),
        "constraints": np.where(scenes.on_premise, stated, np.float32(1.0)).astype(np.float32),
        "district": (scenes.district == district).astype(np.float32)
        if district != NO_DISTRICT
        else np.zeros(n, dtype=np.float32),
    }


def _shares_specific(query: Profile, index: Index[FirmDoc] | Index[SceneDoc]) -> Bools:
    """Documents that share a word or concept with the query that few documents use."""
    tokens = [*query.words, *(t for t in query.tokens if t.startswith(CONCEPT_PREFIX))]
    shared: Bools = index.bm25.scores(index.bm25.specific(tokens)) > 0
    return shared


def _eligible(components: dict[str, Floats], shares_specific: Bools) -> Bools:
    """Some evidence: a shared chain segment; or text relevance of MIN_TEXT with a specific
    word or concept in common (not only bigrams or common words); or semantic similarity."""
    text = (components["text"] >= MIN_TEXT) & shares_specific
    return text | (components["semantic"] >= MIN_SEMANTIC) | (components["segment"] > 0)


def _pick(
    index: Index[FirmDoc] | Index[SceneDoc],
    components: dict[str, Floats],
    eligible: Bools,
    weights: Weights,
    top: int,
) -> list[int]:
    """Rows of the best eligible documents by vector score (a few beyond ``top``); among
    equal scores at the cut, the smallest ids."""
    candidates = np.flatnonzero(eligible)
    wanted = min(len(candidates), top + _MARGIN) if top > 0 else 0
    if wanted == 0:
        return []
    values = weights.as_dict()
    total = np.zeros(len(index), dtype=np.float32)
    for name in COMPONENTS:
        total += np.float32(values[name]) * components[name]
    scores = total[candidates]
    cut = np.partition(-scores, wanted - 1)[wanted - 1]
    near = candidates[-scores <= cut + _TIE]
    order = np.lexsort((index.id_order[near], -total[near]))[:wanted]
    return [int(row) for row in near[order]]


def _best(
    index: Index[FirmDoc] | Index[SceneDoc],
    components: dict[str, Floats],
    eligible: Bools,
    weights: Weights,
    top: int,
) -> list[tuple[int, dict[str, float]]]:
    """(row, exact components) of the ``top`` best: best score first, ties by id."""
    rows = _pick(index, components, eligible, weights, top)
    exact = [(row, _exact(components, row)) for row in rows]
    exact.sort(key=lambda item: (-score_of(item[1], weights), index.docs[item[0]].id))
    return exact[:top]


def _exact(components: dict[str, Floats], row: int) -> dict[str, float]:
    return {name: round(float(components[name][row]), DIGITS) for name in COMPONENTS}


def score_of(components: dict[str, float], weights: Weights = DEFAULT_WEIGHTS) -> float:
    """Σ weight × component, rounded to 6 decimals: how anybody recomputes a result's score."""
    values = weights.as_dict()
    return round(sum(values[name] * components.get(name, 0.0) for name in COMPONENTS), DIGITS)
