"""Tables of notifications and of the e-mail outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


class Notification(Base):
    """One event told to one user. Its text is rendered from ``kind`` and ``params`` when
    it is read, in the reader's language (notifications/kinds.py)."""

    __tablename__ = "notifications"
    # The top bar counts a user's unread ones on every page: one index answers it.
    __table_args__ = (Index("ix_notifications_recipient_unread", "recipient_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OutboxMessage(Base):
    """An e-mail of a notification, written in the recipient's language when it was made;
    the mail task (jobs/schedule.py) sends it when ``next_attempt_at`` has come, and backs
    off after a failure (notifications/backoff.py). Sent: ``sent_at``; given up:
    ``next_attempt_at`` empty and ``sent_at`` empty, with ``last_error``."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
