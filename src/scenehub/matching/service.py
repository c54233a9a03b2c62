"""Matching for the web: the registry's firms and the open scenes as matching documents,
indexes cached until the registry changes, rankings with names for the pages.

The ranking itself is the pure core (``rank.py``); this module only feeds it and remembers
the firm index between requests (building it reads every firm once). Its files — the firms'
vectors and the industry classifier in the data dir, the sentence encoder's model — are the
caller's ``Settings`` (the app's, from ``SettingsDep``; the CLI's, from its environment).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from scenehub.firms import service as firm_service
from scenehub.firms.schemas import FirmRead, MatchProfile
from scenehub.governance import purposes, reads
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.industry.model_store import default_classifier, default_model_path
from scenehub.industry.segmenter import ChainSegmenter
from scenehub.industry.taxonomy import load_chain
from scenehub.matching.documents import FirmDoc, Match, Reason, SceneDoc
from scenehub.matching.duplicates import duplicate_scenes
from scenehub.matching.index import (
    Encoder,
    Index,
    build_firm_index,
    build_scene_index,
    firm_texts_to_encode,
)
from scenehub.matching.rank import rank_firms_for_scene as rank_firms
from scenehub.matching.rank import rank_scenes_for_firm as rank_scenes
from scenehub.matching.reasons import render_reason
from scenehub.matching.semantic import shared_encoder
from scenehub.matching.vectors import VectorStore, vector_path
from scenehub.matching.weights import HARD_FILTERS, published_method
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneRead
from scenehub.settings import Settings
from scenehub.translator import Translator

# A scene department's words, in the order a reader meets them.
SCENE_TEXT_FIELDS = ("background", "pain_points", "wanted", "offered", "constraints")


# What a ranking shows of each firm (its published profile), logged for each firm with an
# account: one entry per firm, so that each firm's own trail shows the ranking it was in.
RANKED_FIELDS = ("name", "description", "district_code", "stage", "segments", "pilots")


@dataclass(frozen=True)
class RankedFirm:
    firm: MatchProfile
    match: Match


@dataclass(frozen=True)
class RankedScene:
    scene: SceneRead
    match: Match


@dataclass(frozen=True)
class DuplicateNeed:
    first: SceneRead
    second: SceneRead
    similarity: float
    shared_terms: tuple[str, ...]
    same_department: bool  # entered twice by one department (else two departments' one need)


def scene_doc(scene: SceneRead) -> SceneDoc:
    return SceneDoc(
        id=scene.code,
        title=scene.title,
        description="\n".join(getattr(scene, f) for f in SCENE_TEXT_FIELDS if getattr(scene, f)),
        domain=scene.domain,
        department=str(scene.department_org_id),
        stage_preference=scene.stage_preference,
        wanted_segments=tuple(scene.wanted_segments),
        on_premise=scene.on_premise,
        security_vetting=scene.security_vetting,
    )


def firm_doc(firm: MatchProfile) -> FirmDoc:
    return FirmDoc(
        id=str(firm.id),
        name=firm.name,
        description=firm.description,
        district=firm.district_code,
        stage=firm.stage if firm.stage != "any" else None,
        segments=tuple(firm.segments),
        vetted=firm.vetted,
        pilots=firm.pilots,
    )


def _encoder(settings: Settings) -> Encoder:
    return shared_encoder(str(settings.encoder_path or ""))


_SEGMENTERS: dict[tuple[str, str, float], ChainSegmenter] = {}


def _segmenter(encoder: Encoder, data_dir: Path) -> ChainSegmenter:
    """The industry classifier of ``data_dir`` as matching's segmenter, loaded again when
    ``scenehub map`` has trained a new one."""
    path = default_model_path(data_dir)
    key = (str(path), encoder.name, path.stat().st_mtime if path.exists() else 0.0)
    if key not in _SEGMENTERS:
        classifier = default_classifier(data_dir, load_chain(), encoder)
        for stale in [k for k in _SEGMENTERS if k[0] == key[0]]:  # other apps' stay
            del _SEGMENTERS[stale]
        _SEGMENTERS[key] = ChainSegmenter(classifier)
    return _SEGMENTERS[key]


class _FirmIndexCache:
    """The firm index per database and data dir, rebuilt when the registry's version
    changes; the firms' vectors are kept in the data dir, so a rebuild encodes only new or
    changed firms."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: dict[
            tuple[str, str, str], tuple[object, Index[FirmDoc], dict[str, MatchProfile]]
        ] = {}

    def get(
        self,
        session: Session,
        settings: Settings,
        on_encoded: Callable[[int, int], None] | None = None,
    ) -> tuple[Index[FirmDoc], dict[str, MatchProfile]]:
        url = str(session.get_bind().engine.url)
        key = (url, str(settings.data_dir), str(settings.encoder_path or ""))
        version = firm_service.registry_version(session)
        with self._lock:
            cached = self._cached.get(key)
            if cached is not None and cached[0] == version:
                return cached[1], cached[2]
        profiles = firm_service.match_profiles(session)
        docs = [firm_doc(p) for p in profiles]
        encoder = _encoder(settings)
        store = VectorStore(encoder, vector_path(settings.data_dir, "firms", encoder))
        texts = firm_texts_to_encode(docs)
        done = 0

        def encoded(n: int) -> None:
            nonlocal done
            done += n
            if on_encoded is not None:
                on_encoded(done, len(texts))

        store.vectors(texts, on_encoded=encoded)
        segmenter = _segmenter(encoder, settings.data_dir)
        index = build_firm_index(docs, encoder=store, segmenter=segmenter)
        store.save()
        by_id = {str(p.id): p for p in profiles}
        with self._lock:
            self._cached[key] = (version, index, by_id)
        return index, by_id


FIRM_INDEX = _FirmIndexCache()


def prepare_firm_index(
    session: Session, settings: Settings, on_encoded: Callable[[int, int], None] | None = None
) -> int:
    """Encode the registry's new or changed firms and build the firm index now (after a
    registry sync or a map build), so that no page waits for it; the number of firms."""
    index, _ = FIRM_INDEX.get(session, settings, on_encoded)
    return len(index)


# Scenes' vectors in memory: the open scenes are encoded once per process, not per request.
_SCENE_VECTORS: dict[str, VectorStore] = {}


def _scene_encoder(settings: Settings) -> VectorStore:
    encoder = _encoder(settings)
    return _SCENE_VECTORS.setdefault(encoder.name, VectorStore(encoder))


def rank_firms_for_scene(
    session: Session, actor: Actor, scene_code: str, top: int = 20, *, settings: Settings
) -> list[RankedFirm]:
    """The scene's best firms with reasons, for its department and the centre."""
    scene = scene_service.for_matching(session, actor, scene_code)
    index, profiles = FIRM_INDEX.get(session, settings)
    matches = rank_firms(scene_doc(scene), index, top=top)
    ranked = [RankedFirm(profiles[m.id], m) for m in matches]
    for place, r in enumerate(ranked, start=1):
        reads.log_read(
            session,
            actor,
            action="matching.rank_firms",
            resource_type="scene",
            resource_id=scene.code,
            subject_org_id=r.firm.org_id,
            fields=RANKED_FIELDS,
            purpose=purposes.SCENE_MATCHING,
            details={"firm": r.firm.id, "place": place, "score": round(r.match.score, 4)},
        )
    return ranked


def recommended_scenes(
    session: Session, actor: Actor, firm: FirmRead, top: int = 10, *, settings: Settings
) -> list[RankedScene]:
    """Open scenes a firm may see, best first, scored as the firm would be for each."""
    authorize(actor, "firms.home")
    scenes = {s.code: s for s in scene_service.open_scenes(session)}
    if not scenes:
        return []
    profile = next(p for p in firm_service.match_profiles_of(session, [firm.id]))
    encoder = _scene_encoder(settings)
    segmenter = _segmenter(encoder, settings.data_dir)
    docs = [scene_doc(s) for s in scenes.values()]
    index = build_scene_index(docs, encoder=encoder, segmenter=segmenter)
    matches = rank_scenes(firm_doc(profile), index, top=top)
    return [RankedScene(scenes[m.id], m) for m in matches]


def duplicate_needs(session: Session, actor: Actor) -> list[DuplicateNeed]:
    """Scenes that ask for the same thing: two departments' (candidates for bundling) and one
    department's entered twice."""
    authorize(actor, "scenes.review")
    scenes = {s.code: s for s in scene_service.scenes_for_review(session)}
    pairs = duplicate_scenes([scene_doc(s) for s in scenes.values()])
    return [
        DuplicateNeed(
            scenes[p.first_id], scenes[p.second_id], p.similarity, p.shared_terms, p.same_department
        )
        for p in pairs
    ]


def reason_text(reason: Reason, locale: str) -> str:
    """A reason in the page's language (templates call this)."""
    return render_reason(reason, locale, Translator(locale).gettext)


def published_method_context() -> dict[str, Any]:
    """The "how matching works" page: components, weights, descriptions, hard filters."""
    return {"components": published_method(), "filters": list(HARD_FILTERS.values())}


def published_weights() -> dict[str, float]:
    return {c.name: c.weight for c in published_method()}
