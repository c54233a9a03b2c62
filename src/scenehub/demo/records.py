"""What each department writes about a firm: its own layout, its own noise (pure).

Every record carries its truth: which firm it belongs to and which noise was applied, so
the noise rates can be measured and every later stage scored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from scenehub.demo import extras, names, places
from scenehub.demo.config import CityConfig, Dataset, Department
from scenehub.demo.model import Firm
from scenehub.integration.uscc import ALPHABET, is_valid

NAME_VARIANTS = ("drop_region", "legal_form", "half_width_brackets", "insert_region", "homophone")
# Rows ingest must reject: no USCC and no name; no record id; the record id of the row before
# it again; a row the file format cannot hold (one cell too many in a CSV, a JSON line cut
# off, an array instead of an object in a JSON file — XLSX rows cannot be broken this way).
UNUSABLE_KINDS = ("no_identity", "no_record_id", "repeated_record_id", "broken_row")
_BREAKABLE_FORMATS = ("csv", "json", "jsonl")
_FIELDS_THAT_GO_MISSING = ("address", "legal_rep", "phone", "established", "registered_capital")


@dataclass(frozen=True)
class Noise:
    """How often each kind of noise happens, per record (the defaults are the city's)."""

    uscc_typo: float = 0.02
    uscc_missing: float = 0.01
    name_variant: dict[str, float] = field(
        default_factory=lambda: {
            "drop_region": 0.06,
            "legal_form": 0.04,
            "half_width_brackets": 0.5,
            "insert_region": 0.02,
            "homophone": 0.005,
        }
    )
    address_variant: float = 0.2
    field_missing: float = 0.03
    duplicate: float = 0.01
    unusable: float = 0.003  # an extra row, after a record, that ingest must reject


@dataclass(frozen=True)
class RecordTruth:
    source: str
    department: str
    record_id: str
    firm_id: str
    uscc_noise: str = ""  # "", typo, missing, old_tax_id, absent (the layout has none)
    name_noise: str = ""
    address_noise: str = ""  # "", stale (the firm's old address), or a variant kind
    duplicate_of: str = ""
    missing_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceRecord:
    values: dict[str, Any]  # column → str | int | float | date | None
    truth: RecordTruth


@dataclass(frozen=True)
class UnusableRow:
    """A row ingest must reject (one of UNUSABLE_KINDS), made from a firm's record."""

    values: dict[str, Any]
    kind: str
    source: str
    department: str
    record_id: str  # "" when the row has none
    firm_id: str  # the firm whose record it garbles


def selects(firm: Firm, expression: str) -> bool:
    """Whether a dataset's ``select`` expression takes ``firm``."""
    if expression == "all":
        return True
    if expression == "ai":
        return firm.is_ai and firm.branch_of is None
    if expression == "non_ai":
        return not firm.is_ai
    if expression in ("hightech", "vetted", "procurement"):
        return bool(getattr(firm, expression)) and firm.branch_of is None
    if expression.startswith("segments:"):
        wanted = expression.removeprefix("segments:").split("|")
        sector = f"non_ai_{firm.sector}" if firm.sector else ""
        return firm.branch_of is None and bool(set(wanted) & {*firm.segments, sector})
    raise ValueError(f"unknown select expression {expression!r}")


class RecordMaker:
    """Builds a dataset's records for one firm; numbers records per dataset in order."""

    def __init__(self, city: CityConfig, noise: Noise) -> None:
        self.city, self.noise = city, noise
        self._next_id: dict[str, int] = {}

    def records(
        self,
        firm: Firm,
        department: Department,
        dataset: Dataset,
        rng: random.Random,
        always: bool = False,
    ) -> list[SourceRecord]:
        """The dataset's records about ``firm`` (``always``: even when coverage says none)."""
        if not selects(firm, dataset.select):
            return []
        if rng.random() >= dataset.coverage and not always:
            return []
        made: list[SourceRecord] = []
        for _ in range(rng.randint(*dataset.per_firm)):
            record = self._record(firm, department, dataset, rng)
            made.append(record)
            if rng.random() < self.noise.duplicate:
                made.append(self._duplicate(record, firm, department, dataset, rng))
        return made

    def _duplicate(
        self,
        first: SourceRecord,
        firm: Firm,
        department: Department,
        dataset: Dataset,
        rng: random.Random,
    ) -> SourceRecord:
        again = self._record(firm, department, dataset, rng)
        truth = RecordTruth(**{**again.truth.__dict__, "duplicate_of": first.truth.record_id})
        return SourceRecord(again.values, truth)

    def _record(
        self, firm: Firm, department: Department, dataset: Dataset, rng: random.Random
    ) -> SourceRecord:
        record_id = self._new_id(dataset)
        uscc, uscc_noise = self._uscc(firm, dataset, rng)
        name, name_noise = self._name(firm, rng)
        address, address_noise = self._address(firm, dataset, rng)
        canonical: dict[str, Any] = {
            "uscc": uscc,
            "name": name,
            "address": address,
            "legal_rep": firm.legal_rep,
            "phone": places.phone_variant(firm.phone, rng) if rng.random() < 0.3 else firm.phone,
            "established": extras.format_date(firm.established, dataset.date_style),
            "registered_capital": firm.registered_capital,
        }
        missing = tuple(
            f
            for f in _FIELDS_THAT_GO_MISSING
            if f in dataset.columns and rng.random() < self.noise.field_missing
        )
        values: dict[str, Any] = {dataset.record_id: record_id}
        for canonical_field, column in dataset.columns.items():
            values[column] = None if canonical_field in missing else canonical[canonical_field]
        for column, generator in dataset.extra.items():
            values[column] = extras.value(generator, firm, rng, self.city, dataset)
        truth = RecordTruth(
            dataset.source,
            department.name,
            record_id,
            firm.firm_id,
            uscc_noise,
            name_noise,
            address_noise,
            "",
            missing,
        )
        return SourceRecord(values, truth)

    def unusable(
        self, after: SourceRecord, dataset: Dataset, rng: random.Random
    ) -> UnusableRow | None:
        """Now and then (``Noise.unusable``), a row to write after ``after`` that ingest rejects."""
        if rng.random() >= self.noise.unusable:
            return None
        kinds = UNUSABLE_KINDS if dataset.format in _BREAKABLE_FORMATS else UNUSABLE_KINDS[:3]
        kind = rng.choice(kinds)
        values = dict(after.values)
        if kind != "repeated_record_id":  # the others take an id of their own
            values[dataset.record_id] = self._new_id(dataset)
        if kind == "no_identity":
            for canonical_field in ("uscc", "name"):
                if canonical_field in dataset.columns:
                    values[dataset.columns[canonical_field]] = None
        elif kind == "no_record_id":
            values[dataset.record_id] = None
        truth = after.truth
        record_id = values[dataset.record_id] or ""
        return UnusableRow(values, kind, truth.source, truth.department, record_id, truth.firm_id)

    def _new_id(self, dataset: Dataset) -> str:
        number = self._next_id.get(dataset.source, 0) + 1
        self._next_id[dataset.source] = number
        prefix = "".join(part[0] for part in dataset.source.split("_")).upper()
        return f"{prefix}{number:08d}"

    def _uscc(self, firm: Firm, dataset: Dataset, rng: random.Random) -> tuple[str | None, str]:
        if "uscc" not in dataset.columns:
            return None, "absent"
        if rng.random() < dataset.missing.get("uscc", 0.0):
            return None, "absent"
        roll = rng.random()
        if roll < self.noise.uscc_missing:
            return None, "missing"
        if roll < self.noise.uscc_missing + self.noise.uscc_typo:
            return mistype(firm.uscc, rng), "typo"
        if firm.old_tax_id and rng.random() < dataset.old_tax_id_rate:
            return firm.old_tax_id, "old_tax_id"
        return firm.uscc, ""

    def _name(self, firm: Firm, rng: random.Random) -> tuple[str, str]:
        for kind, rate in self.noise.name_variant.items():
            if rng.random() < rate:
                variant = names.name_variant(firm.name, firm.region, kind, rng)
                if variant is not None and variant != firm.name:
                    return variant, kind
        return firm.name, ""

    def _address(self, firm: Firm, dataset: Dataset, rng: random.Random) -> tuple[str, str]:
        if firm.old_address and rng.random() < dataset.stale_address:
            return firm.old_address, "stale"
        if rng.random() < self.noise.address_variant:
            kind = rng.choice(places.ADDRESS_VARIANTS)
            variant = places.address_variant(firm.address, self.city, kind)
            if variant != firm.address:
                return variant, kind
        return firm.address, ""


# Look-alike characters a clerk confuses; O and I are not in the code alphabet at all.
_CONFUSED = {"0": "O", "1": "I", "8": "B", "5": "S", "2": "Z"}


def mistype(code: str, rng: random.Random) -> str:
    """``code`` with one realistic typing mistake; the result never passes the check."""
    for _ in range(20):
        i = rng.randrange(2, len(code))
        how = rng.random()
        if how < 0.3 and code[i] in _CONFUSED:
            typed = code[:i] + _CONFUSED[code[i]] + code[i + 1 :]
        elif how < 0.6 and i < len(code) - 1 and code[i] != code[i + 1]:
            typed = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        elif how < 0.8:
            typed = code[:i] + code[i + 1 :]  # a character dropped
        else:
            typed = code[:i] + rng.choice(ALPHABET) + code[i + 1 :]
        if typed != code and not is_valid(typed):
            return typed
    return code[:-1]
