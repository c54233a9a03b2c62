"""The secret key: refused when missing or a placeholder, except in the embedded demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from scenehub.errors import ConfigurationError
from scenehub.settings import Settings


@pytest.mark.parametrize("key", [None, "", "changeme", "secret", "short-key"])
def test_a_server_refuses_a_missing_or_placeholder_key(tmp_path: Path, key: str | None) -> None:
    settings = Settings(
        data_dir=tmp_path, embedded=False, secret_key=SecretStr(key) if key is not None else None
    )
    with pytest.raises(ConfigurationError, match="SCENEHUB_SECRET_KEY"):
        settings.secret_key_value()


def test_a_real_key_is_used_as_given(tmp_path: Path) -> None:
    key = "r" * 48
    assert Settings(data_dir=tmp_path, secret_key=SecretStr(key)).secret_key_value() == key


def test_the_embedded_demo_makes_and_keeps_its_own_key(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path, embedded=True).secret_key_value()
    again = Settings(data_dir=tmp_path, embedded=True).secret_key_value()
    assert first == again and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_settings_come_from_prefixed_environment_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SCENEHUB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SCENEHUB_DEFAULT_LOCALE", "en")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.default_locale == "en"
    assert settings.resolved_database_url == f"sqlite:///{tmp_path.resolve()}/scenehub.sqlite3"
