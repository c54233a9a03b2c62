"""HTML pages of governance: the audit trail for staff (firms read theirs in tracker_pages.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from scenehub.governance import service
from scenehub.governance.checkpoints import PROBLEM_KINDS
from scenehub.governance.policy import Actor
from scenehub.web.deps import OptionalSeqQuery, SessionDep, SettingsDep, require
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/audit")
def audit_page(
    request: Request,
    actor: Annotated[Actor, require("audit.read_all")],
    session: SessionDep,
    settings: SettingsDep,
    action: str | None = None,
    before_seq: OptionalSeqQuery = None,
) -> HTMLResponse:
    entries = service.list_entries(
        session, actor, action=action or None, before_seq=before_seq, limit=PAGE_SIZE
    )
    return render(
        request,
        "audit.html",
        {
            "entries": entries,
            "action": action or "",
            "page_size": PAGE_SIZE,
            "report": service.verify_trail(session, actor, settings),
            "checkpoint_kinds": PROBLEM_KINDS,
            "daily": [c.model_dump() for c in service.daily_counts(session, actor)],
        },
    )
