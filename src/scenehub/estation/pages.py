"""HTML pages of the E-Station: the product catalogue and a product's page (public), the
providers' desk ("our products"), the product form, publishing and suspending."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind
from scenehub.estation import eligibility_service, lifecycle, service
from scenehub.estation.facts import FIELDS, STAGES
from scenehub.estation.kinds import DATA_FIELDS, KIND_LABELS
from scenehub.estation.packages import STAGE_LABELS
from scenehub.estation.products import outline
from scenehub.estation.schemas import ProductForm, ProductMove, rules_yaml
from scenehub.estation.versions import TERM_LABELS
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.i18n import N_
from scenehub.web.deps import MAX_ID, IdPath, PublicActor, SessionDep, SettingsDep, require
from scenehub.web.forms import FormPosts
from scenehub.web.templating import render, translator

router = APIRouter(include_in_schema=False)
DeskActor = Annotated[Actor, require("estation.read_own_products")]
KeeperActor = Annotated[Actor, require("estation.manage_products")]
RESULT_LABELS = {"pass": N_("pass"), "fail": N_("fail"), "unknown": N_("unknown")}
Version = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def _number(text: str | None) -> int | None:
    """A filter's number as typed (an empty field is no filter)."""
    return int(text) if text and text.isdigit() and len(text) < 10 else None


@router.get("/estation/products")
def products_page(
    request: Request,
    actor: PublicActor,
    session: SessionDep,
    kind: Annotated[str | None, Query(max_length=30)] = None,
    provider: Annotated[str | None, Query(max_length=12)] = None,
    amount: Annotated[str | None, Query(max_length=12)] = None,
    stage: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    filters = {"kind": kind or "", "provider": provider or "", "amount": amount or ""}
    products = service.list_products(
        session,
        actor,
        kind=kind or None,
        provider_org_id=_number(provider),
        amount_10k=_number(amount),
        stage=stage if stage in STAGES else None,
    )
    context = {
        "products": products,
        "filters": {**filters, "stage": stage or ""},
        "kinds": KIND_LABELS,
        "stages": STAGES,
        "providers": service.providers(session, actor),
    }
    return render(request, "estation/products.html", context)


def product_context(
    actor: Actor, session: Session, code: str, before: int | None = None, after: int | None = None
) -> dict[str, Any]:
    product = service.get_product(session, actor, code)
    history = service.list_versions(session, actor, code)
    sides = service.parties(session, actor, product)
    changes = []
    if before and after:
        changes = service.version_changes(session, actor, code, before, after)
    elif len(history) > 1:
        before, after = history[1].number, history[0].number
        changes = service.version_changes(session, actor, code, before, after)
    return {
        "product": product,
        "outline": outline(service.parsed_rule(product)),
        "versions": history,
        "changes": changes,
        "compared": (before, after),
        "keeps": "owner" in sides,
        "moves": lifecycle.next_statuses(product.status, sides, product.suspended_by_centre),
        "kinds": KIND_LABELS,
        "data_labels": DATA_FIELDS,
        "status_labels": lifecycle.STATUS_LABELS,
        "term_labels": TERM_LABELS,
        # a firm applies from a published product's page (application_pages.py)
        "can_apply": product.status == "published"
        and isinstance(decide(actor, "estation.apply"), Allow),
    }


@router.get("/estation/products/{code}")
def product_page(
    code: str,
    request: Request,
    actor: PublicActor,
    session: SessionDep,
    before: Version = None,
    after: Version = None,
) -> HTMLResponse:
    context = product_context(actor, session, code, before, after)
    return render(request, "estation/product.html", context)


product_posts = FormPosts(router, "estation/product.html", product_context)
PRODUCT = "/estation/products/{code}"


@product_posts.post("/estation/products/{code}/move", back=PRODUCT)
def move_product(
    code: str,
    actor: DeskActor,
    session: SessionDep,
    body: Annotated[ProductMove, Form()],
) -> None:
    service.move(session, actor, code, body)


# --- the providers' desk and the product form -------------------------------------------


@router.get("/my/products")
def our_products_page(request: Request, actor: DeskActor, session: SessionDep) -> HTMLResponse:
    context = {
        "products": service.list_own(session, actor),
        "kinds": KIND_LABELS,
        "status_labels": lifecycle.STATUS_LABELS,
    }
    return render(request, "estation/mine.html", context)


def form_context(actor: Actor, session: Session, code: str | None = None) -> dict[str, Any]:
    product = service.get_for_edit(session, actor, code) if code else None
    providers = []
    if actor.role in service.CENTRE_ROLES:
        providers = [
            o
            for o in auth_service.list_orgs(session, actor)
            if o.kind in service.CENTRE_PROVIDER_KINDS
        ]
    return {
        "product": product,
        "rules_text": rules_yaml(product.rules) if product else "all: []\n",
        "kinds": KIND_LABELS,
        "data_labels": DATA_FIELDS,
        "providers": providers,
        "centre_kind": OrgKind.CENTRE,
    }


@router.get("/my/products/new")
def new_product_page(request: Request, actor: KeeperActor, session: SessionDep) -> HTMLResponse:
    return render(request, "estation/form.html", form_context(actor, session))


form_posts = FormPosts(router, "estation/form.html", form_context, keep_typed=True)


@form_posts.post("/my/products/new")
def create_product(
    actor: KeeperActor,
    session: SessionDep,
    body: Annotated[ProductForm, Form()],
) -> str:
    product = service.create(session, actor, body.draft())
    return PRODUCT.format(code=product.code)


@router.get("/my/products/{code}/edit")
def edit_product_page(
    code: str, request: Request, actor: KeeperActor, session: SessionDep
) -> HTMLResponse:
    return render(request, "estation/form.html", form_context(actor, session, code))


@form_posts.post("/my/products/{code}/edit", back=PRODUCT)
def edit_product(
    code: str,
    actor: KeeperActor,
    session: SessionDep,
    body: Annotated[ProductForm, Form()],
) -> None:
    service.update(session, actor, code, body.draft())


# --- a firm's eligibility and package -------------------------------------------------------


def _eligibility_page(
    request: Request, found: eligibility_service.FirmEligibility, own: bool
) -> HTMLResponse:
    shown = eligibility_service.eligibility_read(found, translator(request))
    by_result: dict[bool | None, list[Any]] = {True: [], None: [], False: []}
    for product in shown.products:
        by_result[product.eligible].append(product)
    missing = {f for p in by_result[None] for f in p.missing}
    context = {
        "found": shown,
        "own": own,
        "eligible": by_result[True],
        "unknown": by_result[None],
        "ineligible": by_result[False],
        "missing": [f for f in FIELDS if f in missing],
        "field_labels": {name: spec.label for name, spec in FIELDS.items()},
        "kinds": KIND_LABELS,
        "stage_labels": STAGE_LABELS,
        "result_labels": RESULT_LABELS,
    }
    return render(request, "estation/eligibility.html", context)


@router.get("/my/eligibility")
def own_eligibility_page(
    request: Request,
    actor: Annotated[Actor, require("estation.read_own_eligibility")],
    session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:
    found = eligibility_service.own_eligibility(session, actor, settings.warehouse_path)
    return _eligibility_page(request, found, own=True)


@router.get("/estation/eligibility/{firm_id}")
def firm_eligibility_page(
    firm_id: IdPath,
    request: Request,
    actor: Annotated[Actor, require("estation.read_facts")],
    session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:
    found = eligibility_service.firm_eligibility(session, actor, settings.warehouse_path, firm_id)
    return _eligibility_page(request, found, own=False)
