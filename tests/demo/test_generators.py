"""The pieces of the synthetic city: codes, names, addresses, firms, department records."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import pytest

from scenehub.demo import names, places
from scenehub.demo.config import load_city
from scenehub.demo.firms import SEGMENT_SHARES, FirmGenerator
from scenehub.demo.model import Firm
from scenehub.demo.records import Noise, RecordMaker, mistype, selects
from scenehub.industry.taxonomy import Chain, load_chain
from scenehub.integration.uscc import is_valid, make_uscc, old_tax_id

CITY = load_city()
CHAIN = load_chain()


@pytest.fixture(scope="module")
def firms() -> list[Firm]:
    return list(FirmGenerator(CITY, CHAIN, seed=7).generate(4000))


def test_the_city_has_hangzhous_thirteen_divisions_with_their_codes() -> None:
    codes = {d.name: d.code for d in CITY.districts}
    assert len(codes) == 13
    assert codes["临平区"] == "330113" and codes["钱塘区"] == "330114"
    assert codes["建德市"] == "330182" and codes["淳安县"] == "330127"


def test_the_city_has_at_least_thirty_departments() -> None:
    assert len(CITY.departments) >= 30
    assert len({d.name for d in CITY.departments}) == len(CITY.departments)


def test_known_real_codes_validate_and_made_codes_are_valid() -> None:
    assert is_valid("91330100799655058B")
    assert is_valid("91440300708461136T")
    assert not is_valid("91330100799655058C")
    code = make_uscc("330108", "MA2H7K0L")
    assert is_valid(code) and code[2:8] == "330108"
    assert old_tax_id(code) == "330108MA2H7K0L" + code[16]


def test_every_firm_has_a_unique_valid_code_carrying_its_district(firms: list[Firm]) -> None:
    assert all(is_valid(f.uscc) for f in firms)
    assert len({f.uscc for f in firms}) == len(firms)
    assert all(f.uscc[2:8] == f.district_code for f in firms)


def test_firm_names_are_unique_but_for_the_reused_names_of_deregistered_firms(
    firms: list[Firm],
) -> None:
    by_id = {f.firm_id: f for f in firms}
    fresh = [f for f in firms if not f.reuses_name_of]
    assert len({f.name for f in fresh}) == len(fresh)
    assert all(f.name.endswith("公司") for f in firms)
    for firm in firms:
        if firm.reuses_name_of:
            gone = by_id[firm.reuses_name_of]
            assert gone.name == firm.name and gone.uscc != firm.uscc
            assert gone.deregistered is not None and gone.deregistered < firm.established


def test_branches_and_lookalikes_refer_to_earlier_different_firms(firms: list[Firm]) -> None:
    by_id = {f.firm_id: f for f in firms}
    branches = [f for f in firms if f.branch_of]
    lookalikes = [f for f in firms if f.lookalike_of]
    assert 0.02 < len(branches) / len(firms) < 0.04
    assert 0.005 < len(lookalikes) / len(firms) < 0.03
    for branch in branches:
        parent = by_id[branch.branch_of or ""]
        assert branch.name.startswith(parent.name) and branch.name.endswith("分公司")
        assert branch.uscc != parent.uscc and branch.parent_uscc == parent.uscc
        assert branch.branch_kind in ("district", "ordinal")
    for twin in lookalikes:
        other = by_id[twin.lookalike_of or ""]
        assert twin.name != other.name and twin.uscc != other.uscc
        assert twin.legal_rep != other.legal_rep or twin.address != other.address
        same = {
            "homophone": twin.region == other.region and twin.industry_word == other.industry_word,
            "region": twin.brand == other.brand and twin.region != other.region,
            "industry_word": twin.brand == other.brand
            and twin.industry_word != other.industry_word,
        }
        assert same[twin.lookalike_kind], (twin.name, other.name, twin.lookalike_kind)
        if twin.lookalike_kind == "homophone":
            differ = sum(a != b for a, b in zip(twin.brand, other.brand, strict=True))
            assert differ == 1


def test_the_mix_follows_the_ai_chain_plus_ordinary_firms(firms: list[Firm]) -> None:
    ai = [f for f in firms if f.is_ai]
    assert 0.18 < len(ai) / len(firms) < 0.27
    main_segments = Counter(f.segments[0] for f in ai)
    assert set(main_segments) == {s.key for s in CHAIN.ai_segments}
    assert all(bool(f.capability) != f.is_branch for f in ai)  # branches describe none
    assert all(f.sector for f in firms if not f.is_ai)  # a few describe a look-alike trade
    assert all(f.segments == ("X.other",) for f in firms if not f.is_ai)


def test_segment_shares_are_those_of_a_city_like_hangzhou(firms: list[Firm]) -> None:
    ai = [f for f in firms if f.is_ai]
    main = Counter(f.segments[0] for f in ai)
    assert sum(main[code] for code in ("F.fab", "F.semi_equip")) < 0.02 * len(ai)  # rare
    assert 10 <= main["E.humanoid"] <= 60  # tens in a city of a few thousand firms
    embodied = sum(n for code, n in main.items() if code.startswith("E."))
    chips = sum(main[code] for code in ("F.chip", "F.eda", "F.fab", "F.semi_equip"))
    assert 0.12 < embodied / len(ai) < 0.25 and 0.03 < chips / len(ai) < 0.1
    assert main["T.cv"] > main["A.legal"]
    assert set(SEGMENT_SHARES) == {s.key for s in CHAIN.ai_segments}


def test_secondary_segments_are_up_or_downstream_neighbours(firms: list[Firm]) -> None:
    ai = [f for f in firms if f.is_ai]
    with_secondary = [f for f in ai if len(f.segments) > 1]
    assert 0.3 < len(with_secondary) / len(ai) < 0.55
    for firm in with_secondary:
        neighbours = CHAIN.segment(firm.segments[0]).neighbours
        assert set(firm.segments[1:]) <= set(neighbours), firm.segments
        assert len(set(firm.segments)) == len(firm.segments)


def test_a_chain_segment_without_a_share_is_refused() -> None:
    extra = dataclasses.replace(CHAIN.segment("A.legal"), key="A.space", scene_domains=())
    chain = Chain((*CHAIN.segments, extra), CHAIN.sectors)
    with pytest.raises(ValueError, match=r"missing \['A.space'\]"):
        FirmGenerator(CITY, chain, seed=1)


def test_every_select_expression_names_known_segments_and_sectors() -> None:
    codes = {s.key for s in CHAIN.segments} | {f"non_ai_{s.key}" for s in CHAIN.sectors}
    for _, dataset in CITY.datasets():
        if dataset.select.startswith("segments:"):
            named = set(dataset.select.removeprefix("segments:").split("|"))
            assert named <= codes, (dataset.source, named - codes)


def test_firms_before_the_unified_code_have_an_old_tax_id(firms: list[Firm]) -> None:
    old = [f for f in firms if f.old_tax_id]
    assert old
    assert all(len(f.old_tax_id or "") == 15 and f.uscc[2:17] == f.old_tax_id for f in old)
    assert all(f.uscc[8:10] != "MA" for f in old)


def test_the_same_seed_gives_the_same_firms() -> None:
    first = list(FirmGenerator(CITY, CHAIN, seed=3).generate(300))
    again = list(FirmGenerator(CITY, CHAIN, seed=3).generate(300))
    other = list(FirmGenerator(CITY, CHAIN, seed=4).generate(300))
    assert first == again
    assert first != other


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("drop_region", "杭州云图智能科技有限公司", "云图智能科技有限公司"),
        ("legal_form", "杭州云图智能科技有限公司", "杭州云图智能科技有限责任公司"),
        ("insert_region", "杭州云图智能科技有限公司", "云图智能科技（杭州）有限公司"),
        ("half_width_brackets", "云图智能科技（杭州）有限公司", "云图智能科技(杭州)有限公司"),
    ],
)
def test_name_variants(kind: str, name: str, expected: str) -> None:
    assert names.name_variant(name, "杭州", kind, random.Random(1)) == expected


def test_a_homophone_typo_changes_one_character() -> None:
    typo = names.homophone_typo("杭州云图智能科技有限公司", random.Random(5))
    assert typo is not None and typo != "杭州云图智能科技有限公司"
    assert sum(a != b for a, b in zip(typo, "杭州云图智能科技有限公司", strict=True)) == 1


def test_a_mistyped_code_never_passes_the_check() -> None:
    rng = random.Random(9)
    code = make_uscc("330106", "MA27Y5XL")
    assert all(not is_valid(mistype(code, rng)) for _ in range(500))


def test_address_variants_keep_the_place_recognisable() -> None:
    addr = places.address(random.Random(2), CITY, CITY.district("330108"))
    assert addr.startswith("浙江省杭州市滨江区")
    assert places.address_variant(addr, CITY, "drop_prefix").startswith("滨江区")
    assert "０" in places.address_variant(
        "浙江省杭州市滨江区江南大道0号", CITY, "full_width_digits"
    )


def test_select_expressions(firms: list[Firm]) -> None:
    ai = next(f for f in firms if f.is_ai and not f.is_branch)
    plain = next(f for f in firms if not f.is_ai)
    assert selects(ai, "ai") and not selects(plain, "ai")
    assert selects(ai, f"segments:{ai.segments[0]}|nothing")
    assert selects(plain, f"segments:non_ai_{plain.sector}")
    with pytest.raises(ValueError, match="unknown select"):
        selects(ai, "everyone")


def test_records_carry_their_truth_and_the_layout_columns(firms: list[Firm]) -> None:
    maker = RecordMaker(CITY, Noise())
    department = next(d for d in CITY.departments if d.key == "amr")
    dataset = department.datasets[0]
    made = [
        r
        for f in firms[:500]
        for r in maker.records(f, department, dataset, random.Random(f.index))
    ]
    assert len(made) >= 500  # coverage 1.0, plus duplicates
    columns = {dataset.record_id, *dataset.columns.values(), *dataset.extra}
    assert all(set(r.values) == columns for r in made)
    assert len({r.truth.record_id for r in made}) == len(made)
    duplicates = [r for r in made if r.truth.duplicate_of]
    assert all(
        r.truth.firm_id
        == next(m.truth.firm_id for m in made if m.truth.record_id == r.truth.duplicate_of)
        for r in duplicates
    )
