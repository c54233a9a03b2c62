"""Which segments of the AI industry chain a firm works in, from what is written about it
(pure: the model comes in, classifications go out; no database, no files).

A firm is read from plain texts — name, business scope, capability description, department
attributes (products, chain link, technology field) and patent titles, Chinese or English,
simplified or traditional — with the matching analyzer (``matching/text.py``) and the
taxonomy's concept map (``matching/concepts.py``). Its features are

- the tf-idf weights of its words and character bigrams (name and patent words apart from
  the rest: an industry word in a name or a keyword in a patent title says something else
  than the same word in a scope);
- the taxonomy's rules, for the name, the body and the patent titles apart: per segment,
  whether any of its terms is there and how much (keywords and names count 1, synonyms 0.6,
  the words firm names share 0.3; on a log scale), and whether any segment's is.

Two linear heads read them (``ClassifierModel``): the *primary* head gives the probability
that each code — ``X.other`` included — is the firm's main segment; the *membership* head,
one-vs-rest, the probability that the firm works in each AI segment at all. A segment's
score is the mean of the two; the best is the primary segment, and every other AI segment
whose membership probability reaches ``SECONDARY_THRESHOLD`` is a secondary one. A firm with
nothing to read is ``X.other`` with ``NO_TEXT_SCORE``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped, unused-ignore]

from scenehub.industry.taxonomy import OTHER, Chain
from scenehub.matching.concepts import ConceptHit, ConceptMap
from scenehub.matching.text import normalise

# Bumped whenever features or heads change: a model file of another version is retrained.
MODEL_VERSION = 1
# A secondary segment: its membership probability reaches this (a firm "works in" it).
SECONDARY_THRESHOLD = 0.5
# At most this many segments per firm (the primary and its secondaries).
MAX_SEGMENTS = 4
# The score of X.other for a firm with nothing to read: an answer, but not a confident one.
NO_TEXT_SCORE = 0.05
SCORE_DECIMALS = 4
# Where a word was found: the prefix of its token and of its rule features.
NAME, BODY, PATENTS = "name", "body", "patents"
FIELDS = (NAME, BODY, PATENTS)
_TOKEN_PREFIX = {NAME: "name:", BODY: "", PATENTS: "patent:"}
# How much one taxonomy term found in a text counts for a segment, by the kind of term: a
# keyword belongs to one segment; names and synonyms are nearly as specific; words of firm
# names (科技, 机器人) are shared by several.
TERM_WEIGHTS = {"keyword": 1.0, "name": 1.0, "synonym": 0.6, "word": 0.3}
# The rule features' scale against the tf-idf weights (each below 1): the heads' penalty
# then holds the few rule weights back less than the thousands of word weights.
RULE_SCALE = 3.0

_LATIN_RUN = re.compile(r"[a-z0-9]+")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FirmText:
    """What the classifier reads about a firm; every text may be empty.

    ``scope``, ``capability`` and ``department`` are read together as the firm's body, so a
    text may go into whichever of them its source calls it (the warehouse's department text
    already holds the business scope).
    """

    firm_id: str
    name: str = ""
    scope: str = ""  # business scope (经营范围)
    capability: str = ""  # the firm's own description of what it can do
    department: str = ""  # department attributes: main products, chain link, technology field
    patents: str = ""  # patent titles

    @property
    def body(self) -> str:
        return "\n".join(t for t in (self.scope, self.capability, self.department) if t)


@dataclass(frozen=True)
class SegmentScore:
    code: str
    score: float  # in [0, 1]


@dataclass(frozen=True)
class Classification:
    firm_id: str
    segments: tuple[SegmentScore, ...]  # best first: the primary segment, then secondaries

    @property
    def primary(self) -> str:
        return self.segments[0].code


@dataclass(frozen=True)
class Reading:
    """A firm as the features see it: its tokens and the taxonomy evidence per field."""

    tokens: tuple[str, ...]
    evidence: Mapping[tuple[str, str], float]  # (field, segment code) → weighted term hits
    keywords: Mapping[str, int]  # segment code → hits of its keywords (the baseline's view)

    @property
    def is_empty(self) -> bool:
        return not self.tokens and not self.evidence


@dataclass(frozen=True, eq=False)
class ClassifierModel:
    """A trained classifier: its vocabulary and the weights of its two heads."""

    codes: tuple[str, ...]  # classes of the primary head (every segment, X.other included)
    member_codes: tuple[str, ...]  # classes of the membership head (the AI segments)
    vocabulary: tuple[str, ...]  # token of each tf-idf column
    idf: FloatArray
    primary_coef: FloatArray  # (codes, features)
    primary_intercept: FloatArray
    member_coef: FloatArray  # (member codes, features)
    member_intercept: FloatArray
    chain_digest: str  # the taxonomy it was trained on (``chain_digest``)
    trained_on: str  # what it learnt from, in words
    version: int = MODEL_VERSION


class TextReader:
    """Tokens and taxonomy evidence of a firm's texts (builds the concept map once)."""

    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        self.concepts = ConceptMap(chain)
        self.analyzer = self.concepts.analyzer
        self.ai_codes = tuple(s.key for s in chain.ai_segments)
        self._term_weight: dict[str, float] = {}
        self._keyword_owner: dict[str, str] = {}
        for segment in chain.ai_segments:
            kinds = (
                ("name", (segment.zh, segment.en)),
                ("keyword", segment.keywords),
                ("synonym", segment.synonyms),
                ("word", segment.words),
            )
            for kind, terms in kinds:
                for term in terms:
                    key = normalise(term)
                    weight = max(TERM_WEIGHTS[kind], self._term_weight.get(key, 0.0))
                    self._term_weight[key] = weight
            for keyword in segment.keywords:
                self._keyword_owner[normalise(keyword)] = segment.key

    def read(self, firm: FirmText) -> Reading:
        tokens: list[str] = []
        evidence: dict[tuple[str, str], float] = defaultdict(float)
        keywords: Counter[str] = Counter()
        for field, text in ((NAME, firm.name), (BODY, firm.body), (PATENTS, firm.patents)):
            analysis = self.analyzer.analyze(text)
            words = _whole_words(analysis.words, text)
            prefix = _TOKEN_PREFIX[field]
            tokens.extend(prefix + word for word in words)
            if field == BODY:
                tokens.extend(analysis.bigrams)
            for hit in self.concepts.find(words):
                self._count(hit, field, evidence, keywords)
        return Reading(tuple(tokens), dict(evidence), dict(keywords))

    def _count(
        self,
        hit: ConceptHit,
        field: str,
        evidence: dict[tuple[str, str], float],
        keywords: Counter[str],
    ) -> None:
        key = normalise(hit.term)
        weight = self._term_weight.get(key, TERM_WEIGHTS["word"]) / len(hit.segments)
        for code in hit.segments:
            evidence[field, code] += weight
        owner = self._keyword_owner.get(key)
        if owner is not None:
            keywords[owner] += 1


def _whole_words(words: Sequence[str], text: str) -> Sequence[str]:
    """The words without pieces of longer Latin words: the segmenter cuts an unknown word
    around a dictionary term (zxcv → zx · cv), and a piece must not count as the term."""
    if not any(word.isascii() for word in words):
        return words
    runs = set(_LATIN_RUN.findall(normalise(text)))
    return [w for w in words if not w.isascii() or w in runs or f"{w}s" in runs]


def rule_columns(ai_codes: Sequence[str]) -> dict[tuple[str, str], int]:
    """(field, code) → its column after the vocabulary's."""
    pairs = [(field, code) for field in FIELDS for code in ai_codes]
    return {pair: i for i, pair in enumerate(pairs)}


def feature_matrix(
    readings: Sequence[Reading],
    vocabulary: Mapping[str, int],
    idf: FloatArray,
    ai_codes: Sequence[str],
) -> sparse.csr_matrix:
    """Rows of features: l2-normalised sublinear tf-idf of the tokens, then the rules."""
    rules = rule_columns(ai_codes)
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, reading in enumerate(readings):
        found = _token_features(reading, vocabulary, idf)
        found.update(_rule_features(reading, rules, len(vocabulary)))
        rows.extend([row] * len(found))
        columns.extend(found)
        values.extend(found.values())
    shape = (len(readings), len(vocabulary) + 2 * len(rules) + len(FIELDS))
    return sparse.csr_matrix((values, (rows, columns)), shape=shape, dtype=np.float64)


def _token_features(
    reading: Reading, vocabulary: Mapping[str, int], idf: FloatArray
) -> dict[int, float]:
    counts = Counter(vocabulary[t] for t in reading.tokens if t in vocabulary)
    weights = {col: (1.0 + math.log(n)) * float(idf[col]) for col, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {col: weight / norm for col, weight in weights.items()}


def _rule_features(
    reading: Reading, rules: Mapping[tuple[str, str], int], offset: int
) -> dict[int, float]:
    """Per segment and field: named at all (one term is enough) and how often (log); per
    field: whether it names any segment of the chain — one weight for "on the chain", shared
    by every segment, so that a single term in a short text is enough to leave X.other."""
    found: dict[int, float] = {}
    for pair, amount in reading.evidence.items():
        if pair in rules:
            found[offset + rules[pair]] = RULE_SCALE
            found[offset + len(rules) + rules[pair]] = RULE_SCALE * math.log1p(amount)
            found[offset + 2 * len(rules) + FIELDS.index(pair[0])] = RULE_SCALE
    return found


def fit_vocabulary(readings: Iterable[Reading], min_firms: int = 2) -> tuple[list[str], FloatArray]:
    """Tokens seen in at least ``min_firms`` firms, and their smoothed idf."""
    firms = 0
    document_frequency: Counter[str] = Counter()
    for reading in readings:
        firms += 1
        document_frequency.update(set(reading.tokens))
    vocabulary = sorted(t for t, n in document_frequency.items() if n >= min_firms)
    idf = np.array([math.log((1 + firms) / (1 + document_frequency[t])) + 1.0 for t in vocabulary])
    return vocabulary, idf


class Classifier:
    """A model put to work: reads firms and classifies them."""

    def __init__(self, model: ClassifierModel, reader: TextReader) -> None:
        if model.chain_digest != chain_digest(reader.chain):
            raise ValueError("the model was trained on another chain: train it again")
        self.model = model
        self.reader = reader
        self._vocabulary = {token: i for i, token in enumerate(model.vocabulary)}

    def features(self, readings: Sequence[Reading]) -> sparse.csr_matrix:
        return feature_matrix(readings, self._vocabulary, self.model.idf, self.model.member_codes)

    def classify(self, firms: Sequence[FirmText], top: int = MAX_SEGMENTS) -> list[Classification]:
        """Each firm's primary segment and secondaries, best first (at most ``top``)."""
        readings = [self.reader.read(firm) for firm in firms]
        if not readings:
            return []
        matrix = self.features(readings)
        primary = _softmax(matrix @ self.model.primary_coef.T + self.model.primary_intercept)
        member = _sigmoid(matrix @ self.model.member_coef.T + self.model.member_intercept)
        return [
            _combine(firm.firm_id, reading, p, m, self.model, top)
            for firm, reading, p, m in zip(firms, readings, primary, member, strict=True)
        ]


def _combine(
    firm_id: str,
    reading: Reading,
    primary: FloatArray,
    member: FloatArray,
    model: ClassifierModel,
    top: int,
) -> Classification:
    if reading.is_empty:
        return Classification(firm_id, (SegmentScore(OTHER, NO_TEXT_SCORE),))
    probability = dict(zip(model.codes, primary.tolist(), strict=True))
    membership = dict(zip(model.member_codes, member.tolist(), strict=True))
    # X.other is exclusive: the primary head's probability is its membership too.
    membership[OTHER] = probability[OTHER]
    score = {code: (probability[code] + membership[code]) / 2 for code in model.codes}
    ranked = sorted(score, key=lambda code: (-score[code], code))
    best = ranked[0]
    chosen = [best]
    if best != OTHER:
        chosen += [
            code for code in ranked[1:] if code != OTHER and membership[code] >= SECONDARY_THRESHOLD
        ]
    return Classification(
        firm_id,
        tuple(SegmentScore(code, round(score[code], SCORE_DECIMALS)) for code in chosen[:top]),
    )


def keyword_baseline(reading: Reading, top: int = MAX_SEGMENTS) -> tuple[SegmentScore, ...]:
    """The baseline: segments by the number of their taxonomy keywords found, else X.other."""
    if not reading.keywords:
        return (SegmentScore(OTHER, 1.0),)
    total = sum(reading.keywords.values())
    ranked = sorted(reading.keywords.items(), key=lambda item: (-item[1], item[0]))
    return tuple(SegmentScore(code, round(n / total, SCORE_DECIMALS)) for code, n in ranked[:top])


def chain_digest(chain: Chain) -> str:
    """A fingerprint of the codes and terms a model learnt: another chain needs another model."""
    content = [(s.key, s.zh, s.en, s.words, s.keywords, s.synonyms) for s in chain.segments]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()[:16]


def _softmax(scores: FloatArray) -> FloatArray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    result: FloatArray = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def _sigmoid(scores: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(scores, -50.0, 50.0)))
    return result
