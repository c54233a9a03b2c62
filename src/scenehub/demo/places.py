"""Addresses and phone numbers in a city, and the variants departments write them in (pure)."""

from __future__ import annotations

import random

from scenehub.demo.config import CityConfig, District
from scenehub.demo.names import BRAND, FULL_WIDTH_DIGITS

BUILDING_KINDS = ("大厦", "科技园", "中心", "广场", "创新园", "产业园", "商务楼", "孵化园")
_MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "186",
    "187",
    "188",
    "189",
    "199",
)


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
        if rng.random() < 0.5:
            place += f"{rng.randint(1, 12)}幢"
        floor = rng.randint(1, 28)
        place += f"{floor}楼{floor}{rng.randint(1, 30):02d}室"
    return f"{city.province}{city.city}{district.name}{place}"


ADDRESS_VARIANTS = ("drop_prefix", "full_width_digits", "floor_word", "drop_street")


def address_variant(addr: str, city: CityConfig, kind: str) -> str:
    """How a department may write ``addr``."""
    if kind == "drop_prefix":
        return addr.removeprefix(city.province).removeprefix(city.city)
    if kind == "full_width_digits":
        return addr.translate(FULL_WIDTH_DIGITS)
    if kind == "floor_word":
        return addr.replace("楼", "层", 1)
    if kind == "drop_street":
        for district in city.districts:
            for street in district.streets:
                if street in addr:
                    return addr.replace(street, "", 1)
        return addr
    raise ValueError(f"unknown address variant {kind!r}")


def phone(rng: random.Random, city: CityConfig) -> str:
    """A mobile number or a landline with the city's area code."""
    if rng.random() < 0.55:
        return rng.choice(_MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
    return f"{city.phone_area}-8{rng.randint(0, 9_999_999):07d}"


def phone_variant(number: str, rng: random.Random) -> str:
    """The same number as another clerk writes it."""
    if "-" in number:
        area, local = number.split("-")
        return rng.choice((area + local, local, f"({area}){local}", f"{area} {local}"))
    return rng.choice(
        (
            f"{number[:3]} {number[3:7]} {number[7:]}",
            f"+86{number}",
            f"{number[:3]}-{number[3:7]}-{number[7:]}",
        )
    )
