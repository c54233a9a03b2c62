"""Use cases of the E-Station's service requests: a firm asks for compute hours, data access
and consulting slots against its quotas; the centre's operators approve or reject them and
record compute usage; the firm sees its quotas fall.

The rules (periods, quotas, slots, refusals) are the pure ``services.py``; the city file's
``services`` section gives the allowances and the roster. A firm reads its own requests, the
centre's staff every firm's; another firm's request is refused with the reason.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.city import load_city
from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound, ValidationFailed
from scenehub.estation import services
from scenehub.estation.models import ComputeUsage, ServiceRequest
from scenehub.estation.service_schemas import (
    ComputeRequest,
    ConsultingBooking,
    DataRequest,
    ExpertRead,
    QuotaRead,
    ServiceApproval,
    ServiceRejection,
    ServiceRequestRead,
    UsageRead,
    UsageRecord,
)
from scenehub.estation.services import COMPUTE, CONSULTING, DATA, Quota, Refusal
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.integration import service as integration_service
from scenehub.integration.schemas import DatasetEntry
from scenehub.scenes import service as scene_service
from scenehub.work import CENTRE_ZONE, day_of

# The lock space of a firm's quota on PostgreSQL (its second key is the firm's id): two
# requests of one firm must not both find the same hours free. SQLite's transactions
# already hold the write lock (db.py).
_QUOTA_LOCK_SPACE = 0x5E7C
# Datasets of this grade are not released to firms through a request (GB/T 43697-2024).
WITHHELD_GRADES = frozenset({"core"})


class QuotaExceeded(Conflict):
    code = "quota_exceeded"


class RequestRefused(Conflict):
    code = "service_request_refused"


def today() -> date:
    """The centre's day (Asia/Shanghai) on the house's clock."""
    return day_of(utcnow())


def _config() -> services.ServicesConfig:
    return load_city().services


def _refuse(refusal: Refusal | None, error: type[Conflict] = RequestRefused) -> None:
    if refusal is not None:
        raise error(refusal[0], params=refusal[1])


def _resource(request: ServiceRequest) -> Resource:
    return Resource("service request", request.code, request.firm_org_id)


def _own_firm(actor: Actor) -> int:
    if actor.org_id is None:
        raise Conflict(N_("your account belongs to no organisation"))
    return actor.org_id


def _lock_quota(session: Session, firm_org_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, :firm)"),
            {"space": _QUOTA_LOCK_SPACE, "firm": firm_org_id},
        )


# --- quotas -------------------------------------------------------------------------------


def _counted(firm_org_id: int, kind: str, period: str) -> Select[Any]:
    if kind == COMPUTE:
        query = select(func.coalesce(func.sum(ServiceRequest.hours_approved), 0)).where(
            ServiceRequest.status == "approved"
        )
    else:
        query = select(func.count()).where(ServiceRequest.status.in_(services.COUNTED))
    return query.where(
        ServiceRequest.firm_org_id == firm_org_id,
        ServiceRequest.kind == kind,
        ServiceRequest.period == period,
    )


def _hours_used(session: Session, firm_org_id: int, period: str) -> int:
    used = session.scalar(
        select(func.coalesce(func.sum(ComputeUsage.hours), 0))
        .join(ServiceRequest, ServiceRequest.id == ComputeUsage.request_id)
        .where(ServiceRequest.firm_org_id == firm_org_id, ServiceRequest.period == period)
    )
    return int(used or 0)


def _quota(session: Session, firm_org_id: int, kind: str, day: date) -> Quota:
    allowance = _config().allowances[kind]
    period = services.period_of(day, allowance.per)
    granted = int(session.scalar(_counted(firm_org_id, kind, period.key)) or 0)
    used = _hours_used(session, firm_org_id, period.key) if kind == COMPUTE else None
    return services.quota(allowance, day, granted, used)


def quotas(session: Session, actor: Actor, firm_org_id: int | None = None) -> list[QuotaRead]:
    """A firm's quotas of the current period, one a kind: the firm its own, the centre's
    staff any firm's (``firm_org_id``)."""
    firm = firm_org_id if firm_org_id is not None else _own_firm(actor)
    authorize(actor, "estation.read_services", Resource("firm", str(firm), firm))
    if auth_service.org_kind(session, firm) is not OrgKind.FIRM:
        raise NotFound(N_("firm %(id)s not found"), params={"id": firm})
    day = today()
    return [_quota_read(_quota(session, firm, kind, day)) for kind in services.SERVICE_KINDS]


def _quota_read(found: Quota) -> QuotaRead:
    return QuotaRead(
        kind=found.kind,
        period=found.period.key,
        starts_on=found.period.start,
        ends_on=found.period.end,
        amount=found.amount,
        granted=found.granted,
        used=found.used,
        free=found.free,
        left=found.left,
    )


# --- asking -------------------------------------------------------------------------------


def _new(session: Session, actor: Actor, kind: str, period: str, **values: Any) -> ServiceRequest:
    request = ServiceRequest(
        code=f"tmp-{uuid.uuid4().hex[:12]}",
        kind=kind,
        firm_org_id=_own_firm(actor),
        status=values.pop("status", "pending"),
        period=period,
        requested_on=today(),
        requested_by=actor.user_id,
        **values,
    )
    session.add(request)
    session.flush()
    request.code = f"SR{request.id:05d}"
    session.flush()
    return request


def _scene_id(session: Session, actor: Actor, code: str) -> int:
    return scene_service.get_published(session, actor, code).id


def request_compute(session: Session, actor: Actor, body: ComputeRequest) -> ServiceRequestRead:
    """GPU hours for a purpose (and a scene): refused when more than the quota has free."""
    authorize(actor, "estation.request_services")
    firm = _own_firm(actor)
    _lock_quota(session, firm)
    found = _quota(session, firm, COMPUTE, today())
    _refuse(services.refuse_over_quota(body.hours, found), QuotaExceeded)
    scene = _scene_id(session, actor, body.scene_code) if body.scene_code else None
    request = _new(
        session,
        actor,
        COMPUTE,
        found.period.key,
        purpose=body.purpose,
        scene_id=scene,
        hours_requested=body.hours,
    )
    _audit(session, actor, "estation.service_request", request, {"hours": body.hours})
    return _read(session, actor, request)


def datasets(actor: Actor, warehouse: Path) -> list[DatasetEntry]:
    """The datasets a firm may name: the departments' sources but the withheld grades."""
    found = integration_service.dataset_catalogue(actor, warehouse)
    return [d for d in found if d.grade not in WITHHELD_GRADES]


def request_data(
    session: Session, actor: Actor, warehouse: Path, body: DataRequest
) -> ServiceRequestRead:
    """Access to a named dataset for a named scene and purpose; one request of the quota."""
    authorize(actor, "estation.request_services")
    held = {d.source for d in datasets(actor, warehouse)}
    if body.dataset not in held:
        raise ValidationFailed(
            N_("no dataset %(name)s that firms may request; the catalogue lists them"),
            params={"name": body.dataset},
        )
    scene = _scene_id(session, actor, body.scene_code)
    firm = _own_firm(actor)
    _lock_quota(session, firm)
    found = _quota(session, firm, DATA, today())
    _refuse(services.refuse_over_quota(1, found), QuotaExceeded)
    request = _new(
        session,
        actor,
        DATA,
        found.period.key,
        purpose=body.purpose,
        scene_id=scene,
        dataset=body.dataset,
    )
    _audit(session, actor, "estation.service_request", request, {"dataset": body.dataset})
    return _read(session, actor, request)


def _expert(key: str) -> services.Expert:
    expert = _config().expert(key)
    if expert is None:
        raise NotFound(N_("expert %(key)s not found"), params={"key": key})
    return expert


def _held(session: Session, expert: str) -> set[datetime]:
    rows = session.scalars(
        select(ServiceRequest.held_at).where(
            ServiceRequest.expert_key == expert, ServiceRequest.held_at.is_not(None)
        )
    )
    return {r for r in rows if r is not None}


def experts(session: Session, actor: Actor) -> list[ExpertRead]:
    """The roster, each expert with the slots still free in the booking window."""
    authorize(actor, "estation.read_services")
    config, now = _config(), utcnow()
    found = []
    for expert in config.experts:
        held = _held(session, expert.key)
        slots = services.expert_slots(expert, CENTRE_ZONE, now, config.booking_days)
        free = [s for s in slots if s not in held]
        found.append(
            ExpertRead(
                key=expert.key,
                name=expert.name,
                organisation=expert.organisation,
                topics=list(expert.topics),
                minutes=expert.minutes,
                free_slots=free,
            )
        )
    return found


def book_consulting(session: Session, actor: Actor, body: ConsultingBooking) -> ServiceRequestRead:
    """A free slot of an expert, counted against the consulting quota of the slot's period;
    a slot booked already is a 409 (the database's unique slot says so, too)."""
    authorize(actor, "estation.request_services")
    expert, config = _expert(body.expert), _config()
    _refuse(
        services.refuse_slot(expert, body.starts_at, CENTRE_ZONE, utcnow(), config.booking_days)
    )
    firm = _own_firm(actor)
    _lock_quota(session, firm)
    found = _quota(session, firm, CONSULTING, day_of(body.starts_at))
    _refuse(services.refuse_over_quota(1, found), QuotaExceeded)
    try:
        with session.begin_nested():
            request = _new(
                session,
                actor,
                CONSULTING,
                found.period.key,
                status="booked",
                purpose=body.topic,
                expert_key=expert.key,
                starts_at=body.starts_at,
                held_at=body.starts_at,
            )
    except IntegrityError:
        raise RequestRefused(
            N_("the slot %(at)s of %(expert)s is booked already; choose another"),
            params={"at": local_time(body.starts_at), "expert": expert.name},
        ) from None
    _audit(session, actor, "estation.service_book", request, {"expert": expert.key})
    return _read(session, actor, request)


def local_time(moment: datetime | None) -> str:
    """A moment as the centre's wall clock shows it (``2026-12-08 14:00``)."""
    return moment.astimezone(CENTRE_ZONE).strftime("%Y-%m-%d %H:%M") if moment else ""


# --- reading ------------------------------------------------------------------------------


def _request(session: Session, code: str) -> ServiceRequest:
    found = session.scalar(select(ServiceRequest).where(ServiceRequest.code == code))
    if found is None:
        raise NotFound(N_("service request %(code)s not found"), params={"code": code})
    return found


def _readable(session: Session, actor: Actor, code: str) -> ServiceRequest:
    request = _request(session, code)
    authorize(actor, "estation.read_services", _resource(request))
    return request


def get_request(session: Session, actor: Actor, code: str) -> ServiceRequestRead:
    return _read(session, actor, _readable(session, actor, code), with_usage=True)


def list_requests(
    session: Session, actor: Actor, *, kind: str | None = None, status: str | None = None
) -> list[ServiceRequestRead]:
    """A firm's own requests, newest first; the centre's staff see every firm's (the queue:
    ``status="pending"``)."""
    authorize(actor, "estation.read_services")
    query = select(ServiceRequest).order_by(ServiceRequest.id.desc())
    if actor.role is Role.FIRM:
        query = query.where(ServiceRequest.firm_org_id == _own_firm(actor))
    if kind:
        query = query.where(ServiceRequest.kind == kind)
    if status:
        query = query.where(ServiceRequest.status == status)
    return _reads(session, list(session.scalars(query.limit(500))))


def _reads(session: Session, rows: list[ServiceRequest]) -> list[ServiceRequestRead]:
    names = auth_service.org_names(session, {r.firm_org_id for r in rows})
    scenes = scene_service.by_ids(session, {r.scene_id for r in rows if r.scene_id})
    used = _usage_totals(session, [r.id for r in rows if r.kind == COMPUTE])
    day, config = today(), _config()
    return [
        _as_read(r, names.get(r.firm_org_id, ""), scenes, used.get(r.id, 0), day, config)
        for r in rows
    ]


def _usage_totals(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(ComputeUsage.request_id, func.sum(ComputeUsage.hours))
        .where(ComputeUsage.request_id.in_(ids))
        .group_by(ComputeUsage.request_id)
    )
    return {request_id: int(total) for request_id, total in rows}


def _as_read(
    r: ServiceRequest,
    firm_name: str,
    scenes: dict[int, Any],
    used: int,
    day: date,
    config: services.ServicesConfig,
) -> ServiceRequestRead:
    expert = config.expert(r.expert_key) if r.expert_key else None
    return ServiceRequestRead(
        code=r.code,
        kind=r.kind,
        firm_org_id=r.firm_org_id,
        firm_name=firm_name,
        status=services.access_status(r.status, r.expires_on, day),
        period=r.period,
        purpose=r.purpose,
        scene_code=scenes[r.scene_id].code if r.scene_id in scenes else None,
        requested_on=r.requested_on,
        hours_requested=r.hours_requested,
        hours_approved=r.hours_approved,
        hours_used=used if r.kind == COMPUTE else None,
        dataset=r.dataset,
        expires_on=r.expires_on,
        expert=r.expert_key,
        expert_name=expert.name if expert else r.expert_key,
        starts_at=r.starts_at,
        decided_on=r.decided_on,
        reason=r.reason,
    )


def _read(
    session: Session, actor: Actor, request: ServiceRequest, with_usage: bool = False
) -> ServiceRequestRead:
    found = _reads(session, [request])[0]
    if not with_usage or request.kind != COMPUTE:
        return found
    rows = list(
        session.scalars(
            select(ComputeUsage)
            .where(ComputeUsage.request_id == request.id)
            .order_by(ComputeUsage.used_on, ComputeUsage.id)
        )
    )
    usage = [
        UsageRead(hours=u.hours, used_on=u.used_on, note=u.note, recorded_by=u.recorder)
        for u in rows
    ]
    return found.model_copy(update={"usage": usage})


# --- deciding -----------------------------------------------------------------------------


def _pending(session: Session, actor: Actor, code: str) -> ServiceRequest:
    request = _request(session, code)
    authorize(actor, "estation.decide_services", _resource(request))
    if request.status != "pending":
        raise RequestRefused(
            N_("service request %(code)s is %(status)s, not pending"),
            params={"code": code, "status": request.status},
        )
    return request


def approve(session: Session, actor: Actor, code: str, body: ServiceApproval) -> ServiceRequestRead:
    """Compute: the hours (at most what the quota has free); data: until ``expires_on``."""
    request = _pending(session, actor, code)
    details: dict[str, Any] = {"note": body.note[:200]}
    if request.kind == COMPUTE:
        hours = body.hours or request.hours_requested or 0
        _lock_quota(session, request.firm_org_id)
        found = _quota(session, request.firm_org_id, COMPUTE, request.requested_on)
        _refuse(services.refuse_over_quota(hours, found), QuotaExceeded)
        request.hours_approved, details["hours"] = hours, hours
    elif request.kind == DATA:
        if body.expires_on is None:
            raise ValidationFailed(N_("name the last day of the access (expires_on)"))
        _refuse(services.refuse_expiry(body.expires_on, today(), _config().max_access_days))
        request.expires_on, details["expires_on"] = body.expires_on, body.expires_on.isoformat()
    else:
        raise RequestRefused(N_("a consulting booking needs no approval"))
    _decide(request, actor, "approved", body.note)
    session.flush()
    _audit(session, actor, "estation.service_approve", request, details)
    return _read(session, actor, request)


def reject(session: Session, actor: Actor, code: str, body: ServiceRejection) -> ServiceRequestRead:
    request = _pending(session, actor, code)
    _decide(request, actor, "rejected", body.reason)
    session.flush()
    _audit(session, actor, "estation.service_reject", request, {"reason": body.reason[:200]})
    return _read(session, actor, request)


def _decide(request: ServiceRequest, actor: Actor, status: str, reason: str) -> None:
    request.status, request.reason = status, reason
    request.decided_on, request.decided_by = today(), actor.user_id


def record_usage(
    session: Session, actor: Actor, code: str, body: UsageRecord
) -> ServiceRequestRead:
    """GPU hours used against an approved compute request, never beyond its approval."""
    request = _request(session, code)
    authorize(actor, "estation.decide_services", _resource(request))
    if request.kind != COMPUTE or request.status != "approved":
        raise RequestRefused(
            N_("usage is recorded against an approved compute request; %(code)s is not one"),
            params={"code": code},
        )
    _lock_quota(session, request.firm_org_id)
    day = today()
    usage = services.Usage(body.hours, body.used_on or day)
    used = _usage_totals(session, [request.id]).get(request.id, 0)
    period = services.period_of(request.requested_on, _config().allowances[COMPUTE].per)
    approved_on = request.decided_on or request.requested_on
    _refuse(
        services.refuse_usage(usage, request.hours_approved or 0, used, approved_on, period, day)
    )
    session.add(
        ComputeUsage(
            request_id=request.id,
            hours=usage.hours,
            used_on=usage.used_on,
            note=body.note,
            recorded_by=actor.user_id,
            recorder=actor.username,
        )
    )
    session.flush()
    details = {"hours": usage.hours, "used_on": usage.used_on.isoformat()}
    _audit(session, actor, "estation.service_usage", request, details)
    return _read(session, actor, request, with_usage=True)


def cancel(session: Session, actor: Actor, code: str) -> ServiceRequestRead:
    """The firm withdraws a pending request, or cancels a booking before its slot."""
    request = _request(session, code)
    authorize(actor, "estation.cancel_services", _resource(request))
    if request.kind == CONSULTING and request.status == "booked" and request.starts_at:
        _refuse(services.refuse_cancel(request.starts_at, utcnow(), CENTRE_ZONE))
        request.held_at = None
    elif request.status != "pending":
        raise RequestRefused(
            N_(
                "service request %(code)s is %(status)s: only a pending request or a booking "
                "before its slot is cancelled"
            ),
            params={"code": code, "status": request.status},
        )
    request.status = "cancelled"
    session.flush()
    _audit(session, actor, "estation.service_cancel", request, {})
    return _read(session, actor, request)


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    request: ServiceRequest,
    details: dict[str, Any],
) -> None:
    audit.record(
        session,
        actor,
        action,
        resource_type="service_request",
        resource_id=request.code,
        subject_org_id=request.firm_org_id,
        details={"kind": request.kind, **details},
    )
