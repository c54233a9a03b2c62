"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015): check character (pure).

18 characters: registration authority (1), organisation kind (1), administrative division
code (6), organisation code (9, itself with a GB 11714 check character) and a check
character over the first 17 (weights 3^i mod 31, alphabet without I, O, S, V, Z).
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(first17: str) -> str:
    """The 18th character for the given first 17."""
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise ValueError(f"need 17 characters of {ALPHABET!r}, got {first17!r}")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """Whether ``code`` is 18 allowed characters with the right check character."""
    if len(code) != 18 or any(ch not in _VALUE for ch in code):
        return False
    return check_character(code[:17]) == code[17]


def organisation_code_check(first8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body (0-9, X)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    # GB 11714 values letters A=10 … Z=35 (not the USCC alphabet's positions).
    total = sum(int(ch, 36) * w for ch, w in zip(first8, weights, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_uscc(division: str, body: str, authority: str = "9", kind: str = "1") -> str:
    """A valid code for the 8-character organisation code ``body`` registered in
    ``division`` (authority 9 = market regulator, kind 1 = enterprise)."""
    if len(body) != 8 or len(division) != 6:
        raise ValueError("need a 6-digit division code and an 8-character body")
    first17 = authority + kind + division + body + organisation_code_check(body)
    return first17 + check_character(first17)


def old_tax_id(uscc: str) -> str:
    """The 15-character tax registration number a firm had before 2015-10: the division
    code and the organisation code, i.e. characters 3-17 of its USCC."""
    return uscc[2:17]
