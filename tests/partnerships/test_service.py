"""Partnership use cases on both databases: opening, moving through the stages with the
scene following, the pilot's records, refusals, and the track record matching reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from scenehub.auth.roles import Role
from scenehub.db import session_factory
from scenehub.errors import Conflict, PermissionDenied
from scenehub.governance.policy import Actor
from scenehub.partnerships import pilots, progress, service, stages
from scenehub.partnerships.schemas import (
    ContractSet,
    EvaluationSet,
    KpiActual,
    KpiCreate,
    MilestoneComplete,
    MilestoneCreate,
    PilotSet,
    StageMove,
)
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import BatchPublish, SceneDraft, SceneTransition
from tests.conftest import Account, Accounts

FULL_RUBRIC = dict.fromkeys(stages.RUBRIC, 4)


def actor_of(account: Account) -> Actor:
    return Actor(
        user_id=account.user_id, username=account.username, role=account.role, org_id=account.org_id
    )


@pytest.fixture
def db(db_url: str) -> Session:
    with session_factory(db_url)() as session:
        yield session  # type: ignore[misc]


def published_scene(db: Session, accounts: Accounts, title: str = "地铁站客流分析") -> int:
    dept, centre = actor_of(accounts.department), actor_of(accounts.operator)
    body = SceneDraft(title=title, domain="transport", wanted="实时统计客流并预警。")
    scene = scene_service.create(db, dept, body)
    scene_service.transition(db, dept, scene.code, SceneTransition(to="submitted"))
    scene_service.publish_batch(db, centre, BatchPublish(scene_codes=[scene.code]))
    return scene.id


def opened(db: Session, accounts: Accounts) -> str:
    scene_id = published_scene(db, accounts)
    return service.open_from_follow_up(
        db,
        actor_of(accounts.operator),
        scene_id=scene_id,
        firm_org_id=accounts.firm.org_id,
        note="沙龙上约定先做两周试点",
    )


def move(db: Session, account: Account, code: str, to: str, reason: str = "") -> None:
    service.move_stage(db, actor_of(account), code, StageMove(to=to, reason=reason))  # type: ignore[arg-type]


def test_a_partnership_moves_from_agreed_to_the_catalogue_with_its_scene_partnered(
    db: Session, accounts: Accounts
) -> None:
    code = opened(db, accounts)
    found = progress.get_partnership(db, actor_of(accounts.firm), code)
    assert found.stage == "agreed" and found.origin == "salon"
    assert found.note == "沙龙上约定先做两周试点"
    assert scene_service.by_id(db, found.scene_id).status == "partnered"
    from tests.partnerships.test_catalogue import record_evidence  # it imports this module

    for account, to in [
        (accounts.department, "pilot"),
        (accounts.department, "demonstration"),
        (accounts.operator, "scale"),
    ]:
        move(db, account, code, to)
    record_evidence(db, accounts, code)  # a nomination needs the catalogue's evidence
    for account, to in [
        (accounts.operator, "catalogue_nominated"),
        (accounts.operator, "catalogue_listed"),
    ]:
        move(db, account, code, to)
    done = progress.get_partnership(db, actor_of(accounts.department), code)
    assert done.stage == "catalogue_listed"
    assert [(h.from_stage, h.to_stage) for h in done.history] == [
        ("agreed", "pilot"),
        ("pilot", "demonstration"),
        ("demonstration", "scale"),
        ("scale", "catalogue_nominated"),
        ("catalogue_nominated", "catalogue_listed"),
    ]
    assert done.history[0].user_id == accounts.department.user_id
    # Opening again for the same scene and firm finds the same partnership.
    again = service.open_from_follow_up(
        db,
        actor_of(accounts.operator),
        scene_id=done.scene_id,
        firm_org_id=accounts.firm.org_id,
        note="",
    )
    assert again == code


def test_invalid_moves_are_refused_with_the_reason(db: Session, accounts: Accounts) -> None:
    code = opened(db, accounts)
    with pytest.raises(Conflict) as skipped:
        move(db, accounts.department, code, "scale")
    assert skipped.value.status == 409 and skipped.value.params == {
        "from": "Agreed",
        "to": "Scale-up",
    }
    move(db, accounts.department, code, "pilot")
    move(db, accounts.department, code, "demonstration")
    move(db, accounts.department, code, "scale")
    with pytest.raises(Conflict, match="only the centre"):
        move(db, accounts.department, code, "catalogue_nominated")
    with pytest.raises(Conflict, match="needs a reason"):
        move(db, accounts.department, code, "terminated", " ")
    move(db, accounts.department, code, "terminated", "预算未获批")
    ended = progress.get_partnership(db, actor_of(accounts.operator), code)
    assert ended.stage == "terminated" and ended.terminated_reason == "预算未获批"
    with pytest.raises(Conflict):
        move(db, accounts.operator, code, "pilot")
    with pytest.raises(Conflict, match="terminated"):
        pilots.add_milestone(
            db,
            actor_of(accounts.department),
            code,
            MilestoneCreate(title="补充测试", due_on=date(2026, 9, 1)),
        )


def test_a_firm_reads_its_partnership_but_moves_and_edits_nothing(
    db: Session, accounts: Accounts
) -> None:
    code = opened(db, accounts)
    with pytest.raises(PermissionDenied):
        move(db, accounts.firm, code, "pilot")
    with pytest.raises(PermissionDenied):
        pilots.add_kpi(db, actor_of(accounts.firm), code, KpiCreate(name="识别准确率"))
    with pytest.raises(PermissionDenied):
        progress.get_partnership(db, actor_of(accounts.other_firm), code)
    assert progress.get_partnership(db, actor_of(accounts.firm), code).stage == "agreed"


def test_another_department_cannot_move_the_partnership(db: Session, accounts: Accounts) -> None:
    from scenehub.auth import service as auth_service
    from scenehub.auth.roles import OrgKind
    from scenehub.auth.schemas import OrgCreate
    from scenehub.governance.policy import SYSTEM
    from tests.conftest import make_account

    code = opened(db, accounts)
    other = auth_service.create_org(db, SYSTEM, OrgCreate(kind=OrgKind.DEPARTMENT, name="城管局"))
    officer = make_account(db, "chengguan", Role.DEPARTMENT, other.id)
    with pytest.raises(PermissionDenied):
        move(db, officer, code, "pilot")


def test_the_pilot_records_kpis_evaluation_and_a_contract_only_after_the_pilot_starts(
    db: Session, accounts: Accounts
) -> None:
    code, dept = opened(db, accounts), actor_of(accounts.department)
    contract = ContractSet(method="single_source", value_fen=128000050, signed_on=date(2026, 11, 1))
    with pytest.raises(Conflict, match="from the pilot onwards"):
        pilots.record_contract(db, dept, code, contract)
    with pytest.raises(Conflict, match="evaluated once"):
        pilots.record_evaluation(db, dept, code, EvaluationSet(rubric=FULL_RUBRIC))
    move(db, accounts.department, code, "pilot")
    pilots.set_pilot(
        db,
        dept,
        code,
        PilotSet(
            scope="东站枢纽客流统计",
            site="杭州东站",
            starts_on=date(2026, 6, 1),
            ends_on=date(2026, 8, 31),
            data_granted=["客流闸机数据\n视频点位清单"],
        ),
    )
    with pytest.raises(Conflict, match="end before"):
        pilots.set_pilot(
            db,
            dept,
            code,
            PilotSet(scope="x", site="y", starts_on=date(2026, 6, 1), ends_on=date(2026, 5, 1)),
        )
    first = pilots.add_milestone(
        db, dept, code, MilestoneCreate(title="部署", due_on=date(2026, 6, 15))
    )
    pilots.add_milestone(db, dept, code, MilestoneCreate(title="验收", due_on=date(2026, 8, 31)))
    pilots.complete_milestone(
        db, dept, code, first, MilestoneComplete(completed_on=date(2026, 6, 12))
    )
    accuracy = pilots.add_kpi(
        db, dept, code, KpiCreate(name="识别准确率", unit="%", baseline=80, target=95)
    )
    delay = pilots.add_kpi(
        db,
        dept,
        code,
        KpiCreate(name="预警时延", unit="秒", baseline=30, target=5, higher_is_better=False),
    )
    pilots.record_kpi_actual(db, dept, code, accuracy, KpiActual(actual=96.2))
    pilots.record_kpi_actual(db, dept, code, delay, KpiActual(actual=7))
    with pytest.raises(Conflict, match="every criterion"):
        pilots.record_evaluation(db, dept, code, EvaluationSet(rubric={"effectiveness": 5}))
    assert pilots.record_evaluation(db, dept, code, EvaluationSet(rubric=FULL_RUBRIC)) == "B"
    pilots.record_contract(db, dept, code, contract)
    found = progress.get_partnership(db, actor_of(accounts.firm), code)
    assert found.pilot is not None and found.pilot.data_granted == ["客流闸机数据", "视频点位清单"]
    assert [(m.title, m.completed_on) for m in found.milestones] == [
        ("部署", date(2026, 6, 12)),
        ("验收", None),
    ]
    assert [(k.name, k.met) for k in found.kpis] == [("识别准确率", True), ("预警时延", False)]
    assert found.evaluation is not None and found.evaluation.grade == "B"
    assert found.evaluation.user_id == accounts.department.user_id
    assert found.contract is not None and found.contract.value_fen == 128000050
    assert found.contract.value_yuan == Decimal("1280000.50")


def test_the_track_record_grows_when_a_pilot_is_completed(db: Session, accounts: Accounts) -> None:
    firm = accounts.firm.org_id
    before = service.pilot_counts_by_org(db).get(firm, 0)
    code = opened(db, accounts)
    move(db, accounts.department, code, "pilot")
    assert service.pilot_counts_by_org(db).get(firm, 0) == before  # running, not completed
    move(db, accounts.department, code, "demonstration")
    assert service.pilot_counts_by_org(db).get(firm, 0) == before + 1
    # An evaluated pilot counts too, even if the partnership ended there.
    scene = published_scene(db, accounts, title="夜间巡检无人机")
    other = service.open_from_follow_up(
        db, actor_of(accounts.department), scene_id=scene, firm_org_id=firm, note=""
    )
    move(db, accounts.department, other, "pilot")
    pilots.record_evaluation(
        db, actor_of(accounts.department), other, EvaluationSet(rubric=FULL_RUBRIC)
    )
    move(db, accounts.department, other, "terminated", "预算不足")
    assert service.pilot_counts_by_org(db).get(firm, 0) == before + 2


def test_a_follow_up_with_a_department_or_a_draft_scene_is_refused(
    db: Session, accounts: Accounts
) -> None:
    scene_id = published_scene(db, accounts)
    with pytest.raises(Conflict, match="with a firm"):
        service.open_from_follow_up(
            db,
            actor_of(accounts.operator),
            scene_id=scene_id,
            firm_org_id=accounts.department.org_id,
            note="",
        )
    draft = scene_service.create(
        db,
        actor_of(accounts.department),
        SceneDraft(title="未提交的场景", domain="transport", wanted="尚在起草中。"),
    )
    with pytest.raises(Conflict, match="published scene"):
        service.open_from_follow_up(
            db,
            actor_of(accounts.operator),
            scene_id=draft.id,
            firm_org_id=accounts.firm.org_id,
            note="",
        )
