"""JSON routes of the clerical review: the queue, one pair, a decision (for scripts; the
operator's pages call the same service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.governance.policy import Actor
from scenehub.integration import review
from scenehub.integration.schemas import (
    LinkDecisionCreate,
    LinkDecisionRead,
    LinkReviewPage,
    PairRead,
)
from scenehub.web.deps import SessionDep, SettingsDep, require

router = APIRouter(tags=["integration"])
LinkReviewer = Annotated[Actor, require("integration.review_links")]
RecordKey = Annotated[str, Query(min_length=3, max_length=300)]


@router.get("/integration/link-review")
def link_review_queue(
    actor: LinkReviewer,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> LinkReviewPage:
    return review.link_queue(actor, settings.warehouse_path, page=page)


@router.get("/integration/link-review/pair")
def link_review_pair(
    actor: LinkReviewer,
    session: SessionDep,
    settings: SettingsDep,
    left: RecordKey,
    right: RecordKey,
) -> PairRead:
    return review.pair_for_review(session, actor, settings.warehouse_path, left, right)


@router.post("/integration/link-decisions", status_code=201)
def decide_link(
    body: LinkDecisionCreate, actor: LinkReviewer, session: SessionDep, settings: SettingsDep
) -> LinkDecisionRead:
    return review.record_decision(session, actor, settings.warehouse_path, body)
