"""Use cases of notifications: tell users what concerns them (``notify``, inside the acting
domain's transaction), list and mark them, and the outbox the mail task delivers.

The acting domain calls ``notify`` (or ``notify_orgs``/``notify_staff``) after its change;
the text is rendered when read, in the reader's language (notifications/kinds.py). An
e-mail, in the recipient's language, goes in the outbox when the recipient has an address
and an SMTP relay is configured (SCENEHUB_SMTP_HOST).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import Role
from scenehub.db import autocommitted, utcnow
from scenehub.errors import NotFound
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.notifications import backoff, kinds
from scenehub.notifications.mail import Outgoing
from scenehub.notifications.models import Notification, OutboxMessage
from scenehub.notifications.schemas import MarkedRead, NotificationPage, NotificationRead
from scenehub.settings import Settings, get_settings
from scenehub.translator import Translator

# The centre's staff, told of what participants answer (a salon invitation, say).
STAFF = (Role.OPERATOR,)
# A claimed e-mail that is neither sent nor failed by then is claimed again (its sender died).
LEASE = timedelta(minutes=10)


def notify(
    session: Session,
    recipients: Sequence[auth_service.Recipient],
    kind: str,
    params: Mapping[str, Any],
    link: str = "",
    *,
    settings: Settings | None = None,
) -> int:
    """Tell each recipient that ``kind`` happened; how many were told."""
    settings = settings or get_settings()
    rows = [
        Notification(recipient_id=r.user_id, kind=kind, params=dict(params), link=link)
        for r in recipients
    ]
    session.add_all(rows)
    session.flush()
    if settings.smtp_enabled:
        for recipient, row in zip(recipients, rows, strict=True):
            if recipient.email:
                session.add(_email(settings, recipient, row))
        session.flush()
    return len(rows)


def notify_orgs(
    session: Session,
    actor: Actor,
    org_ids: Collection[int],
    kind: str,
    params: Mapping[str, Any],
    link: str = "",
) -> int:
    """Tell the active users of the organisations ``org_ids`` (not ``actor`` itself)."""
    found = auth_service.recipients(session, org_ids=org_ids)
    return notify(session, _others(found, actor), kind, params, link)


def notify_users(
    session: Session,
    actor: Actor,
    user_ids: Collection[int | None],
    kind: str,
    params: Mapping[str, Any],
    link: str = "",
) -> int:
    """Tell the users ``user_ids`` that are still active (not ``actor`` itself)."""
    wanted = {u for u in user_ids if u is not None}
    found = auth_service.recipients(session, user_ids=wanted)
    return notify(session, _others(found, actor), kind, params, link)


def notify_staff(
    session: Session, actor: Actor, kind: str, params: Mapping[str, Any], link: str = ""
) -> int:
    """Tell the centre's staff (operators)."""
    found = auth_service.recipients(session, roles=STAFF)
    return notify(session, _others(found, actor), kind, params, link)


def _others(found: Sequence[auth_service.Recipient], actor: Actor) -> list[auth_service.Recipient]:
    return [r for r in found if r.user_id != actor.user_id]


def _email(
    settings: Settings, recipient: auth_service.Recipient, row: Notification
) -> OutboxMessage:
    t = Translator(recipient.locale or settings.default_locale)
    text = kinds.render(row.kind, row.params, t.gettext)
    origins = settings.public_origin_list
    link = f"{origins[0].rstrip('/')}{row.link}" if origins and row.link else row.link
    lines = [text.body, ""]
    if link:
        lines += [t.gettext(N_("Open: %(link)s"), link=link), ""]
    lines.append(
        t.gettext(N_("This message was sent by scenehub; its notifications page lists every one."))
    )
    return OutboxMessage(
        notification_id=row.id,
        to_address=recipient.email or "",
        subject=text.title[:300],
        body="\n".join(lines),
        next_attempt_at=utcnow(),
    )


# --- the reader's side ------------------------------------------------------------------------


def _read(row: Notification, t: Translator) -> NotificationRead:
    text = kinds.render(row.kind, row.params, t.gettext)
    return NotificationRead(
        id=row.id,
        kind=row.kind,
        title=text.title,
        body=text.body,
        link=row.link,
        created_at=row.created_at,
        read_at=row.read_at,
    )


def list_mine(
    session: Session, actor: Actor, locale: str, *, limit: int = 50, offset: int = 0
) -> NotificationPage:
    """The caller's notifications, newest first, in ``locale``, with the counts."""
    authorize(actor, "auth.account")
    mine = Notification.recipient_id == actor.user_id
    total, unread = session.execute(
        select(func.count(), func.count(Notification.id).filter(Notification.read_at.is_(None)))
        .select_from(Notification)
        .where(mine)
    ).one()
    rows = session.scalars(
        select(Notification)
        .where(mine)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
        .offset(offset)
    )
    t = Translator(locale)
    items = [_read(r, t) for r in rows]
    return NotificationPage(items=items, total=total, unread=unread, limit=limit, offset=offset)


def unread_count(session: Session, user_id: int) -> int:
    """How many of the user's notifications are unread (one COUNT, for the top bar)."""
    with autocommitted(session) as connection:
        counted = connection.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
        )
    return int(counted or 0)


def mark_read(
    session: Session, actor: Actor, notification_id: int, locale: str
) -> NotificationRead:
    """Mark one of the caller's notifications read; another user's is not found."""
    authorize(actor, "auth.account")
    row = session.get(Notification, notification_id)
    if row is None or row.recipient_id != actor.user_id:
        raise NotFound(N_("notification %(id)s not found"), params={"id": notification_id})
    if row.read_at is None:
        row.read_at = utcnow()
        session.flush()
    return _read(row, Translator(locale))


def mark_all_read(session: Session, actor: Actor) -> MarkedRead:
    authorize(actor, "auth.account")
    result = session.execute(
        update(Notification)
        .where(Notification.recipient_id == actor.user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    marked = result.rowcount if isinstance(result, CursorResult) else 0
    return MarkedRead(marked=int(marked or 0), unread=0)


# --- the outbox (the mail task: notifications/delivery.py) ------------------------------------


def claim_due(session: Session, now: datetime, limit: int = 100) -> list[Outgoing]:
    """Claim the e-mails due at ``now`` for sending, each by one process only: a row is
    claimed by moving its next attempt a lease ahead, on condition that it is still due, so
    a second worker's claim of the same row changes nothing and is not taken."""
    due = session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    claimed = []
    for message_id in due:
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + LEASE)
        )
        if isinstance(result, CursorResult) and result.rowcount == 1:
            claimed.append(message_id)
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(claimed)))
    return [Outgoing(r.id, r.to_address, r.subject, r.body, r.created_at) for r in rows]


def record_sent(session: Session, message_id: int, at: datetime) -> None:
    row = session.get(OutboxMessage, message_id)
    if row is not None:
        row.attempts += 1
        row.sent_at, row.next_attempt_at, row.last_error = at, None, ""
        session.flush()


def record_failure(session: Session, message_id: int, at: datetime, error: str) -> None:
    """A failed attempt: tried again after the backoff, or given up after the last."""
    row = session.get(OutboxMessage, message_id)
    if row is not None:
        row.attempts += 1
        row.next_attempt_at = backoff.next_attempt(row.attempts, at)
        row.last_error = error[:1000]
        session.flush()
