"""HTML pages of the clerical review: the queue of uncertain pairs, one pair side by side
with the evidence, and the operator's decision (confirm or split)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.governance.policy import Actor
from scenehub.integration import review
from scenehub.integration.evidence import AGREEMENT_LABELS, DECISIONS, FIELD_LABELS
from scenehub.integration.schemas import LinkDecisionCreate
from scenehub.settings import Settings
from scenehub.web.deps import SessionDep, SettingsDep, require
from scenehub.web.forms import form_page
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
LinkReviewer = Annotated[Actor, require("integration.review_links")]
RecordKey = Annotated[str, Query(min_length=3, max_length=300)]
LABELS = {
    "field_labels": FIELD_LABELS,
    "agreement_labels": AGREEMENT_LABELS,
    "decision_labels": DECISIONS,
}


def _queue_context(
    actor: Actor, session: Session, settings: Settings, page: int = 1
) -> dict[str, Any]:
    queue = review.link_queue(actor, settings.warehouse_path, page=page)
    pages = max(1, -(-queue.total // review.REVIEW_PAGE))
    return {"queue": queue, "page": page, "pages": pages, **LABELS}


@router.get("/review/links")
def link_queue(
    request: Request,
    actor: LinkReviewer,
    session: SessionDep,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    decided: Annotated[str, Query(pattern="^(match|split)?$")] = "",
) -> HTMLResponse:
    """The pairs the model is least sure of, least sure first, for an operator."""
    context = _queue_context(actor, session, settings, page)
    return render(request, "integration/link_review.html", {**context, "decided": decided})


@router.get("/review/links/pair")
def link_pair(
    request: Request,
    actor: LinkReviewer,
    session: SessionDep,
    settings: SettingsDep,
    left: RecordKey,
    right: RecordKey,
) -> HTMLResponse:
    pair = review.pair_for_review(session, actor, settings.warehouse_path, left, right)
    return render(request, "integration/link_pair.html", {"pair": pair, **LABELS})


@router.post("/review/links")
def decide_link(
    actor: LinkReviewer,
    _page: Annotated[None, form_page("integration/link_review.html", _queue_context)],
    session: SessionDep,
    settings: SettingsDep,
    body: Annotated[LinkDecisionCreate, Form()],
) -> Response:
    decision = review.record_decision(session, actor, settings.warehouse_path, body)
    return RedirectResponse(f"/review/links?decided={decision.decision}", status_code=303)
