"""A document's matching profile: its BM25 tokens, the chain concepts in it, its segments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from scenehub.industry.taxonomy import Chain, load_chain
from scenehub.matching import concepts as cx
from scenehub.matching.documents import FirmDoc, SceneDoc

MAIN_WEIGHT = 1.0  # a document's main segment
OTHER_WEIGHT = 0.5  # its other segments
CONCEPT_PREFIX = "§"  # BM25 token of a chain segment a text mentions (never made by normalise)
# Ways firms say their system runs on the customer's own servers (normalised spelling).
_ON_PREMISE_MARKERS = (
    "私有化部署",
    "本地化部署",
    "本地部署",
    "私有部署",
    "离线部署",
    "私有云部署",
    "on premise",
    "on prem",
    "private deployment",
    "self hosted",
)


@dataclass(frozen=True)
class Profile:
    """What ranking needs to know about one scene or firm text."""

    words: tuple[str, ...]
    tokens: list[str]  # BM25 tokens: words, bigrams and one concept token per concept hit
    hits: tuple[cx.ConceptHit, ...]
    segments: dict[str, float]  # segment key → MAIN_WEIGHT or OTHER_WEIGHT
    detected: bool  # segments were read from the text, not declared
    on_premise: bool  # the text states on-premise deployment


def weigh(keys: Sequence[str]) -> dict[str, float]:
    """The first segment is the main one, the others count half."""
    weights: dict[str, float] = {}
    for position, key in enumerate(dict.fromkeys(keys)):
        weights[key] = MAIN_WEIGHT if position == 0 else OTHER_WEIGHT
    return weights


class Profiler:
    """Builds profiles against one chain taxonomy (its dictionary and concepts)."""

    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        self.concepts = cx.ConceptMap(chain)
        self.analyzer = self.concepts.analyzer
        self.segments = self.concepts.segments
        self.segment_keys = tuple(self.segments)

    def _profile(
        self, title: str, body: str, declared: Sequence[str], lead: str | None = None
    ) -> Profile:
        head, rest = self.analyzer.analyze(title), self.analyzer.analyze(body)
        head_hits, rest_hits = self.concepts.find(head.words), self.concepts.find(rest.words)
        hits = (*head_hits, *rest_hits)
        known = [key for key in declared if key in self.concepts.segments]
        if known:
            segments, detected = weigh(known), False
        else:
            found = cx.merge(cx.evidence(head_hits, cx.TITLE_FACTOR), cx.evidence(rest_hits))
            leading = [lead] if lead in self.concepts.segments else []
            segments, detected = weigh([*leading, *cx.strongest(found)]), True
        # Expansion: every segment of the document is a token too (declared, the domain's, or
        # read from the text), so texts that name one segment in different words still meet.
        mentioned = [key for hit in hits for key in hit.segments]
        concept_tokens = [CONCEPT_PREFIX + key for key in (*mentioned, *segments)]
        text = head.text + " " + rest.text
        return Profile(
            words=(*head.words, *rest.words),
            tokens=[*head.tokens, *rest.tokens, *concept_tokens],
            hits=hits,
            segments=segments,
            detected=detected,
            on_premise=any(marker in text for marker in _ON_PREMISE_MARKERS),
        )

    def scene(self, scene: SceneDoc) -> Profile:
        """A scene's profile; without wanted segments, its domain's segment leads."""
        served_by = self.chain.by_domain(scene.domain) if scene.domain else None
        lead = served_by.key if served_by is not None else None
        return self._profile(scene.title, scene.description, scene.wanted_segments, lead)

    def firm(self, firm: FirmDoc) -> Profile:
        """A firm's profile: its name counts as a title, its tags as part of its description."""
        body = " ".join((firm.description, *firm.tags))
        return self._profile(firm.name, body, firm.segments)


@lru_cache(maxsize=4)
def profiler_for(chain: Chain | None = None) -> Profiler:
    """One profiler per chain (building the dictionary takes a tenth of a second)."""
    return Profiler(chain if chain is not None else load_chain())
