"""The synthetic city: the city file (``scenehub.city``) with the parts only the generator
reads — district weights, the region words in firm names, each department's datasets."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from scenehub import city as city_file
from scenehub.demo.rates import Noise
from scenehub.errors import ConfigurationError

DEFAULT_CITY = city_file.DEFAULT_CITY_FILE
CANONICAL_FIELDS = (
    "uscc",
    "name",
    "address",
    "legal_rep",
    "phone",
    "established",
    "registered_capital",
    "former_names",  # 曾用名: the firm's former names, joined by ；(optional)
)
FORMATS = ("csv", "xlsx", "json", "jsonl")
DATE_STYLES = ("iso", "compact", "slash", "dotted", "chinese", "excel")
GRADES = ("general", "important", "core")


@dataclass(frozen=True)
class District(city_file.District):
    weight: float = 1.0  # its share of the city's firms (relative)


@dataclass(frozen=True)
class Dataset:
    """One file a department hands over, in its own layout."""

    source: str
    title: str
    file: str
    format: str
    encoding: str
    grade: str
    select: str
    coverage: float
    date_style: str
    stale_address: float
    record_id: str
    columns: dict[str, str]
    extra: dict[str, str]
    personal: tuple[str, ...] = ()
    per_firm: tuple[int, int] = (1, 1)
    missing: dict[str, float] = field(default_factory=dict)
    old_tax_id_rate: float = 0.0
    operating_address: float = 0.0  # chance it writes a firm's operating address instead
    repeat: str = "row"  # what a firm's further rows are: year, month, permit, patent …
    noise: dict[str, float] = field(default_factory=dict)  # its own rates (demo/rates.py)


@dataclass(frozen=True)
class Department(city_file.Department):
    datasets: tuple[Dataset, ...] = ()


@dataclass(frozen=True)
class CityConfig(city_file.City):
    districts: tuple[District, ...] = ()
    departments: tuple[Department, ...] = ()
    name_regions: dict[str, float] = field(default_factory=dict)

    def district(self, code: str) -> District:
        return next(d for d in self.districts if d.code == code)

    def datasets(self) -> list[tuple[Department, Dataset]]:
        return [(dep, ds) for dep in self.departments for ds in dep.datasets]


@lru_cache(maxsize=8)
def load_city(path: Path = DEFAULT_CITY) -> CityConfig:
    """Read and check a city file with its synthetic part; a mistake names the file and the
    entry."""
    data = city_file.read_city_file(path)
    if not any(d.get("datasets") for d in data.get("departments", ())):
        raise ConfigurationError(
            f"city file {path}: no department lists datasets, so there is nothing to generate"
        )
    districts = tuple(
        District(**vars(city_file.district_fields(d)), weight=float(d.get("weight", 1.0)))
        for d in data["districts"]
    )
    departments = tuple(_department(path, d) for d in data["departments"])
    sources = [ds.source for dep in departments for ds in dep.datasets]
    if len(sources) != len(set(sources)):
        raise ValueError(f"{path}: dataset source names must be unique")
    return CityConfig(
        **{
            **city_file.city_fields(path, data),
            "districts": districts,
            "departments": departments,
        },
        name_regions={str(k): float(v) for k, v in data["name_regions"].items()},
    )


def _department(path: Path, raw: dict[str, Any]) -> Department:
    datasets = []
    for d in raw.get("datasets", ()):
        where = f"{path}: dataset {d.get('source')!r}"
        unknown = set(d["columns"]) - set(CANONICAL_FIELDS)
        if unknown:
            raise ValueError(f"{where}: unknown canonical fields {sorted(unknown)}")
        if (
            d["format"] not in FORMATS
            or d["date_style"] not in DATE_STYLES
            or d["grade"] not in GRADES
        ):
            raise ValueError(f"{where}: bad format, date_style or grade")
        if d["date_style"] == "excel" and d["format"] != "xlsx":
            raise ValueError(f"{where}: excel dates need the xlsx format")
        unknown_rates = set(d.get("noise", {})) - {f.name for f in fields(Noise)}
        if unknown_rates:
            raise ValueError(f"{where}: unknown noise rates {sorted(unknown_rates)}")
        per_firm = d.get("per_firm", 1)
        datasets.append(
            Dataset(
                source=d["source"],
                title=d["title"],
                file=d["file"],
                format=d["format"],
                encoding=d["encoding"],
                grade=d["grade"],
                select=str(d["select"]),
                coverage=float(d["coverage"]),
                date_style=d["date_style"],
                stale_address=float(d["stale_address"]),
                record_id=d["record_id"],
                columns=dict(d["columns"]),
                extra=dict(d.get("extra", {})),
                personal=tuple(d.get("personal", ())),
                per_firm=(per_firm, per_firm) if isinstance(per_firm, int) else tuple(per_firm),
                missing={k: float(v) for k, v in d.get("missing", {}).items()},
                old_tax_id_rate=float(d.get("old_tax_id_rate", 0.0)),
                operating_address=float(d.get("operating_address", 0.0)),
                repeat=str(d.get("repeat", "row")),
                noise={k: float(v) for k, v in d.get("noise", {}).items()},
            )
        )
    return Department(**city_file.department_fields(raw), datasets=tuple(datasets))
