"""Labelled firms: what the classifier learns from, and how its answers are scored.

The classifier learns from people, never from the synthetic city:

- the **seed set** (``industry/seed/*.jsonl``, ``SEED_SOURCE``): firm descriptions written by
  hand in the styles firms really write in — start-up pitches, business-scope (经营范围)
  lists, customer lists, vague marketing, technical specs, English profiles, distractors that
  use AI words for something else — labelled by the rules in ``industry/seed/README.md``;
- the **taxonomy's own descriptions** of each segment (``taxonomy_examples``);
- the **centre's labels** (``industry.service``): an operator's confirmation or correction of a
  firm's segments, and the segments firms declare on their published capabilities.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from scenehub.industry.classify import FirmText
from scenehub.industry.taxonomy import OTHER, Chain, known_codes

SEED_PACKAGE = "scenehub.industry.seed"
SEED_SOURCE = "seed"
TAXONOMY_SOURCE = "taxonomy"
OPERATOR_SOURCE = "operator"  # an operator confirmed or corrected the firm's segments
DECLARED_SOURCE = "declared"  # the firm declared them on its published capabilities


class SeedError(ValueError):
    """A seed file line that breaks the format; the message names the file and line."""


@dataclass(frozen=True)
class LabelOverride:
    """Segments the map counts a firm under instead of the model's, and whose they are."""

    segments: tuple[str, ...]
    source: str  # OPERATOR_SOURCE or DECLARED_SOURCE


@dataclass(frozen=True)
class LabelledFirm:
    text: FirmText
    segments: tuple[str, ...]  # the truth: main segment first
    source: str = SEED_SOURCE

    @property
    def primary(self) -> str:
        return self.segments[0]


def seed_examples(chain: Chain) -> list[LabelledFirm]:
    """The seed set shipped with scenehub, every file of ``industry/seed`` in name order."""
    folder = resources.files(SEED_PACKAGE)
    examples: list[LabelledFirm] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".jsonl"):
            lines = entry.read_text(encoding="utf-8").splitlines()
            examples.extend(_seed_lines(entry.name, lines, chain))
    return examples


def _seed_lines(name: str, lines: Iterable[str], chain: Chain) -> Iterable[LabelledFirm]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield seed_example(json.loads(line), chain)
            except (ValueError, KeyError, TypeError) as error:
                raise SeedError(f"{name}:{number}: {error}") from None


def seed_example(row: dict[str, Any], chain: Chain) -> LabelledFirm:
    """One line of the seed set: a firm's name, description and tags and its segments."""
    segments = known_codes([row["primary"], *row.get("secondary", ())], chain)
    tags = "，".join(row.get("tags") or ())
    capability = "\n".join(part for part in (row.get("description", ""), tags) if part)
    text = FirmText(firm_id=str(row["id"]), name=row.get("name", ""), capability=capability)
    return LabelledFirm(text, tuple(segments), SEED_SOURCE)


def taxonomy_examples(chain: Chain) -> list[LabelledFirm]:
    """Each segment described in the taxonomy's own words, zh and en, as labelled texts."""
    examples = []
    for segment in chain.segments:
        if segment.is_ai:
            english = [term for term in segment.synonyms if term.isascii()]
            texts: tuple[str, ...] = (
                f"{segment.zh}。{segment.description_zh}",
                f"{segment.en}. {segment.description_en}",
                "、".join((segment.zh, *segment.keywords)),
                ", ".join((segment.en, *english)),
            )
        else:
            texts = tuple(f"{sector.zh}：{'、'.join(sector.keywords)}" for sector in chain.sectors)
        for i, text in enumerate(texts):
            firm = FirmText(firm_id=f"taxonomy:{segment.key}:{i}", capability=text)
            examples.append(LabelledFirm(firm, (segment.key,), TAXONOMY_SOURCE))
    return examples


def labels_digest(examples: Sequence[LabelledFirm]) -> str:
    """A fingerprint of the examples a model learns from: new labels mean a new model."""
    content = [(e.source, e.text.firm_id, e.text.embedding_text, e.segments) for e in examples]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Scores:
    """How well predicted segments agree with the truth."""

    firms: int
    top1: float  # share of firms whose primary segment is the true main one
    top3: float  # share of firms whose true main segment is among the first three predicted
    ai_firms: int
    top1_ai: float  # the same over the firms on the chain (truth not X.other)
    f1: dict[str, float]  # segment → F1 of "primary is this segment", segments in the truth
    macro_f1: float

    @staticmethod
    def of(examples: Sequence[LabelledFirm], predicted: Sequence[Sequence[str]]) -> Scores:
        """``predicted``: each firm's codes, best first."""
        truth = [example.primary for example in examples]
        pairs = [(t, p[0] if p else "") for t, p in zip(truth, predicted, strict=True)]
        ai = [(t, p) for t, p in pairs if t != OTHER]
        f1 = {code: _f1(pairs, code) for code in sorted(set(truth))}
        top3 = [t in p[:3] for t, p in zip(truth, predicted, strict=True)]
        return Scores(
            firms=len(pairs),
            top1=_share(pairs),
            top3=sum(top3) / len(top3) if top3 else 0.0,
            ai_firms=len(ai),
            top1_ai=_share(ai),
            f1=f1,
            macro_f1=sum(f1.values()) / len(f1) if f1 else 0.0,
        )


def _share(pairs: Sequence[tuple[str, str]]) -> float:
    return sum(t == p for t, p in pairs) / len(pairs) if pairs else 0.0


def _f1(pairs: Sequence[tuple[str, str]], code: str) -> float:
    hits = sum(t == p == code for t, p in pairs)
    predicted = sum(p == code for _, p in pairs)
    actual = sum(t == code for t, _ in pairs)
    return 2 * hits / (predicted + actual) if predicted + actual else 0.0
