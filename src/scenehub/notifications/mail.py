"""An outbox row as an e-mail message (pure: no I/O; smtplib sends it, in delivery.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime


@dataclass(frozen=True)
class Outgoing:
    """An outbox row claimed for sending."""

    id: int
    to_address: str
    subject: str
    body: str
    created_at: datetime


def compose(sender: str, mail: Outgoing) -> EmailMessage:
    """The message: UTF-8 text, the headers a relay expects, a Message-ID that names the
    outbox row (a resend after a lost acknowledgement has the same one)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    domain = sender.rpartition("@")[2] or "scenehub.invalid"
    message["Message-ID"] = f"<outbox-{mail.id}.{int(mail.created_at.timestamp())}@{domain}>"
    message.set_content(mail.body, charset="utf-8")
    return message
