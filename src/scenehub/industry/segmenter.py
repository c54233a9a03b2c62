"""The industry classifier as matching's segmenter (pure): the chain segments of firms and
scenes that declare none, read from their texts and sentence vectors.

A firm's segments are the classifier's assigned ones (its primary segment counts
``MAIN_WEIGHT``, its secondaries ``OTHER_WEIGHT``); a firm the classifier puts off the chain
(``X.other``) has none, so it never earns the segment component. A scene's main segment is
the one its domain belongs to (``scene_domains`` in chain.yaml); the classifier's reading of
its text adds the others it asks for.
"""

from __future__ import annotations

from collections.abc import Sequence

from scenehub.industry.classify import Classification, Classifier, FirmText
from scenehub.industry.taxonomy import OTHER
from scenehub.matching.documents import FirmDoc, SceneDoc
from scenehub.matching.index import Floats
from scenehub.matching.profile import weigh

# Firms classified at a time: the features and the neighbours' cosines of a batch stay small.
BATCH = 2_000


class ChainSegmenter:
    """Segments of undeclared firms and scenes, from one trained classifier."""

    def __init__(self, classifier: Classifier) -> None:
        self.classifier = classifier
        self.chain = classifier.reader.chain

    def firms(self, docs: Sequence[FirmDoc], vectors: Floats) -> list[dict[str, float]]:
        weights: list[dict[str, float]] = []
        for start in range(0, len(docs), BATCH):  # bounded memory for 100,000 firms
            texts = [
                FirmText(doc.id, doc.name, capability=" ".join((doc.description, *doc.tags)))
                for doc in docs[start : start + BATCH]
            ]
            found = self.classifier.classify(texts, vectors[start : start + BATCH])
            weights.extend(_weights(c) for c in found)
        return weights

    def scenes(self, docs: Sequence[SceneDoc], vectors: Floats) -> list[dict[str, float]]:
        texts = [FirmText(doc.id, doc.title, capability=doc.description) for doc in docs]
        found = self.classifier.classify(texts, vectors)
        weights = []
        for doc, classification in zip(docs, found, strict=True):
            served_by = self.chain.by_domain(doc.domain) if doc.domain else None
            lead = [served_by.key] if served_by is not None else []
            read = [s.code for s in classification.assigned if s.code != OTHER]
            weights.append(weigh([*lead, *read]))
        return weights


def _weights(classification: Classification) -> dict[str, float]:
    return weigh([s.code for s in classification.assigned if s.code != OTHER])
