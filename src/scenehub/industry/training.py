"""Training the firm classifier on labelled firms of the synthetic city (scikit-learn).

The two heads of ``ClassifierModel`` are logistic regressions on the features of
``classify.feature_matrix``: a multinomial one for the primary segment (every code,
``X.other`` included) and one binary one per AI segment for membership. Each firm is learnt
in six views (``training_views``), so that a firm is classified alike whoever describes it:
the warehouse, the registry, the firm itself in a sentence, or a text in words the training
city never used, read by the taxonomy's terms alone.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse  # type: ignore[import-untyped, unused-ignore]
from sklearn.exceptions import ConvergenceWarning  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from scenehub.industry.classify import (
    ClassifierModel,
    Reading,
    TextReader,
    chain_digest,
    feature_matrix,
    fit_vocabulary,
)
from scenehub.industry.examples import (
    LabelledFirm,
    city_examples,
    own_words_view,
    registry_view,
    warehouse_view,
)
from scenehub.industry.taxonomy import Chain

# The default training city: its seed (never the demo's 2025 or the tests' held-out seeds)
# and size (every segment gets a few dozen firms, training takes seconds).
TRAINING_SEED = 61
TRAINING_SCALE = 20_000
# Inverse regularisation strength of both heads (chosen on held-out cities; see the docs).
PRIMARY_C = 1.0
MEMBER_C = 1.0
MAX_ITERATIONS = 300


@dataclass(frozen=True)
class TrainingReport:
    firms: int
    examples: int
    features: int


def train_model(
    examples: Sequence[LabelledFirm],
    reader: TextReader,
    trained_on: str,
    on_step: Callable[[str], None] | None = None,
) -> tuple[ClassifierModel, TrainingReport]:
    """Fit both heads on ``examples``, each in its six views."""
    step = on_step or (lambda _: None)
    step(f"reading {len(examples):,} firms")
    views, readings = training_views(examples, reader)
    vocabulary, idf = fit_vocabulary(readings)
    index = {token: i for i, token in enumerate(vocabulary)}
    matrix = feature_matrix(readings, index, idf, reader.ai_codes)
    codes = tuple(s.key for s in reader.chain.segments)
    step("fitting the primary head")
    primary = _fit(matrix, np.array([codes.index(v.primary) for v in views]), PRIMARY_C)
    step("fitting the membership head")
    member_coef, member_intercept = _fit_members(matrix, views, reader.ai_codes)
    primary_coef = np.zeros((len(codes), matrix.shape[1]))
    primary_intercept = np.full(len(codes), -1e3)  # a code no firm had is never chosen
    primary_coef[primary.classes_] = primary.coef_
    primary_intercept[primary.classes_] = primary.intercept_
    model = ClassifierModel(
        codes=codes,
        member_codes=reader.ai_codes,
        vocabulary=tuple(vocabulary),
        idf=idf,
        primary_coef=primary_coef,
        primary_intercept=primary_intercept,
        member_coef=member_coef,
        member_intercept=member_intercept,
        chain_digest=chain_digest(reader.chain),
        trained_on=trained_on,
    )
    return model, TrainingReport(len(examples), len(views), matrix.shape[1])


def training_views(
    examples: Sequence[LabelledFirm], reader: TextReader
) -> tuple[list[LabelledFirm], list[Reading]]:
    """Each firm as the warehouse, the registry and its own words show it; the warehouse
    view and its own words by the taxonomy's rules alone; and its own words with each
    segment they name mentioned once. The last three teach the heads to classify a text in
    words the training city never used (English, say) by the terms the taxonomy knows, and
    that one such term is enough to leave X.other."""
    views: list[LabelledFirm] = []
    readings: list[Reading] = []
    for example in examples:
        warehouse = reader.read(warehouse_view(example).text)
        registry = reader.read(registry_view(example).text)
        own_words = reader.read(own_words_view(example).text)
        once = {pair: min(amount, 1.0) for pair, amount in own_words.evidence.items()}
        views += [example] * 6
        readings += [
            warehouse,
            registry,
            own_words,
            replace(warehouse, tokens=()),
            replace(own_words, tokens=()),
            Reading((), once, {}),
        ]
    return views, readings


def _fit(matrix: sparse.csr_matrix, labels: np.ndarray, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=MAX_ITERATIONS)
    # One thread: on a busy machine several BLAS threads per fit are ten times slower.
    with warnings.catch_warnings(), threadpool_limits(1):
        # A few more iterations would move the weights in the fourth decimal.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(matrix, labels)
    return model


def _fit_members(
    matrix: sparse.csr_matrix, views: Sequence[LabelledFirm], ai_codes: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((len(ai_codes), matrix.shape[1]))
    intercept = np.full(len(ai_codes), -1e3)
    for row, code in enumerate(ai_codes):
        labels = np.array([code in view.segments for view in views])
        if labels.any():
            head = _fit(matrix, labels, MEMBER_C)
            coef[row] = head.coef_[0]
            intercept[row] = head.intercept_[0]
    return coef, intercept


def train_default(
    chain: Chain, on_step: Callable[[str], None] | None = None
) -> tuple[ClassifierModel, TrainingReport]:
    """The model trained on the default training city."""
    step = on_step or (lambda _: None)
    step(f"generating the training city ({TRAINING_SCALE:,} firms, seed {TRAINING_SEED})")
    examples = city_examples(TRAINING_SEED, TRAINING_SCALE, chain=chain)
    trained_on = f"synthetic city, seed {TRAINING_SEED}, {TRAINING_SCALE} firms"
    return train_model(examples, TextReader(chain), trained_on, on_step)
