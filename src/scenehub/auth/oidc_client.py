"""The OpenID Connect relying party: discovery, the authorization request (code flow with
PKCE, state and nonce), the code exchange and the ID token's validation against the
provider's keys.

Authlib speaks OAuth 2 (authorization URL, PKCE challenge, token request with the client's
credentials); joserfc (Authlib's JOSE library) checks the ID token: signature by a key of the
provider's JWKS, ``iss``, ``aud``/``azp``, ``exp``/``iat`` and ``nonce``. The app calls the
provider's own origin only: discovery refuses endpoints elsewhere (docs/sso.md).
"""

from __future__ import annotations

import base64
import hmac
import json
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import httpx2
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, KeySetSerialization
from joserfc.jws import extract_compact

from scenehub.auth import credentials
from scenehub.errors import AuditEvent, ConfigurationError, SsoFailed, SsoRefused, SsoUnavailable
from scenehub.governance.policy import ANONYMOUS
from scenehub.i18n import N_
from scenehub.settings import Settings

# How long a browser may spend at the provider between the redirect and the callback.
PENDING_SECONDS = 600
# Signatures an ID token may carry (never "none"; no HMAC with a shared secret).
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
CLOCK_LEEWAY_SECONDS = 60


@dataclass(frozen=True)
class PendingSignIn:
    """What the browser carries (signed, in a cookie) from the redirect to the callback."""

    state: str
    nonce: str
    code_verifier: str
    next: str
    started_at: int


def encode_pending(secret_key: str, pending: PendingSignIn) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(asdict(pending)).encode()).decode()
    return f"{payload}.{credentials.sign(secret_key, 'oidc:' + payload)}"


def decode_pending(secret_key: str, raw: str | None, now: float) -> PendingSignIn:
    """The pending sign-in of the cookie; a missing, forged or stale one is refused (400)."""
    payload, _, signature = (raw or "").partition(".")
    expected = credentials.sign(secret_key, "oidc:" + payload)
    if not payload or not hmac.compare_digest(signature.encode(), expected.encode()):
        raise _failed(N_("this sign-in was not started here, or its cookie is gone; start again"))
    try:
        pending = PendingSignIn(**json.loads(base64.urlsafe_b64decode(payload)))
    except (ValueError, TypeError) as error:
        raise _failed(N_("this sign-in was not started here; start again")) from error
    if now - pending.started_at > PENDING_SECONDS:
        raise _failed(N_("the sign-in took too long; start again"))
    return pending


def _failed(message: str, reason: str = "", **params: str) -> SsoFailed:
    return SsoFailed(
        message,
        params=params,
        audit=AuditEvent(
            actor=ANONYMOUS,
            action="auth.login",
            outcome="failed",
            reason=reason or message % params,
            details={"method": "oidc"},
        ),
    )


def same_origin(base: str, url: str) -> bool:
    """Whether ``url`` is on the scheme, host and port of ``base``."""
    a, b = urlsplit(base), urlsplit(url)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


class OidcClient:
    """The relying party of one provider; discovery and keys are fetched once, then kept
    (the keys again when a token names one they lack: the provider rotated them)."""

    def __init__(self, settings: Settings) -> None:
        if not settings.oidc_issuer or not settings.oidc_client_id:
            raise ConfigurationError("SCENEHUB_OIDC_ISSUER needs SCENEHUB_OIDC_CLIENT_ID")
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.client_id = settings.oidc_client_id
        secret = settings.oidc_client_secret
        self._client_secret = secret.get_secret_value() if secret else None
        self.scopes = settings.oidc_scopes
        self.timeout = settings.oidc_timeout_seconds
        # Built once: loading the trusted certificates costs ~50 ms per HTTP client.
        ca_file = str(settings.oidc_ca_file) if settings.oidc_ca_file else None
        self._tls = ssl.create_default_context(cafile=ca_file)
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._lock = threading.Lock()

    def _http(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(
            client_id=self.client_id,
            client_secret=self._client_secret,
            scope=self.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
            timeout=self.timeout,
            verify=self._tls,
            trust_env=False,  # no proxy from the environment: the issuer only
            follow_redirects=False,
        )

    def _get_json(self, http: OAuth2Client, url: str, **kwargs: Any) -> dict[str, Any]:
        if not same_origin(self.issuer, url):
            raise SsoUnavailable(
                N_("the sign-on service named an address outside it (%(url)s); not called"),
                params={"url": url},
            )
        try:
            response = http.request("GET", url, withhold_token=True, **kwargs)
            response.raise_for_status()
            body = response.json()
        except (httpx2.HTTPError, ValueError) as error:
            raise _unavailable(error) from error
        if not isinstance(body, dict):
            raise _unavailable(ValueError("not a JSON object"))
        return body

    def metadata(self, http: OAuth2Client) -> dict[str, Any]:
        """The provider's discovery document (its issuer must be the configured one)."""
        with self._lock:
            if self._metadata is None:
                found = self._get_json(http, f"{self.issuer}/.well-known/openid-configuration")
                if str(found.get("issuer", "")).rstrip("/") != self.issuer:
                    raise _unavailable(ValueError(f"discovery names issuer {found.get('issuer')}"))
                self._metadata = found
            return self._metadata

    def _key_set(self, http: OAuth2Client, refresh: bool = False) -> KeySet:
        with self._lock:
            keys = self._keys
        if keys is None or refresh:
            found = self._get_json(http, self.metadata(http)["jwks_uri"])
            try:
                keys = KeySet.import_key_set(cast(KeySetSerialization, found))
            except (JoseError, ValueError, KeyError) as error:
                raise _unavailable(error) from error
            with self._lock:
                self._keys = keys
        return keys

    def begin(self, redirect_uri: str, next_url: str) -> tuple[str, PendingSignIn]:
        """The provider's authorization address to send the browser to, and what to keep."""
        with self._http(redirect_uri) as http:
            endpoint = self.metadata(http)["authorization_endpoint"]
            pending = PendingSignIn(
                state=generate_token(32),
                nonce=generate_token(32),
                code_verifier=generate_token(64),
                next=next_url,
                started_at=int(time.time()),
            )
            url, _ = http.create_authorization_url(
                endpoint,
                state=pending.state,
                code_verifier=pending.code_verifier,
                nonce=pending.nonce,
            )
        return url, pending

    def finish(
        self, pending: PendingSignIn, params: Mapping[str, str], redirect_uri: str
    ) -> dict[str, Any]:
        """The verified claims of the callback: ID token claims, with userinfo's beside."""
        _check_callback(pending, params, self.issuer)
        with self._http(redirect_uri) as http:
            metadata = self.metadata(http)
            token = self._exchange(http, metadata, pending, params["code"], redirect_uri)
            claims = self._verified_id_token(http, str(token.get("id_token", "")), pending)
            if metadata.get("userinfo_endpoint") and token.get("access_token"):
                info = self._get_json(
                    http,
                    metadata["userinfo_endpoint"],
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                )
                if info.get("sub") != claims["sub"]:
                    raise _failed(N_("the sign-on service's answer could not be verified"))
                claims = {**info, **claims}
        return claims

    def _exchange(
        self,
        http: OAuth2Client,
        metadata: dict[str, Any],
        pending: PendingSignIn,
        code: str,
        redirect_uri: str,
    ) -> dict[str, Any]:
        endpoint = metadata["token_endpoint"]
        if not same_origin(self.issuer, endpoint):
            raise _unavailable(ValueError(f"token endpoint {endpoint} is not on the issuer"))
        try:
            token: dict[str, Any] = http.fetch_token(
                endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=pending.code_verifier,
                redirect_uri=redirect_uri,
            )
        except OAuthError as error:
            raise _failed(
                N_("the sign-on service refused the sign-in: %(error)s"),
                reason=f"token endpoint: {error.error}",
                error=str(error.error),
            ) from error
        except httpx2.HTTPError as error:
            raise _unavailable(error) from error
        return token

    def _verified_id_token(
        self, http: OAuth2Client, id_token: str, pending: PendingSignIn
    ) -> dict[str, Any]:
        if not id_token:
            raise _failed(N_("the sign-on service sent no ID token"))
        try:
            kid = extract_compact(id_token.encode()).headers().get("kid")
        except (JoseError, ValueError) as error:
            raise _failed(N_("the sign-on service's answer could not be verified")) from error
        keys = self._key_set(http)
        if kid and not any(k.kid == kid for k in keys):
            keys = self._key_set(http, refresh=True)
        return verify_id_token(id_token, keys, self.issuer, self.client_id, pending.nonce)


def verify_id_token(
    id_token: str, keys: KeySet, issuer: str, client_id: str, nonce: str
) -> dict[str, Any]:
    """The claims of an ID token signed by one of ``keys`` for this client and sign-in
    (``iss``, ``aud``, ``azp``, ``exp``, ``iat``, ``nonce``); anything else is refused (400)."""
    try:
        decoded = jwt.decode(id_token, keys, algorithms=SIGNING_ALGORITHMS)
        _id_token_claims(issuer, client_id, nonce).validate(decoded.claims)
    except (JoseError, ValueError) as error:
        raise _failed(
            N_("the sign-on service's answer could not be verified"),
            reason=f"ID token: {error}",
        ) from error
    claims = dict(decoded.claims)
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise _failed(N_("the sign-on service's answer could not be verified"), "bad azp")
    return claims


def _id_token_claims(issuer: str, client_id: str, nonce: str) -> jwt.JWTClaimsRegistry:
    return jwt.JWTClaimsRegistry(
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )


def _check_callback(pending: PendingSignIn, params: Mapping[str, str], issuer: str) -> None:
    """The provider's answer belongs to this browser's request and carries a code."""
    if not hmac.compare_digest(params.get("state", "").encode(), pending.state.encode()):
        raise _failed(N_("the sign-in's state does not match; start again"), "state mismatch")
    if "iss" in params and params["iss"].rstrip("/") != issuer:  # RFC 9207 mix-up defence
        raise _failed(N_("the answer came from another sign-on service"), "iss mismatch")
    if error := params.get("error"):
        raise SsoRefused(
            N_("the sign-on service did not sign you in (%(error)s); you may try again"),
            params={"error": error[:100]},
            audit=AuditEvent(
                actor=ANONYMOUS,
                action="auth.login",
                outcome="refused",
                reason=f"provider: {error[:100]}",
                details={"method": "oidc", "description": params.get("error_description", "")},
            ),
        )
    if not params.get("code"):
        raise _failed(N_("the sign-on service sent no authorization code"))


def _unavailable(error: Exception) -> SsoUnavailable:
    return SsoUnavailable(
        N_("the sign-on service cannot be reached or gave an unusable answer; try again later"),
        details={"cause": type(error).__name__},
    )
