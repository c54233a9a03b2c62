"""Generate the synthetic city into a folder: department files and their source specs,
scenes, history, and the ground truth beside them.

    OUT/data/      one file per department dataset, in the department's own layout
    OUT/specs/     one source spec (YAML) per dataset, as `scenehub ingest` reads them
    OUT/truth/     firms.csv, records.csv (record → firm, noise applied), rejects.csv (rows
                   ingest must reject, and why), scene_firms.csv
    OUT/scenes/    scenes.jsonl
    OUT/history/   products, salons, partnerships, applications (JSONL)
    OUT/manifest.json  seed, scale, counts and the SHA-256 of every file

Everything is written into a sibling temporary folder that replaces OUT only when complete,
so an interrupted run leaves the previous city intact.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import shutil
from collections.abc import Callable
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import yaml

from scenehub.demo.config import CityConfig, Dataset, Department
from scenehub.demo.firms import FirmGenerator
from scenehub.demo.history import generate_history
from scenehub.demo.model import TODAY, Firm
from scenehub.demo.records import Noise, RecordMaker, RecordTruth, UnusableRow, selects
from scenehub.demo.scenes import SceneIndex, generate_scenes
from scenehub.demo.writers import RowWriter, open_writer
from scenehub.industry.taxonomy import Chain
from scenehub.integration.ingest import file_sha256
from scenehub.integration.spec import CANONICAL_FIELDS as INGEST_FIELDS

GENERATOR_VERSION = 5  # 2: issue 6's chain codes; 3: unusable rows and truth/rejects.csv;
# 4: firms describe themselves in their own words (demo/firm_texts.py); 5: as hard as real
# department data (issue 11: renamed firms, siblings, reused names, cluster addresses …)
HISTORY_CANDIDATES = 20_000
PROGRESS_EVERY = 500
FIRM_COLUMNS = (
    "firm_id",
    "uscc",
    "name",
    "district_code",
    "address",
    "old_address",
    "legal_rep",
    "phone",
    "established",
    "registered_capital",
    "headcount",
    "stage",
    "is_ai",
    "segments",
    "sector",
    "vetted",
    "hightech",
    "procurement",
    "old_tax_id",
    "branch_of",
    "lookalike_of",
    "branch_kind",
    "parent_uscc",
    "parent_name",
    "lookalike_kind",
    "sibling_of",
    "reuses_name_of",
    "deregistered",
    "former_names",
    "operating_address",
    "other_phones",
    "cluster_address",
    "agency_phone",
)
RECORD_COLUMNS = (
    "source",
    "department",
    "record_id",
    "firm_id",
    "uscc_noise",
    "name_noise",
    "address_noise",
    "duplicate_of",
    "missing_fields",
    "phone_noise",
    "repeat",
)
REJECT_COLUMNS = ("source", "department", "row_number", "record_id", "firm_id", "kind")


@dataclass
class Manifest:
    seed: int
    scale: int
    city: str
    generator_version: int = GENERATOR_VERSION
    records: dict[str, int] = field(default_factory=dict)  # usable records per source
    rejects: dict[str, int] = field(default_factory=dict)  # unusable rows per source
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)


def generate_city(
    out: Path,
    *,
    scale: int,
    seed: int,
    city: CityConfig,
    chain: Chain,
    noise: Noise | None = None,
    scenes: int = 120,
    on_progress: Callable[[int], None] | None = None,
) -> Manifest:
    """Write the city of ``scale`` firms into ``out`` (replacing it when done)."""
    work = out.with_name(f".{out.name}.partial")
    shutil.rmtree(work, ignore_errors=True)
    for folder in ("data", "specs", "truth", "scenes", "history"):
        (work / folder).mkdir(parents=True)
    manifest = Manifest(seed=seed, scale=scale, city=city.city)
    try:
        _write_city(work, manifest, scale, seed, city, chain, noise or Noise(), scenes, on_progress)
        _write_specs(work, city)
        _finish_manifest(work, manifest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    work.rename(out)
    return manifest


def _write_city(
    work: Path,
    manifest: Manifest,
    scale: int,
    seed: int,
    city: CityConfig,
    chain: Chain,
    noise: Noise,
    scene_count: int,
    on_progress: Callable[[int], None] | None,
) -> None:
    scene_list = generate_scenes(seed, city, chain, scene_count)
    index = SceneIndex(scene_list)
    maker = RecordMaker(city, noise)
    candidates: list[Firm] = []
    first_eligible: dict[str, Firm] = {}
    datasets = city.datasets()
    with ExitStack() as stack:
        writers = {
            ds.source: stack.enter_context(closing(_dataset_writer(work, ds))) for _, ds in datasets
        }
        firms_out = _csv(stack, work / "truth" / "firms.csv", FIRM_COLUMNS)
        records_out = _csv(stack, work / "truth" / "records.csv", RECORD_COLUMNS)
        rejects_out = _csv(stack, work / "truth" / "rejects.csv", REJECT_COLUMNS)
        grades_out = _csv(
            stack, work / "truth" / "scene_firms.csv", ("scene_id", "firm_id", "grade")
        )
        profiles = stack.enter_context(
            (work / "truth" / "firm_profiles.jsonl").open("w", encoding="utf-8")
        )
        for firm in FirmGenerator(city, chain, seed).generate(scale):
            firms_out.writerow(_firm_row(firm))
            profiles.write(
                json.dumps(
                    {
                        "firm_id": firm.firm_id,
                        "business_scope": firm.business_scope,
                        "capability": firm.capability,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            rng = random.Random(f"{seed}:records:{firm.index}")
            # Unusable rows draw from a stream of their own: their rate leaves the rest alone.
            unusable_rng = random.Random(f"{seed}:unusable:{firm.index}")
            for department, dataset in datasets:
                if dataset.source not in first_eligible and selects(firm, dataset.select):
                    first_eligible[dataset.source] = firm
                writer = writers[dataset.source]
                for record in maker.records(firm, department, dataset, rng):
                    writer.write(record.values)
                    records_out.writerow(_truth_row(record.truth))
                    _count(manifest.records, dataset.source)
                    bad = maker.unusable(record, dataset, unusable_rng)
                    if bad is not None:
                        rejects_out.writerow(_write_unusable(writer, bad))
                        _count(manifest.rejects, dataset.source)
            for scene_id, grade in index.grades(firm):
                grades_out.writerow((scene_id, firm.firm_id, grade))
            if _candidate(firm) and len(candidates) < HISTORY_CANDIDATES:
                candidates.append(firm)
            if on_progress is not None and firm.index % PROGRESS_EVERY == PROGRESS_EVERY - 1:
                on_progress(PROGRESS_EVERY)
        # A department that hands over a file has something in it, even in a tiny city.
        for department, dataset in datasets:
            eligible = first_eligible.get(dataset.source)
            if manifest.records.get(dataset.source) or eligible is None:
                continue
            rng = random.Random(f"{seed}:fill:{dataset.source}")
            for record in maker.records(eligible, department, dataset, rng, always=True):
                writers[dataset.source].write(record.values)
                records_out.writerow(_truth_row(record.truth))
                _count(manifest.records, dataset.source)
    if on_progress is not None:
        on_progress(scale % PROGRESS_EVERY)
    history = generate_history(seed, scene_list, candidates, index, TODAY)
    _jsonl(work / "scenes" / "scenes.jsonl", scene_list)
    for name in ("products", "salons", "partnerships", "applications"):
        _jsonl(work / "history" / f"{name}.jsonl", getattr(history, name))
        manifest.counts[name] = len(getattr(history, name))
    manifest.counts.update(
        firms=scale,
        scenes=len(scene_list),
        candidates=len(candidates),
        departments=len(city.departments),
        datasets=len(datasets),
    )


def _candidate(firm: Firm) -> bool:
    """A firm the centre's history may involve: an AI firm of its own that still exists."""
    return firm.is_ai and not firm.is_branch and firm.deregistered is None


def _count(counts: dict[str, int], source: str) -> None:
    counts[source] = counts.get(source, 0) + 1


def _write_unusable(writer: RowWriter, row: UnusableRow) -> list[Any]:
    """Write the row; its truth row (where the reader will find it, and what is wrong)."""
    if row.kind == "broken_row":
        writer.write_broken(row.values)
    else:
        writer.write(row.values)
    return [row.source, row.department, writer.row_number, row.record_id, row.firm_id, row.kind]


def _dataset_writer(work: Path, dataset: Dataset) -> RowWriter:
    columns = [dataset.record_id, *dataset.columns.values(), *dataset.extra]
    return open_writer(
        work / "data" / dataset.file, dataset.format, columns, dataset.encoding, dataset.title
    )


def _csv(stack: ExitStack, path: Path, header: tuple[str, ...]) -> Any:
    handle: TextIO = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    return writer


def _firm_row(firm: Firm) -> list[Any]:
    # Attribute access, not dataclasses.asdict: this runs a million times at full scale.
    row: list[Any] = []
    for column in FIRM_COLUMNS:
        value = getattr(firm, column)
        if isinstance(value, tuple):  # segments, former names, other phones
            value = "|".join(value)
        elif isinstance(value, bool):
            value = int(value)
        row.append("" if value is None else value)
    return row


def _truth_row(truth: RecordTruth) -> list[Any]:
    return [
        truth.source,
        truth.department,
        truth.record_id,
        truth.firm_id,
        truth.uscc_noise,
        truth.name_noise,
        truth.address_noise,
        truth.duplicate_of,
        "|".join(truth.missing_fields),
        truth.phone_noise,
        truth.repeat,
    ]


def _jsonl(path: Path, items: Any) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for item in items:
            handle.write(
                json.dumps(dataclasses.asdict(item), ensure_ascii=False, default=_json_default)
                + "\n"
            )


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def spec_for(department: Department, dataset: Dataset) -> dict[str, Any]:
    """The source spec of a dataset (the contract `scenehub ingest` reads).

    A canonical field the city knows but ingest does not take yet (``former_names``, until
    ``integration/spec.py`` lists it) is written as the first extra column instead, so the
    spec stays valid and the column still reaches the raw zone (``raw_records.extra``).
    """
    mapped = {f: c for f, c in dataset.columns.items() if f in INGEST_FIELDS}
    held_back = [c for f, c in dataset.columns.items() if f not in INGEST_FIELDS]
    return {
        "name": dataset.source,
        "department": department.name,
        "title": dataset.title,
        "path": f"../data/{dataset.file}",
        "format": dataset.format,
        "encoding": "auto" if dataset.encoding in ("gbk", "utf-8") else dataset.encoding,
        "grade": dataset.grade,
        "personal": list(dataset.personal),
        "record_id": dataset.record_id,
        "fields": mapped,
        "extra": [*held_back, *dataset.extra],
    }


def _write_specs(work: Path, city: CityConfig) -> None:
    for department, dataset in city.datasets():
        text = yaml.safe_dump(
            spec_for(department, dataset), allow_unicode=True, sort_keys=False, width=100
        )
        (work / "specs" / f"{dataset.source}.yaml").write_text(text, encoding="utf-8")


def _finish_manifest(work: Path, manifest: Manifest) -> None:
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        relative = path.relative_to(work).as_posix()
        manifest.files[relative] = {"bytes": path.stat().st_size, "sha256": file_sha256(path)}
    text = json.dumps(dataclasses.asdict(manifest), ensure_ascii=False, indent=2, sort_keys=True)
    (work / "manifest.json").write_text(text + "\n", encoding="utf-8")
