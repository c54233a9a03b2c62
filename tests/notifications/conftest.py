"""Fixtures of the notification tests: a configured mail relay, users with addresses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from scenehub.auth.models import User
from scenehub.db import session_factory
from scenehub.settings import get_settings
from tests.conftest import Accounts


@pytest.fixture
def relay_configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """SCENEHUB_SMTP_HOST set (to a port nothing listens on unless a test starts a server)."""
    monkeypatch.setenv("SCENEHUB_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SCENEHUB_SMTP_FROM", "scenehub@centre.example")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("SCENEHUB_SMTP_HOST")
    get_settings.cache_clear()


def give_addresses(db_url: str, accounts: Accounts, *, firm_locale: str = "zh_CN") -> None:
    """Every account gets an address; the firm's user reads Chinese, the rest English."""
    with session_factory(db_url)() as db:
        for account in vars(accounts).values():
            db.execute(
                update(User)
                .where(User.id == account.user_id)
                .values(email=f"{account.username}@example.org", locale="en")
            )
        db.execute(update(User).where(User.id == accounts.firm.user_id).values(locale=firm_locale))
        db.commit()
