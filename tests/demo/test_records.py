"""What departments write about firms: each kind of noise at its rate (demo/rates.py:
Noise), and the truth saying exactly which firm and which noise."""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable, Iterable

import pytest

from scenehub.demo.codes import BLANKS
from scenehub.demo.config import Dataset, Department, load_city
from scenehub.demo.firms import FirmGenerator
from scenehub.demo.model import Firm
from scenehub.demo.rates import Noise
from scenehub.demo.records import RecordMaker, SourceRecord
from scenehub.industry.taxonomy import load_chain

CITY = load_city()
NOISE = Noise()
AMR = next(d for d in CITY.departments if d.key == "amr")
# The registry's layout, slow to update, writing operating addresses half the time.
EVERYTHING = dataclasses.replace(
    AMR.datasets[0],
    source="test_everything",
    stale_address=0.3,
    operating_address=0.5,
    old_tax_id_rate=0.35,
    coverage=0.99,  # not a full register: deregistered firms thin out
)

Made = list[tuple[Firm, SourceRecord]]


def make(firms: Iterable[Firm], dataset: Dataset, noise: Noise = NOISE) -> Made:
    maker = RecordMaker(CITY, noise)
    return [
        (firm, record)
        for firm in firms
        for record in maker.records(firm, AMR, dataset, random.Random(f"r{firm.index}"))
    ]


@pytest.fixture(scope="module")
def firms() -> list[Firm]:
    return list(FirmGenerator(CITY, load_chain(), seed=33).generate(12_000))


@pytest.fixture(scope="module")
def made(firms: list[Firm]) -> Made:
    return make(firms, EVERYTHING)


def kinds(noise: str) -> set[str]:
    return set(noise.split("|")) - {""}


def rate_of(
    made: Made,
    column: str,
    kind: str,
    among: Callable[[Firm, SourceRecord], bool] = lambda f, r: True,
) -> tuple[float, int]:
    pool = [r for f, r in made if among(f, r)]
    hits = sum(1 for r in pool if kind in kinds(getattr(r.truth, column)))
    return hits / len(pool), len(pool)


def near(found: tuple[float, int], rate: float, low: float = 0.85) -> bool:
    """``found`` share is ``rate`` within four standard deviations (``low``: a variant that
    does not apply to every record falls that much short)."""
    share, n = found
    margin = 4 * math.sqrt(rate * (1 - rate) / n)
    return rate * low - margin <= share <= rate + margin


def first_rows(f: Firm, r: SourceRecord) -> bool:
    return not r.truth.repeat


def current_name(f: Firm, r: SourceRecord) -> bool:
    return not r.truth.repeat and "former_name" not in kinds(r.truth.name_noise)


def plain_name(f: Firm, r: SourceRecord) -> bool:
    return current_name(f, r) and not kinds(r.truth.name_noise) & {"english", "pinyin"}


def with_region(f: Firm, r: SourceRecord) -> bool:
    return plain_name(f, r) and bool(f.region)


def operating_address(f: Firm, r: SourceRecord) -> bool:
    return bool(f.operating_address) and "stale" not in kinds(r.truth.address_noise)


def with_several_phones(f: Firm, r: SourceRecord) -> bool:
    return bool(f.other_phones)


def test_codes_are_mistyped_blank_formatted_or_the_parents_at_their_rates(made: Made) -> None:
    typos = sum(any(k.startswith("typo_") for k in kinds(r.truth.uscc_noise)) for _, r in made)
    assert near((typos / len(made), len(made)), NOISE.uscc_typo)
    assert near(rate_of(made, "uscc_noise", "missing"), NOISE.uscc_missing)
    formats = sum(
        bool(kinds(r.truth.uscc_noise) & {"lower", "spaces", "full_width"}) for _, r in made
    )
    assert near((formats / len(made), len(made)), NOISE.uscc_format, low=0.7)
    branches = rate_of(made, "uscc_noise", "parent_code", lambda f, r: f.is_branch)
    assert near(branches, NOISE.parent_code, low=0.9)
    old = rate_of(made, "uscc_noise", "old_tax_id", lambda f, r: bool(f.old_tax_id))
    assert near(old, EVERYTHING.old_tax_id_rate, low=0.9)


def test_names_are_varied_at_their_rates(made: Made) -> None:
    assert near(rate_of(made, "name_noise", "english", current_name), NOISE.name_english)
    assert near(rate_of(made, "name_noise", "pinyin", current_name), NOISE.name_pinyin)
    assert near(rate_of(made, "name_noise", "drop_region", with_region), NOISE.name_drop_region)
    assert near(
        rate_of(made, "name_noise", "bracket_region", with_region), NOISE.name_bracket_region, 0.6
    )
    assert near(rate_of(made, "name_noise", "legal_form", plain_name), NOISE.name_legal_form, 0.75)
    assert near(
        rate_of(made, "name_noise", "omit_legal_form", plain_name), NOISE.name_omit_legal_form
    )
    assert near(rate_of(made, "name_noise", "typo", plain_name), NOISE.name_typo, 0.5)
    assert near(rate_of(made, "name_noise", "spaces", plain_name), NOISE.name_spaces)
    renamed = rate_of(
        made, "name_noise", "former_name", lambda f, r: first_rows(f, r) and bool(f.former_names)
    )
    assert near(renamed, EVERYTHING.stale_address)


def test_addresses_are_varied_at_their_rates(made: Made) -> None:
    moved = rate_of(made, "address_noise", "stale", lambda f, r: bool(f.old_address))
    assert near(moved, EVERYTHING.stale_address)
    assert near(
        rate_of(made, "address_noise", "operating", operating_address), EVERYTHING.operating_address
    )
    assert near(rate_of(made, "address_noise", "district_only"), NOISE.addr_district_only)
    for kind in (
        "drop_province",
        "drop_prefix",
        "drop_street",
        "cut_after_number",
        "full_width_digits",
    ):
        assert near(rate_of(made, "address_noise", kind), getattr(NOISE, f"addr_{kind}"), 0.5), kind
    for kind in ("building_word", "room_form", "former_district"):
        assert rate_of(made, "address_noise", kind)[0] > 0.1 * getattr(NOISE, f"addr_{kind}"), kind


def test_phones_are_varied_at_their_rates(made: Made) -> None:
    assert near(rate_of(made, "phone_noise", "format"), NOISE.phone_format)
    assert near(rate_of(made, "phone_noise", "other_phone", with_several_phones), NOISE.phone_other)
    assert near(rate_of(made, "phone_noise", "joined", with_several_phones), NOISE.phone_joined)
    assert near(rate_of(made, "phone_noise", "typo"), NOISE.phone_typo)


def test_fields_go_blank_and_rows_repeat_at_their_rates(made: Made) -> None:
    for field in ("address", "legal_rep", "phone", "established", "registered_capital"):
        share = sum(field in r.truth.missing_fields for _, r in made) / len(made)
        assert near((share, len(made)), NOISE.field_missing), field
        column = EVERYTHING.columns[field]
        assert all(r.values[column] in BLANKS for _, r in made if field in r.truth.missing_fields)
    repeats = [r.truth.repeat for _, r in made]
    assert near((repeats.count("re_entry") / len(made), len(made)), NOISE.duplicate)
    renamed = [r for f, r in made if f.former_names and not r.truth.repeat]
    both = sum(r.truth.repeat in ("old_name", "new_name") for f, r in made if f.former_names)
    assert near((both / len(renamed), len(renamed)), NOISE.old_and_new_name, 0.8)


def test_a_deregistered_firm_thins_out_outside_the_register(firms: list[Firm], made: Made) -> None:
    gone = [f for f in firms if f.deregistered]
    kept = {f.firm_id for f, r in made if f.deregistered}
    assert near((len(kept) / len(gone), len(gone)), NOISE.deregistered_kept * EVERYTHING.coverage)
    register = make(gone, AMR.datasets[0])
    assert {f.firm_id for f, _ in register} == {f.firm_id for f in gone}
    assert all(r.values["登记状态"] == "注销" for _, r in register)


def test_the_truth_says_exactly_what_was_written(made: Made) -> None:
    columns = EVERYTHING.columns
    for firm, record in made:
        values, truth = record.values, record.truth
        assert truth.firm_id == firm.firm_id
        if not truth.uscc_noise:
            assert values[columns["uscc"]] == firm.uscc
        if not truth.name_noise:
            assert values[columns["name"]] == firm.name
        if "former_name" in kinds(truth.name_noise) and truth.name_noise == "former_name":
            assert values[columns["name"]] in firm.former_names
        if not truth.address_noise and "address" not in truth.missing_fields:
            assert values[columns["address"]] == firm.address
        if not truth.phone_noise and "phone" not in truth.missing_fields:
            assert values[columns["phone"]] == firm.phone
        assert values[columns["former_names"]] == ("；".join(firm.former_names) or None)
        assert bool(truth.repeat) == bool(truth.duplicate_of)


def test_a_dataset_can_override_a_rate(firms: list[Firm]) -> None:
    long = [f for f in firms if len(f.name) > NOISE.name_limit]
    assert long
    cut = dataclasses.replace(
        EVERYTHING, source="test_cut", stale_address=0.0, noise={"name_truncate": 1.0}
    )
    written = [
        r for _, r in make(long, cut) if not kinds(r.truth.name_noise) & {"english", "pinyin"}
    ]
    assert all(len(r.values[cut.columns["name"]]) <= NOISE.name_limit for r in written)
    assert sum("truncate" in kinds(r.truth.name_noise) for r in written) > len(written) / 2
    with pytest.raises(ValueError, match="unknown noise rates"):
        RecordMaker(CITY, NOISE).noise_for(dataclasses.replace(cut, noise={"nonsense": 1.0}))


def test_every_department_setting_is_valid_for_the_city() -> None:
    maker = RecordMaker(CITY, NOISE)
    for _, dataset in CITY.datasets():
        assert isinstance(maker.noise_for(dataset), Noise)
    assert isinstance(AMR, Department)
