"""The one settings object: environment variables prefixed ``SCENEHUB_``."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from scenehub.auth.roles import DEFAULT_SSO_ROLE_MAP, Role
from scenehub.auth.throttle import LoginLimits
from scenehub.errors import ConfigurationError

Locale = Literal["zh_CN", "en"]

# Keys that people copy from examples; a server refuses to start with one of them.
PLACEHOLDER_KEYS = frozenset(
    {"", "changeme", "change-me", "secret", "secret-key", "placeholder", "dev", "test", "xxx"}
)
MIN_SECRET_KEY_LENGTH = 32


class Settings(BaseSettings):
    """Run-time configuration with safe defaults for the embedded (SQLite) mode."""

    model_config = SettingsConfigDict(env_prefix="SCENEHUB_", extra="ignore")

    data_dir: Path = Field(default=Path("scenehub-data"))
    database_url: str | None = None
    secret_key: SecretStr | None = None
    default_locale: Locale = "zh_CN"
    embedded: bool = False
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    # An API token's default lifetime, and the longest one anybody may ask for.
    api_token_days: int = Field(default=90, ge=1, le=3650)
    api_token_max_days: int = Field(default=365, ge=1, le=3650)
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # The largest file a partnership's attachment may be: below the request body's limit, so
    # an oversized photo is refused with the attachment's own message, naming this limit.
    attachment_max_bytes: int = Field(default=16 * 1024 * 1024, ge=1)
    # How long the grant a firm's consent to an E-Station application gives the product's
    # provider lasts (docs/governance.md); afterwards its reads are refused (grant_expired).
    consent_grant_days: int = Field(default=90, ge=1, le=3650)
    cookie_secure: bool = False
    # The addresses of reverse proxies whose X-Forwarded-For / -Proto the app believes
    # (comma-separated IPs or networks, "*" for any); empty: none, the connection's address
    # is the client's. Sign-in throttling counts by that address (docs/security.md).
    trusted_proxies: str = ""
    # The addresses users reach scenehub at (comma-separated, e.g. "https://scenes.hz.gov.cn"),
    # when a proxy in front rewrites the Host header; a browser's form posts must come from one
    # of them. Empty: from the host the request names (docs/security.md, "CSRF").
    public_origins: str = ""
    # Sign-in throttling (auth/throttle.py): failures from one address within the window
    # lock that address out of the account; failures of the account from any address within
    # a day make each further attempt wait, doubling from a minute up to the longest delay.
    login_address_failures: int = Field(default=5, ge=1)
    login_address_minutes: int = Field(default=15, ge=1)
    login_account_failures: int = Field(default=10, ge=1)
    login_account_max_delay_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # Days between a firm's request to close its account and its closure (docs/exit.md).
    closure_notice_days: int = Field(default=30, ge=0, le=365)
    # The name this instance writes into the firm archives it exports.
    instance_name: str = "scenehub"
    warehouse: Path | None = None
    # A sentence-transformers model folder a centre put on disk; unset: the multilingual
    # encoder that ships with scenehub (matching/semantic.py).
    encoder_path: Path | None = None
    # The city file (districts, departments, trust order …: scenehub/city.py); unset: Hangzhou.
    city_file: Path | None = None
    # The CJK font printed documents embed (PDF reports, dossiers, salon schedules: printing.py):
    # a TrueType font file, or a folder searched for one; unset: the Debian/Ubuntu font paths.
    # Without a usable one a PDF names Adobe's STSong-Light (docs/operations.md).
    cjk_font: Path | None = None
    # How often `scenehub serve` (and the demo) looks for due housekeeping (retention …;
    # jobs/schedule.py); 0 leaves it to `scenehub housekeeping run` from cron.
    housekeeping_seconds: int = Field(default=300, ge=0)

    # OpenID Connect single sign-on beside passwords (docs/sso.md); off without an issuer.
    oidc_issuer: str | None = None
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr | None = None
    # The button on the login page; empty: "Sign in with the government SSO", translated.
    oidc_button_label_zh: str = ""
    oidc_button_label_en: str = ""
    oidc_scopes: str = "openid profile"
    # The claim naming the user's organisation: matched to its USCC, then to its name.
    oidc_org_claim: str = "uscc"
    oidc_role_claim: str = "role"
    # Claim value -> role (JSON in the environment); unset: each role's own name except
    # admin, which no claim grants unless a centre's mapping names it.
    oidc_role_map: dict[str, Role] = Field(default_factory=lambda: dict(DEFAULT_SSO_ROLE_MAP))
    # Create the user on the first sign-in of an identity whose organisation exists.
    oidc_provision_users: bool = True
    # The callback address registered at the provider, when the app is behind a proxy that
    # changes it (default: this app's /login/oidc/callback as the request reached it).
    oidc_redirect_uri: str | None = None
    oidc_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # The certificate authority of a gateway whose TLS certificate a private CA signed
    # (default: the system's trusted authorities).
    oidc_ca_file: Path | None = None

    @model_validator(mode="after")
    def _default_token_within_the_cap(self) -> Settings:
        if self.api_token_days > self.api_token_max_days:
            raise ValueError(
                f"SCENEHUB_API_TOKEN_DAYS ({self.api_token_days}) is longer than "
                f"SCENEHUB_API_TOKEN_MAX_DAYS ({self.api_token_max_days})"
            )
        return self

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer)

    # The privacy budget: the total ε that differentially private releases may spend in each
    # period (month, quarter, half_year or year) before the next one is refused.
    dp_budget: float = Field(default=2.0, gt=0, le=100)
    dp_budget_period: Literal["month", "quarter", "half_year", "year"] = "quarter"
    # The audit trail's Ed25519 signing key, kept outside the database (docs/audit.md);
    # unset: ``<data dir>/keys/audit-ed25519.pem``, created (mode 0600) on first use.
    audit_key_file: Path | None = None
    # Where signed checkpoints are appended for witnesses; unset: the data dir's.
    audit_checkpoint_file: Path | None = None
    # An automatic checkpoint once the tree grew by this many entries, or this long after
    # the last one (whichever comes first).
    audit_checkpoint_every_entries: int = Field(default=500, ge=1)
    audit_checkpoint_every_minutes: int = Field(default=60, ge=1)
    # E-mail of notifications through the centre's SMTP relay (notifications/delivery.py):
    # no host, no e-mail (notifications stay in the app). STARTTLS upgrades the connection
    # before the optional login.
    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = "scenehub@localhost"
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, le=600)

    @property
    def smtp_enabled(self) -> bool:
        return bool(self.smtp_host.strip())

    def server_options(self) -> dict[str, Any]:
        """What every uvicorn serving this app is told: believe forwarded headers only from
        the trusted proxies (uvicorn's own default believes loopback, so anyone reaching the
        port from the host could rotate X-Forwarded-For past the sign-in throttle), and do
        not announce the server."""
        trusted = self.trusted_proxies.strip()
        return {
            "proxy_headers": bool(trusted),
            "forwarded_allow_ips": trusted or "",
            "server_header": False,
        }

    @property
    def public_origin_list(self) -> list[str]:
        return [o.strip().rstrip("/").lower() for o in self.public_origins.split(",") if o.strip()]

    @property
    def login_limits(self) -> LoginLimits:
        return LoginLimits(
            address_failures=self.login_address_failures,
            address_window=timedelta(minutes=self.login_address_minutes),
            account_failures=self.login_account_failures,
            max_delay=timedelta(minutes=self.login_account_max_delay_minutes),
        )

    @property
    def audit_key_path(self) -> Path:
        return self.audit_key_file or self.data_dir / "keys" / "audit-ed25519.pem"

    @property
    def audit_checkpoint_path(self) -> Path:
        return self.audit_checkpoint_file or self.data_dir / "audit-checkpoints.jsonl"

    @property
    def warehouse_path(self) -> Path:
        """The DuckDB file of the data pipeline (default: ``<data dir>/warehouse.duckdb``)."""
        return self.warehouse or self.data_dir / "warehouse.duckdb"

    @property
    def uploads_dir(self) -> Path:
        """Where departments' uploads wait for their ingest job (``<data dir>/uploads``)."""
        return self.data_dir / "uploads"

    @property
    def resolved_database_url(self) -> str:
        """The database URL: the configured one, or a SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'scenehub.sqlite3').resolve()}"

    def secret_key_value(self) -> str:
        """The secret key, refusing a missing or placeholder key outside embedded mode."""
        key = self.secret_key.get_secret_value() if self.secret_key else ""
        if key.strip().lower() not in PLACEHOLDER_KEYS and len(key) >= MIN_SECRET_KEY_LENGTH:
            return key
        if self.embedded:
            return embedded_secret_key(self.data_dir)
        raise ConfigurationError(
            "SCENEHUB_SECRET_KEY is missing, a placeholder or shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters; set a random key "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`). "
            "Only `scenehub demo` may run without one."
        )


def embedded_secret_key(data_dir: Path) -> str:
    """A per-installation key kept in the data dir, created on first use (demo only)."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
