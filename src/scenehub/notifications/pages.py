"""HTML pages of notifications: the caller's list, marking one or all read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from scenehub.notifications import service
from scenehub.web.deps import IdPath, SessionDep, SignedInActor
from scenehub.web.forms import safe_next
from scenehub.web.templating import render, request_locale

router = APIRouter(include_in_schema=False)
PER_PAGE = 30


@router.get("/notifications")
def notifications_page(
    request: Request,
    actor: SignedInActor,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    found = service.list_mine(
        session, actor, request_locale(request), limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    has_more = found.offset + len(found.items) < found.total
    return render(
        request, "notifications/list.html", {"found": found, "page": page, "has_more": has_more}
    )


@router.post("/notifications/read-all")
def mark_all_read(actor: SignedInActor, session: SessionDep) -> RedirectResponse:
    service.mark_all_read(session, actor)
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/{notification_id}/read")
def mark_read(
    notification_id: IdPath, request: Request, actor: SignedInActor, session: SessionDep
) -> RedirectResponse:
    """Mark it read and open what it is about (or go back to the list)."""
    read = service.mark_read(session, actor, notification_id, request_locale(request))
    target = safe_next(read.link) if read.link else "/notifications"
    return RedirectResponse(target, status_code=303)
