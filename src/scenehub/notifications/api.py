"""JSON routes of notifications: the caller's own, read and unread."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from scenehub.notifications import service
from scenehub.notifications.schemas import MarkedRead, NotificationPage, NotificationRead
from scenehub.translator import Translator
from scenehub.web.deps import IdPath, OffsetQuery, SessionDep, SignedInActor
from scenehub.web.templating import translator

router = APIRouter(tags=["notifications"])
Language = Annotated[Translator, Depends(translator)]


@router.get("/me/notifications")
def list_my_notifications(
    actor: SignedInActor,
    session: SessionDep,
    language: Language,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: OffsetQuery = 0,
) -> NotificationPage:
    """The caller's notifications, newest first, in the request's language, with how many
    are unread."""
    return service.list_mine(session, actor, language.locale, limit=limit, offset=offset)


@router.post("/me/notifications/read-all")
def mark_all_my_notifications_read(actor: SignedInActor, session: SessionDep) -> MarkedRead:
    return service.mark_all_read(session, actor)


@router.post(
    "/me/notifications/{notification_id}/read",
    responses={404: {"description": "not yours, or none"}},
)
def mark_my_notification_read(
    notification_id: IdPath, actor: SignedInActor, session: SessionDep, language: Language
) -> NotificationRead:
    return service.mark_read(session, actor, notification_id, language.locale)
