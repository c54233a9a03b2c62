"""How departments write a firm's 统一社会信用代码: mistyped, blank, or formatted their own
way (pure)."""

from __future__ import annotations

import random

from scenehub.demo.names import FULL_WIDTH
from scenehub.integration.uscc import ALPHABET, is_valid

# How a blank is written: nothing, a slash, 无 ("none").
BLANKS: tuple[str | None, ...] = (None, "", "/", "无")
# One typing mistake each; the code never passes its check afterwards.
USCC_TYPOS = ("char", "swap", "lookalike", "drop")
USCC_FORMATS = ("lower", "spaces", "full_width")
# Look-alike characters a clerk confuses: O/0, I/1, Z/2, S/5, B/8 (O, I, Z and S are not in
# the code's alphabet at all).
_LOOKALIKES = {"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "B": "8"}


def blank(rng: random.Random) -> str | None:
    return rng.choice(BLANKS)


def mistyped(code: str, rng: random.Random) -> tuple[str, str]:
    """``code`` with one realistic mistake, and its kind (one of USCC_TYPOS)."""
    for _ in range(20):
        kind = rng.choice(USCC_TYPOS)
        typed = _typed(code, kind, rng.randrange(2, len(code)), rng)
        if typed is not None and typed != code and not is_valid(typed):
            return typed, kind
    return code[:-1], "drop"


def mistype(code: str, rng: random.Random) -> str:
    """``code`` with one realistic typing mistake; the result never passes the check."""
    return mistyped(code, rng)[0]


def _typed(code: str, kind: str, i: int, rng: random.Random) -> str | None:
    if kind == "lookalike":
        at = [j for j, ch in enumerate(code) if ch in _LOOKALIKES and j >= 2]
        if not at:
            return None
        j = rng.choice(at)
        return code[:j] + _LOOKALIKES[code[j]] + code[j + 1 :]
    if kind == "swap":
        if i >= len(code) - 1 or code[i] == code[i + 1]:
            return None
        return code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    if kind == "drop":
        return code[:i] + code[i + 1 :]
    return code[:i] + rng.choice(ALPHABET) + code[i + 1 :]


def formatted(code: str, kind: str, rng: random.Random) -> str:
    """The same code in a department's own format: lower case, spaced or full-width."""
    if kind == "lower":
        return code.lower()
    if kind == "spaces":
        if rng.random() < 0.5:  # in groups of four, as printed on a licence
            return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
        at = rng.randrange(1, len(code))
        return code[:at] + " " + code[at:]
    if kind == "full_width":
        return code.translate(FULL_WIDTH)
    raise ValueError(f"unknown code format {kind!r}")
