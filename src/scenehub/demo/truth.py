"""A generated city's firms as labelled firms (its truth beside the texts the platform would
hold about them): for benchmarks and tests that score the classifier on the synthetic city.

The classifier never learns from these — it learns from people (``industry/labels.py``);
figures on the synthetic city are labelled as such wherever they are reported.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scenehub.demo.config import DEFAULT_CITY, CityConfig, Dataset, load_city
from scenehub.industry.classify import FirmText
from scenehub.industry.facts import MAX_PATENT_TITLES
from scenehub.industry.labels import LabelledFirm
from scenehub.integration.readers import read_rows, resolve_encoding

CITY_SOURCE = "synthetic-city"
NO_COLUMN = ("", "")


@dataclass(frozen=True)
class _Columns:
    """The (source, column) pairs the map reads (the city file's ``facts``): the department
    texts (not the business scope, which the profile holds) and the patent titles."""

    texts: tuple[tuple[str, str], ...]
    patents: tuple[str, str]

    @classmethod
    def of(cls, city: CityConfig) -> _Columns:
        scope = (city.scope_source, city.scope_column)
        return cls(
            tuple(pair for pair in city.facts.texts if pair != scope),
            city.facts.patents or NO_COLUMN,
        )


def read_city_examples(folder: Path, city: CityConfig | None = None) -> list[LabelledFirm]:
    """The labelled firms of a generated city folder: truth, profiles and department texts."""
    city = city or load_city(DEFAULT_CITY)
    profiles = {
        row["firm_id"]: row
        for row in map(json.loads, _lines(folder / "truth" / "firm_profiles.jsonl"))
    }
    columns = _Columns.of(city)
    texts = _department_texts(folder, city, columns)
    examples = []
    with (folder / "truth" / "firms.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            segments = tuple(s for s in row["segments"].split("|") if s)
            firm_id = row["firm_id"]
            examples.append(
                _labelled(
                    firm_id, row["name"], segments, profiles[firm_id], texts[firm_id], columns
                )
            )
    return examples


def registry_view(example: LabelledFirm) -> LabelledFirm:
    """The firm as the capability registry and ``scenehub match`` files see it: name, scope,
    capability — no department attributes, no patents."""
    text = example.text
    own = FirmText(text.firm_id, text.name, scope=text.scope, capability=text.capability)
    return LabelledFirm(own, example.segments, example.source)


def _labelled(
    firm_id: str,
    name: str,
    segments: tuple[str, ...],
    profile: dict[str, str],
    texts: dict[tuple[str, str], list[str]],
    columns: _Columns,
) -> LabelledFirm:
    department = " ".join(" ".join(dict.fromkeys(texts.get(pair, ()))) for pair in columns.texts)
    patents = "；".join(list(dict.fromkeys(texts.get(columns.patents, ())))[:MAX_PATENT_TITLES])
    text = FirmText(
        firm_id=firm_id,
        name=name,
        scope=profile.get("business_scope", ""),
        capability=profile.get("capability", ""),
        department=department.strip(),
        patents=patents,
    )
    return LabelledFirm(text, segments, CITY_SOURCE)


def _collect(
    texts: dict[tuple[str, str], list[str]],
    dataset: Dataset,
    values: dict[str, object],
    columns: _Columns,
) -> None:
    for source, column in (*columns.texts, columns.patents):
        value = values.get(column)
        if source == dataset.source and value:
            texts[source, column].append(str(value))


def _department_texts(
    folder: Path, city: CityConfig, columns: _Columns
) -> dict[str, dict[tuple[str, str], list[str]]]:
    """firm id → (source, column) → the values its records hold, from the data files."""
    owner: dict[tuple[str, str], str] = {}
    sources = {source for source, _ in (*columns.texts, columns.patents)}
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
                _collect(found[firm_id], dataset, dict(raw.values), columns)
    return found


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        yield from (line for line in lines if line.strip())
