"""HTML pages of scenes: the catalogue and batches, a scene's page with its ranked firms and
proposals, a department's scenes and the scene form, the operator's review queue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.governance.policy import Actor, Allow, Resource, decide
from scenehub.industry.taxonomy import load_chain
from scenehub.matching import service as matching_service
from scenehub.proposals import service as proposal_service
from scenehub.proposals.review import STATUS_LABELS as PROPOSAL_LABELS
from scenehub.proposals.schemas import InvitationCreate, ProposalCreate
from scenehub.scenes import lifecycle, service
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.scenes.schemas import (
    BatchPublish,
    DomainCount,
    SceneDraft,
    SceneTransition,
)
from scenehub.settings import Settings
from scenehub.web.deps import PublicActor, SessionDep, SettingsDep, require
from scenehub.web.downloads import table_download
from scenehub.web.forms import form_page
from scenehub.web.paging import PAGE_SIZE, PageNumber, offset_of, pager
from scenehub.web.templating import bar_chart, render, translator

router = APIRouter(include_in_schema=False)
DeptActor = Annotated[Actor, require("scenes.create")]
ReviewActor = Annotated[Actor, require("scenes.review")]


@router.get("/scenes")
def catalogue_page(
    request: Request,
    actor: PublicActor,
    session: SessionDep,
    domain: str | None = None,
    batch: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: PageNumber = 1,
) -> HTMLResponse:
    scenes = service.list_published(
        session,
        actor,
        domain=domain or None,
        batch=batch or None,
        text=q or None,
        limit=PAGE_SIZE + 1,
        offset=offset_of(page),
    )
    filters = {"domain": domain or "", "batch": batch or "", "q": q or ""}
    return render(
        request,
        "scenes/catalogue.html",
        {
            "scenes": scenes[:PAGE_SIZE],
            "pager": pager(page, list(scenes), filters),
            "domain": domain or "",
            "batch": batch or "",
            "q": q or "",
            "domains": DOMAIN_LABELS,
            "batches": service.list_batches(session, actor),
            "domain_chart": domain_chart(request, service.counts_by_domain(session, actor)),
        },
    )


def domain_chart(request: Request, counts: list[DomainCount]) -> dict[str, list[object]]:
    """The catalogue's bar chart: scenes per domain, under the domains' translated names."""
    t = translator(request)
    return bar_chart((t(DOMAIN_LABELS.get(c.domain, c.domain)), c.count) for c in counts)


EXPORT_COLUMNS = (
    "code",
    "title",
    "domain",
    "batch",
    "published_on",
    "status",
    "wanted",
    "offered",
    "constraints",
    "stage_preference",
    "budget_min_10k",
    "budget_max_10k",
    "timeline_months",
    "on_premise",
)


@router.get("/scenes/batches/export")
def export_batch(
    actor: PublicActor,
    session: SessionDep,
    batch: Annotated[str, Query(min_length=1, max_length=40)],
    format: Annotated[str, Query(pattern=r"^(csv|xlsx)$")] = "csv",
) -> Response:
    """A published batch as CSV (UTF-8 with BOM, so spreadsheet programs read Chinese) or
    XLSX: the list the centre hands out."""
    found = service.get_batch(session, actor, batch)
    scenes = service.published_in_batch(session, actor, found.label)
    rows = [[getattr(s, c) for c in EXPORT_COLUMNS] for s in scenes]
    return table_download(f"scenes-{found.year}-{found.number}", EXPORT_COLUMNS, rows, format)


# --- a scene's page -------------------------------------------------------------------------


def scene_context(actor: Actor, session: Session, code: str, settings: Settings) -> dict[str, Any]:
    scene = service.get_any(session, actor, code)
    resource = Resource("scene", scene.code, scene.department_org_id)
    manages = isinstance(decide(actor, "scenes.match", resource), Allow)
    may_edit = isinstance(decide(actor, "scenes.edit", resource), Allow)
    context: dict[str, Any] = {
        "scene": scene,
        "domains": DOMAIN_LABELS,
        "segments": {s.key: s for s in load_chain().segments},
        "status_labels": lifecycle.STATUS_LABELS,
        "proposal_labels": PROPOSAL_LABELS,
        "manages": manages,
        "can_edit": may_edit and scene.status in lifecycle.EDITABLE,
        "moves": [],
        "ranking": [],
        "proposals": [],
        "history": [],
        "invited": set(),
        "my_proposal": None,
        "can_propose": False,
        "reason_text": matching_service.reason_text,
    }
    if manages:
        party = "centre" if actor.role in service.CENTRE_ROLES else "owner"
        context["moves"] = [
            m for m in lifecycle.next_statuses(scene.status, party) if m != "published"
        ]
        context["history"] = service.history(session, actor, code)
        if scene.status in lifecycle.OPEN_FOR_PROPOSALS:
            ranking = matching_service.rank_firms_for_scene(
                session, actor, code, 20, settings=settings
            )
            context["ranking"] = ranking
            context["ranking_chart"] = {
                "categories": [r.firm.name for r in ranking[:10]],
                "values": [round(r.match.score, 3) for r in ranking[:10]],
            }
            context["invited"] = proposal_service.invited_firm_ids(session, actor, code)
        context["proposals"] = proposal_service.for_scene(session, actor, code)
    elif actor.role is Role.FIRM:
        mine = [p for p in proposal_service.mine(session, actor) if p.scene_code == code]
        context["my_proposal"] = mine[0] if mine else None
        context["can_propose"] = scene.status in lifecycle.OPEN_FOR_PROPOSALS and not mine
    return context


@router.get("/scenes/{code}")
def scene_page(
    code: str, request: Request, actor: PublicActor, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    return render(request, "scenes/detail.html", scene_context(actor, session, code, settings))


@router.post("/scenes/{code}/move")
def move_scene(
    code: str,
    actor: Annotated[Actor, require("auth.account")],
    _page: Annotated[None, form_page("scenes/detail.html", scene_context)],
    session: SessionDep,
    body: Annotated[SceneTransition, Form()],
) -> Response:
    service.transition(session, actor, code, body)
    return RedirectResponse(f"/scenes/{code}", status_code=303)


# A firm's proposal and the owner's invitation are forms of the scene's page: on a refusal
# the page is shown again with the message.


@router.post("/scenes/{code}/propose")
def propose(
    code: str,
    actor: Annotated[Actor, require("proposals.submit")],
    _page: Annotated[None, form_page("scenes/detail.html", scene_context)],
    session: SessionDep,
    body: Annotated[ProposalCreate, Form()],
) -> Response:
    proposal_service.submit(session, actor, code, body)
    return RedirectResponse(f"/scenes/{code}", status_code=303)


@router.post("/scenes/{code}/invite")
def invite(
    code: str,
    actor: Annotated[Actor, require("scenes.match")],
    _page: Annotated[None, form_page("scenes/detail.html", scene_context)],
    session: SessionDep,
    body: Annotated[InvitationCreate, Form()],
) -> Response:
    proposal_service.invite(session, actor, code, body)
    return RedirectResponse(f"/scenes/{code}#ranking", status_code=303)


# --- a department's scenes ------------------------------------------------------------------


def _my_scenes_context(actor: Actor, session: Session) -> dict[str, Any]:
    return {
        "scenes": service.list_own(session, actor),
        "domains": DOMAIN_LABELS,
        "status_labels": lifecycle.STATUS_LABELS,
    }


@router.get("/my/scenes")
def my_scenes_page(
    request: Request, actor: Annotated[Actor, require("scenes.read_own")], session: SessionDep
) -> HTMLResponse:
    return render(request, "scenes/mine.html", _my_scenes_context(actor, session))


def _form_context(actor: Actor, session: Session, code: str | None = None) -> dict[str, Any]:
    departments = []
    if actor.role in service.CENTRE_ROLES:
        departments = [
            o for o in auth_service.list_orgs(session, actor) if o.kind is OrgKind.DEPARTMENT
        ]
    return {
        "scene": service.get_editable(session, actor, code) if code else None,
        "domains": DOMAIN_LABELS,
        "chain": load_chain(),
        "departments": departments,
    }


@router.get("/my/scenes/new")
def new_scene_page(request: Request, actor: DeptActor, session: SessionDep) -> HTMLResponse:
    return render(request, "scenes/form.html", _form_context(actor, session))


@router.post("/my/scenes/new")
def create_scene(
    actor: DeptActor,
    _page: Annotated[None, form_page("scenes/form.html", _form_context, keep_typed=True)],
    session: SessionDep,
    body: Annotated[SceneDraft, Form()],
) -> Response:
    scene = service.create(session, actor, body)
    return RedirectResponse(f"/scenes/{scene.code}", status_code=303)


@router.get("/my/scenes/{code}/edit")
def edit_scene_page(
    code: str, request: Request, actor: DeptActor, session: SessionDep
) -> HTMLResponse:
    return render(request, "scenes/form.html", _form_context(actor, session, code))


@router.post("/my/scenes/{code}/edit")
def edit_scene(
    code: str,
    actor: DeptActor,
    _page: Annotated[None, form_page("scenes/form.html", _form_context, keep_typed=True)],
    session: SessionDep,
    body: Annotated[SceneDraft, Form()],
) -> Response:
    service.update_draft(session, actor, code, body)
    return RedirectResponse(f"/scenes/{code}", status_code=303)


# --- the operator's review queue ------------------------------------------------------------


def _review_context(actor: Actor, session: Session) -> dict[str, Any]:
    return {
        "queue": service.review_queue(session, actor),
        "duplicates": matching_service.duplicate_needs(session, actor),
        "domains": DOMAIN_LABELS,
        "batches": service.list_batches(session, actor)[:5],
    }


@router.get("/review/scenes")
def review_page(request: Request, actor: ReviewActor, session: SessionDep) -> HTMLResponse:
    return render(request, "scenes/review.html", _review_context(actor, session))


@router.post("/review/scenes/batch")
def publish_batch(
    actor: Annotated[Actor, require("scenes.publish_batch")],
    _page: Annotated[None, form_page("scenes/review.html", _review_context)],
    session: SessionDep,
    body: Annotated[BatchPublish, Form()],
) -> Response:
    batch = service.publish_batch(session, actor, body)
    return RedirectResponse(f"/scenes?batch={batch.label}", status_code=303)
