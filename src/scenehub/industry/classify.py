"""Which segments of the AI industry chain a firm works in, from what is written about it
(pure: the model and the texts' sentence vectors come in, classifications go out; no
database, no files, no encoder).

A firm is read from plain texts — name, business scope, capability description, department
attributes (products, chain link, technology field) and patent titles, Chinese or English,
simplified or traditional. Its features are

- the **meaning** of its text: the sentence vector of ``FirmText.embedding_text`` (a
  multilingual encoder that learnt from real text, ``matching/semantic.py``), and its cosine
  with each segment's *prototype* (the vector of the taxonomy's own description of it);
- the tf-idf weights of its words and character bigrams (name and patent words apart from
  the rest), from the matching analyzer (``matching/text.py``);
- the taxonomy's rules, for the name, the body and the patent titles apart: per segment,
  whether any of its terms is there and how much (keywords and names count 1, synonyms 0.6,
  the words firm names share 0.3; on a log scale), and whether any segment's is.

Two linear heads read them (``ClassifierModel``), learnt from labelled descriptions written by
people (``industry/labels.py``: the seed set, the centre's corrections, firms' declared
segments) and the taxonomy's descriptions: the *primary* head gives the probability that each
code — ``X.other`` included — is the firm's main segment; the *membership* head, one-vs-rest,
the probability that the firm works in each AI segment at all. A segment's score is the mean
of the two; the best is the primary segment, and every other AI segment whose membership
probability reaches ``SECONDARY_THRESHOLD`` is a secondary one. The primary's score is the
classification's confidence (``Classification.confidence``). A firm with nothing to read is
``X.other`` with ``NO_TEXT_SCORE``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped, unused-ignore]

from scenehub.industry.taxonomy import OTHER, Chain
from scenehub.matching.concepts import ConceptHit, ConceptMap
from scenehub.matching.index import EMBED_CHARS
from scenehub.matching.text import normalise

# Bumped whenever features or heads change: a model file of another version is retrained.
MODEL_VERSION = 2
# A secondary segment: its membership probability reaches this (a firm "works in" it).
SECONDARY_THRESHOLD = 0.5
# At most this many segments per firm (the primary and its secondaries).
MAX_SEGMENTS = 4
# The score of X.other for a firm with nothing to read: an answer, but not a confident one.
NO_TEXT_SCORE = 0.05
SCORE_DECIMALS = 4
# What a ranked segment is to the firm: its main one, one it also works in, or the next best
# guess (shown for review, never counted).
PRIMARY, SECONDARY, CANDIDATE = "primary", "secondary", "candidate"
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
# The scale of the sentence vector's coordinates (a unit vector of 512: each about 0.04) and
# of the cosines with the segments' prototypes, against the tf-idf weights; chosen by
# cross-validation on the seed set (docs/industry-chain.md).
VECTOR_SCALE = 12.0
PROTOTYPE_SCALE = 3.0
# How likely a code is the firm's main one: the primary head's probability, HEAD_WEIGHT of
# it, blended with the nearest labelled descriptions' vote — a softmax over the codes of the
# mean cosine with the NEIGHBOURS closest descriptions of each code, at NEIGHBOUR_TEMPERATURE.
# The neighbours are what people labelled: a correction counts the moment a model learns it.
# All three chosen by cross-validation on the seed set (docs/industry-chain.md).
HEAD_WEIGHT = 0.7
NEIGHBOURS = 5
NEIGHBOUR_TEMPERATURE = 0.02
# Below this mean cosine a code's closest descriptions are no neighbours of the text (on the
# judged set 99 % of real firms have a code whose neighbours reach 0.38; garbage stays < 0.25).
NEIGHBOUR_FLOOR = 0.3

_LATIN_RUN = re.compile(r"[a-z0-9]+")

FloatArray = npt.NDArray[np.float64]
Vectors = npt.NDArray[np.floating[Any]]  # sentence vectors, float32 or float64


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

    @property
    def embedding_text(self) -> str:
        """What the sentence encoder reads: the name, then the firm's own words first (for a
        firm of the registry, the text matching embeds: ``matching.index.embedding_text``)."""
        parts = (self.name, self.capability, self.scope, self.department, self.patents)
        return "\n".join(p for p in parts if p)[:EMBED_CHARS]


@dataclass(frozen=True)
class SegmentScore:
    code: str
    # In [0, 1]: for the primary segment and the candidates, how likely it is the firm's main
    # segment; for a secondary, how likely the firm works in it.
    score: float
    kind: str = "primary"  # PRIMARY, SECONDARY, or CANDIDATE (ranked next, not assigned)


@dataclass(frozen=True)
class Classification:
    firm_id: str
    segments: tuple[SegmentScore, ...]  # the primary segment, secondaries, then candidates

    @property
    def assigned(self) -> tuple[SegmentScore, ...]:
        """The primary segment and the secondaries: the segments the firm works in."""
        return tuple(s for s in self.segments if s.kind != CANDIDATE)

    @property
    def primary(self) -> str:
        return self.segments[0].code

    @property
    def confidence(self) -> float:
        """The primary segment's score: how sure the classifier is of it."""
        return self.segments[0].score


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
    """A trained classifier: its vocabulary, the segments' prototypes and its two heads."""

    codes: tuple[str, ...]  # classes of the primary head (every segment, X.other included)
    member_codes: tuple[str, ...]  # classes of the membership head (the AI segments)
    vocabulary: tuple[str, ...]  # token of each tf-idf column
    idf: FloatArray
    prototypes: FloatArray  # (codes, dimensions): unit vectors of the segments' descriptions
    neighbour_vectors: FloatArray  # (examples, dimensions): the labelled descriptions' vectors
    neighbour_codes: tuple[str, ...]  # each labelled description's primary code
    primary_coef: FloatArray  # (codes, features)
    primary_intercept: FloatArray
    member_coef: FloatArray  # (member codes, features)
    member_intercept: FloatArray
    chain_digest: str  # the taxonomy it was trained on (``chain_digest``)
    encoder: str  # the sentence encoder whose vectors it reads (``Encoder.name``)
    labels_digest: str  # the labelled examples it learnt from (``labels.labels_digest``)
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
    vectors: Vectors,
    vocabulary: Mapping[str, int],
    idf: FloatArray,
    ai_codes: Sequence[str],
    prototypes: FloatArray,
) -> sparse.csr_matrix:
    """Rows of features: l2-normalised sublinear tf-idf of the tokens, the rules, then the
    sentence vector and its cosines with the prototypes (a firm with no text has none)."""
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
    words = sparse.csr_matrix((values, (rows, columns)), shape=shape, dtype=np.float64)
    meaning = meaning_features(vectors, prototypes)
    meaning[[r.is_empty for r in readings]] = 0.0
    return sparse.hstack([words, sparse.csr_matrix(meaning)], format="csr")


def meaning_features(vectors: Vectors, prototypes: FloatArray) -> FloatArray:
    """The scaled sentence vectors and their cosines with the segments' prototypes."""
    vectors = np.asarray(vectors, dtype=np.float64)
    cosines = vectors @ np.asarray(prototypes, dtype=np.float64).T
    features: FloatArray = np.hstack([VECTOR_SCALE * vectors, PROTOTYPE_SCALE * cosines])
    return features


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
        codes = np.array(model.neighbour_codes)
        self._neighbour_rows = [np.flatnonzero(codes == code) for code in model.codes]

    def features(self, readings: Sequence[Reading], vectors: Vectors) -> sparse.csr_matrix:
        return feature_matrix(
            readings,
            vectors,
            self._vocabulary,
            self.model.idf,
            self.model.member_codes,
            self.model.prototypes,
        )

    def classify(
        self, firms: Sequence[FirmText], vectors: Vectors, top: int = MAX_SEGMENTS
    ) -> list[Classification]:
        """Each firm's primary segment and secondaries, best first (at most ``top``);
        ``vectors`` are the sentence vectors of the firms' ``embedding_text``, in order."""
        readings = [self.reader.read(firm) for firm in firms]
        if not readings:
            return []
        matrix = self.features(readings, vectors)
        head = _softmax(matrix @ self.model.primary_coef.T + self.model.primary_intercept)
        near = _neighbour_vote(self.neighbour_scores(vectors))
        primary = HEAD_WEIGHT * head + (1.0 - HEAD_WEIGHT) * near
        member = _sigmoid(matrix @ self.model.member_coef.T + self.model.member_intercept)
        return [
            _combine(firm.firm_id, reading, p, m, self.model, top)
            for firm, reading, p, m in zip(firms, readings, primary, member, strict=True)
        ]

    def neighbour_scores(self, vectors: Vectors) -> FloatArray:
        """Per code, the mean cosine of a firm's vector with its ``NEIGHBOURS`` closest
        labelled descriptions of that code (-1 for a code with no labelled description)."""
        similar = np.asarray(vectors, dtype=np.float64) @ self.model.neighbour_vectors.T
        scores: FloatArray = np.full((similar.shape[0], len(self.model.codes)), -1.0)
        for column, rows in enumerate(self._neighbour_rows):
            if len(rows):
                k = min(NEIGHBOURS, len(rows))
                scores[:, column] = np.sort(similar[:, rows], axis=1)[:, -k:].mean(axis=1)
        return scores


def _neighbour_vote(scores: FloatArray) -> FloatArray:
    """The neighbours' vote over the codes: a softmax of their cosines beside one of
    NEIGHBOUR_FLOOR for "none of them", so that a text like no labelled description (garbage,
    a word or two) gets little of the vote for any code."""
    floor = np.full((scores.shape[0], 1), NEIGHBOUR_FLOOR)
    vote: FloatArray = _softmax(np.hstack([scores, floor]) / NEIGHBOUR_TEMPERATURE)[:, :-1]
    return vote


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
    score = dict(zip(model.codes, primary.tolist(), strict=True))
    membership = dict(zip(model.member_codes, member.tolist(), strict=True))
    ranked = sorted(score, key=lambda code: (-score[code], code))
    best = ranked[0]
    secondary = []
    if best != OTHER:
        secondary = [
            code for code in ranked[1:] if code != OTHER and membership[code] >= SECONDARY_THRESHOLD
        ]
    kinds = {best: PRIMARY, **dict.fromkeys(secondary, SECONDARY)}
    order = [best, *secondary, *(code for code in ranked if code not in kinds)]
    # A secondary's score is how likely the firm works in it; the others', how likely each
    # is the firm's main segment.
    value = {**score, **{code: membership[code] for code in secondary}}
    return Classification(
        firm_id,
        tuple(
            SegmentScore(code, round(value[code], SCORE_DECIMALS), kinds.get(code, CANDIDATE))
            for code in order[:top]
        ),
    )


def keyword_baseline(reading: Reading, top: int = MAX_SEGMENTS) -> tuple[SegmentScore, ...]:
    """The baseline: segments by the number of their taxonomy keywords found, else X.other."""
    if not reading.keywords:
        return (SegmentScore(OTHER, 1.0),)
    total = sum(reading.keywords.values())
    ranked = sorted(reading.keywords.items(), key=lambda item: (-item[1], item[0]))
    return tuple(SegmentScore(code, round(n / total, SCORE_DECIMALS)) for code, n in ranked[:top])


def prototype_texts(chain: Chain) -> list[tuple[str, str]]:
    """(code, text) pairs that describe each segment in the taxonomy's words, zh and en; a
    segment's prototype is the mean of its texts' unit vectors (``average_prototypes``)."""
    pairs = []
    for segment in chain.segments:
        if segment.is_ai:
            pairs += [
                (segment.key, f"{segment.zh}。{segment.description_zh}"),
                (segment.key, f"{segment.en}. {segment.description_en}"),
            ]
        else:
            pairs += [(segment.key, f"{s.zh}：{'、'.join(s.keywords)}") for s in chain.sectors]
    return pairs


def average_prototypes(
    codes: Sequence[str], pairs: Sequence[tuple[str, str]], vectors: Vectors
) -> FloatArray:
    """Each code's prototype: the normalised mean of the vectors of its texts (in ``pairs``)."""
    prototypes = np.zeros((len(codes), np.asarray(vectors).shape[1]))
    for (code, _), vector in zip(pairs, np.asarray(vectors, dtype=np.float64), strict=True):
        prototypes[codes.index(code)] += vector
    norms = np.linalg.norm(prototypes, axis=1, keepdims=True)
    result: FloatArray = prototypes / np.where(norms > 0, norms, 1.0)
    return result


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
