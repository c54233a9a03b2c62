"""The one settings object: environment variables prefixed ``SCENEHUB_``."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    api_token_days: int = Field(default=90, ge=1, le=3650)
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # The largest file a partnership's attachment may be: below the request body's limit, so
    # an oversized photo is refused with the attachment's own message, naming this limit.
    attachment_max_bytes: int = Field(default=16 * 1024 * 1024, ge=1)
    # How long the grant a firm's consent to an E-Station application gives the product's
    # provider lasts (docs/governance.md); afterwards its reads are refused (grant_expired).
    consent_grant_days: int = Field(default=90, ge=1, le=3650)
    cookie_secure: bool = False
    warehouse: Path | None = None
    # A sentence-transformers model folder a centre put on disk; unset: the multilingual
    # encoder that ships with scenehub (matching/semantic.py).
    encoder_path: Path | None = None
    # The city file (districts, departments, trust order …: scenehub/city.py); unset: Hangzhou.
    city_file: Path | None = None

    @property
    def warehouse_path(self) -> Path:
        """The DuckDB file of the data pipeline (default: ``<data dir>/warehouse.duckdb``)."""
        return self.warehouse or self.data_dir / "warehouse.duckdb"

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
