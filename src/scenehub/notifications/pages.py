"""HTML pages of notifications: the caller's list, marking one or all read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from scenehub.notifications import service
from scenehub.web.deps import IdPath, SessionDep, SignedInActor
from scenehub.web.forms import safe_next
from scenehub.web.paging import PAGE_SIZE, PageNumber, offset_of, pager
from scenehub.web.templating import render, request_locale

router = APIRouter(include_in_schema=False)


@router.get("/notifications")
def notifications_page(
    request: Request, actor: SignedInActor, session: SessionDep, page: PageNumber = 1
) -> HTMLResponse:
    found = service.list_mine(
        session, actor, request_locale(request), limit=PAGE_SIZE + 1, offset=offset_of(page)
    )
    return render(
        request,
        "notifications/list.html",
        {
            "found": found,
            "items": found.items[:PAGE_SIZE],
            "pager": pager(page, list(found.items), {}, found.total),
        },
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
