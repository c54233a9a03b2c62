"""Training the firm classifier on labelled firms (scikit-learn), from their texts and their
sentence vectors.

The two heads of ``ClassifierModel`` are logistic regressions on the features of
``classify.feature_matrix``: a multinomial one for the primary segment (every code,
``X.other`` included) and one binary one per AI segment for membership. What they learn from
is ``industry/labels.py``'s: the seed set written by people, the taxonomy's descriptions and
the centre's own labels — never the synthetic city.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse  # type: ignore[import-untyped, unused-ignore]
from sklearn.exceptions import ConvergenceWarning  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from scenehub.industry.classify import (
    ClassifierModel,
    FloatArray,
    TextReader,
    Vectors,
    chain_digest,
    feature_matrix,
    fit_vocabulary,
)
from scenehub.industry.labels import LabelledFirm, labels_digest

# Inverse regularisation strength of both heads (chosen by cross-validation on the seed set;
# see docs/industry-chain.md).
PRIMARY_C = 16.0
MEMBER_C = 1.0
MAX_ITERATIONS = 500
# How much one example of each source counts: the centre's own labels are about its own
# firms, so a correction outweighs a seed description.
SOURCE_WEIGHTS = {"seed": 1.0, "taxonomy": 1.0, "operator": 3.0, "declared": 1.0}


@dataclass(frozen=True)
class TrainingReport:
    examples: int
    features: int
    by_source: dict[str, int]


def train_model(
    examples: Sequence[LabelledFirm],
    vectors: Vectors,
    prototypes: FloatArray,
    reader: TextReader,
    *,
    encoder: str,
    on_step: Callable[[str], None] | None = None,
) -> tuple[ClassifierModel, TrainingReport]:
    """Fit both heads on ``examples`` (``vectors``: their ``embedding_text``'s, in order)."""
    step = on_step or (lambda _: None)
    step(f"reading {len(examples):,} labelled firms")
    readings = [reader.read(example.text) for example in examples]
    vocabulary, idf = fit_vocabulary(readings)
    index = {token: i for i, token in enumerate(vocabulary)}
    matrix = feature_matrix(readings, vectors, index, idf, reader.ai_codes, prototypes)
    weights = np.array([SOURCE_WEIGHTS.get(e.source, 1.0) for e in examples])
    codes = tuple(s.key for s in reader.chain.segments)
    step("fitting the primary head")
    labels = np.array([codes.index(e.primary) for e in examples])
    primary = _fit(matrix, labels, weights, PRIMARY_C)
    step("fitting the membership head")
    member_coef, member_intercept = _fit_members(matrix, examples, weights, reader.ai_codes)
    primary_coef = np.zeros((len(codes), matrix.shape[1]))
    primary_intercept = np.full(len(codes), -1e3)  # a code no firm had is never chosen
    primary_coef[primary.classes_] = primary.coef_
    primary_intercept[primary.classes_] = primary.intercept_
    by_source: dict[str, int] = {}
    for example in examples:
        by_source[example.source] = by_source.get(example.source, 0) + 1
    model = ClassifierModel(
        codes=codes,
        member_codes=reader.ai_codes,
        vocabulary=tuple(vocabulary),
        idf=idf,
        prototypes=np.asarray(prototypes, dtype=np.float64),
        neighbour_vectors=np.asarray(vectors, dtype=np.float64),
        neighbour_codes=tuple(e.primary for e in examples),
        primary_coef=primary_coef,
        primary_intercept=primary_intercept,
        member_coef=member_coef,
        member_intercept=member_intercept,
        chain_digest=chain_digest(reader.chain),
        encoder=encoder,
        labels_digest=labels_digest(examples),
        trained_on=", ".join(f"{n} {source}" for source, n in sorted(by_source.items())),
    )
    return model, TrainingReport(len(examples), matrix.shape[1], by_source)


def _fit(
    matrix: sparse.csr_matrix, labels: np.ndarray, weights: np.ndarray, c: float
) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=MAX_ITERATIONS)
    # One thread: on a busy machine several BLAS threads per fit are ten times slower.
    with warnings.catch_warnings(), threadpool_limits(1):
        # A few more iterations would move the weights in the fourth decimal.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(matrix, labels, sample_weight=weights)
    return model


def _fit_members(
    matrix: sparse.csr_matrix,
    examples: Sequence[LabelledFirm],
    weights: np.ndarray,
    ai_codes: Sequence[str],
) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((len(ai_codes), matrix.shape[1]))
    intercept = np.full(len(ai_codes), -1e3)
    for row, code in enumerate(ai_codes):
        labels = np.array([code in example.segments for example in examples])
        if labels.any() and not labels.all():
            head = _fit(matrix, labels, weights, MEMBER_C)
            coef[row] = head.coef_[0]
            intercept[row] = head.intercept_[0]
    return coef, intercept
