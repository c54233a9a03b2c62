"""HTML pages of the capability registry: a firm's home (claim, profile, capabilities,
recommended scenes, invitations, proposals), the public capability list, the operator's
claim and capability queues, and the golden firm records with their provenance."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.firms import service
from scenehub.firms.schemas import (
    CapabilityBatchPublish,
    CapabilityMove,
    CapabilityWrite,
    ClaimCreate,
    ClaimDecision,
    FirmProfileUpdate,
)
from scenehub.governance import purposes, reads
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.industry.taxonomy import load_chain
from scenehub.integration import service as integration_service
from scenehub.matching import service as matching_service
from scenehub.proposals import service as proposal_service
from scenehub.proposals.review import STATUS_LABELS as PROPOSAL_LABELS
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.settings import Settings
from scenehub.web.deps import IdPath, SessionDep, SettingsDep, SignedInActor, require
from scenehub.web.downloads import table_download
from scenehub.web.forms import form_page
from scenehub.web.paging import PAGE_SIZE, PageNumber, offset_of, pager
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
FirmActor = Annotated[Actor, require("firms.home")]
ClaimsActor = Annotated[Actor, require("firms.decide_claims")]
CAPABILITY_LABELS = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted for review"),
    "published": N_("Published"),
    "withdrawn": N_("Withdrawn"),
}

CLAIM_LABELS = {
    "pending": N_("Waiting for the centre's decision"),
    "approved": N_("Approved"),
    "rejected": N_("Not approved"),
}


def _home_context(actor: Actor, session: Session, settings: Settings) -> dict[str, Any]:
    firm = service.my_firm(session, actor)
    context: dict[str, Any] = {
        "firm": firm,
        "claims": service.my_claims(session, actor),
        "chain": load_chain(),
        "segments": {s.key: s for s in load_chain().segments},
        "capability_labels": CAPABILITY_LABELS,
        "proposal_labels": PROPOSAL_LABELS,
        "domains": DOMAIN_LABELS,
        "capabilities": [],
        "recommended": [],
        "invitations": [],
        "proposals": [],
        "claim_labels": CLAIM_LABELS,
        "reason_text": matching_service.reason_text,
    }
    if firm is not None:
        context["capabilities"] = service.my_capabilities(session, actor)
        context["recommended"] = matching_service.recommended_scenes(
            session, actor, firm, settings=settings
        )
        context["invitations"] = proposal_service.my_invitations(session, actor)
        context["proposals"] = proposal_service.mine(session, actor)
    return context


@router.get("/firm")
def firm_home(
    request: Request, actor: FirmActor, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    return render(request, "firms/home.html", _home_context(actor, session, settings))


@router.post("/firm/claim")
def claim_firm(
    actor: Annotated[Actor, require("firms.claim")],
    _page: Annotated[None, form_page("firms/home.html", _home_context)],
    session: SessionDep,
    body: Annotated[ClaimCreate, Form()],
) -> Response:
    service.claim(session, actor, body)
    return RedirectResponse("/firm", status_code=303)


@router.post("/firm/profile")
def update_profile(
    actor: FirmActor,
    _page: Annotated[None, form_page("firms/home.html", _home_context)],
    session: SessionDep,
    body: Annotated[FirmProfileUpdate, Form()],
) -> Response:
    service.update_profile(session, actor, body)
    return RedirectResponse("/firm", status_code=303)


@router.post("/firm/capabilities")
def add_capability(
    actor: Annotated[Actor, require("firms.manage_capabilities")],
    _page: Annotated[None, form_page("firms/home.html", _home_context)],
    session: SessionDep,
    body: Annotated[CapabilityWrite, Form()],
) -> Response:
    service.add_capability(session, actor, body)
    return RedirectResponse("/firm#capabilities", status_code=303)


@router.post("/firm/capabilities/{code}/move")
def move_capability(
    code: str,
    actor: Annotated[Actor, require("firms.manage_capabilities")],
    _page: Annotated[None, form_page("firms/home.html", _home_context)],
    session: SessionDep,
    body: Annotated[CapabilityMove, Form()],
) -> Response:
    service.move_capability(session, actor, code, body.to)
    return RedirectResponse("/firm#capabilities", status_code=303)


# --- the public capability list -------------------------------------------------------------


@router.get("/capabilities")
def capability_list(
    request: Request,
    actor: Annotated[Actor, require("firms.read_capabilities")],
    session: SessionDep,
    batch: Annotated[str | None, Query(max_length=40)] = None,
    page: PageNumber = 1,
) -> HTMLResponse:
    found = service.published_capabilities(
        session, actor, batch or None, PAGE_SIZE + 1, offset_of(page)
    )
    total = service.count_published_capabilities(session, actor, batch or None)
    return render(
        request,
        "firms/capabilities.html",
        {
            "capabilities": found[:PAGE_SIZE],
            "pager": pager(page, list(found), {"batch": batch or ""}, total),
            "batches": service.list_capability_batches(session, actor),
            "batch": batch or "",
            "segments": {s.key: s for s in load_chain().segments},
        },
    )


CAPABILITY_COLUMNS = (
    "code",
    "firm_name",
    "title",
    "description",
    "segments",
    "trl",
    "reference_cases",
    "certifications",
    "batch",
    "published_on",
)


@router.get("/capabilities/export")
def export_capabilities(
    actor: Annotated[Actor, require("firms.read_capabilities")],
    session: SessionDep,
    batch: Annotated[str | None, Query(max_length=40)] = None,
    format: Annotated[str, Query(pattern=r"^(csv|xlsx)$")] = "csv",
) -> Response:
    """The published capability list (one batch, or all) as CSV or XLSX."""
    rows = [
        [
            "、".join(value) if isinstance(value := getattr(c, column), list) else value
            for column in CAPABILITY_COLUMNS
        ]
        for c in service.published_capabilities(session, actor, batch or None, limit=None)
    ]
    return table_download("capabilities", CAPABILITY_COLUMNS, rows, format)


# --- the operator's queues ------------------------------------------------------------------


def _queue_context(actor: Actor, session: Session) -> dict[str, Any]:
    return {
        "claims": service.pending_claims(session, actor),
        "capabilities": service.capability_queue(session, actor),
        "segments": {s.key: s for s in load_chain().segments},
    }


@router.get("/review/registry")
def registry_queue(request: Request, actor: ClaimsActor, session: SessionDep) -> HTMLResponse:
    return render(request, "firms/review.html", _queue_context(actor, session))


@router.post("/review/claims/{claim_id}")
def decide_claim(
    claim_id: IdPath,
    actor: ClaimsActor,
    _page: Annotated[None, form_page("firms/review.html", _queue_context)],
    session: SessionDep,
    body: Annotated[ClaimDecision, Form()],
) -> Response:
    service.decide_claim(session, actor, claim_id, body)
    return RedirectResponse("/review/registry", status_code=303)


@router.post("/review/capabilities/batch")
def publish_capabilities(
    actor: Annotated[Actor, require("firms.publish_capabilities")],
    _page: Annotated[None, form_page("firms/review.html", _queue_context)],
    session: SessionDep,
    body: Annotated[CapabilityBatchPublish, Form()],
) -> Response:
    batch = service.publish_capability_batch(session, actor, body)
    return RedirectResponse(f"/capabilities?batch={batch.label}", status_code=303)


# The registry's golden records: one per firm, merged from the departments' files by the
# integration pipeline (integration/service.py reads them from the warehouse).
@router.get("/firms")
def golden_records(
    request: Request,
    actor: Annotated[Actor, require("integration.read_firms")],
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    firms = integration_service.search_firms(actor, settings.warehouse_path, q or None)
    return render(request, "firms/records.html", {"firms": firms, "q": q or ""})


@router.get("/firms/{firm_id}")
def golden_record(
    firm_id: str, request: Request, actor: SignedInActor, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    firm = integration_service.get_firm(session, actor, settings.warehouse_path, firm_id)
    context = {"firm": firm, "purpose_labels": purposes.PURPOSES, "masked_text": reads.MASKED}
    return render(request, "firms/record.html", context)
