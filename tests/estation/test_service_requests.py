"""Service requests on both databases, on a fixed clock: compute hours against the quota with
their usage, data access with its expiry, consulting bookings without double booking, who
may read and decide what, and the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.db import at, session_factory
from scenehub.errors import NotFound, PermissionDenied, ValidationFailed
from scenehub.estation import service_requests as service
from scenehub.estation.service_requests import QuotaExceeded, RequestRefused
from scenehub.estation.service_schemas import (
    ComputeRequest,
    ConsultingBooking,
    DataRequest,
    ServiceApproval,
    ServiceRejection,
    UsageRecord,
)
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import Actor
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import BatchPublish, SceneDraft, SceneTransition
from tests.conftest import Account, Accounts

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Thursday 3 December 2026, 09:00 in Hangzhou: the second half-year, the fourth quarter.
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    with session_factory(db_url)() as session, at(NOW):
        yield session
        session.rollback()


def actor(db: Session, account: Account) -> Actor:
    user = auth_service.get_user(db, account.user_id)
    assert user is not None
    return auth_service.actor_of(user)


def published_scene(db: Session, accounts: Accounts) -> str:
    dept, centre = actor(db, accounts.department), actor(db, accounts.operator)
    body = SceneDraft(title="路口信号配时优化", domain="transport", wanted="依据车流量优化配时。")
    scene = scene_service.create(db, dept, body)
    scene_service.transition(db, dept, scene.code, SceneTransition(to="submitted"))
    scene_service.publish_batch(db, centre, BatchPublish(scene_codes=[scene.code]))
    return scene.code


def compute(hours: int, scene: str = "") -> ComputeRequest:
    return ComputeRequest(hours=hours, purpose="训练交通大模型", scene_code=scene)


def left(db: Session, firm: Actor, kind: str) -> tuple[int, int, int]:
    found = next(q for q in service.quotas(db, firm) if q.kind == kind)
    return found.granted, found.used, found.left


# --- compute ------------------------------------------------------------------------------


def test_a_firm_spends_approved_gpu_hours_and_sees_its_quota_fall(
    db: Session, accounts: Accounts
) -> None:
    firm, operator = actor(db, accounts.firm), actor(db, accounts.operator)
    assert left(db, firm, "compute") == (0, 0, 200)
    asked = service.request_compute(db, firm, compute(80, published_scene(db, accounts)))
    assert (asked.status, asked.period, asked.hours_requested) == ("pending", "2026-H2", 80)
    assert left(db, firm, "compute") == (0, 0, 200)  # asking grants nothing yet
    service.approve(db, operator, asked.code, ServiceApproval(hours=60))
    assert left(db, firm, "compute") == (60, 0, 200)
    service.record_usage(db, operator, asked.code, UsageRecord(hours=25, note="A100 × 25h"))
    service.record_usage(db, operator, asked.code, UsageRecord(hours=10, used_on=date(2026, 12, 3)))
    assert left(db, firm, "compute") == (60, 35, 165)
    read = service.get_request(db, firm, asked.code)
    assert (read.hours_approved, read.hours_used) == (60, 35)
    assert [(u.hours, u.recorded_by) for u in read.usage] == [(25, "operator"), (10, "operator")]


def test_more_hours_than_the_quota_has_free_are_refused_when_asked_and_when_approved(
    db: Session, accounts: Accounts
) -> None:
    firm, operator = actor(db, accounts.firm), actor(db, accounts.operator)
    with pytest.raises(QuotaExceeded) as refused:
        service.request_compute(db, firm, compute(201))
    assert refused.value.status == 409
    assert refused.value.params == {
        "wanted": 201,
        "free": 200,
        "amount": 200,
        "period": "2026-H2",
        "kind": "Compute (GPU hours)",
    }
    first = service.request_compute(db, firm, compute(150))
    second = service.request_compute(db, firm, compute(100))
    service.approve(db, operator, first.code, ServiceApproval())
    with pytest.raises(QuotaExceeded, match="100 asked, 50 of 200 left"):
        service.approve(db, operator, second.code, ServiceApproval())
    assert (
        service.approve(db, operator, second.code, ServiceApproval(hours=50)).hours_approved == 50
    )
    # Another firm's quota is its own.
    assert left(db, actor(db, accounts.other_firm), "compute") == (0, 0, 200)


def test_usage_is_never_recorded_beyond_the_approval_nor_on_an_unapproved_request(
    db: Session, accounts: Accounts
) -> None:
    firm, operator = actor(db, accounts.firm), actor(db, accounts.operator)
    asked = service.request_compute(db, firm, compute(20))
    with pytest.raises(RequestRefused, match="approved compute request"):
        service.record_usage(db, operator, asked.code, UsageRecord(hours=1))
    service.approve(db, operator, asked.code, ServiceApproval())
    service.record_usage(db, operator, asked.code, UsageRecord(hours=15))
    with pytest.raises(RequestRefused, match="6 hours asked, 5 of 20 left"):
        service.record_usage(db, operator, asked.code, UsageRecord(hours=6))
    with pytest.raises(RequestRefused, match="a day to come"):
        service.record_usage(
            db, operator, asked.code, UsageRecord(hours=1, used_on=date(2026, 12, 4))
        )
    assert left(db, firm, "compute") == (20, 15, 185)


def test_a_rejection_keeps_its_reason_and_decides_the_request_once(
    db: Session, accounts: Accounts
) -> None:
    firm, operator = actor(db, accounts.firm), actor(db, accounts.operator)
    asked = service.request_compute(db, firm, compute(20))
    rejected = service.reject(db, operator, asked.code, ServiceRejection(reason="用途不明确"))
    assert (rejected.status, rejected.reason, rejected.decided_on) == (
        "rejected",
        "用途不明确",
        date(2026, 12, 3),
    )
    with pytest.raises(RequestRefused, match="is rejected, not pending"):
        service.approve(db, operator, asked.code, ServiceApproval())


# --- data access --------------------------------------------------------------------------


def test_a_data_access_is_approved_until_a_day_and_then_shows_as_expired(
    db: Session, accounts: Accounts, dataset_warehouse: Path
) -> None:
    firm, operator = actor(db, accounts.firm), actor(db, accounts.operator)
    body = DataRequest(
        dataset="traffic_flows", scene_code=published_scene(db, accounts), purpose="配时模型训练"
    )
    asked = service.request_data(db, firm, dataset_warehouse, body)
    assert (asked.status, asked.period, asked.dataset) == ("pending", "2026-Q4", "traffic_flows")
    with pytest.raises(ValidationFailed, match="expires_on"):
        service.approve(db, operator, asked.code, ServiceApproval())
    with pytest.raises(RequestRefused, match="in the past"):
        service.approve(db, operator, asked.code, ServiceApproval(expires_on=date(2026, 12, 2)))
    with pytest.raises(RequestRefused, match="366 days at most"):
        service.approve(db, operator, asked.code, ServiceApproval(expires_on=date(2028, 1, 1)))
    approved = service.approve(
        db, operator, asked.code, ServiceApproval(expires_on=date(2026, 12, 31))
    )
    assert (approved.status, approved.expires_on) == ("approved", date(2026, 12, 31))
    with at(NOW + timedelta(days=29)):
        assert service.get_request(db, firm, asked.code).status == "expired"
        assert [r.status for r in service.list_requests(db, operator, kind="data")] == ["expired"]


def test_a_firm_names_only_a_dataset_it_may_request_for_a_published_scene(
    db: Session, accounts: Accounts, dataset_warehouse: Path
) -> None:
    firm = actor(db, accounts.firm)
    names = [d.source for d in service.datasets(firm, dataset_warehouse)]
    assert names == ["hrss_insured", "traffic_flows"]  # core data is withheld
    scene = published_scene(db, accounts)
    for name in ("police_cases", "no_such_source"):
        with pytest.raises(ValidationFailed, match=name):
            service.request_data(
                db,
                firm,
                dataset_warehouse,
                DataRequest(dataset=name, scene_code=scene, purpose="x"),
            )
    with pytest.raises(NotFound):
        service.request_data(
            db,
            firm,
            dataset_warehouse,
            DataRequest(dataset="traffic_flows", scene_code="S-NONE", purpose="x"),
        )


def test_the_data_quota_counts_pending_and_approved_requests_of_the_quarter(
    db: Session, accounts: Accounts, dataset_warehouse: Path
) -> None:
    firm, operator = actor(db, accounts.firm), actor(db, accounts.operator)
    body = DataRequest(
        dataset="hrss_insured", scene_code=published_scene(db, accounts), purpose="x"
    )
    codes = [service.request_data(db, firm, dataset_warehouse, body).code for _ in range(3)]
    with pytest.raises(QuotaExceeded, match="2026-Q4"):
        service.request_data(db, firm, dataset_warehouse, body)
    service.reject(db, operator, codes[0], ServiceRejection(reason="重复申请"))
    assert service.request_data(db, firm, dataset_warehouse, body).status == "pending"
    with at(datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)):
        assert left(db, firm, "data") == (0, 0, 3)  # a new quarter, a new quota


# --- consulting ---------------------------------------------------------------------------


def first_free(db: Session, firm: Actor, expert: str = "chen-ai") -> datetime:
    return next(e for e in service.experts(db, firm) if e.key == expert).free_slots[0]


def test_a_booked_slot_is_no_longer_free_and_nobody_books_it_twice(
    db: Session, accounts: Accounts
) -> None:
    firm, rival = actor(db, accounts.firm), actor(db, accounts.other_firm)
    slot = first_free(db, firm)
    assert slot == datetime(2026, 12, 3, 10, 0, tzinfo=SHANGHAI)  # Thursdays at 10:00
    booked = service.book_consulting(
        db, firm, ConsultingBooking(expert="chen-ai", starts_at=slot, topic="算力规划")
    )
    assert (booked.status, booked.period, booked.expert_name) == ("booked", "2026-Q4", "陈思远")
    assert first_free(db, rival) > slot
    with pytest.raises(RequestRefused, match="booked already") as refused:
        service.book_consulting(
            db, rival, ConsultingBooking(expert="chen-ai", starts_at=slot, topic="抢占")
        )
    assert refused.value.status == 409
    service.cancel(db, firm, booked.code)
    assert first_free(db, rival) == slot
    again = service.book_consulting(
        db, rival, ConsultingBooking(expert="chen-ai", starts_at=slot, topic="大模型应用")
    )
    assert again.status == "booked"


def test_a_booking_needs_a_slot_of_the_roster_and_is_cancelled_before_it(
    db: Session, accounts: Accounts
) -> None:
    firm = actor(db, accounts.firm)
    odd = datetime(2026, 12, 8, 11, 0, tzinfo=SHANGHAI)
    with pytest.raises(RequestRefused, match="holds no slot"):
        service.book_consulting(
            db, firm, ConsultingBooking(expert="chen-ai", starts_at=odd, topic="x")
        )
    with pytest.raises(NotFound):
        service.book_consulting(
            db, firm, ConsultingBooking(expert="nobody", starts_at=odd, topic="x")
        )
    slot = first_free(db, firm)
    booked = service.book_consulting(
        db, firm, ConsultingBooking(expert="chen-ai", starts_at=slot, topic="x")
    )
    with at(slot + timedelta(minutes=1)), pytest.raises(RequestRefused, match="has begun"):
        service.cancel(db, firm, booked.code)


def test_consulting_bookings_count_against_the_quarter_of_their_slot(
    db: Session, accounts: Accounts
) -> None:
    firm = actor(db, accounts.firm)
    slots = next(e for e in service.experts(db, firm) if e.key == "chen-ai").free_slots
    for slot in slots[:4]:
        service.book_consulting(
            db, firm, ConsultingBooking(expert="chen-ai", starts_at=slot, topic="x")
        )
    assert left(db, firm, "consulting") == (4, 4, 0)
    with pytest.raises(QuotaExceeded, match="Consulting"):
        service.book_consulting(
            db, firm, ConsultingBooking(expert="chen-ai", starts_at=slots[4], topic="x")
        )


# --- who may do what, and the audit trail -------------------------------------------------


def test_a_firm_reads_its_own_requests_and_the_centre_every_firms(
    db: Session, accounts: Accounts
) -> None:
    firm, rival = actor(db, accounts.firm), actor(db, accounts.other_firm)
    operator = actor(db, accounts.operator)
    mine = service.request_compute(db, firm, compute(10))
    service.request_compute(db, rival, compute(10))
    assert [r.code for r in service.list_requests(db, firm)] == [mine.code]
    assert len(service.list_requests(db, operator)) == 2
    with pytest.raises(PermissionDenied, match="belongs to another organisation"):
        service.get_request(db, rival, mine.code)
    with pytest.raises(PermissionDenied):
        service.cancel(db, rival, mine.code)
    with pytest.raises(PermissionDenied):
        service.quotas(db, rival, accounts.firm.org_id)
    assert len(service.quotas(db, operator, accounts.firm.org_id)) == 3
    for other in (accounts.financier, accounts.department, accounts.investor):
        who = actor(db, other)
        with pytest.raises(PermissionDenied):
            service.get_request(db, who, mine.code)
        with pytest.raises(PermissionDenied):
            service.list_requests(db, who)
        with pytest.raises(PermissionDenied):
            service.request_compute(db, who, compute(1))
    with pytest.raises(PermissionDenied):
        service.approve(db, firm, mine.code, ServiceApproval())
    with pytest.raises(PermissionDenied):
        service.record_usage(db, actor(db, accounts.financier), mine.code, UsageRecord(hours=1))


def test_every_step_is_in_the_audit_trail_the_firm_reads(db: Session, accounts: Accounts) -> None:
    firm, operator = actor(db, accounts.firm), actor(db, accounts.operator)
    asked = service.request_compute(db, firm, compute(10))
    service.approve(db, operator, asked.code, ServiceApproval())
    service.record_usage(db, operator, asked.code, UsageRecord(hours=4))
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.resource_id == asked.code).order_by(AuditEntry.seq)
    ).all()
    assert [(e.action, e.actor_username, e.subject_org_id) for e in entries] == [
        ("estation.service_request", "yuntu", accounts.firm.org_id),
        ("estation.service_approve", "operator", accounts.firm.org_id),
        ("estation.service_usage", "operator", accounts.firm.org_id),
    ]
    assert entries[2].details == {"kind": "compute", "hours": 4, "used_on": "2026-12-03"}
