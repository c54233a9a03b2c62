"""Phone numbers as departments write them."""

from __future__ import annotations

import random
import re

from scenehub.demo import phones
from scenehub.demo.config import load_city

CITY = load_city()


def digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def test_a_landline_keeps_its_local_number_in_every_format() -> None:
    rng = random.Random(1)
    seen = {phones.phone_variant("0571-86012345", rng) for _ in range(300)}
    assert {"86012345", "(0571)86012345", "+86-571-86012345", "0571-8601-2345"} <= seen
    assert all(digits(s).endswith("86012345") for s in seen)


def test_a_mobile_keeps_its_eleven_digits_in_every_format() -> None:
    rng = random.Random(1)
    seen = {phones.phone_variant("13812345678", rng) for _ in range(300)}
    assert {"138-1234-5678", "138 1234 5678", "+8613812345678"} <= seen
    assert all(digits(s).endswith("13812345678") for s in seen)


def test_two_numbers_are_joined_by_a_separator() -> None:
    rng = random.Random(5)
    joined = {phones.joined(["0571-86012345", "13812345678"], rng) for _ in range(200)}
    separators = {j.removeprefix("0571-86012345").removesuffix("13812345678") for j in joined}
    assert {"/", "；", ","} <= separators


def test_a_wrong_digit_changes_one_digit_and_never_the_area_code() -> None:
    rng = random.Random(7)
    for _ in range(300):
        typed = phones.wrong_digit("0571-86012345", rng)
        assert typed.startswith("0571-")
        assert sum(a != b for a, b in zip(typed, "0571-86012345", strict=True)) == 1


def test_city_numbers_use_the_citys_area_code() -> None:
    rng = random.Random(3)
    numbers = [phones.phone(rng, CITY) for _ in range(400)]
    landlines = [n for n in numbers if "-" in n]
    assert landlines and all(n.startswith(CITY.phone_area + "-") for n in landlines)
    assert all(len(n) == 11 and n.isdigit() for n in numbers if "-" not in n)
