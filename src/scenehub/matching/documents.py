"""What matching takes in and gives back: plain dataclasses, no database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STAGE_EARLY = "0-1"  # 从0到1: first product, first pilot
STAGE_SCALE = "1-100"  # 从1到100: scaling up
STAGE_ANY = "any"
STAGES = (STAGE_EARLY, STAGE_SCALE)
STAGE_PREFERENCES = (STAGE_EARLY, STAGE_SCALE, STAGE_ANY)


@dataclass(frozen=True)
class SceneDoc:
    """A scene as matching sees it.

    ``wanted_segments`` are chain segment keys, the first the main one; when empty they are
    read from the text (and ``domain``). ``security_vetting`` is a hard filter: such a scene
    only ever ranks vetted firms, and only vetted firms ever see it recommended.
    """

    id: str
    title: str
    description: str = ""
    domain: str | None = None
    department: str | None = None
    stage_preference: str = STAGE_ANY  # "0-1", "1-100" or "any"
    wanted_segments: tuple[str, ...] = ()
    on_premise: bool = False
    security_vetting: bool = False
    district: str | None = None


@dataclass(frozen=True)
class FirmDoc:
    """A firm as matching sees it.

    ``segments`` are chain segment keys (declared capabilities or the classifier's), the first
    the main one; when empty they are read from the name, description and tags. ``pilots``
    counts its past pilots and partnerships (its track record).
    """

    id: str
    name: str
    description: str = ""
    district: str | None = None
    stage: str | None = None  # "0-1", "1-100" or unknown
    tags: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    vetted: bool = False
    pilots: int = 0


@dataclass(frozen=True)
class Reason:
    """Why a result ranks where it does: a code and its parameters, rendered per language."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    """One ranked result: the other side's id, its score, the components and the reasons.

    ``score`` = Σ weight × component over the published weights (``weights.Weights``), each
    component in [0, 1]; both are rounded to 6 decimals, so anybody can recompute the score.
    """

    id: str  # the firm's id (rank_firms_for_scene) or the scene's (rank_scenes_for_firm)
    score: float
    components: dict[str, float]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class DuplicatePair:
    """Two scenes that ask for the same thing (matching/duplicates.py)."""

    first_id: str
    second_id: str
    similarity: float  # cosine of their tf-idf vectors, in [0, 1]
    shared_terms: tuple[str, ...]
    same_department: bool = False  # one department's twice (else: two departments' one need)
