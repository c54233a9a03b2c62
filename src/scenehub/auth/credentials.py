"""Password hashing (argon2id) and strength, and random tokens stored only as their SHA-256
(pure)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("scenehub-timing-equaliser")


def configure_hasher(time_cost: int, memory_cost_kib: int) -> None:
    """Change the argon2 cost (the test suite lowers it; existing hashes still verify)."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost_kib)
    _DUMMY_HASH = _hasher.hash("scenehub-timing-equaliser")


API_TOKEN_PREFIX = "shk_"  # noqa: S105 - a visible prefix, not a secret
MIN_PASSWORD_LENGTH = 10
# zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash
# scenario" (about 10^8 guesses and more); below it, common words, names, dates, keyboard
# walks and repeats, alone or a little changed, which is what guessers try first.
MIN_PASSWORD_SCORE = 3
# zxcvbn refuses longer input (its cost grows fast with length). Passwords may be up to 256
# characters; the first 72 are judged, as the part a guesser must get right first.
ESTIMATED_LENGTH = 72


def password_is_guessable(password: str, user_inputs: list[str]) -> bool:
    """Whether ``password`` is too easy to guess: zxcvbn's score below 3, with the user's
    own names (username, display name, organisation) and this product's counted as words
    a guesser would try first."""
    known = [word[:ESTIMATED_LENGTH] for word in (*user_inputs, "scenehub") if word]
    estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=known)
    return int(estimate["score"]) < MIN_PASSWORD_SCORE


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; an unknown user (``None``) costs the same time."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def generate_password() -> str:
    """A random password that is easy to type from a printed credential list."""
    return secrets.token_urlsafe(12)


def sign(secret_key: str, value: str) -> str:
    return hmac.new(secret_key.encode(), value.encode(), hashlib.sha256).hexdigest()


def new_csrf_token(secret_key: str, bound_to: str = "") -> str:
    """A signed double-submit token, ``nonce.signature``, bound to ``bound_to`` (the
    browser's session cookie; empty before sign-in): a token minted for another session,
    in another browser, does not validate for this one."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_csrf_signature(secret_key, nonce, bound_to)}"


def csrf_token_valid(
    secret_key: str, cookie_value: str | None, sent_value: str | None, bound_to: str = ""
) -> bool:
    """The sent token equals the cookie and carries our signature for this session."""
    if not cookie_value or not sent_value:
        return False
    # Bytes, not str: compare_digest refuses non-ASCII text, and tokens come from clients.
    if not hmac.compare_digest(cookie_value.encode(), sent_value.encode()):
        return False
    return csrf_token_fits(secret_key, cookie_value, bound_to)


def csrf_token_fits(secret_key: str, token: str, bound_to: str) -> bool:
    """Whether ``token`` is ours and bound to ``bound_to``."""
    nonce, _, signature = token.partition(".")
    expected = _csrf_signature(secret_key, nonce, bound_to)
    return hmac.compare_digest(signature.encode(), expected.encode())


def _csrf_signature(secret_key: str, nonce: str, bound_to: str) -> str:
    # The session is in the signature only as its digest, like everywhere it is stored.
    return sign(secret_key, f"csrf:{nonce}:{token_digest(bound_to) if bound_to else ''}")
