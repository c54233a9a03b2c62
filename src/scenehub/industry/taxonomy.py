"""The AI industry chain taxonomy (``chain.yaml``), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CHAIN_FILE = Path(__file__).parent / "chain.yaml"
LAYERS = ("foundation", "technology", "application")


@dataclass(frozen=True)
class Segment:
    key: str
    layer: str
    zh: str
    en: str
    words: tuple[str, ...]
    keywords: tuple[str, ...]
    synonyms: tuple[str, ...]
    scene_domain: str | None = None


@dataclass(frozen=True)
class Sector:
    """An ordinary (non-AI) sector."""

    key: str
    zh: str
    words: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Chain:
    segments: tuple[Segment, ...]
    sectors: tuple[Sector, ...]

    def segment(self, key: str) -> Segment:
        return next(s for s in self.segments if s.key == key)

    def by_domain(self, domain: str) -> Segment | None:
        return next((s for s in self.segments if s.scene_domain == domain), None)


@lru_cache(maxsize=4)
def load_chain(path: Path = CHAIN_FILE) -> Chain:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    segments = tuple(
        Segment(
            key=s["key"],
            layer=s["layer"],
            zh=s["zh"],
            en=s["en"],
            words=tuple(s["words"]),
            keywords=tuple(s["keywords"]),
            synonyms=tuple(s.get("synonyms", ())),
            scene_domain=s.get("scene_domain"),
        )
        for s in data["segments"]
    )
    for segment in segments:
        if segment.layer not in LAYERS:
            raise ValueError(f"{path}: segment {segment.key} has unknown layer {segment.layer}")
    sectors = tuple(
        Sector(key=s["key"], zh=s["zh"], words=tuple(s["words"]), keywords=tuple(s["keywords"]))
        for s in data["other_sectors"]
    )
    return Chain(segments, sectors)
