"""Reasons of one (scene, firm) result, as structured data that pages render in zh or en."""

from __future__ import annotations

from collections.abc import Mapping

from scenehub.industry.taxonomy import Segment
from scenehub.matching.documents import STAGE_ANY, STAGES, FirmDoc, Reason, SceneDoc
from scenehub.matching.index import Bm25
from scenehub.matching.profile import MAIN_WEIGHT, Profile
from scenehub.matching.text import normalise

MAX_TERMS = 6
# Characters of a quoted sentence in a reason (a sentence of a description rarely has more).
QUOTE_CHARS = 80


def explain(
    scene: SceneDoc,
    scene_profile: Profile,
    firm: FirmDoc,
    firm_profile: Profile,
    components: dict[str, float],
    bm25: Bm25,
    segments: Mapping[str, Segment],
    quote: tuple[str, float] | None = None,
) -> tuple[Reason, ...]:
    """Similar meaning (quoting the closest sentence), segment, shared concepts and words,
    stage, track record and constraints, in that order."""
    reasons: list[Reason] = []
    if quote is not None and components.get("semantic", 0.0) > 0:
        sentence, similarity = quote
        reasons.append(Reason("similar", {"sentence": _clip(sentence), "similarity": similarity}))
    if components["segment"] > 0:
        reasons.append(_segment_reason(scene_profile, firm_profile, segments))
    shared_concepts = _shared_concepts(scene_profile, firm_profile)
    if shared_concepts:
        reasons.append(Reason("concepts", {"terms": shared_concepts}))
    words = _shared_words(scene_profile, firm_profile, set(shared_concepts), bm25)
    if words:
        reasons.append(Reason("terms", {"terms": words}))
    reasons.append(_stage_reason(scene, firm))
    if firm.pilots > 0:
        reasons.append(Reason("track_record", {"pilots": firm.pilots}))
    if scene.on_premise:
        reasons.append(Reason("on_premise", {"stated": firm_profile.on_premise}))
    if scene.security_vetting:
        reasons.append(Reason("security_vetting", {"vetted": firm.vetted}))
    if components["district"] > 0:
        reasons.append(Reason("district", {"district": firm.district}))
    return tuple(reasons)


def _clip(sentence: str) -> str:
    """A quoted sentence, cut to QUOTE_CHARS characters."""
    return sentence if len(sentence) <= QUOTE_CHARS else sentence[: QUOTE_CHARS - 1] + "…"


def _segment_reason(scene: Profile, firm: Profile, segments: Mapping[str, Segment]) -> Reason:
    """The shared segment that gives the segment component its value, and the evidence."""
    shared = [key for key in scene.segments if key in firm.segments]
    key = max(shared, key=lambda k: scene.segments[k] * firm.segments[k])
    segment = segments[key]
    return Reason(
        "segment",
        {
            "code": key,
            "zh": segment.zh,
            "en": segment.en,
            "scene_main": scene.segments[key] == MAIN_WEIGHT,
            "firm_main": firm.segments[key] == MAIN_WEIGHT,
            "scene_terms": _terms_for(scene, key),
            "firm_terms": _terms_for(firm, key),
        },
    )


def _terms_for(profile: Profile, key: str) -> list[str]:
    """The taxonomy terms of a text that point to a segment (the expansion made visible)."""
    terms = dict.fromkeys(hit.term for hit in profile.hits if key in hit.segments)
    return list(terms)[:MAX_TERMS]


def _shared_concepts(scene: Profile, firm: Profile) -> list[str]:
    firm_terms = {hit.term for hit in firm.hits}
    shared = dict.fromkeys(hit.term for hit in scene.hits if hit.term in firm_terms)
    return list(shared)[:MAX_TERMS]


def _shared_words(scene: Profile, firm: Profile, skip: set[str], bm25: Bm25) -> list[str]:
    """Words both texts use, rarest in the index first (the ones BM25 weighs most)."""
    firm_words = set(firm.words)
    skip_words = {normalise(word) for word in skip}
    shared = [w for w in scene.words if w in firm_words and w not in skip_words]
    ranked = sorted((bm25.document_frequency(w), w) for w in bm25.specific(shared))
    return [w for _, w in ranked[:MAX_TERMS]]


def _stage_reason(scene: SceneDoc, firm: FirmDoc) -> Reason:
    preference = scene.stage_preference or STAGE_ANY
    if preference == STAGE_ANY or preference not in STAGES:
        fit = "any"
    elif not firm.stage:
        fit = "unknown"
    else:
        fit = "fits" if firm.stage == preference else "mismatch"
    return Reason("stage", {"preference": preference, "stage": firm.stage, "fit": fit})
