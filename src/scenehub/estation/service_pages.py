"""HTML pages of the E-Station's services: a firm's services page (its quotas as meters
and a chart, its requests, the request forms and the roster's free slots), and the
operators' queue (approve, reject, record compute usage; the bookings)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from scenehub.estation import service_requests as service
from scenehub.estation.service_schemas import (
    ComputeRequest,
    ConsultingBooking,
    DataRequest,
    QuotaRead,
    ServiceApproval,
    ServiceRejection,
    UsageRecord,
)
from scenehub.estation.services import PERIODS, SERVICE_KINDS, STATUS_LABELS, UNITS
from scenehub.governance.policy import Actor
from scenehub.integration.service import WarehouseUnavailable
from scenehub.settings import Settings
from scenehub.web.deps import SessionDep, SettingsDep, require
from scenehub.web.forms import FormPosts
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
Firm = Annotated[Actor, require("estation.request_services")]
Operator = Annotated[Actor, require("estation.decide_services")]
MINE, QUEUE = "/my/services", "/estation/services"
LABELS = {
    "kinds": SERVICE_KINDS,
    "units": UNITS,
    "periods": PERIODS,
    "status_labels": STATUS_LABELS,
    "local": service.local_time,
}


def used_shares(found: list[QuotaRead]) -> list[int]:
    """Each quota's share used, in percent (the chart's columns: the units differ)."""
    return [min(round(100 * q.used / q.amount), 100) if q.amount else 100 for q in found]


def mine_context(actor: Actor, session: Session, settings: Settings) -> dict[str, Any]:
    quotas = service.quotas(session, actor)
    try:
        datasets, no_datasets = service.datasets(actor, settings.warehouse_path), None
    except WarehouseUnavailable as error:
        datasets, no_datasets = [], error
    return {
        **LABELS,
        "quotas": quotas,
        "shares": used_shares(quotas),
        "left_shares": [100 - share for share in used_shares(quotas)],
        "requests": service.list_requests(session, actor),
        "datasets": datasets,
        "no_datasets": no_datasets,
        "experts": service.experts(session, actor),
    }


@router.get(MINE)
def my_services_page(
    request: Request, actor: Firm, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    return render(request, "estation/services_mine.html", mine_context(actor, session, settings))


mine_posts = FormPosts(router, "estation/services_mine.html", mine_context, keep_typed=True)


@mine_posts.post("/my/services/compute", back=MINE)
def request_compute(
    actor: Firm, session: SessionDep, body: Annotated[ComputeRequest, Form()]
) -> None:
    service.request_compute(session, actor, body)


@mine_posts.post("/my/services/data", back=MINE)
def request_data(
    actor: Firm,
    session: SessionDep,
    settings: SettingsDep,
    body: Annotated[DataRequest, Form()],
) -> None:
    service.request_data(session, actor, settings.warehouse_path, body)


@mine_posts.post("/my/services/consulting", back=MINE)
def book_consulting(
    actor: Firm, session: SessionDep, body: Annotated[ConsultingBooking, Form()]
) -> None:
    service.book_consulting(session, actor, body)


@mine_posts.post("/my/services/{code}/cancel", back=MINE)
def cancel_request(
    code: str, actor: Annotated[Actor, require("estation.cancel_services")], session: SessionDep
) -> None:
    service.cancel(session, actor, code)


# --- the operators' queue -----------------------------------------------------------------


def queue_context(actor: Actor, session: Session) -> dict[str, Any]:
    everything = service.list_requests(session, actor)
    return {
        **LABELS,
        "pending": [r for r in everything if r.status == "pending"],
        "running": [r for r in everything if r.kind == "compute" and r.status == "approved"],
        "bookings": [r for r in everything if r.kind == "consulting" and r.status == "booked"],
        "recent": everything[:100],
        "today": service.today(),
    }


@router.get(QUEUE)
def queue_page(request: Request, actor: Operator, session: SessionDep) -> HTMLResponse:
    return render(request, "estation/services_queue.html", queue_context(actor, session))


queue_posts = FormPosts(router, "estation/services_queue.html", queue_context)


@queue_posts.post("/estation/services/{code}/approve", back=QUEUE)
def approve_request(
    code: str, actor: Operator, session: SessionDep, body: Annotated[ServiceApproval, Form()]
) -> None:
    service.approve(session, actor, code, body)


@queue_posts.post("/estation/services/{code}/reject", back=QUEUE)
def reject_request(
    code: str, actor: Operator, session: SessionDep, body: Annotated[ServiceRejection, Form()]
) -> None:
    service.reject(session, actor, code, body)


@queue_posts.post("/estation/services/{code}/usage", back=QUEUE)
def record_usage(
    code: str, actor: Operator, session: SessionDep, body: Annotated[UsageRecord, Form()]
) -> None:
    service.record_usage(session, actor, code, body)
