"""When a closing account closes, and where its closure stands (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

from scenehub.i18n import N_

PENDING = N_("pending")
CANCELLED = N_("cancelled")
APPLIED = N_("applied")


def effective_at(requested_at: datetime, notice_days: int) -> datetime:
    """The moment the notice ends: ``notice_days`` whole days after the request."""
    return requested_at + timedelta(days=notice_days)


def state(cancelled_at: datetime | None, applied_at: datetime | None) -> str:
    if applied_at is not None:
        return APPLIED
    if cancelled_at is not None:
        return CANCELLED
    return PENDING


def is_due(
    effective: datetime, cancelled_at: datetime | None, applied_at: datetime | None, now: datetime
) -> bool:
    """A pending closure whose notice has ended."""
    return state(cancelled_at, applied_at) == PENDING and effective <= now
