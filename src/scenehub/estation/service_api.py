"""JSON routes of the E-Station's services: a firm's quotas and requests (compute hours,
data access, consulting bookings), the roster and the datasets, and the operators' queue
with approvals, rejections and compute usage."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from scenehub.estation import service_requests as service
from scenehub.estation.service_schemas import (
    ComputeRequest,
    ConsultingBooking,
    DataRequest,
    ExpertRead,
    QuotaRead,
    ServiceApproval,
    ServiceRejection,
    ServiceRequestRead,
    UsageRecord,
)
from scenehub.estation.services import SERVICE_KINDS, STORED_STATUSES
from scenehub.governance.policy import Actor
from scenehub.integration.schemas import DatasetEntry
from scenehub.web.deps import MAX_ID, SessionDep, SettingsDep, require

router = APIRouter(prefix="/estation/services", tags=["estation"])
Firm = Annotated[Actor, require("estation.request_services")]
Reader = Annotated[Actor, require("estation.read_services")]
Operator = Annotated[Actor, require("estation.decide_services")]
Code = Annotated[str, Path(max_length=20)]


def _one_of(values: Iterable[str]) -> str:
    """A query's pattern: one of ``values``."""
    return f"^({'|'.join(values)})$"


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such request, scene, expert or dataset"},
    409: {
        "description": "over the quota, or refused in the request's status (the message says why)"
    },
}


@router.get("/quotas", responses=ERRORS)
def list_quotas(
    actor: Reader,
    session: SessionDep,
    firm: Annotated[int | None, Query(ge=1, le=MAX_ID, description="the centre's: a firm")] = None,
) -> list[QuotaRead]:
    """The quotas of the current period, one a kind, with what is granted, used and left."""
    return service.quotas(session, actor, firm)


@router.get("/requests")
def list_requests(
    actor: Reader,
    session: SessionDep,
    kind: Annotated[str | None, Query(pattern=_one_of(SERVICE_KINDS))] = None,
    status: Annotated[str | None, Query(pattern=_one_of(STORED_STATUSES))] = None,
) -> list[ServiceRequestRead]:
    """A firm's own requests; the centre's staff see every firm's."""
    return service.list_requests(session, actor, kind=kind, status=status)


@router.get("/requests/{code}", responses=ERRORS)
def read_request(code: Code, actor: Reader, session: SessionDep) -> ServiceRequestRead:
    return service.get_request(session, actor, code)


@router.post("/compute", status_code=201, responses=ERRORS)
def request_compute(body: ComputeRequest, actor: Firm, session: SessionDep) -> ServiceRequestRead:
    return service.request_compute(session, actor, body)


@router.get("/datasets", responses=ERRORS)
def list_datasets(
    actor: Annotated[Actor, require("integration.read_dataset_catalogue")],
    settings: SettingsDep,
) -> list[DatasetEntry]:
    """The departments' datasets a firm may name in a data-access request."""
    return service.datasets(actor, settings.warehouse_path)


@router.post("/data", status_code=201, responses=ERRORS)
def request_data(
    body: DataRequest, actor: Firm, session: SessionDep, settings: SettingsDep
) -> ServiceRequestRead:
    return service.request_data(session, actor, settings.warehouse_path, body)


@router.get("/experts")
def list_experts(actor: Reader, session: SessionDep) -> list[ExpertRead]:
    """The roster of experts, each with the slots still free."""
    return service.experts(session, actor)


@router.post("/consulting", status_code=201, responses=ERRORS)
def book_consulting(
    body: ConsultingBooking, actor: Firm, session: SessionDep
) -> ServiceRequestRead:
    return service.book_consulting(session, actor, body)


@router.post("/requests/{code}/approve", responses=ERRORS)
def approve_request(
    code: Code, body: ServiceApproval, actor: Operator, session: SessionDep
) -> ServiceRequestRead:
    return service.approve(session, actor, code, body)


@router.post("/requests/{code}/reject", responses=ERRORS)
def reject_request(
    code: Code, body: ServiceRejection, actor: Operator, session: SessionDep
) -> ServiceRequestRead:
    return service.reject(session, actor, code, body)


@router.post("/requests/{code}/usage", responses=ERRORS)
def record_usage(
    code: Code, body: UsageRecord, actor: Operator, session: SessionDep
) -> ServiceRequestRead:
    return service.record_usage(session, actor, code, body)


@router.post("/requests/{code}/cancel", responses=ERRORS)
def cancel_request(
    code: Code, actor: Annotated[Actor, require("estation.cancel_services")], session: SessionDep
) -> ServiceRequestRead:
    return service.cancel(session, actor, code)
