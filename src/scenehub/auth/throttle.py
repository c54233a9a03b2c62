"""How long a sign-in must wait after failed ones (pure; docs/security.md "Throttling").

Two limits, both counted from the failures the audit trail holds:

- per account *and address*: after ``address_failures`` failures from one address within
  ``address_window``, that address waits until the oldest of them leaves the window; someone
  guessing from one address locks only themselves out, not the account's owner;
- per account, over every address: after ``account_failures`` failures within
  ``account_window``, each further attempt waits a delay after the latest failure that doubles
  from ``first_delay`` up to ``max_delay``, so a thousand addresses guess no faster than one
  attempt a quarter of an hour.

An unknown username is an account like any other (its key is a keyed digest of the typed
name), so the answers never tell which usernames exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from scenehub.auth import credentials

NO_WAIT = timedelta(0)


@dataclass(frozen=True)
class LoginLimits:
    address_failures: int = 5
    address_window: timedelta = timedelta(minutes=15)
    account_failures: int = 10
    account_window: timedelta = timedelta(hours=24)
    first_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(minutes=15)

    def account_delay(self, failures: int) -> timedelta:
        """The wait after the latest of an account's ``failures`` (none below the limit)."""
        over = failures - self.account_failures
        if over < 0:
            return NO_WAIT
        doubled: timedelta = self.first_delay * (2 ** min(over, 16))
        return min(doubled, self.max_delay)


DEFAULT_LOGIN_LIMITS = LoginLimits()


def address_wait(failures: Sequence[datetime], now: datetime, limits: LoginLimits) -> timedelta:
    """How long one address must wait, from its failures (oldest first) within the window."""
    recent = [ts for ts in failures if ts > now - limits.address_window]
    if len(recent) < limits.address_failures:
        return NO_WAIT
    return max(recent[-limits.address_failures] + limits.address_window - now, NO_WAIT)


def account_wait(failures: Sequence[datetime], now: datetime, limits: LoginLimits) -> timedelta:
    """How long any address must wait, from the account's failures (oldest first)."""
    recent = [ts for ts in failures if ts > now - limits.account_window]
    if not recent:
        return NO_WAIT
    return max(recent[-1] + limits.account_delay(len(recent)) - now, NO_WAIT)


def account_key(secret_key: str, username: str, known: bool) -> str:
    """What the trail counts failures under: a known username itself; for a name no account
    has, a keyed digest of it (what was typed may be a password, which the trail must not
    hold, and an unkeyed hash of one could be reversed by guessing)."""
    if known:
        return username
    return "~" + credentials.sign(secret_key, "login:" + username)[:24]


def minutes_to_wait(wait: timedelta) -> int:
    """The whole minutes a refusal names (at least one)."""
    return max(1, -(-int(wait.total_seconds()) // 60))
