"""An outbox row as an e-mail (no database, no network)."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message

from scenehub.notifications.mail import Outgoing, compose

MAIL = Outgoing(
    7,
    "li@yuntu.example",
    "您对“地铁客流”的揭榜方案已被选中",
    "正文：合作由此开始。",
    datetime(2026, 12, 8, tzinfo=UTC),
)


def test_the_message_has_the_headers_and_utf8_text() -> None:
    message = compose("scenehub@centre.example", MAIL)
    parsed: Message = message_from_bytes(message.as_bytes())
    assert parsed["To"] == "li@yuntu.example" and parsed["From"] == "scenehub@centre.example"
    assert str(message["Subject"]) == MAIL.subject
    payload = parsed.get_payload(decode=True)
    assert isinstance(payload, bytes) and payload.decode("utf-8").strip() == MAIL.body


def test_a_resend_has_the_same_message_id() -> None:
    first, again = compose("a@centre.example", MAIL), compose("a@centre.example", MAIL)
    assert first["Message-ID"] == again["Message-ID"] == "<outbox-7.1796688000@centre.example>"
