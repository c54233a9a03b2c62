"""JSON routes of the classification review: the queue and the labels (for scripts; the
operator's pages call the same service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from scenehub.governance.policy import Actor
from scenehub.industry import review
from scenehub.industry.schemas import LabelCreate, LabelRead, ReviewItem
from scenehub.web.deps import SessionDep, SettingsDep, require

router = APIRouter(tags=["industry"])
Labeller = Annotated[Actor, require("industry.label")]
FirmKey = Annotated[str, Path(pattern=r"^[0-9A-Za-z]{1,40}$")]


class ReviewPage(BaseModel):
    total: int  # firms below the map's confidence, not labelled yet
    items: list[ReviewItem]


@router.get("/industry/review")
def review_queue(
    actor: Labeller,
    session: SessionDep,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> ReviewPage:
    items, total = review.review_queue(session, actor, settings.warehouse_path, page=page)
    return ReviewPage(total=total, items=items)


@router.post("/industry/labels/{firm_id}", status_code=201)
def label_firm(
    firm_id: FirmKey, body: LabelCreate, actor: Labeller, session: SessionDep, settings: SettingsDep
) -> LabelRead:
    return review.record_label(session, actor, settings.warehouse_path, firm_id, body)
