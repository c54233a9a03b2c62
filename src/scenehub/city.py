"""The city scenehub serves, as configuration: its districts (with their codes, streets and
former names), its departments, which source a golden record believes first, where business
scope comes from, and the cities whose firms open branches here.

One YAML file per city. ``SCENEHUB_CITY_FILE`` selects it; Hangzhou (``cities/hangzhou.yaml``)
is the shipped default. A city file may also carry a synthetic part (district weights, the
region words in firm names, each department's datasets) that only the demo generator reads
(``scenehub.demo.config``); a real city's file needs none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scenehub.errors import ConfigurationError
from scenehub.estation.services import DEFAULT_SERVICES, ServicesConfig, services_from_config
from scenehub.governance.retention import DEFAULT_RULES, RetentionRule, rules_from_config
from scenehub.partnerships.readiness import (
    DEFAULT_CRITERIA,
    DEFAULT_PASS_MARK,
    Criterion,
    criteria_from_config,
)
from scenehub.settings import get_settings

CITIES_DIR = Path(__file__).parent / "cities"
DEFAULT_CITY_FILE = CITIES_DIR / "hangzhou.yaml"


@dataclass(frozen=True)
class District:
    code: str
    name: str
    name_en: str
    streets: tuple[str, ...] = ()
    roads: tuple[str, ...] = ()
    seat: tuple[float, float] | None = None  # (longitude, latitude) of the government seat
    former_names: tuple[str, ...] = ()  # names its addresses still carry (江干区 for 上城区)
    split_from: str = ""  # the district it was cut out of (余杭区 for 临平区)


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    name_en: str
    scene_domains: tuple[str, ...] = ()


Column = tuple[str, str]  # (source, column of its records' extra attributes)
# The facts of a firm the E-Station reads from departments' columns, by their key in the city
# file's ``facts`` (revenue is in 10k yuan).
FACT_KEYS = {
    "headcount": "headcount",
    "revenue": "revenue_10k",
    "patents": "patents",
    "high_tech": "high_tech",
    "tax_credit_grade": "tax_credit_grade",
    "prior_defaults": "prior_defaults",
}
_FACT_COLUMN_KEYS = frozenset({"source", "column", "as_of", "valid_until"})


@dataclass(frozen=True)
class FactColumn:
    """A department's column that one fact of a firm reads (estation/firm_facts.py)."""

    fact: str  # a value of FACT_KEYS
    source: str
    column: str
    as_of: str = ""  # the column dating each value (a month, a year): the latest counts
    valid_until: str = ""  # a certificate's expiry column (``column`` is its issue date)


@dataclass(frozen=True)
class Facts:
    """Which department's column says what about a firm, for the industry map (facts.py)
    and the E-Station (``columns``)."""

    headcount: tuple[Column, ...] = ()  # the first that has a figure counts
    revenue: Column | None = None  # 10k yuan
    patents: Column | None = None  # one record per patent; the column holds its title
    texts: tuple[Column, ...] = ()  # what the classifier reads (business scope, products …)
    # The business scope: the city file's ``scope`` column, besides every source whose spec
    # maps the ``business_scope`` field; the most trusted source's scope counts (``trust``).
    scope: Column | None = None
    trust: tuple[str, ...] = ()
    # Every column a fact of the E-Station reads; of a fact's columns the first listed that
    # has a value counts.
    columns: tuple[FactColumn, ...] = ()


@dataclass(frozen=True)
class City:
    city: str
    city_en: str
    province: str
    city_code: str
    phone_area: str
    districts: tuple[District, ...]
    departments: tuple[Department, ...] = ()
    trust: tuple[str, ...] = ()  # sources golden records believe first, most trusted first
    # The same for one golden field (phone, address …), where another order is right.
    field_trust: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Cities whose firms open branches here, with a division code of each (their codes).
    other_cities: dict[str, str] = field(default_factory=dict)
    # The source, and its column, that carries a firm's registered business scope (经营范围).
    scope_source: str = ""
    scope_column: str = ""
    facts: Facts = field(default_factory=Facts)
    # What the national scene catalogue asks of a nomination (partnerships/readiness.py).
    readiness_criteria: tuple[Criterion, ...] = DEFAULT_CRITERIA
    readiness_pass_mark: float = DEFAULT_PASS_MARK
    # The E-Station's services: quotas per firm and period, the roster of experts.
    services: ServicesConfig = DEFAULT_SERVICES
    # How long each kind of record is kept (governance/retention.py).
    retention: dict[str, RetentionRule] = field(default_factory=lambda: dict(DEFAULT_RULES))

    def district(self, code: str) -> District:
        return next(d for d in self.districts if d.code == code)

    @property
    def short_name(self) -> str:
        """杭州市 → 杭州 (the region word in firm names)."""
        return self.city.removesuffix("市")


def city_file() -> Path:
    """The configured city file (``SCENEHUB_CITY_FILE``), else Hangzhou's."""
    return get_settings().city_file or DEFAULT_CITY_FILE


def load_city(path: Path | None = None) -> City:
    """The city of ``path`` (default: the configured city file)."""
    return _load(path or city_file())


@lru_cache(maxsize=8)
def _load(path: Path) -> City:
    data = read_city_file(path)
    return City(**city_fields(path, data))


def read_city_file(path: Path) -> dict[str, Any]:
    """The file's YAML mapping; a missing or malformed file is a configuration error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigurationError(f"city file {path}: {error}") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"city file {path}: expected a mapping of settings")
    return data


def city_fields(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :class:`City` from a city file's mapping (the demo's richer
    city adds its own); a mistake names the file and the entry."""
    try:
        scope = data.get("scope") or {}
        trust = tuple(str(s) for s in data.get("trust", ()))
        criteria, pass_mark = _readiness(path, data.get("catalogue_readiness"))
        return {
            "city": str(data["city"]),
            "city_en": str(data["city_en"]),
            "province": str(data["province"]),
            "city_code": str(data["city_code"]),
            "phone_area": str(data["phone_area"]),
            "districts": tuple(district_fields(d) for d in data["districts"]),
            "departments": tuple(
                Department(**department_fields(d)) for d in data.get("departments", ())
            ),
            "trust": trust,
            "field_trust": {
                str(name): tuple(str(s) for s in sources)
                for name, sources in (data.get("field_trust") or {}).items()
            },
            "other_cities": {str(k): str(v) for k, v in data.get("other_cities", {}).items()},
            "scope_source": str(scope.get("source", "")),
            "scope_column": str(scope.get("column", "")),
            "facts": _facts(
                data.get("facts") or {}, _column(scope) if scope.get("source") else None, trust
            ),
            "readiness_criteria": criteria,
            "readiness_pass_mark": pass_mark,
            "services": _services(path, data.get("services")),
            "retention": _retention(path, data.get("retention")),
        }
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigurationError(f"city file {path}: missing or bad entry {error}") from error


def _readiness(path: Path, raw: object) -> tuple[tuple[Criterion, ...], float]:
    if raw is None:
        return DEFAULT_CRITERIA, DEFAULT_PASS_MARK
    if not isinstance(raw, dict):
        raise ConfigurationError(f"city file {path}: catalogue_readiness: expected a mapping")
    try:
        return criteria_from_config(raw)
    except ConfigurationError as error:
        raise ConfigurationError(f"city file {path}: {error}") from error


def _retention(path: Path, raw: object) -> dict[str, RetentionRule]:
    try:
        return rules_from_config(raw)
    except ConfigurationError as error:
        raise ConfigurationError(f"city file {path}: {error}") from error


def _services(path: Path, raw: object) -> ServicesConfig:
    try:
        return services_from_config(raw)
    except ConfigurationError as error:
        raise ConfigurationError(f"city file {path}: {error}") from error


def _facts(raw: dict[str, Any], scope: Column | None, trust: tuple[str, ...]) -> Facts:
    def column(entry: dict[str, Any] | None) -> Column | None:
        return _column(entry) if entry else None

    def columns(entries: list[dict[str, Any]] | None) -> tuple[Column, ...]:
        return tuple(_column(e) for e in entries or ())

    return Facts(
        headcount=columns(raw.get("headcount")),
        revenue=column(raw.get("revenue")),
        patents=column(raw.get("patents")),
        texts=columns(raw.get("texts")),
        scope=scope,
        trust=trust,
        columns=tuple(
            _fact_column(fact, entry)
            for key, fact in FACT_KEYS.items()
            for entry in _entries(raw.get(key))
        ),
    )


def _entries(raw: object) -> list[dict[str, Any]]:
    """A fact's entry, or its list of entries, as a list."""
    if raw is None:
        return []
    entries: list[object] = raw if isinstance(raw, list) else [raw]
    mappings = [e for e in entries if isinstance(e, dict)]
    if len(mappings) != len(entries):
        raise ValueError(f"facts: expected a mapping or a list of mappings, not {raw!r}")
    return mappings


def _fact_column(fact: str, entry: dict[str, Any]) -> FactColumn:
    unknown = set(entry) - _FACT_COLUMN_KEYS
    if unknown:
        raise ValueError(f"facts: {fact}: unknown keys {sorted(unknown)}")
    as_of, valid_until = str(entry.get("as_of", "")), str(entry.get("valid_until", ""))
    _unquoted(as_of, valid_until)
    return FactColumn(fact, *_column(entry), as_of=as_of, valid_until=valid_until)


def _column(entry: dict[str, Any]) -> Column:
    """A (source, column) pair; the names go into the map's SQL, so no quotes."""
    source, column = str(entry["source"]), str(entry["column"])
    _unquoted(source, column)
    return source, column


def _unquoted(*names: str) -> None:
    if any(ch in name for name in names for ch in "'\"\\"):
        raise ValueError(f"quotes in a source or column name: {', '.join(map(repr, names))}")


def district_fields(raw: dict[str, Any]) -> District:
    return District(
        code=str(raw["code"]),
        name=str(raw["name"]),
        name_en=str(raw["name_en"]),
        streets=tuple(raw.get("streets", ())),
        roads=tuple(raw.get("roads", ())),
        seat=(float(raw["seat"][0]), float(raw["seat"][1])) if raw.get("seat") else None,
        former_names=tuple(raw.get("former_names", ())),
        split_from=str(raw.get("split_from", "")),
    )


def department_fields(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": str(raw["key"]),
        "name": str(raw["name"]),
        "name_en": str(raw["name_en"]),
        "scene_domains": tuple(raw.get("scene_domains", ())),
    }
