"""Addresses in a city, and the ways departments write them (pure).

A generated address has one shape — 浙江省杭州市滨江区长河街道江南大道588号恒鑫科技园3幢12楼1203室
(province, city, district, street, road and number, then maybe a building, its 幢, the
floor and the room) — so each variant is a small rewrite of that shape.
"""

from __future__ import annotations

import random
import re

from scenehub.demo.config import CityConfig, District
from scenehub.demo.names import BRAND, FULL_WIDTH_DIGITS

BUILDING_KINDS = ("大厦", "科技园", "中心", "广场", "创新园", "产业园", "商务楼", "孵化园")
# In the order they are applied: the cuts before the rewrites, width last.
ADDRESS_VARIANTS = (
    "district_only",
    "former_district",
    "cut_after_number",
    "building_word",
    "room_form",
    "drop_street",
    "drop_prefix",
    "drop_province",
    "full_width_digits",
)
_CHINESE_DIGITS = "〇一二三四五六七八九"
_NUMBER = re.compile(r"\d+号")
_BLOCK = re.compile(r"(\d+)幢")
_FLOOR_ROOM = re.compile(r"(\d+)楼([\d-]+)室")
_FLOOR_AT_END = re.compile(r"(\d+)楼$")


def choose_district(rng: random.Random, city: CityConfig) -> District:
    return rng.choices(city.districts, [d.weight for d in city.districts])[0]


def address(rng: random.Random, city: CityConfig, district: District) -> str:
    """浙江省杭州市滨江区长河街道江南大道588号恒鑫科技园3幢12楼1203室."""
    street = rng.choice(district.streets)
    road = rng.choice(district.roads)
    number = rng.randint(1, 1200)
    place = f"{street}{road}{number}号"
    if rng.random() < 0.75:
        place += rng.choice(BRAND) + rng.choice(BRAND) + rng.choice(BUILDING_KINDS)
        if rng.random() < 0.6:
            place += f"{rng.randint(1, 12)}幢"
        floor = rng.randint(1, 28)
        place += f"{floor}楼{floor}{rng.randint(1, 30):02d}室"
    return f"{city.province}{city.city}{district.name}{place}"


def cluster_site(rng: random.Random, city: CityConfig, district: District) -> str:
    """A cluster-registration address up to its floor (…2幢5楼); its firms differ only in
    the number after the room (501-023室)."""
    street = rng.choice(district.streets)
    road = rng.choice(district.roads)
    building = rng.choice(BRAND) + rng.choice(BRAND) + rng.choice(("众创空间", "孵化器", "创业园"))
    floor = rng.randint(2, 9)
    return (
        f"{city.province}{city.city}{district.name}{street}{road}{rng.randint(1, 600)}号"
        f"{building}{rng.randint(1, 6)}幢{floor}楼"
    )


def cluster_address(site: str, rng: random.Random) -> str:
    """One firm's address at a cluster site: 5楼 + 501-023室."""
    floor = _FLOOR_AT_END.search(site)
    level = floor.group(1) if floor else "1"
    return f"{site}{level}{rng.randint(1, 3):02d}-{rng.randint(1, 999):03d}室"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 28 → 二十八 (floors and blocks)."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (
        (_CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (_CHINESE_DIGITS[ones] if ones else "")
    )


def address_variant(
    addr: str, city: CityConfig, kind: str, rng: random.Random | None = None
) -> str:
    """How a department may write ``addr`` (unchanged when the variant does not apply)."""
    rng = rng or random.Random(addr)
    if kind == "district_only":
        district = district_in(addr, city)
        if district is None:
            return addr
        return district.name if rng.random() < 0.7 else f"{city.city}{district.name}"
    if kind == "former_district":
        return _former_district(addr, city, rng)
    if kind == "cut_after_number":
        number = _NUMBER.search(addr)
        return addr[: number.end()] if number else addr
    if kind == "building_word":
        return _BLOCK.sub(lambda m: _block_word(int(m.group(1)), rng), addr, count=1)
    if kind == "room_form":
        return _FLOOR_ROOM.sub(lambda m: _room_form(m.group(1), m.group(2), rng), addr, count=1)
    if kind == "drop_street":
        return _drop_street(addr, city)
    if kind == "drop_prefix":
        return addr.removeprefix(city.province).removeprefix(city.city)
    if kind == "drop_province":
        return addr.removeprefix(city.province)
    if kind == "full_width_digits":
        return addr.translate(FULL_WIDTH_DIGITS)
    if kind == "floor_word":  # 12楼 → 12层, kept for callers of the first version
        return addr.replace("楼", "层", 1)
    raise ValueError(f"unknown address variant {kind!r}")


def district_in(addr: str, city: CityConfig) -> District | None:
    """The district whose current name the address carries."""
    return next((d for d in city.districts if d.name in addr), None)


def former_names_of(district: District) -> tuple[str, ...]:
    """The names an address in ``district`` may still carry: its former names, and the
    district it was cut out of."""
    return district.former_names + ((district.split_from,) if district.split_from else ())


def _former_district(addr: str, city: CityConfig, rng: random.Random) -> str:
    district = district_in(addr, city)
    if district is None or not former_names_of(district):
        return addr
    return addr.replace(district.name, rng.choice(former_names_of(district)), 1)


def _block_word(n: int, rng: random.Random) -> str:
    """3幢 as clerks write it: 3号楼, 三号楼, 3栋, 3#楼, 第3幢."""
    return rng.choice(
        (f"{n}号楼", f"{chinese_number(n)}号楼", f"{n}栋", f"{n}#楼", f"第{n}幢", f"{n}#")
    )


def _room_form(floor: str, room: str, rng: random.Random) -> str:
    """12楼1203室 as clerks write it: 1203室, 十二层1203室, 12层1203室, 12F-1203."""
    return rng.choice(
        (
            f"{room}室",
            f"{room}室",
            f"{chinese_number(int(floor))}层{room}室",
            f"{floor}层{room}室",
            f"{floor}F-{room}",
            f"{room}",
        )
    )


def _drop_street(addr: str, city: CityConfig) -> str:
    for district in city.districts:
        for street in district.streets:
            if street in addr:
                return addr.replace(street, "", 1)
    return addr
