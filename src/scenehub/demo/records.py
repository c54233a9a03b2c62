"""What each department writes about a firm: its own layout, its own noise (pure).

Every record carries its truth: which firm it belongs to and which noise was applied, so
the noise rates can be measured and every later stage scored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scenehub.demo import codes, extras, names, phones, places, romanise
from scenehub.demo.codes import mistype
from scenehub.demo.config import CityConfig, Dataset, Department
from scenehub.demo.model import Firm
from scenehub.demo.rates import Noise

__all__ = ["Noise", "RecordMaker", "RecordTruth", "SourceRecord", "UnusableRow", "mistype"]

# Rows ingest must reject: no USCC and no name; no record id; the record id of the row before
# it again; a row the file format cannot hold (one cell too many in a CSV, a JSON line cut
# off, an array instead of an object in a JSON file — XLSX rows cannot be broken this way).
UNUSABLE_KINDS = ("no_identity", "no_record_id", "repeated_record_id", "broken_row")
_BREAKABLE_FORMATS = ("csv", "json", "jsonl")
_FIELDS_THAT_GO_MISSING = ("address", "legal_rep", "phone", "established", "registered_capital")


@dataclass(frozen=True)
class RecordTruth:
    """Which firm a record is about and what was done to it. Each ``*_noise`` lists the
    kinds applied, joined by ``|`` ("" for none) — the kinds are in docs/synthetic-city.md."""

    source: str
    department: str
    record_id: str
    firm_id: str
    uscc_noise: str = ""  # absent (not in the layout, or blank by design), missing, typo_*, …
    name_noise: str = ""  # former_name, english, pinyin, drop_region, typo, truncate, …
    address_noise: str = ""  # stale, operating, then the variants (places.ADDRESS_VARIANTS)
    duplicate_of: str = ""  # the record this row repeats, in the same file
    missing_fields: tuple[str, ...] = ()
    phone_noise: str = ""  # other_phone, format, joined, typo
    repeat: str = ""  # why the firm has this row too: re_entry, old_name, new_name, or the
    # dataset's kind of row (year, month, permit …); "" for its first row


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
        return firm.is_ai and not firm.is_branch
    if expression == "non_ai":
        return not firm.is_ai
    if expression in ("hightech", "vetted", "procurement"):
        return bool(getattr(firm, expression)) and not firm.is_branch
    if expression.startswith("segments:"):
        wanted = expression.removeprefix("segments:").split("|")
        sector = f"non_ai_{firm.sector}" if firm.sector else ""
        return not firm.is_branch and bool(set(wanted) & {*firm.segments, sector})
    raise ValueError(f"unknown select expression {expression!r}")


def is_register(dataset: Dataset) -> bool:
    """A full register of every firm (the registry): it keeps deregistered firms too."""
    return dataset.select == "all" and dataset.coverage >= 1.0


class RecordMaker:
    """Builds a dataset's records for one firm; numbers records per dataset in order."""

    def __init__(self, city: CityConfig, noise: Noise) -> None:
        self.city, self.noise = city, noise
        self._next_id: dict[str, int] = {}
        self._noise_of: dict[str, Noise] = {}

    def noise_for(self, dataset: Dataset) -> Noise:
        """The city's rates with the dataset's own overrides."""
        found = self._noise_of.get(dataset.source)
        if found is None:
            found = self.noise.overridden(dataset.noise, dataset.source)
            self._noise_of[dataset.source] = found
        return found

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
        noise = self.noise_for(dataset)
        gone = firm.deregistered is not None and not is_register(dataset)
        if gone and rng.random() >= noise.deregistered_kept and not always:
            return []
        made: list[SourceRecord] = []
        first = ""
        for nth in range(rng.randint(*dataset.per_firm)):
            repeat = (dataset.repeat, first) if nth else ("", "")
            record = self._record(firm, department, dataset, rng, noise, nth, repeat)
            first = first or record.truth.record_id
            made.append(record)
            made.extend(self._repeats(record, firm, department, dataset, rng, noise, nth))
        return made

    def _repeats(
        self,
        record: SourceRecord,
        firm: Firm,
        department: Department,
        dataset: Dataset,
        rng: random.Random,
        noise: Noise,
        nth: int,
    ) -> list[SourceRecord]:
        """Rows that repeat ``record``: a renamed firm under its other name (in a department
        slow to update), and a re-entry."""
        again = []
        record_id = record.truth.record_id
        if firm.former_names and dataset.stale_address and rng.random() < noise.old_and_new_name:
            former = "former_name" not in record.truth.name_noise.split("|")
            why = ("old_name" if former else "new_name", record_id)
            again.append(self._record(firm, department, dataset, rng, noise, nth, why, former))
        if rng.random() < noise.duplicate:
            why = ("re_entry", record_id)
            again.append(self._record(firm, department, dataset, rng, noise, nth, why))
        return again

    def _record(
        self,
        firm: Firm,
        department: Department,
        dataset: Dataset,
        rng: random.Random,
        noise: Noise,
        nth: int,
        repeat: tuple[str, str],
        former: bool | None = None,
    ) -> SourceRecord:
        """One row; ``repeat`` is (why the firm has it too, the row it repeats); ``former``
        forces the former name (or the current one)."""
        record_id = self._new_id(dataset)
        columns = dataset.columns
        uscc, uscc_noise = self._uscc(firm, dataset, rng, noise)
        name, name_noise = self._name(firm, dataset, rng, noise, former)
        address, address_noise = (
            self._address(firm, dataset, rng, noise) if "address" in columns else (None, "")
        )
        phone, phone_noise = self._phone(firm, rng, noise) if "phone" in columns else (None, "")
        missing = tuple(
            f
            for f in _FIELDS_THAT_GO_MISSING
            if f in columns and rng.random() < noise.field_missing
        )
        drawn = {"uscc": uscc, "name": name, "address": address, "phone": phone}
        values: dict[str, Any] = {dataset.record_id: record_id}
        for canonical_field, column in columns.items():
            if canonical_field in missing:
                values[column] = codes.blank(rng)
            elif canonical_field in drawn:
                values[column] = drawn[canonical_field]
            else:
                values[column] = _plain(firm, canonical_field, dataset)
        for column, generator in dataset.extra.items():
            values[column] = extras.value(generator, firm, rng, self.city, dataset, nth, values)
        truth = RecordTruth(
            source=dataset.source,
            department=department.name,
            record_id=record_id,
            firm_id=firm.firm_id,
            uscc_noise=uscc_noise,
            name_noise=name_noise,
            address_noise=address_noise,
            duplicate_of=repeat[1],
            missing_fields=missing,
            phone_noise=phone_noise,
            repeat=repeat[0],
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

    def _uscc(
        self, firm: Firm, dataset: Dataset, rng: random.Random, noise: Noise
    ) -> tuple[str | None, str]:
        if "uscc" not in dataset.columns:
            return None, "absent"
        if rng.random() < dataset.missing.get("uscc", 0.0):
            return codes.blank(rng), "absent"
        roll = rng.random()
        if roll < noise.uscc_missing:
            return codes.blank(rng), "missing"
        kinds = []
        code = firm.uscc
        if roll < noise.uscc_missing + noise.uscc_typo:
            code, typo = codes.mistyped(firm.uscc, rng)
            kinds.append(f"typo_{typo}")
        elif firm.parent_uscc and rng.random() < noise.parent_code:
            code = firm.parent_uscc
            kinds.append("parent_code")
        elif firm.old_tax_id and rng.random() < dataset.old_tax_id_rate:
            code = firm.old_tax_id
            kinds.append("old_tax_id")
        if rng.random() < noise.uscc_format:
            how = rng.choice(codes.USCC_FORMATS)
            written = codes.formatted(code, how, rng)
            if written != code:  # an all-digit code has no lower case
                code = written
                kinds.append(how)
        return code, "|".join(kinds)

    def _name(
        self,
        firm: Firm,
        dataset: Dataset,
        rng: random.Random,
        noise: Noise,
        former: bool | None,
    ) -> tuple[str, str]:
        if former is None:
            former = bool(firm.former_names) and rng.random() < dataset.stale_address
        if former and firm.former_names:
            # The latest former name mostly: the one the department wrote before the change.
            older = rng.random() < 0.2
            return _name_variants(
                firm.former_names[0 if older else -1], firm, rng, noise, "former_name"
            )
        roll = rng.random()
        if roll < noise.name_english:
            return _english(firm, rng), "english"
        if roll < noise.name_english + noise.name_pinyin:
            args = (firm.region, firm.brand, firm.industry_word, firm.legal_form)
            return romanise.pinyin_name(*args), "pinyin"
        return _name_variants(firm.name, firm, rng, noise, "")

    def _address(
        self, firm: Firm, dataset: Dataset, rng: random.Random, noise: Noise
    ) -> tuple[str, str]:
        kinds = []
        written = firm.address
        if firm.old_address and rng.random() < dataset.stale_address:
            written = firm.old_address
            kinds.append("stale")
        elif firm.operating_address and rng.random() < dataset.operating_address:
            written = firm.operating_address
            kinds.append("operating")
        for kind, rate in _address_rates(noise):
            if rng.random() < rate:
                changed = places.address_variant(written, self.city, kind, rng)
                if changed != written:
                    written = changed
                    kinds.append(kind)
                    if kind == "district_only":
                        break
        return written, "|".join(kinds)

    def _phone(self, firm: Firm, rng: random.Random, noise: Noise) -> tuple[str, str]:
        numbers = firm.phones
        kinds = []
        number = numbers[0]
        if len(numbers) > 1 and rng.random() < noise.phone_other:
            number = rng.choice(numbers[1:])
            kinds.append("other_phone")
        reformat = rng.random() < noise.phone_format
        text = phones.phone_variant(number, rng) if reformat else number
        if reformat:
            kinds.append("format")
        if len(numbers) > 1 and rng.random() < noise.phone_joined:
            second = next(n for n in numbers if n != number)
            text = phones.joined(
                [text, phones.phone_variant(second, rng) if reformat else second], rng
            )
            kinds.append("joined")
        if rng.random() < noise.phone_typo:
            text = phones.wrong_digit(text, rng)
            kinds.append("typo")
        return text, "|".join(kinds)


def _plain(firm: Firm, canonical_field: str, dataset: Dataset) -> Any:
    """A field every department writes as the firm has it."""
    if canonical_field == "established":
        return extras.format_date(firm.established, dataset.date_style)
    if canonical_field == "former_names":
        return "；".join(firm.former_names) or None
    return getattr(firm, canonical_field)  # legal_rep, registered_capital


def _english(firm: Firm, rng: random.Random) -> str:
    return romanise.english_name(firm.region, firm.brand, firm.industry_word, firm.legal_form, rng)


@lru_cache(maxsize=64)
def _address_rates(noise: Noise) -> tuple[tuple[str, float], ...]:
    """(variant, its rate) in the order the variants are applied."""
    return tuple((kind, getattr(noise, f"addr_{kind}")) for kind in places.ADDRESS_VARIANTS)


def _name_variants(
    name: str, firm: Firm, rng: random.Random, noise: Noise, first_kind: str
) -> tuple[str, str]:
    """``name`` through the variants a department's clerks make, each at its rate; the
    kinds applied (after ``first_kind``, if any)."""
    kinds = [first_kind] if first_kind else []
    region = firm.region

    def apply(kind: str, written: str | None) -> None:
        nonlocal name
        if written is not None and written != name:
            name = written
            kinds.append(kind)

    if rng.random() < noise.name_drop_region:
        apply("drop_region", names.name_variant(name, region, "drop_region", rng))
    elif rng.random() < noise.name_bracket_region:
        apply("bracket_region", names.name_variant(name, region, "insert_region", rng))
    roll = rng.random()
    if roll < noise.name_legal_form:
        apply("legal_form", names.name_variant(name, region, "legal_form", rng))
    elif roll < noise.name_legal_form + noise.name_omit_legal_form:
        apply("omit_legal_form", names.name_variant(name, region, "omit_legal_form", rng))
    if rng.random() < noise.name_typo:
        apply("typo", names.typo(name, firm.brand, firm.industry_word, rng))
    if "（" in name and rng.random() < noise.name_half_width:
        apply("half_width_brackets", names.name_variant(name, region, "half_width_brackets", rng))
    if rng.random() < noise.name_spaces:
        apply("spaces", names.with_spaces(name, region, rng))
    if len(name) > noise.name_limit and rng.random() < noise.name_truncate:
        apply("truncate", names.truncated(name, noise.name_limit))
    return name, "|".join(kinds)
