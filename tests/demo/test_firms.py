"""The firms of the synthetic city: each hard negative and shared attribute at its rate
(demo/rates.py: FirmMix), with the truth that keeps them apart."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import pytest

from scenehub.demo.config import load_city
from scenehub.demo.firms import FirmGenerator
from scenehub.demo.model import Firm
from scenehub.demo.rates import FirmMix
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import is_valid

CITY = load_city()
MIX = FirmMix()
FIRMS = 10_000


@pytest.fixture(scope="module")
def firms() -> list[Firm]:
    return list(FirmGenerator(CITY, load_chain(), seed=21).generate(FIRMS))


@pytest.fixture(scope="module")
def by_id(firms: list[Firm]) -> dict[str, Firm]:
    return {f.firm_id: f for f in firms}


def roughly(
    firms: list[Firm], which: Callable[[Firm], object], rate: float, low: float = 0.8
) -> bool:
    """The share of ``firms`` that ``which`` holds is ``rate`` (four standard deviations;
    ``low``: a kind that is sometimes not drawable — no free name, a branch parent —
    falls somewhat short of its share)."""
    share = sum(1 for f in firms if which(f)) / len(firms)
    margin = 4 * math.sqrt(rate * (1 - rate) / len(firms))
    return rate * low - margin <= share <= rate + margin


def test_each_kind_of_firm_is_at_its_share(firms: list[Firm]) -> None:
    branches = [f for f in firms if f.branch_of]
    assert roughly(firms, lambda f: f.branch_of, MIX.branch)
    assert roughly(branches, lambda f: f.branch_kind == "ordinal", MIX.ordinal_branch)
    assert roughly(firms, lambda f: f.branch_kind == "out_of_town", MIX.out_of_town_branch)
    assert roughly(firms, lambda f: f.lookalike_of, MIX.lookalike)
    assert roughly(firms, lambda f: f.sibling_of, MIX.sibling)
    assert roughly(firms, lambda f: f.reuses_name_of, MIX.reused_name, low=0.6)
    assert roughly(firms, lambda f: f.deregistered, MIX.deregistered, low=0.6)
    assert roughly(firms, lambda f: f.former_names, MIX.renamed)
    assert roughly(firms, lambda f: f.old_address, MIX.relocated)
    assert roughly(firms, lambda f: f.cluster_address, MIX.cluster_address)
    expected_agency = MIX.agency_phone + MIX.cluster_address * MIX.agency_phone_in_cluster
    assert roughly(firms, lambda f: f.agency_phone, expected_agency)
    with_operating = MIX.operating_address + MIX.cluster_address
    assert roughly(firms, lambda f: f.operating_address, with_operating, low=0.7)
    assert roughly(firms, lambda f: f.other_phones, MIX.second_phone + 0.05, low=0.85)
    assert Counter(f.lookalike_kind for f in firms if f.lookalike_of).keys() == {
        "homophone",
        "region",
        "industry_word",
    }


def test_a_branch_is_its_own_firm_with_its_own_code(
    firms: list[Firm], by_id: dict[str, Firm]
) -> None:
    for branch in (f for f in firms if f.is_branch):
        assert branch.name.endswith("分公司") and is_valid(branch.uscc)
        assert (
            branch.parent_uscc
            and branch.parent_uscc != branch.uscc
            and is_valid(branch.parent_uscc)
        )
        if branch.branch_of:
            assert by_id[branch.branch_of].uscc == branch.parent_uscc
        if branch.branch_kind == "ordinal":
            assert branch.name[-5:-3] in ("第一", "第二", "第三")


def test_out_of_town_branches_name_a_parent_registered_elsewhere(firms: list[Firm]) -> None:
    outside = [f for f in firms if f.branch_kind == "out_of_town"]
    assert outside
    for branch in outside:
        assert branch.branch_of is None and branch.region in CITY.other_cities
        assert branch.name.startswith(branch.parent_name)
        assert branch.name.removeprefix(branch.parent_name).startswith(CITY.short_name)
        assert (branch.parent_uscc or "")[2:8] == CITY.other_cities[branch.region]


def test_siblings_share_owner_trade_name_building_room_and_phones(
    firms: list[Firm], by_id: dict[str, Firm]
) -> None:
    for sibling in (f for f in firms if f.sibling_of):
        head = by_id[sibling.sibling_of or ""]
        assert sibling.name != head.name and sibling.uscc != head.uscc
        assert sibling.brand == head.brand and sibling.industry_word != head.industry_word
        assert (sibling.legal_rep, sibling.address, sibling.phones) == (
            head.legal_rep,
            head.address,
            head.phones,
        )
        assert sibling.district_code == head.district_code == sibling.uscc[2:8]


def test_a_deregistered_firms_name_is_taken_by_a_later_distinct_firm(
    firms: list[Firm], by_id: dict[str, Firm]
) -> None:
    reusers = [f for f in firms if f.reuses_name_of]
    assert reusers
    for firm in reusers:
        gone = by_id[firm.reuses_name_of or ""]
        assert firm.name == gone.name and firm.uscc != gone.uscc and firm.index > gone.index
        assert gone.deregistered is not None and firm.established > gone.deregistered


def test_former_names_are_no_other_firms_name(firms: list[Firm]) -> None:
    current = {f.name for f in firms}
    renamed = [f for f in firms if f.former_names]
    assert any(len(f.former_names) == 2 for f in renamed)
    for firm in renamed:
        assert firm.name not in firm.former_names
        assert not set(firm.former_names) & current


def test_cluster_addresses_and_agency_phones_are_shared_by_hundreds_at_scale(
    firms: list[Firm],
) -> None:
    sites = Counter(f.address.rsplit("楼", 1)[0] for f in firms if f.cluster_address)
    assert len(sites) == MIX.cluster_sites
    # Each site and agency holds about 1/sites (1/agencies) of the share: ≥ 40 here at
    # 10,000 firms, so hundreds at 50,000 and thousands at 500,000.
    assert min(sites.values()) >= 40
    agencies = Counter(f.phone for f in firms if f.agency_phone)
    assert len(agencies) == MIX.agency_phones and min(agencies.values()) >= 40


def test_common_person_names_are_shared_by_many_legal_reps(firms: list[Firm]) -> None:
    reps = Counter(f.legal_rep for f in firms)
    commonest = reps.most_common(1)[0][1]
    assert commonest >= FIRMS * MIX.common_person_name / 20 * 0.6


def test_the_same_seed_gives_the_same_hard_negatives() -> None:
    first = list(FirmGenerator(CITY, load_chain(), seed=5).generate(600))
    again = list(FirmGenerator(CITY, load_chain(), seed=5).generate(600))
    assert first == again
