"""What matching's API returns: ranked results with their score's parts and reasons, and
pairs of scenes that state the same need."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from scenehub.matching.documents import Match


class ReasonOut(BaseModel):
    code: str
    params: dict[str, Any]


class MatchOut(BaseModel):
    """One result: ``score`` = Σ weights[c] × components[c] (see ``/matching/weights``)."""

    id: str
    name: str
    score: float
    components: dict[str, float]
    reasons: list[ReasonOut]

    @classmethod
    def of(cls, match: Match, name: str) -> MatchOut:
        return cls(
            id=match.id,
            name=name,
            score=match.score,
            components=match.components,
            reasons=[ReasonOut(code=r.code, params=r.params) for r in match.reasons],
        )


class DuplicateOut(BaseModel):
    first: str
    second: str
    similarity: float
    shared_terms: list[str]
