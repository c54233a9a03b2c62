"""The AI industry chain taxonomy (``chain.yaml``): loaded once, checked as it loads.

The segment codes are a public contract (docs/industry-chain.md). The loader refuses a file
whose codes repeat, whose code prefix disagrees with its layer, whose up/downstream links
name unknown segments, do not mirror each other or go round in a circle, or whose scene
domains are not each served by exactly one application segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scenehub.scenes.domains import DOMAIN_LABELS

CHAIN_FILE = Path(__file__).parent / "chain.yaml"
# Code prefix → layer.
LAYERS = {
    "F": "foundation",
    "T": "technology",
    "E": "embodied",
    "A": "application",
    "X": "other",
}
OTHER = "X.other"  # the code of a firm that is not on the AI chain
CODE = re.compile(r"^([FTEAX])\.[a-z][a-z0-9_]*$")


class TaxonomyError(ValueError):
    """The chain file breaks the contract; the message says where and how."""


@dataclass(frozen=True)
class Segment:
    key: str  # the code, e.g. "E.humanoid"
    layer: str
    zh: str
    en: str
    description_zh: str
    description_en: str
    words: tuple[str, ...]  # industry words in firm names
    keywords: tuple[str, ...]  # business-scope and capability terms, one segment each
    synonyms: tuple[str, ...]
    upstream: tuple[str, ...]  # codes this segment depends on
    downstream: tuple[str, ...]  # codes that depend on this one
    scene_domains: tuple[str, ...] = ()  # scene domains an application segment serves

    @property
    def is_ai(self) -> bool:
        return self.layer != LAYERS["X"]

    @property
    def neighbours(self) -> tuple[str, ...]:
        """Up- and downstream codes, upstream first."""
        return self.upstream + self.downstream


@dataclass(frozen=True)
class Sector:
    """An ordinary (non-AI) sector: gives X.other firms their names and scopes."""

    key: str
    zh: str
    words: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Chain:
    segments: tuple[Segment, ...]
    sectors: tuple[Sector, ...]
    _by_key: Mapping[str, Segment] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {s.key: s for s in self.segments})

    def segment(self, key: str) -> Segment:
        return self._by_key[key]

    def sector(self, key: str) -> Sector:
        return next(s for s in self.sectors if s.key == key)

    @property
    def ai_segments(self) -> tuple[Segment, ...]:
        """Every segment but X.other."""
        return tuple(s for s in self.segments if s.is_ai)

    def by_domain(self, domain: str) -> Segment | None:
        """The application segment serving a scene domain."""
        return next((s for s in self.segments if domain in s.scene_domains), None)


@lru_cache(maxsize=4)
def load_chain(path: Path = CHAIN_FILE) -> Chain:
    """The chain in ``path``, checked against the contract and the scene domains."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        segments = tuple(_segment(raw) for raw in data["segments"])
        sectors = tuple(_sector(raw) for raw in data["other_sectors"])
    except (KeyError, TypeError) as error:
        raise TaxonomyError(f"{path}: a segment or sector lacks {error}") from None
    try:
        check_chain(segments, DOMAIN_LABELS)
    except TaxonomyError as error:
        raise TaxonomyError(f"{path}: {error}") from None
    return Chain(segments, sectors)


def _segment(raw: dict[str, Any]) -> Segment:
    def words(name: str) -> tuple[str, ...]:
        return tuple(str(value) for value in raw[name] or ())

    return Segment(
        key=str(raw["key"]),
        layer=str(raw["layer"]),
        zh=str(raw["zh"]),
        en=str(raw["en"]),
        description_zh=str(raw["description_zh"]),
        description_en=str(raw["description_en"]),
        words=words("words"),
        keywords=words("keywords"),
        synonyms=words("synonyms"),
        upstream=words("upstream"),
        downstream=words("downstream"),
        scene_domains=tuple(str(d) for d in raw.get("scene_domains") or ()),
    )


def _sector(raw: dict[str, Any]) -> Sector:
    return Sector(
        key=str(raw["key"]),
        zh=str(raw["zh"]),
        words=tuple(raw["words"]),
        keywords=tuple(raw["keywords"]),
    )


def check_chain(segments: tuple[Segment, ...], scene_domains: Iterable[str]) -> None:
    """Raise ``TaxonomyError`` naming the first way ``segments`` break the contract."""
    _check_codes(segments)
    _check_links(segments)
    _check_acyclic(segments)
    _check_domains(segments, tuple(scene_domains))
    _check_keywords(segments)


def _check_codes(segments: tuple[Segment, ...]) -> None:
    seen: set[str] = set()
    for segment in segments:
        match = CODE.fullmatch(segment.key)
        if match is None:
            raise TaxonomyError(f"{segment.key!r} is not a code like 'F.chip'")
        if segment.key in seen:
            raise TaxonomyError(f"the code {segment.key} appears twice")
        seen.add(segment.key)
        if LAYERS[match.group(1)] != segment.layer:
            raise TaxonomyError(
                f"{segment.key}: layer {segment.layer!r} does not match its prefix "
                f"{match.group(1)} ({LAYERS[match.group(1)]})"
            )
    if OTHER not in seen:
        raise TaxonomyError(f"the chain lacks {OTHER}, the code of firms off the chain")


def _check_links(segments: tuple[Segment, ...]) -> None:
    by_key = {s.key: s for s in segments}
    for segment in segments:
        for direction, codes in (
            ("upstream", segment.upstream),
            ("downstream", segment.downstream),
        ):
            for code in codes:
                other = by_key.get(code)
                if other is None:
                    raise TaxonomyError(f"{segment.key}: {direction} {code} is not a segment")
                if other is segment or not (segment.is_ai and other.is_ai):
                    raise TaxonomyError(f"{segment.key}: cannot link to {code}")
                mirror = other.downstream if direction == "upstream" else other.upstream
                if segment.key not in mirror:
                    opposite = "downstream" if direction == "upstream" else "upstream"
                    raise TaxonomyError(
                        f"{segment.key} has {code} {direction}, but {code} lacks "
                        f"{segment.key} {opposite}"
                    )


def _check_acyclic(segments: tuple[Segment, ...]) -> None:
    upstream = {s.key: s.upstream for s in segments}
    done: set[str] = set()

    def visit(code: str, path: tuple[str, ...]) -> None:
        if code in path:
            cycle = " → ".join((*path[path.index(code) :], code))
            raise TaxonomyError(f"the upstream links go round in a circle: {cycle}")
        if code not in done:
            for parent in upstream[code]:
                visit(parent, (*path, code))
            done.add(code)

    for code in upstream:
        visit(code, ())


def _check_domains(segments: tuple[Segment, ...], scene_domains: tuple[str, ...]) -> None:
    served: dict[str, str] = {}
    for segment in segments:
        if segment.scene_domains and segment.layer != LAYERS["A"]:
            raise TaxonomyError(f"{segment.key}: only application segments serve scene domains")
        for domain in segment.scene_domains:
            if domain not in scene_domains:
                raise TaxonomyError(f"{segment.key}: {domain!r} is not a scene domain")
            if domain in served:
                raise TaxonomyError(
                    f"the scene domain {domain!r} is served by both {served[domain]} and "
                    f"{segment.key}"
                )
            served[domain] = segment.key
    missing = [d for d in scene_domains if d not in served]
    if missing:
        raise TaxonomyError(f"no application segment serves the scene domains {missing}")


def _check_keywords(segments: tuple[Segment, ...]) -> None:
    owner: dict[str, str] = {}
    for segment in segments:
        for keyword in segment.keywords:
            if owner.setdefault(keyword, segment.key) != segment.key:
                raise TaxonomyError(
                    f"the keyword {keyword!r} belongs to both {owner[keyword]} and {segment.key}"
                )


def known_codes(codes: list[str], chain: Chain | None = None) -> list[str]:
    """``codes`` without repeats, or ValueError naming those the chain does not have (for
    request validators)."""
    chain = chain or load_chain()
    unknown = [c for c in codes if c not in chain._by_key]
    if unknown:
        raise ValueError(f"unknown chain segments: {', '.join(unknown)}")
    return list(dict.fromkeys(codes))
