"""Indexes built once: BM25 (bm25s) over the documents' tokens, and their structured facts as
arrays, so that ranking one query against 100,000 documents is a handful of vector operations.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

import bm25s  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt

from scenehub.industry.taxonomy import Chain
from scenehub.matching.documents import STAGE_EARLY, STAGE_SCALE, FirmDoc, SceneDoc
from scenehub.matching.profile import Profile, Profiler, profiler_for
from scenehub.matching.text import normalise, sentences
from scenehub.matching.weights import TRACK_RECORD_CAP

D = TypeVar("D", FirmDoc, SceneDoc)
Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]
# Stage codes in the arrays: 0 = unknown (a firm) or any (a scene's preference).
STAGE_CODES = {STAGE_EARLY: 1, STAGE_SCALE: 2}
NO_DISTRICT = -1
# A token in more than this share of the documents (and more than two) is common: sharing it
# is no evidence, and a reason never names it.
COMMON_SHARE = 0.05
# A branch office (分公司): the legal entity's name, then the branch's place and 分公司.
_BRANCH = re.compile(r"^(.+?(?:公司|集团|股份|合伙\)|合伙）))[^公司]{0,12}分公司$")


# Characters of a document's text given to a sentence encoder (its models read ~256 tokens).
EMBED_CHARS = 512


class Encoder(Protocol):
    """Turns texts into unit-length vectors (``semantic.load_encoder`` gives one); ``name``
    tells models apart (kept vectors are only ever read back by the model that made them)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> Floats: ...


class Segmenter(Protocol):
    """Chain segments of documents from their texts and sentence vectors (the industry
    classifier, ``industry/segmenter.py``): segment key → MAIN_WEIGHT or OTHER_WEIGHT, and
    nothing for a firm that is not on the chain."""

    def firms(self, docs: Sequence[FirmDoc], vectors: Floats) -> list[dict[str, float]]: ...

    def scenes(self, docs: Sequence[SceneDoc], vectors: Floats) -> list[dict[str, float]]: ...


def embedding_text(title: str, body: str) -> str:
    """What a sentence encoder reads of a document: its title, then the start of its body."""
    return f"{title}\n{body}"[:EMBED_CHARS]


def firm_text(firm: FirmDoc) -> str:
    """What the encoder reads of a firm: its name, then its description and tags."""
    return embedding_text(firm.name, " ".join((firm.description, *firm.tags)))


def scene_text(scene: SceneDoc) -> str:
    return embedding_text(scene.title, scene.description)


def quoted_sentences(body: str) -> list[str]:
    """The sentences of a description whose vectors reasons quote (none for one sentence:
    the document's own vector is that sentence's)."""
    parts = sentences(body)
    return parts if len(parts) > 1 else []


def firm_texts_to_encode(firms: Sequence[FirmDoc]) -> list[str]:
    """Every text ``build_firm_index`` encodes, so a store can be filled first (with progress)."""
    return [
        *(firm_text(f) for f in firms),
        *(s for f in firms for s in quoted_sentences(f.description)),
    ]


def stage_code(stage: str | None) -> int:
    return STAGE_CODES.get(stage or "", 0)


def track_record(pilots: int) -> float:
    """Past pilots, log-scaled: 0 → 0, TRACK_RECORD_CAP or more → 1."""
    return min(1.0, math.log1p(max(0, pilots)) / math.log1p(TRACK_RECORD_CAP))


class TokenIds:
    """Documents as compact id arrays, handed to bm25s one list at a time (saves memory)."""

    def __init__(self) -> None:
        # A new token gets the next id (the mapping's size) the first time it is looked up.
        self._vocab: defaultdict[str, int] = defaultdict()
        self._vocab.default_factory = self._vocab.__len__
        self._docs: list[npt.NDArray[np.int32]] = []

    def add(self, tokens: Iterable[str]) -> None:
        ids = list(map(self._vocab.__getitem__, tokens))
        self._docs.append(np.array(ids, dtype=np.int32))

    @property
    def vocab(self) -> dict[str, int]:
        """Token → id, as a plain mapping (looking a token up no longer adds it)."""
        return dict(self._vocab)

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self) -> Iterator[list[int]]:
        return (doc.tolist() for doc in self._docs)

    @property
    def ids(self) -> TokenIds:
        return self


class Bm25:
    """bm25s over token lists, with the document frequency of each token kept for reasons."""

    def __init__(self, docs: TokenIds) -> None:
        self.size = len(docs)
        self.vocab = docs.vocab
        self._model = bm25s.BM25()
        self._df: npt.NDArray[np.int64] = np.zeros(len(self.vocab), dtype=np.int64)
        if self.vocab:
            self._model.index(docs, create_empty_token=False, show_progress=False)
            self._df = np.diff(self._model.scores["indptr"])

    @classmethod
    def of(cls, corpus: Iterable[Sequence[str]]) -> Bm25:
        """BM25 over documents given as token lists."""
        docs = TokenIds()
        for tokens in corpus:
            docs.add(tokens)
        return cls(docs)

    def scores(self, tokens: Iterable[str]) -> Floats:
        """BM25 of every document for a query (each distinct query token counted once)."""
        ids = sorted({self.vocab[t] for t in tokens if t in self.vocab})
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        scores: Floats = self._model.get_scores_from_ids(ids)
        return scores

    def specific(self, tokens: Iterable[str]) -> list[str]:
        """The tokens that occur in some documents but not in many (see COMMON_SHARE)."""
        common = max(2.0, COMMON_SHARE * self.size)
        return [t for t in dict.fromkeys(tokens) if 0 < self.document_frequency(t) <= common]

    def document_frequency(self, token: str) -> int:
        """In how many documents a token occurs (0 if none)."""
        position = self.vocab.get(token)
        return 0 if position is None else int(self._df[position])


@dataclass(frozen=True)
class Index(Generic[D]):
    """One side of matching (firms, or scenes) ready to be ranked against the other."""

    docs: tuple[D, ...]
    profiler: Profiler
    bm25: Bm25
    segments: Floats  # documents × chain segments: MAIN_WEIGHT, OTHER_WEIGHT or 0
    stage: Ints  # firms: their stage; scenes: their preference (see STAGE_CODES)
    vetted: Bools  # firms: vetted; scenes: need security vetting
    on_premise: Bools  # firms: state on-premise deployment; scenes: must run on premises
    district: Ints  # position in ``districts``, or NO_DISTRICT
    districts: tuple[str, ...]
    track: Floats  # firms: track-record component; scenes: 0
    covered: Bools  # firms: a branch whose head office is in the index too; scenes: False
    id_order: Ints  # each document's position when sorted by id (ties go by id)
    encoder: Encoder | None = None  # sentence encoder (the semantic component)
    embeddings: Floats | None = None  # documents × dimensions, unit rows, with ``encoder``
    segmenter: Segmenter | None = None  # the classifier that gave undeclared segments
    doc_segments: tuple[dict[str, float], ...] = ()  # each document's segment weights
    # The vectors of the documents' sentences (``text.sentences`` of the description) that
    # reasons quote: those of document i are rows sentence_rows[i]:sentence_rows[i + 1]; a
    # document of one sentence has none (its whole vector is that sentence's).
    sentence_rows: Ints | None = None
    sentence_vectors: npt.NDArray[np.float16] | None = None

    def __len__(self) -> int:
        return len(self.docs)

    def district_code(self, district: str | None) -> int:
        """The array code of a district name or code, NO_DISTRICT if no document has it."""
        if not district:
            return NO_DISTRICT
        try:
            return self.districts.index(district)
        except ValueError:
            return NO_DISTRICT


def _build(
    docs: Sequence[D],
    profiles: Sequence[Profile],
    profiler: Profiler,
    facts: Callable[[D, Profile], tuple[int, bool, bool, str | None, float]],
) -> Index[D]:
    """Keep only ids and arrays of the profiled documents (not their tokens as strings)."""
    column = {key: i for i, key in enumerate(profiler.segment_keys)}
    segments = np.zeros((len(docs), len(column)), dtype=np.float32)
    tokens = TokenIds()
    rows = []
    for row, (doc, found) in enumerate(zip(docs, profiles, strict=True)):
        tokens.add(found.tokens)
        for key, weight in found.segments.items():
            segments[row, column[key]] = weight
        rows.append(facts(doc, found))
    districts = tuple(sorted({row[3] for row in rows if row[3]}))
    code = {name: i for i, name in enumerate(districts)}
    return Index(
        docs=tuple(docs),
        profiler=profiler,
        bm25=Bm25(tokens),
        segments=segments,
        stage=np.array([r[0] for r in rows], dtype=np.int32),
        vetted=np.array([r[1] for r in rows], dtype=np.bool_),
        on_premise=np.array([r[2] for r in rows], dtype=np.bool_),
        district=np.array([code.get(r[3] or "", NO_DISTRICT) for r in rows], dtype=np.int32),
        districts=districts,
        track=np.array([r[4] for r in rows], dtype=np.float32),
        covered=np.zeros(len(docs), dtype=np.bool_),
        id_order=_id_order([doc.id for doc in docs]),
        doc_segments=tuple(p.segments for p in profiles),
    )


def with_segments(profiles: list[Profile], classified: Iterable[dict[str, float]]) -> None:
    """Give the profiles whose segments were only read from the text the classifier's."""
    for row, segments in zip(
        [i for i, p in enumerate(profiles) if p.detected], classified, strict=True
    ):
        profiles[row] = replace(profiles[row], segments=segments)


def _id_order(ids: list[str]) -> Ints:
    order = np.zeros(len(ids), dtype=np.int32)
    for position, row in enumerate(sorted(range(len(ids)), key=ids.__getitem__)):
        order[row] = position
    return order


def covered_branches(firms: Sequence[FirmDoc]) -> Bools:
    """Branch offices (…有限公司西湖分公司) whose head office is among ``firms``.

    A branch has no legal personality of its own: its head office signs for it, so a ranking
    shows the head office and leaves the branch out.
    """
    names = {normalise(firm.name) for firm in firms}
    covered = np.zeros(len(firms), dtype=np.bool_)
    for row, firm in enumerate(firms):
        branch = _BRANCH.match(firm.name.strip())
        if branch and normalise(branch.group(1)) in names:
            covered[row] = True
    return covered


def build_firm_index(
    firms: Sequence[FirmDoc],
    chain: Chain | None = None,
    encoder: Encoder | None = None,
    segmenter: Segmenter | None = None,
) -> Index[FirmDoc]:
    """Index firms once; rank them for any number of scenes with ``rank_firms_for_scene``.

    With an ``encoder`` (``semantic.load_encoder``, or a ``vectors.VectorStore`` that keeps
    its vectors) the firms are embedded and the ``semantic`` component is computed; with a
    ``segmenter`` too, a firm that declares no segments gets the classifier's.
    """
    profiler = profiler_for(chain)

    def facts(firm: FirmDoc, p: Profile) -> tuple[int, bool, bool, str | None, float]:
        return (
            stage_code(firm.stage),
            firm.vetted,
            p.on_premise,
            firm.district,
            track_record(firm.pilots),
        )

    profiles = [profiler.firm(firm) for firm in firms]

    def classify(rows: list[int], vectors: Floats) -> list[dict[str, float]]:
        return segmenter.firms([firms[i] for i in rows], vectors) if segmenter else []

    embeddings = _meaning(profiles, [firm_text(f) for f in firms], encoder, classify)
    index = _build(firms, profiles, profiler, facts)
    return replace(
        _with_vectors(index, encoder, embeddings, [f.description for f in firms]),
        covered=covered_branches(firms),
        segmenter=segmenter if embeddings is not None else None,
    )


def build_scene_index(
    scenes: Sequence[SceneDoc],
    chain: Chain | None = None,
    encoder: Encoder | None = None,
    segmenter: Segmenter | None = None,
) -> Index[SceneDoc]:
    """Index scenes once; rank them for any firm with ``rank_scenes_for_firm``."""
    profiler = profiler_for(chain)

    def facts(scene: SceneDoc, _: Profile) -> tuple[int, bool, bool, str | None, float]:
        preference = stage_code(scene.stage_preference)
        return preference, scene.security_vetting, scene.on_premise, scene.district, 0.0

    profiles = [profiler.scene(scene) for scene in scenes]

    def classify(rows: list[int], vectors: Floats) -> list[dict[str, float]]:
        return segmenter.scenes([scenes[i] for i in rows], vectors) if segmenter else []

    embeddings = _meaning(profiles, [scene_text(s) for s in scenes], encoder, classify)
    index = _build(scenes, profiles, profiler, facts)
    return replace(
        _with_vectors(index, encoder, embeddings, [s.description for s in scenes]),
        segmenter=segmenter if embeddings is not None else None,
    )


def _meaning(
    profiles: list[Profile],
    texts: list[str],
    encoder: Encoder | None,
    classify: Callable[[list[int], Floats], list[dict[str, float]]],
) -> Floats | None:
    """The documents' vectors (None without an encoder); the profiles whose segments were
    only read from the text get the classifier's (``classify`` of their rows and vectors)."""
    if encoder is None or not texts:
        return None
    embeddings = encoder.encode(texts)
    undeclared = [i for i, p in enumerate(profiles) if p.detected]
    found = classify(undeclared, embeddings[undeclared])
    if found:
        with_segments(profiles, found)
    return embeddings


def _with_vectors(
    index: Index[D], encoder: Encoder | None, embeddings: Floats | None, bodies: Sequence[str]
) -> Index[D]:
    """The index with its documents' vectors and those of their sentences (``encoder``)."""
    if encoder is None or embeddings is None:
        return index
    quoted = [quoted_sentences(body) for body in bodies]
    rows = np.zeros(len(bodies) + 1, dtype=np.int32)
    np.cumsum([len(parts) for parts in quoted], out=rows[1:])
    flat = [sentence for parts in quoted for sentence in parts]
    vectors = encoder.encode(flat) if flat else np.zeros((0, embeddings.shape[1]), np.float32)
    return replace(
        index,
        encoder=encoder,
        embeddings=embeddings,
        sentence_rows=rows,
        sentence_vectors=vectors.astype(np.float16),
    )
