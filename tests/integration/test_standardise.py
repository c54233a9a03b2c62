"""Standardisers: codes, company names, addresses → districts, dates, phones, capital."""

from __future__ import annotations

from datetime import date

import pytest

from scenehub.demo.config import load_city
from scenehub.integration.standardise import (
    FirmName,
    city_rules,
    district_of,
    normalise_address,
    normalise_capital,
    normalise_phone,
    normalise_phones,
    normalise_uscc,
    old_tax_id_of,
    parse_address,
    parse_date,
)
from scenehub.integration.standardise import normalise_name as normalise_any_name

CITY = load_city()
RULES = city_rules(CITY)
INDEX = RULES.districts


def normalise_name(text: str) -> FirmName | None:
    """A name as the city's standardiser reads it (its region words from the city file)."""
    return normalise_any_name(text, RULES.regions)


@pytest.mark.parametrize(
    ("text", "value", "kind", "valid"),
    [
        ("91330100799655058B", "91330100799655058B", "uscc", True),
        (" 9133 0100 7996 5505 8b ", "91330100799655058B", "uscc", True),
        ("９１３３０１００７９９６５５０５８Ｂ", "91330100799655058B", "uscc", True),  # full width
        ("91330100799655058C", "91330100799655058C", "invalid", False),  # check fails: flag
        ("9133010079965505", "9133010079965505", "invalid", False),
        ("330100799655058", "330100799655058", "old_tax_id", False),
        ("91330100799655058b", "91330100799655058B", "uscc", True),  # lower case
        ("", None, "missing", False),
        (None, None, "missing", False),
        ("/", None, "missing", False),  # how clerks write "none"
        ("无", None, "missing", False),
        ("9133010O799655058B", "9133010O799655058B", "invalid", False),  # O for 0: flagged
    ],
)
def test_uscc(text: str | None, value: str | None, kind: str, valid: bool) -> None:
    result = normalise_uscc(text)
    assert (result.value, result.kind, result.valid) == (value, kind, valid)


def test_an_old_tax_id_is_the_code_without_its_first_two_and_last_characters() -> None:
    assert old_tax_id_of("91330100799655058B") == "330100799655058"


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("杭州云图智能科技有限公司", "杭州云图智能科技有限公司"),
        ("杭州云图智能科技有限责任公司", "杭州云图智能科技有限公司"),
        ("云图智能科技（杭州）有限公司", "杭州云图智能科技有限公司"),
        ("云图智能科技(杭州)有限公司", "杭州云图智能科技有限公司"),
        ("杭州 云图智能科技 有限公司", "杭州云图智能科技有限公司"),
    ],
)
def test_name_variants_normalise_to_one_form(variant: str, canonical: str) -> None:
    name = normalise_name(variant)
    assert name is not None
    assert name.normalised == canonical
    assert name.core == "云图智能科技"


def test_the_legal_form_is_kept_as_a_field() -> None:
    name = normalise_name("浙江数思电机股份有限公司")
    assert name is not None
    assert (name.region, name.core, name.legal_form) == ("浙江", "数思电机", "股份有限公司")


def test_a_branch_keeps_its_branch_part() -> None:
    branch = normalise_name("杭州云图智能科技有限公司滨江分公司")
    parent = normalise_name("杭州云图智能科技有限公司")
    assert branch is not None and parent is not None
    assert branch.branch == "滨江分公司"
    assert branch.core == parent.core
    assert branch.normalised != parent.normalised


def test_a_name_without_region_keeps_its_core() -> None:
    name = normalise_name("云图智能科技有限公司")
    assert name is not None
    assert (name.region, name.core) == ("", "云图智能科技")


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("浙江省杭州市临平区南苑街道迎宾路1号", "330113"),  # created 2021
        ("钱塘区下沙街道学源街88号", "330114"),  # created 2021
        ("浙江省杭州市西湖区文三路90号", "330106"),
        ("杭州市长河街道江南大道588号", "330108"),  # no district, a street of 滨江区
        ("杭州滨江网商路699号", "330108"),  # short name after the city
        ("浙江省杭州市上城区西湖大道18号", "330102"),  # 西湖 in a road name is not 西湖区
        ("杭州市江干区九堡街道九堡大道12号", "330102"),  # 江干区 became part of 上城区 (2021)
        ("杭州市下城区武林街道延安路1号", "330105"),  # 下城区 → 拱墅区
        ("高新区(滨江)江南大道588号", "330108"),
        ("杭州市余杭区临平街道世纪大道100号", "330113"),  # 余杭区 before 临平区 was cut out
        ("杭州市余杭区五常街道文一西路969号", "330110"),  # still 余杭区
        ("滨江区", "330108"),  # the district alone
        ("北京市海淀区中关村大街1号", None),
        (None, None),
    ],
)
def test_addresses_map_to_district_codes(address: str | None, code: str | None) -> None:
    assert district_of(address, INDEX) == code


def test_address_variants_compare_equal_after_normalising() -> None:
    assert normalise_address("滨江区江南大道５８８号12层") == normalise_address(
        "滨江区江南大道588号12楼"
    )


@pytest.mark.parametrize(
    "text",
    [
        "2023-01-05",
        "2023/1/5",
        "2023.01.05",
        "2023年1月5日",
        "20230105",
        "44931",
        "２０２３-０１-０５",
    ],
)
def test_dates_in_every_style(text: str) -> None:
    assert parse_date(text) == date(2023, 1, 5)


@pytest.mark.parametrize("text", ["", None, "2023-13-45", "soon", "12"])
def test_non_dates(text: str | None) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("138 0000 1234", "13800001234"),
        ("+8613800001234", "13800001234"),
        ("138-0000-1234", "13800001234"),
        ("0571-86001234", "0571-86001234"),
        ("057186001234", "0571-86001234"),
        ("(0571)86001234", "0571-86001234"),
        ("86001234", "0571-86001234"),
        ("010-12345678", "010-12345678"),
        ("12", None),
    ],
)
def test_phones(text: str, phone: str | None) -> None:
    assert normalise_phone(text) == phone


@pytest.mark.parametrize(
    ("text", "capital"),
    [
        ("500", 500.0),
        ("500.00", 500.0),
        ("500万元", 500.0),
        ("5,000,000元", 500.0),
        ("", None),
        ("unknown", None),
    ],
)
def test_capital_in_ten_thousand_yuan(text: str, capital: float | None) -> None:
    assert normalise_capital(text) == capital


def test_standardisers_agree_with_the_synthetic_citys_truth() -> None:
    """Each variant the city writes normalises back to the firm's own name and district."""
    import random

    from scenehub.demo import names, places
    from scenehub.demo.firms import FirmGenerator
    from scenehub.industry.taxonomy import load_chain

    rng = random.Random(4)
    firms = [f for f in FirmGenerator(CITY, load_chain(), 9).generate(600) if not f.branch_of]
    for firm in firms:
        truth = normalise_name(firm.name)
        for kind in ("drop_region", "legal_form", "half_width_brackets", "insert_region"):
            variant = names.name_variant(firm.name, firm.region, kind, rng)
            if variant is None:
                continue
            seen = normalise_name(variant)
            assert seen is not None and truth is not None
            assert seen.core == truth.core, (firm.name, variant)
        for kind in places.ADDRESS_VARIANTS:
            written = places.address_variant(firm.address, CITY, kind)
            assert district_of(written, INDEX) == firm.district_code, written


@pytest.mark.parametrize(
    "written",
    [
        "浙江省杭州市滨江区长河街道江南大道588号恒鑫科技园3幢12楼1203室",
        "杭州市滨江区江南大道588号恒鑫科技园3号楼1203室",
        "滨江区江南大道５８８号恒鑫科技园三栋十二层1203室",
        "高新区（滨江）长河街道江南大道588号3#楼1203室",
        "杭州滨江江南大道588号第3幢12层1203室",
    ],
)
def test_one_place_written_five_ways_parses_to_the_same_parts(written: str) -> None:
    address = parse_address(written, INDEX)
    assert address is not None
    parts = (address.district_code, address.road, address.number, address.building, address.room)
    assert parts == ("330108", "江南大道", "588", "3", "1203")
    assert address.key == "江南大道588号"


def test_an_address_cut_after_the_number_keeps_road_and_number() -> None:
    address = parse_address("杭州市西湖区文三路90号", INDEX)
    assert address is not None
    assert (address.key, address.building, address.room) == ("文三路90号", None, None)


def test_the_district_alone_gives_a_district_and_no_place() -> None:
    address = parse_address("滨江区", INDEX)
    assert address is not None
    assert (address.district_code, address.key) == ("330108", None)


def test_a_road_named_after_a_district_is_not_cut() -> None:
    address = parse_address("杭州市上城区西湖大道18号", INDEX)
    assert address is not None
    assert (address.district_code, address.road) == ("330102", "西湖大道")


@pytest.mark.parametrize(
    ("written", "core"),
    [
        ("浙江省杭州市星河智能科技有限公司", "星河智能科技"),  # two region words
        ("星河智能科技（杭州）有限公司", "星河智能科技"),
        ("星河智能科技", "星河智能科技"),  # legal form omitted
        ("杭州 星河智能科技　有限责任公司", "星河智能科技"),  # ideographic space
        ("浙江省杭州市星河智能科技服务有限", "星河智能科技服务"),  # cut at 20 characters
    ],
)
def test_name_cores(written: str, core: str) -> None:
    name = normalise_name(written)
    assert name is not None and name.core == core


def test_a_pinyin_rendering_sounds_like_the_chinese_name() -> None:
    chinese = normalise_name("杭州星河智能科技有限公司")
    pinyin = normalise_name("Xinghe Zhineng Keji (Hangzhou) Youxian Gongsi")
    english = normalise_name("Hangzhou Xinghe Intelligent Technology Co., Ltd.")
    assert chinese is not None and pinyin is not None and english is not None
    assert chinese.sound == pinyin.sound == "xinghezhinengkeji"
    assert chinese.trade == english.trade == "xinghe"
    assert english.region == "hangzhou"
    assert english.sound != chinese.sound  # a translation shares the trade name only


def test_a_homophone_typo_keeps_the_sound() -> None:
    right = normalise_name("杭州云图智能科技有限公司")
    wrong = normalise_name("杭州云涂智能科技有限公司")  # 图 → 涂, both tu
    assert right is not None and wrong is not None
    assert right.core != wrong.core and right.sound == wrong.sound


def test_an_out_of_town_firms_branch_is_a_branch() -> None:
    name = normalise_name("北京星河科技有限公司杭州分公司")
    assert name is not None
    assert (name.region, name.core, name.branch) == ("北京", "星河科技", "杭州分公司")
    home = normalise_name("杭州星河科技有限公司")
    assert home is not None and home.region != name.region  # a namesake, told apart by region


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("0571-86001234/13800001234", ("0571-86001234", "13800001234")),
        ("138-1234-5678；(0571)86001234", ("13812345678", "0571-86001234")),
        ("+86-571-86001234", ("0571-86001234",)),
        ("86001234, 86001235", ("0571-86001234", "0571-86001235")),
        ("138 0000 1234", ("13800001234",)),
        ("", ()),
    ],
)
def test_every_phone_of_a_cell(text: str, phones: tuple[str, ...]) -> None:
    assert normalise_phones(text) == phones


def test_city_rules_come_from_the_city_file() -> None:
    assert RULES.regions[:2] == ("浙江省", "杭州市")
    assert RULES.area_code == CITY.phone_area
    assert {"江干区", "下城区", "余杭区"} <= RULES.districts.retired
