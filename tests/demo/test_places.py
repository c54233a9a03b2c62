"""Addresses as departments write them: each variant a small rewrite of one shape."""

from __future__ import annotations

import random

import pytest

from scenehub.demo import places
from scenehub.demo.config import load_city

CITY = load_city()
FULL = "浙江省杭州市滨江区长河街道江南大道588号恒鑫科技园3幢12楼1203室"


def variants(kind: str, addr: str = FULL, n: int = 300) -> set[str]:
    rng = random.Random(kind)
    return {places.address_variant(addr, CITY, kind, rng) for _ in range(n)}


def test_the_prefix_is_written_in_full_without_the_province_or_from_the_district() -> None:
    assert variants("drop_province") == {FULL.removeprefix("浙江省")}
    assert variants("drop_prefix") == {FULL.removeprefix("浙江省杭州市")}


def test_the_street_may_be_left_out() -> None:
    assert variants("drop_street") == {FULL.replace("长河街道", "")}


def test_a_block_is_written_six_ways() -> None:
    blocks = {v.split("恒鑫科技园")[1].split("12楼")[0] for v in variants("building_word")}
    assert blocks == {"3号楼", "三号楼", "3栋", "3#楼", "第3幢", "3#"}


def test_floor_and_room_are_written_several_ways() -> None:
    rooms = {v.split("3幢")[1] for v in variants("room_form")}
    assert {"1203室", "十二层1203室", "12层1203室"} <= rooms


def test_an_address_may_be_cut_after_the_number_or_be_the_district_alone() -> None:
    assert variants("cut_after_number") == {"浙江省杭州市滨江区长河街道江南大道588号"}
    assert variants("district_only") == {"滨江区", "杭州市滨江区"}


def test_former_district_names_come_from_the_city_file() -> None:
    binjiang = CITY.district("330108")
    assert {v.split("长河街道")[0] for v in variants("former_district")} == {
        f"浙江省杭州市{name}" for name in binjiang.former_names
    }
    linping = "浙江省杭州市临平区南苑街道世纪大道10号"
    assert variants("former_district", linping) == {linping.replace("临平区", "余杭区")}
    xihu = "浙江省杭州市西湖区文新街道文三路10号"  # never renamed
    assert variants("former_district", xihu) == {xihu}


def test_digits_may_be_full_width() -> None:
    (written,) = variants("full_width_digits")
    assert "５８８号" in written and "588" not in written


@pytest.mark.parametrize(
    ("n", "written"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (28, "二十八")]
)
def test_chinese_numbers(n: int, written: str) -> None:
    assert places.chinese_number(n) == written


def test_firms_at_a_cluster_site_differ_only_after_the_room() -> None:
    rng = random.Random(1)
    site = places.cluster_site(rng, CITY, CITY.district("330114"))
    assert site.startswith("浙江省杭州市钱塘区") and site.endswith("楼")
    addresses = {places.cluster_address(site, rng) for _ in range(50)}
    assert len(addresses) > 40
    assert all(a.startswith(site) and a.endswith("室") and "-" in a for a in addresses)


def test_generated_addresses_carry_their_district() -> None:
    rng = random.Random(2)
    for district in CITY.districts:
        addr = places.address(rng, CITY, district)
        assert addr.startswith(f"{CITY.province}{CITY.city}{district.name}")
        assert places.district_in(addr, CITY) == district
