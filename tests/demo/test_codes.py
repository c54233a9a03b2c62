"""How departments write a firm's code: one realistic mistake, blanks, their own format."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

import pytest

from scenehub.demo import codes
from scenehub.integration.uscc import is_valid, make_uscc

CODE = make_uscc("330108", "MA2H7K0L")


def test_every_kind_of_mistake_happens_and_none_passes_the_check() -> None:
    rng = random.Random(3)
    made = [codes.mistyped(CODE, rng) for _ in range(2000)]
    assert all(not is_valid(typed) for typed, _ in made)
    kinds = Counter(kind for _, kind in made)
    assert set(kinds) == set(codes.USCC_TYPOS)
    assert min(kinds.values()) > 300  # each about a quarter


def test_a_look_alike_mistake_swaps_one_confusable_character() -> None:
    rng = random.Random(8)
    for _ in range(200):
        typed = codes._typed(CODE, "lookalike", 2, rng)
        assert typed is not None and len(typed) == len(CODE)
        changed = [(a, b) for a, b in zip(CODE, typed, strict=True) if a != b]
        assert len(changed) == 1
        assert changed[0] in {
            ("0", "O"),
            ("1", "I"),
            ("2", "Z"),
            ("5", "S"),
            ("8", "B"),
            ("B", "8"),
        }


def test_a_swap_exchanges_two_neighbours() -> None:
    typed = codes._typed("91330108MA2H7K0L3X", "swap", 10, random.Random(1))
    assert typed == "91330108MAH27K0L3X"


@pytest.mark.parametrize("kind", codes.USCC_FORMATS)
def test_a_formatted_code_is_the_code_once_width_case_and_spaces_are_undone(kind: str) -> None:
    rng = random.Random(4)
    for _ in range(50):
        written = codes.formatted(CODE, kind, rng)
        assert written != CODE
        assert unicodedata.normalize("NFKC", written).upper().replace(" ", "") == CODE


def test_blanks_are_written_as_nothing_a_slash_or_none() -> None:
    rng = random.Random(2)
    assert {codes.blank(rng) for _ in range(200)} == {None, "", "/", "无"}
