"""Phone numbers in a city, and the ways departments write them (pure).

A firm's numbers are kept plain: an 11-digit mobile (13812345678) or the city's area code
and an 8-digit local number (0571-86012345).
"""

from __future__ import annotations

import random

from scenehub.demo.config import CityConfig

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
SEPARATORS = ("/", "；", ",", "，", " / ", "、")


def mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"


def landline(rng: random.Random, city: CityConfig) -> str:
    return f"{city.phone_area}-8{rng.randint(0, 9_999_999):07d}"


def phone(rng: random.Random, city: CityConfig) -> str:
    """A mobile number or a landline with the city's area code."""
    return mobile(rng) if rng.random() < 0.55 else landline(rng, city)


def phone_variant(number: str, rng: random.Random) -> str:
    """The same number as another clerk writes it."""
    if "-" in number:
        area, local = number.split("-")
        bare = area.removeprefix("0")
        return rng.choice(
            (
                area + local,
                local,
                f"({area}){local}",
                f"（{area}）{local}",
                f"{area} {local}",
                f"+86-{bare}-{local}",
                f"+86 {bare} {local}",
                f"{area}-{local[:4]}-{local[4:]}",
            )
        )
    return rng.choice(
        (
            f"{number[:3]} {number[3:7]} {number[7:]}",
            f"{number[:3]}-{number[3:7]}-{number[7:]}",
            f"+86{number}",
            f"+86 {number}",
            f"+86-{number}",
            f"86-{number}",
        )
    )


def joined(numbers: list[str], rng: random.Random) -> str:
    """Two numbers in one cell: 0571-86012345/13812345678."""
    return rng.choice(SEPARATORS).join(numbers)


def wrong_digit(text: str, rng: random.Random) -> str:
    """One digit of the last eight (never the area code) typed wrong."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit()][-8:]
    if not positions:
        return text
    i = rng.choice(positions)
    digit = rng.choice([d for d in "0123456789" if d != text[i]])
    return text[:i] + digit + text[i + 1 :]
