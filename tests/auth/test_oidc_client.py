"""The relying party's own checks: the pending sign-in cookie, the ID token (signature,
issuer, audience, expiry, nonce) and the one origin it calls."""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from scenehub.auth.oidc_client import (
    PENDING_SECONDS,
    PendingSignIn,
    decode_pending,
    encode_pending,
    same_origin,
    verify_id_token,
)
from scenehub.errors import SsoFailed

SECRET = "k" * 40
ISSUER = "https://sso.example.gov.cn"
KEY = RSAKey.generate_key(2048, parameters={"kid": "signing"}, private=True)
KEYS = KeySet([KEY])
PENDING = PendingSignIn("state", "nonce-1", "verifier", "/account", started_at=1_000_000)


def test_the_pending_sign_in_comes_back_as_it_left() -> None:
    raw = encode_pending(SECRET, PENDING)
    assert decode_pending(SECRET, raw, now=1_000_000 + 5) == PENDING


@pytest.mark.parametrize(
    ("raw", "now", "says"),
    [
        (None, 1_000_000, "not started here"),
        ("garbage", 1_000_000, "not started here"),
        (encode_pending("another key" * 4, PENDING), 1_000_000, "not started here"),
        (encode_pending(SECRET, PENDING), 1_000_000 + PENDING_SECONDS + 1, "took too long"),
    ],
)
def test_a_forged_missing_or_stale_pending_sign_in_is_refused(
    raw: str | None, now: int, says: str
) -> None:
    with pytest.raises(SsoFailed) as refused:
        decode_pending(SECRET, raw, now)
    assert says in refused.value.message and refused.value.status == 400


def id_token(key: RSAKey = KEY, **changes: Any) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": "scenehub", "sub": "u1", "iat": now, "exp": now + 300}
    claims |= {"nonce": "nonce-1", **changes}
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def test_a_valid_id_token_gives_its_claims() -> None:
    assert verify_id_token(id_token(), KEYS, ISSUER, "scenehub", "nonce-1")["sub"] == "u1"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"aud": ["scenehub", "another-client"]},  # several audiences and no azp
        {"nonce": "nonce-of-another-sign-in"},
        {"nonce": None},
        {"exp": int(time.time()) - 3600},
        {"sub": None},
    ],
)
def test_an_id_token_for_another_client_issuer_or_sign_in_is_refused(
    changes: dict[str, Any],
) -> None:
    with pytest.raises(SsoFailed):
        verify_id_token(id_token(**changes), KEYS, ISSUER, "scenehub", "nonce-1")


def test_an_id_token_signed_by_another_key_is_refused() -> None:
    impostor = RSAKey.generate_key(2048, parameters={"kid": "signing"}, private=True)
    with pytest.raises(SsoFailed):
        verify_id_token(id_token(impostor), KEYS, ISSUER, "scenehub", "nonce-1")


def test_an_unsigned_id_token_is_refused() -> None:
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    unsigned = f"{header}.{id_token().split('.')[1]}."
    with pytest.raises(SsoFailed):
        verify_id_token(unsigned, KEYS, ISSUER, "scenehub", "nonce-1")


def test_only_the_issuers_origin_is_called() -> None:
    assert same_origin(ISSUER, f"{ISSUER}/token")
    assert not same_origin(ISSUER, "https://sso.example.gov.cn:8443/token")
    assert not same_origin(ISSUER, "http://sso.example.gov.cn/token")
    assert not same_origin(ISSUER, "https://collector.example.com/jwks")
