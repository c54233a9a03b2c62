"""The city configuration file (``cities/hangzhou.yaml``): geography and departments."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scenehub.demo.rates import Noise

CITIES_DIR = Path(__file__).parent / "cities"
DEFAULT_CITY = CITIES_DIR / "hangzhou.yaml"
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
class District:
    code: str
    name: str
    name_en: str
    weight: float
    streets: tuple[str, ...]
    roads: tuple[str, ...]
    seat: tuple[float, float] | None = None  # (longitude, latitude) of the government seat
    former_names: tuple[str, ...] = ()  # names its addresses still carry (江干区 for 上城区)
    split_from: str = ""  # the district it was cut out of (余杭区 for 临平区)


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
class Department:
    key: str
    name: str
    name_en: str
    datasets: tuple[Dataset, ...]
    scene_domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class CityConfig:
    city: str
    city_en: str
    province: str
    city_code: str
    phone_area: str
    name_regions: dict[str, float]
    districts: tuple[District, ...]
    departments: tuple[Department, ...]
    trust: tuple[str, ...] = ()  # sources golden records believe first, most trusted first
    # Cities whose firms open branches here, with a division code of each (their codes).
    other_cities: dict[str, str] = field(default_factory=dict)

    def district(self, code: str) -> District:
        return next(d for d in self.districts if d.code == code)

    def datasets(self) -> list[tuple[Department, Dataset]]:
        return [(dep, ds) for dep in self.departments for ds in dep.datasets]

    @property
    def short_name(self) -> str:
        """杭州市 → 杭州 (the region word in firm names)."""
        return self.city.removesuffix("市")


@lru_cache(maxsize=8)
def load_city(path: Path = DEFAULT_CITY) -> CityConfig:
    """Read and check a city file; a mistake names the file and the entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    districts = tuple(
        District(
            code=str(d["code"]),
            name=d["name"],
            name_en=d["name_en"],
            weight=float(d["weight"]),
            streets=tuple(d["streets"]),
            roads=tuple(d["roads"]),
            seat=(float(d["seat"][0]), float(d["seat"][1])) if d.get("seat") else None,
            former_names=tuple(d.get("former_names", ())),
            split_from=str(d.get("split_from", "")),
        )
        for d in data["districts"]
    )
    departments = tuple(_department(path, d) for d in data["departments"])
    sources = [ds.source for dep in departments for ds in dep.datasets]
    if len(sources) != len(set(sources)):
        raise ValueError(f"{path}: dataset source names must be unique")
    return CityConfig(
        city=data["city"],
        city_en=data["city_en"],
        province=data["province"],
        city_code=str(data["city_code"]),
        phone_area=str(data["phone_area"]),
        name_regions={str(k): float(v) for k, v in data["name_regions"].items()},
        districts=districts,
        departments=departments,
        other_cities={str(k): str(v) for k, v in data.get("other_cities", {}).items()},
        trust=tuple(str(s) for s in data.get("trust", ())),
    )


def _department(path: Path, raw: dict[str, Any]) -> Department:
    datasets = []
    for d in raw["datasets"]:
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
    return Department(
        key=raw["key"],
        name=raw["name"],
        name_en=raw["name_en"],
        datasets=tuple(datasets),
        scene_domains=tuple(raw.get("scene_domains", ())),
    )
