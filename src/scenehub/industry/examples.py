"""Labelled firms from the synthetic city: what the classifier learns from and is scored on.

A labelled firm is its texts (``FirmText``) and its true segments, the main one first. The
texts are those the platform would hold about it: its name, business scope and capability
description (the registry), and what departments record — the text columns the industry
facts read (``industry/facts.py``: products, chain link, technology field, patent titles).

``city_examples`` makes them in memory from a seed, without writing a city (training);
``read_city_examples`` reads a generated city folder (``scenehub city generate``), its truth
and its department files (evaluation on held-out data).
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scenehub.demo.config import DEFAULT_CITY, CityConfig, Dataset, load_city
from scenehub.demo.firms import FirmGenerator
from scenehub.demo.model import Firm
from scenehub.demo.records import Noise, RecordMaker
from scenehub.industry.classify import FirmText
from scenehub.industry.facts import MAX_PATENT_TITLES, PATENTS, TEXTS
from scenehub.industry.taxonomy import OTHER, Chain, load_chain
from scenehub.integration.readers import read_rows, resolve_encoding

# (source, column) of the department texts; the business scope is the registry's.
_SCOPE = ("amr_registrations", "经营范围")
_DEPARTMENT_TEXTS = tuple(pair for pair in TEXTS if pair != _SCOPE)


@dataclass(frozen=True)
class LabelledFirm:
    text: FirmText
    segments: tuple[str, ...]  # the truth: main segment first

    @property
    def primary(self) -> str:
        return self.segments[0]


def city_examples(
    seed: int, scale: int, city: CityConfig | None = None, chain: Chain | None = None
) -> list[LabelledFirm]:
    """The ``scale`` firms of the city of ``seed``, with the texts departments would hold."""
    city = city or load_city(DEFAULT_CITY)
    chain = chain or load_chain()
    wanted = {source for source, _ in (*_DEPARTMENT_TEXTS, PATENTS)}
    datasets = [(d, ds) for d, ds in city.datasets() if ds.source in wanted]
    maker = RecordMaker(city, Noise())
    examples = []
    for firm in FirmGenerator(city, chain, seed).generate(scale):
        texts: dict[tuple[str, str], list[str]] = defaultdict(list)
        rng = random.Random(f"{seed}:classifier-texts:{firm.index}")  # noqa: S311 - reproducible
        for department, dataset in datasets:
            for record in maker.records(firm, department, dataset, rng):
                _collect(texts, dataset, record.values)
        examples.append(_labelled(firm.firm_id, firm.name, firm.segments, _profile(firm), texts))
    return examples


def _profile(firm: Firm) -> dict[str, str]:
    return {"business_scope": firm.business_scope, "capability": firm.capability}


def _collect(
    texts: dict[tuple[str, str], list[str]], dataset: Dataset, values: dict[str, object]
) -> None:
    for source, column in (*_DEPARTMENT_TEXTS, PATENTS):
        value = values.get(column)
        if source == dataset.source and value:
            texts[source, column].append(str(value))


def _labelled(
    firm_id: str,
    name: str,
    segments: tuple[str, ...],
    profile: dict[str, str],
    texts: dict[tuple[str, str], list[str]],
) -> LabelledFirm:
    department = " ".join(
        " ".join(dict.fromkeys(texts.get(pair, ()))) for pair in _DEPARTMENT_TEXTS
    )
    patents = "；".join(list(dict.fromkeys(texts.get(PATENTS, ())))[:MAX_PATENT_TITLES])
    text = FirmText(
        firm_id=firm_id,
        name=name,
        scope=profile.get("business_scope", ""),
        capability=profile.get("capability", ""),
        department=department.strip(),
        patents=patents,
    )
    return LabelledFirm(text, segments)


def read_city_examples(folder: Path, city: CityConfig | None = None) -> list[LabelledFirm]:
    """The labelled firms of a generated city folder: truth, profiles and department texts."""
    city = city or load_city(DEFAULT_CITY)
    profiles = {
        row["firm_id"]: row
        for row in map(json.loads, _lines(folder / "truth" / "firm_profiles.jsonl"))
    }
    texts = _department_texts(folder, city)
    examples = []
    with (folder / "truth" / "firms.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            segments = tuple(s for s in row["segments"].split("|") if s)
            firm_id = row["firm_id"]
            examples.append(
                _labelled(firm_id, row["name"], segments, profiles[firm_id], texts[firm_id])
            )
    return examples


def _department_texts(
    folder: Path, city: CityConfig
) -> dict[str, dict[tuple[str, str], list[str]]]:
    """firm id → (source, column) → the values its records hold, from the data files."""
    owner: dict[tuple[str, str], str] = {}
    sources = {source for source, _ in (*_DEPARTMENT_TEXTS, PATENTS)}
    with (folder / "truth" / "records.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["source"] in sources:
                owner[row["source"], row["record_id"]] = row["firm_id"]
    found: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for _, dataset in city.datasets():
        if dataset.source not in sources:
            continue
        path = folder / "data" / dataset.file
        _, rows = read_rows(path, dataset.format, resolve_encoding(path, dataset.encoding))
        for raw in rows:
            firm_id = owner.get((dataset.source, raw.values.get(dataset.record_id) or ""))
            if firm_id is not None and not raw.problem:
                _collect(found[firm_id], dataset, dict(raw.values))
    return found


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        yield from (line for line in lines if line.strip())


def registry_view(example: LabelledFirm) -> LabelledFirm:
    """The firm as the capability registry and ``scenehub match`` files see it: name, scope,
    capability — no department attributes, no patents."""
    return replace(example, text=replace(example.text, department="", patents=""))


def warehouse_view(example: LabelledFirm) -> LabelledFirm:
    """The firm as the warehouse's firm facts show it: name, scope, department attributes and
    patents — not the registry's capability description."""
    return replace(example, text=replace(example.text, capability=""))


def own_words_view(example: LabelledFirm) -> LabelledFirm:
    """The firm in its own words only: name and capability description (the business scope
    for a firm that wrote none)."""
    text = example.text
    own = FirmText(text.firm_id, text.name, capability=text.capability or text.scope)
    return replace(example, text=own)


@dataclass(frozen=True)
class Scores:
    """How well predicted primary segments agree with the truth."""

    firms: int
    top1: float  # share of firms whose primary segment is the true main one
    ai_firms: int
    top1_ai: float  # the same over the firms on the chain (truth not X.other)
    f1: dict[str, float]  # segment → F1 of "primary is this segment", segments in the truth
    macro_f1: float

    @staticmethod
    def of(examples: Sequence[LabelledFirm], predicted: Sequence[str]) -> Scores:
        truth = [example.primary for example in examples]
        pairs = list(zip(truth, predicted, strict=True))
        ai = [(t, p) for t, p in pairs if t != OTHER]
        f1 = {code: _f1(pairs, code) for code in sorted(set(truth))}
        return Scores(
            firms=len(pairs),
            top1=_share(pairs),
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
