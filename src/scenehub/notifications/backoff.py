"""When an e-mail that could not be sent is tried again (pure: no I/O)."""

from __future__ import annotations

from datetime import datetime, timedelta

# After the first failed attempt wait 1 minute, then 5, 30, 2 hours, 12 hours; the sixth
# failure gives up (the message stays in the outbox with its last error).
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def next_attempt(attempts: int, failed_at: datetime) -> datetime | None:
    """When to try again after ``attempts`` attempts have failed (the last at
    ``failed_at``); ``None``: give up."""
    if attempts < 1:
        return failed_at
    if attempts >= MAX_ATTEMPTS:
        return None
    return failed_at + RETRY_DELAYS[attempts - 1]
