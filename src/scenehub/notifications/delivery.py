"""Sending the outbox through the centre's SMTP relay (the "mail" task of
jobs/schedule.py).

Each run claims the due e-mails in one transaction (notifications/service.py), sends them
over one connection, and records each outcome in a transaction of its own, so a message is
sent by one process even when two run at once. A message whose sending succeeded but whose
record did not (the database went away) is sent again when its lease ends: delivery is at
least once, and a resend carries the same Message-ID.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime

from scenehub import db
from scenehub.db import utcnow
from scenehub.notifications import service
from scenehub.notifications.mail import Outgoing, compose
from scenehub.settings import Settings


@dataclass(frozen=True)
class DeliveryReport:
    claimed: int
    sent: int
    failed: int

    def as_dict(self) -> dict[str, int]:
        return {"claimed": self.claimed, "sent": self.sent, "failed": self.failed}


def deliver_due(settings: Settings, now: datetime | None = None) -> DeliveryReport:
    """Send every e-mail due now; what happened."""
    if not settings.smtp_enabled:
        return DeliveryReport(0, 0, 0)
    url = settings.resolved_database_url
    with db.transaction(url) as session:
        claimed = service.claim_due(session, now or utcnow())
    if not claimed:
        return DeliveryReport(0, 0, 0)
    outcomes = _send_all(settings, claimed)
    with db.transaction(url) as session:
        for mail in claimed:
            error = outcomes.get(mail.id)
            if error is None:
                service.record_sent(session, mail.id, utcnow())
            else:
                service.record_failure(session, mail.id, utcnow(), error)
    failed = sum(1 for e in outcomes.values() if e is not None)
    return DeliveryReport(len(claimed), len(claimed) - failed, failed)


def _send_all(settings: Settings, mails: list[Outgoing]) -> dict[int, str | None]:
    """Each message's error (``None``: accepted by the relay)."""
    try:
        relay = _connect(settings)
    except (OSError, smtplib.SMTPException) as error:
        return {m.id: _said(error) for m in mails}
    outcomes: dict[int, str | None] = {}
    try:
        for mail in mails:
            try:
                relay.send_message(compose(settings.smtp_from, mail))
                outcomes[mail.id] = None
            # ValueError: a header the message cannot carry (an address with a line break)
            except (OSError, smtplib.SMTPException, ValueError) as error:
                outcomes[mail.id] = _said(error)
    finally:
        try:
            relay.quit()
        except (OSError, smtplib.SMTPException):
            relay.close()
    return outcomes


def _connect(settings: Settings) -> smtplib.SMTP:
    relay = smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
    )
    try:
        if settings.smtp_starttls:
            relay.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            relay.login(settings.smtp_username, password)
    except BaseException:
        relay.close()
        raise
    return relay


def _said(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]
