"""The mail task against a real SMTP server on this machine (aiosmtpd): the message that
arrives, a retry after the server was down, and one send when two workers run at once."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.db import session_factory, utcnow
from scenehub.jobs import schedule
from scenehub.notifications import delivery
from scenehub.notifications.models import OutboxMessage
from scenehub.settings import Settings
from tests.conftest import Accounts
from tests.firms.test_api import claimed_firm
from tests.notifications.conftest import give_addresses

pytestmark = pytest.mark.usefixtures("relay_configured")


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(port: int) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def mail_settings(settings: Settings, port: int) -> Settings:
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_from": "scenehub@centre.example",
            "smtp_timeout_seconds": 5.0,
        }
    )


def _a_claim_decided(client: TestClient, accounts: Accounts, session: Session, db_url: str) -> None:
    give_addresses(db_url, accounts, firm_locale="zh_CN")
    claimed_firm(client, accounts, session)
    session.commit()


def test_the_mail_task_sends_the_message_in_the_recipients_language(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    db_url: str,
    mail_settings: Settings,
    port: int,
) -> None:
    _a_claim_decided(client, accounts, session, db_url)
    with smtp_server(port) as inbox:
        (run,) = schedule.run_due(["mail"], settings=mail_settings)
    assert (run.outcome, run.result) == ("succeeded", {"claimed": 1, "sent": 1, "failed": 0})
    (message,) = inbox.messages
    assert inbox.recipients == [["yuntu@example.org"]]
    assert message["To"] == "yuntu@example.org" and message["From"] == "scenehub@centre.example"
    assert message["Subject"] == "您对“杭州云图智能科技有限公司”的认领已获批准"
    body = message.get_content()
    assert "中心已批准您的认领" in body and "/firm" in body
    session.commit()  # a new snapshot (SQLite's read transaction keeps its first)
    row = session.scalars(select(OutboxMessage)).one()
    session.refresh(row)
    assert row.sent_at is not None and row.attempts == 1 and row.next_attempt_at is None


def test_a_message_is_tried_again_after_the_server_was_down(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    db_url: str,
    mail_settings: Settings,
    port: int,
) -> None:
    _a_claim_decided(client, accounts, session, db_url)
    (down,) = schedule.run_due(["mail"], settings=mail_settings)  # nothing listens on the port
    assert down.result == {"claimed": 1, "sent": 0, "failed": 1}
    row = session.scalars(select(OutboxMessage)).one()
    assert row.attempts == 1 and row.sent_at is None and "Connection" in row.last_error
    assert row.next_attempt_at is not None
    wait = row.next_attempt_at - utcnow()
    assert timedelta(seconds=30) < wait <= timedelta(minutes=1)
    with smtp_server(port) as inbox:
        (early,) = schedule.run_due(["mail"], settings=mail_settings, force=True)
        assert early.result == {"claimed": 0, "sent": 0, "failed": 0}  # not due yet
        later = utcnow() + timedelta(minutes=2)
        (up,) = schedule.run_due(["mail"], settings=mail_settings, now=later)
    assert up.result == {"claimed": 1, "sent": 1, "failed": 0}
    assert [m["To"] for m in inbox.messages] == ["yuntu@example.org"]
    session.commit()
    session.refresh(row)
    assert row.attempts == 2 and row.sent_at is not None and row.last_error == ""


def test_two_workers_at_once_send_a_message_once(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    db_url: str,
    mail_settings: Settings,
    port: int,
) -> None:
    _a_claim_decided(client, accounts, session, db_url)
    with smtp_server(port) as inbox, ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: delivery.deliver_due(mail_settings), range(2)))
    assert sorted(r.sent for r in reports) == [0, 1]
    assert len(inbox.messages) == 1


def test_an_address_no_header_can_carry_fails_alone_and_the_others_go(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    db_url: str,
    mail_settings: Settings,
    port: int,
) -> None:
    _a_claim_decided(client, accounts, session, db_url)
    with session_factory(db_url)() as db:
        bad = "x@example.org\r\nBcc: everyone@example.org"
        db.add(OutboxMessage(to_address=bad, subject="s", body="b", next_attempt_at=utcnow()))
        db.commit()
    with smtp_server(port) as inbox:
        report = delivery.deliver_due(mail_settings, utcnow() + timedelta(seconds=1))
    assert (report.sent, report.failed) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["yuntu@example.org"]
    session.commit()
    failed = session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).one()
    assert failed.attempts == 1 and failed.last_error.startswith("ValueError")
