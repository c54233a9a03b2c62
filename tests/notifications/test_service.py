"""Telling users, reading and marking notifications, and claiming the outbox (both backends)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.db import session_factory, utcnow
from scenehub.errors import NotFound
from scenehub.governance.policy import SYSTEM
from scenehub.notifications import service
from scenehub.notifications.backoff import MAX_ATTEMPTS
from scenehub.notifications.models import Notification, OutboxMessage
from tests.conftest import Accounts
from tests.notifications.conftest import give_addresses

CLAIMED = {"firm": "云图智能", "reason": ""}


def _tell_the_firm(db_url: str, accounts: Accounts) -> None:
    with session_factory(db_url)() as db:
        service.notify_orgs(db, SYSTEM, [accounts.firm.org_id], "claim.approved", CLAIMED, "/firm")
        db.commit()


def test_a_notification_reads_in_the_readers_language_and_counts_until_read(
    db_url: str, accounts: Accounts, session: Session
) -> None:
    _tell_the_firm(db_url, accounts)
    actor = auth_service.actor_of(auth_service.get_user(session, accounts.firm.user_id))  # type: ignore[arg-type]
    zh = service.list_mine(session, actor, "zh_CN")
    en = service.list_mine(session, actor, "en")
    assert (zh.total, zh.unread) == (1, 1)
    assert zh.items[0].title == "您对“云图智能”的认领已获批准"
    assert en.items[0].title == "Your claim of 云图智能 was approved"
    assert service.unread_count(session, accounts.firm.user_id) == 1
    service.mark_read(session, actor, zh.items[0].id, "en")
    assert service.unread_count(session, accounts.firm.user_id) == 0
    assert service.list_mine(session, actor, "en").unread == 0


def test_another_users_notification_is_not_found(
    db_url: str, accounts: Accounts, session: Session
) -> None:
    _tell_the_firm(db_url, accounts)
    mine = session.scalars(select(Notification.id)).one()
    rival = auth_service.actor_of(auth_service.get_user(session, accounts.other_firm.user_id))  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        service.mark_read(session, rival, mine, "en")
    assert service.mark_all_read(session, rival).marked == 0
    assert service.unread_count(session, accounts.firm.user_id) == 1


def test_no_email_without_a_relay_or_without_an_address(
    db_url: str, accounts: Accounts, session: Session
) -> None:
    _tell_the_firm(db_url, accounts)  # no relay configured
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.usefixtures("relay_configured")
def test_with_a_relay_each_addressed_recipient_gets_an_email_in_its_language(
    db_url: str, accounts: Accounts, session: Session
) -> None:
    give_addresses(db_url, accounts)
    with session_factory(db_url)() as db:
        service.notify_orgs(
            db, SYSTEM, [accounts.firm.org_id, accounts.investor.org_id], "claim.approved", CLAIMED
        )
        db.commit()
    mails = session.scalars(select(OutboxMessage).order_by(OutboxMessage.to_address)).all()
    assert [m.to_address for m in mails] == ["investor@example.org", "yuntu@example.org"]
    assert mails[0].subject == "Your claim of 云图智能 was approved"
    assert mails[1].subject == "您对“云图智能”的认领已获批准" and "中心已批准" in mails[1].body
    assert all(m.next_attempt_at is not None and m.sent_at is None for m in mails)


def test_the_actor_is_not_told_of_its_own_act(
    db_url: str, accounts: Accounts, session: Session
) -> None:
    actor = auth_service.actor_of(auth_service.get_user(session, accounts.firm.user_id))  # type: ignore[arg-type]
    with session_factory(db_url)() as db:
        assert service.notify_orgs(db, actor, [accounts.firm.org_id], "claim.approved", {}) == 0
        db.commit()


@pytest.mark.usefixtures("relay_configured")
def test_a_due_email_is_claimed_once_and_backs_off_until_it_gives_up(
    db_url: str, accounts: Accounts
) -> None:
    give_addresses(db_url, accounts)
    _tell_the_firm(db_url, accounts)
    now = utcnow() + timedelta(seconds=1)
    factory = session_factory(db_url)
    with factory() as first:
        claimed = service.claim_due(first, now)
        first.commit()
    with factory() as second:
        assert service.claim_due(second, now) == []  # leased to the first
        second.commit()
    (mail,) = claimed
    failed_at = now
    with factory() as db:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            service.record_failure(db, mail.id, failed_at, "SMTPServerDisconnected: gone")
            row = db.get(OutboxMessage, mail.id)
            assert row is not None and row.attempts == attempt
            if attempt < MAX_ATTEMPTS:
                assert row.next_attempt_at is not None and row.next_attempt_at > failed_at
                assert service.claim_due(db, failed_at) == []  # not due yet
                failed_at = row.next_attempt_at
        db.commit()
        row = db.get(OutboxMessage, mail.id)
        assert row is not None and row.next_attempt_at is None and row.sent_at is None
        assert row.last_error == "SMTPServerDisconnected: gone"
        assert service.claim_due(db, failed_at + timedelta(days=30)) == []  # given up
