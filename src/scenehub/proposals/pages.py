"""HTML pages of proposals: a reviewer works on one proposal's page (advance with the
rubric, or reject with a reason). A firm proposes, and the owner invites firms, from the
scene's page (its forms are routes of scenes/pages.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from scenehub.errors import NotFound
from scenehub.governance.policy import Actor, Allow, Resource, decide
from scenehub.i18n import N_
from scenehub.proposals import review, service
from scenehub.proposals.schemas import (
    ProposalAdvance,
    ProposalReject,
)
from scenehub.scenes import service as scene_service
from scenehub.web.deps import MAX_ID, IdPath, SessionDep, require
from scenehub.web.forms import form_page
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
ReviewActor = Annotated[Actor, require("proposals.review")]


class AdvanceForm(BaseModel):
    """The review form: the next phase and the rubric's scores (blank = not scored)."""

    to: str = Field(pattern=r"^(screening|shortlisted|selected)$")
    fit: float | None = Field(default=None, ge=0, le=10)
    feasibility: float | None = Field(default=None, ge=0, le=10)
    track_record: float | None = Field(default=None, ge=0, le=10)
    cost: float | None = Field(default=None, ge=0, le=10)
    compliance: float | None = Field(default=None, ge=0, le=10)

    def advance(self) -> ProposalAdvance:
        scores = {c.key: getattr(self, c.key) for c in review.RUBRIC}
        return ProposalAdvance(
            to=self.to, scores={k: v for k, v in scores.items() if v is not None}
        )


def _proposal_context(actor: Actor, session: Session, proposal_id: int | str) -> dict[str, Any]:
    # On a failed form the id comes straight from the path (not yet validated).
    if not str(proposal_id).isdigit() or int(proposal_id) > MAX_ID:
        raise NotFound(N_("proposal %(id)s not found"), params={"id": proposal_id})
    proposal = service.get(session, actor, int(proposal_id))
    scene = scene_service.by_id(session, proposal.scene_id)
    resource = Resource("proposal", str(proposal.id), scene.department_org_id)
    return {
        "proposal": proposal,
        "scene": scene,
        "reviews": isinstance(decide(actor, "proposals.review", resource), Allow),
        "next_phase": review.next_phase(proposal.status),
        "rubric": review.RUBRIC,
        "labels": review.STATUS_LABELS,
        "owns": proposal.org_id == actor.org_id,
    }


@router.get("/proposals/{proposal_id}")
def proposal_page(
    proposal_id: IdPath,
    request: Request,
    actor: Annotated[Actor, require("auth.account")],
    session: SessionDep,
) -> HTMLResponse:
    return render(request, "proposals/detail.html", _proposal_context(actor, session, proposal_id))


@router.post("/proposals/{proposal_id}/advance")
def advance(
    proposal_id: IdPath,
    actor: ReviewActor,
    _page: Annotated[None, form_page("proposals/detail.html", _proposal_context)],
    session: SessionDep,
    body: Annotated[AdvanceForm, Form()],
) -> Response:
    service.advance(session, actor, proposal_id, body.advance())
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)


@router.post("/proposals/{proposal_id}/reject")
def reject(
    proposal_id: IdPath,
    actor: ReviewActor,
    _page: Annotated[None, form_page("proposals/detail.html", _proposal_context)],
    session: SessionDep,
    body: Annotated[ProposalReject, Form()],
) -> Response:
    service.reject(session, actor, proposal_id, body)
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)


@router.post("/proposals/{proposal_id}/withdraw")
def withdraw(
    proposal_id: IdPath,
    actor: Annotated[Actor, require("proposals.submit")],
    _page: Annotated[None, form_page("proposals/detail.html", _proposal_context)],
    session: SessionDep,
) -> Response:
    service.withdraw(session, actor, proposal_id)
    return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)
