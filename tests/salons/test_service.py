"""Salon use cases on both databases: the operator creates a salon from scenes, invites from
matching's proposals, participants answer and register, the schedule is solved (once the
solver is merged), meetings are checked in, outcomes recorded and followed up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate
from scenehub.db import session_factory
from scenehub.errors import AppError, NotFound, PermissionDenied
from scenehub.firms import service as firm_service
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM, Actor
from scenehub.partnerships.models import Partnership
from scenehub.proposals.models import Invitation
from scenehub.salons import meeting_service, service
from scenehub.salons.schemas import (
    FollowUpWrite,
    InvitationAnswer,
    MeetingImport,
    OutcomeWrite,
    RegistrationWrite,
    SalonDetail,
    SalonImport,
    SalonWrite,
)
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import BatchPublish, SceneDraft, SceneTransition
from scenehub.settings import Settings
from tests.conftest import Account, Accounts, make_account
from tests.scenes.test_pages import TRANSPORT, registry  # noqa: F401 - a fixture

CST = timezone(timedelta(hours=8))
START = datetime(2026, 12, 18, 14, 0, tzinfo=CST)


@pytest.fixture
def db(db_url: str) -> Iterator[Session]:
    with session_factory(db_url)() as session:
        yield session
        session.rollback()


def actor(db: Session, account: Account) -> Actor:
    user = auth_service.get_user(db, account.user_id)
    assert user is not None
    return auth_service.actor_of(user)


def published_scenes(db: Session, accounts: Accounts, *titles: str) -> list[str]:
    """Scenes of the accounts' department, published in one batch."""
    dept = actor(db, accounts.department)
    codes = []
    for title in titles:
        draft = SceneDraft(
            title=title,
            domain="transport",
            wanted=f"{title}：路口视频客流统计与信号灯配时优化。",
            wanted_segments=[TRANSPORT.key] if TRANSPORT else [],
        )
        code = scene_service.create(db, dept, draft).code
        scene_service.transition(db, dept, code, SceneTransition(to="submitted"))
        codes.append(code)
    scene_service.publish_batch(db, actor(db, accounts.operator), BatchPublish(scene_codes=codes))
    return codes


def salon_body(codes: list[str], **fields: object) -> SalonWrite:
    values: dict[str, object] = {
        "theme": "具身智能 × 城市巡检",
        "venue": "场景创新中心一楼",
        "starts_at": START,
        "slots": 4,
        "tables": 3,
        "capacity": 10,
        "scene_codes": codes,
        **fields,
    }
    return SalonWrite.model_validate(values)


@dataclass
class Setup:
    db: Session
    accounts: Accounts
    operator: Actor
    firm: Actor
    other_firm: Actor
    department: Actor
    salon: SalonDetail


@pytest.fixture
def proposed(
    db: Session,
    accounts: Accounts,
    settings: Settings,
    registry: dict[str, int],  # noqa: F811
) -> Setup:
    """A salon of two scenes with its invitations proposed from matching; the rival firm has
    an account too."""
    firm_service.link_org(db, SYSTEM, registry["rival"], accounts.other_firm.org_id)
    codes = published_scenes(db, accounts, "地铁站客流视频分析", "路口信号灯配时优化")
    operator = actor(db, accounts.operator)
    salon = service.create_salon(db, operator, salon_body(codes))
    salon = service.propose_invitations(db, operator, salon.code, settings=settings)
    return Setup(
        db,
        accounts,
        operator,
        actor(db, accounts.firm),
        actor(db, accounts.other_firm),
        actor(db, accounts.department),
        salon,
    )


def invitation_of(salon: SalonDetail, org_id: int) -> int:
    return next(i.id for i in salon.invitations if i.org_id == org_id)


def sent(setup: Setup) -> SalonDetail:
    return service.send_invitations(setup.db, setup.operator, setup.salon.code)


def accept(setup: Setup, who: Actor) -> None:
    assert who.org_id is not None
    salon = service.get_salon(setup.db, setup.operator, setup.salon.code)
    invitation = invitation_of(salon, who.org_id)
    service.answer_invitation(setup.db, who, salon.code, invitation, InvitationAnswer(accept=True))


# --- creating a salon -----------------------------------------------------------------------


def test_an_operator_creates_a_salon_from_two_scenes_as_a_draft(
    db: Session, accounts: Accounts
) -> None:
    codes = published_scenes(db, accounts, "地铁站客流视频分析", "路口信号灯配时优化")
    salon = service.create_salon(db, actor(db, accounts.operator), salon_body(codes))
    assert salon.status == "draft" and salon.code.startswith("SAL-2026-")
    assert sorted(s.code for s in salon.scenes) == sorted(codes)
    assert salon.held_on == date(2026, 12, 18)
    assert salon.starts_at == START.astimezone(UTC)
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "salons.create")).one()
    assert entry.resource_id == salon.code


def test_a_salon_needs_two_different_scenes_open_for_proposals(
    db: Session, accounts: Accounts
) -> None:
    codes = published_scenes(db, accounts, "地铁站客流视频分析", "路口信号灯配时优化")
    operator = actor(db, accounts.operator)
    with pytest.raises(AppError) as twice:
        service.create_salon(db, operator, salon_body([codes[0], codes[0]]))
    assert twice.value.status == 409
    draft = scene_service.create(
        db,
        actor(db, accounts.department),
        SceneDraft(title="河道漂浮物识别", domain="transport", wanted="识别河道漂浮物并报警。"),
    )
    with pytest.raises(AppError) as unpublished:
        service.create_salon(db, operator, salon_body([codes[0], draft.code]))
    assert unpublished.value.status == 409 and draft.code in str(unpublished.value)


def test_a_department_cannot_run_a_salon(db: Session, accounts: Accounts) -> None:
    codes = published_scenes(db, accounts, "地铁站客流视频分析", "路口信号灯配时优化")
    department = actor(db, accounts.department)
    with pytest.raises(PermissionDenied):
        service.create_salon(db, department, salon_body(codes))
    salon = service.create_salon(db, actor(db, accounts.operator), salon_body(codes))
    with pytest.raises(PermissionDenied):
        service.send_invitations(db, department, salon.code)
    with pytest.raises(PermissionDenied):
        service.get_salon(db, department, salon.code)


def test_an_operator_edits_a_salon_until_it_is_scheduled(db: Session, accounts: Accounts) -> None:
    codes = published_scenes(db, accounts, "地铁站客流视频分析", "路口信号灯配时优化", "停车诱导")
    operator = actor(db, accounts.operator)
    salon = service.create_salon(db, operator, salon_body(codes[:2]))
    edited = service.update_salon(db, operator, salon.code, salon_body(codes[1:], slots=6))
    assert edited.slots == 6 and sorted(s.code for s in edited.scenes) == sorted(codes[1:])
    with pytest.raises(NotFound):
        service.update_salon(db, operator, "SAL-NONE", salon_body(codes[1:]))


# --- invitations ----------------------------------------------------------------------------


def test_invitations_are_proposed_from_matching_with_reasons_and_the_departments(
    proposed: Setup,
) -> None:
    firms = [i for i in proposed.salon.invitations if i.kind == "firm"]
    departments = [i for i in proposed.salon.invitations if i.kind == "department"]
    accounts = proposed.accounts
    assert {i.org_id for i in firms} == {accounts.firm.org_id, accounts.other_firm.org_id}
    assert [i.org_id for i in departments] == [accounts.department.org_id]
    assert [i.rank for i in firms] == [1, 2]
    scores = [i.score for i in firms]
    assert all(s is not None and s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    assert all(i.reasons and i.status == "proposed" for i in firms)


def test_proposing_again_keeps_the_list_and_adds_nothing_twice(
    proposed: Setup, settings: Settings
) -> None:
    again = service.propose_invitations(
        proposed.db, proposed.operator, proposed.salon.code, settings=settings
    )
    assert sorted(i.id for i in again.invitations) == sorted(
        i.id for i in proposed.salon.invitations
    )


def test_the_operator_edits_the_list_then_sends_it(proposed: Setup) -> None:
    db, operator, code = proposed.db, proposed.operator, proposed.salon.code
    rival = proposed.accounts.other_firm.org_id
    removed = service.remove_invitation(db, operator, code, invitation_of(proposed.salon, rival))
    assert rival not in {i.org_id for i in removed.invitations}
    added = service.add_invitation(db, operator, code, rival)
    assert next(i for i in added.invitations if i.org_id == rival).rank is None
    with pytest.raises(AppError) as twice:
        service.add_invitation(db, operator, code, rival)
    assert twice.value.status == 409
    investor = auth_service.create_org(
        db, SYSTEM, OrgCreate(kind=OrgKind.INVESTOR, name="钱江资本")
    )
    with pytest.raises(AppError):
        service.add_invitation(db, operator, code, investor.id)
    salon = sent(proposed)
    assert salon.status == "inviting" and {i.status for i in salon.invitations} == {"sent"}
    with pytest.raises(AppError) as after_sending:
        service.remove_invitation(db, operator, code, invitation_of(salon, rival))
    assert after_sending.value.status == 409


# --- answers and registrations --------------------------------------------------------------


def test_a_firm_answers_its_own_invitation_and_not_another_firms(proposed: Setup) -> None:
    salon = sent(proposed)
    theirs = invitation_of(salon, proposed.accounts.other_firm.org_id)
    with pytest.raises(PermissionDenied):
        service.answer_invitation(
            proposed.db, proposed.firm, salon.code, theirs, InvitationAnswer(accept=False)
        )
    mine = invitation_of(salon, proposed.accounts.firm.org_id)
    view = service.answer_invitation(
        proposed.db, proposed.firm, salon.code, mine, InvitationAnswer(accept=True)
    )
    assert view.invitation.status == "accepted" and view.invitation.responded_at is not None
    assert proposed.accounts.department.org_id in view.choices  # the department it may meet
    reread = service.get_salon(proposed.db, proposed.operator, salon.code)
    assert next(i for i in reread.invitations if i.id == theirs).status == "sent"


def test_an_invitation_not_sent_cannot_be_answered(proposed: Setup) -> None:
    """Not yet sent, it is the centre's plan: its organisation has none (as on its page)."""
    mine = invitation_of(proposed.salon, proposed.accounts.firm.org_id)
    with pytest.raises(AppError) as refused:
        service.answer_invitation(
            proposed.db, proposed.firm, proposed.salon.code, mine, InvitationAnswer(accept=True)
        )
    assert refused.value.status == 404


def test_accepting_past_the_capacity_is_refused(proposed: Setup) -> None:
    operator = proposed.operator
    codes = [s.code for s in proposed.salon.scenes]
    service.update_salon(proposed.db, operator, proposed.salon.code, salon_body(codes, capacity=1))
    sent(proposed)
    accept(proposed, proposed.firm)
    with pytest.raises(AppError) as full:
        accept(proposed, proposed.other_firm)
    assert full.value.code == "salon_full"


def test_participants_register_their_wishes_within_the_salon(proposed: Setup) -> None:
    db, code = proposed.db, proposed.salon.code
    sent(proposed)
    with pytest.raises(AppError) as before_accepting:
        service.register(db, proposed.firm, code, RegistrationWrite())
    assert before_accepting.value.status == 409
    accept(proposed, proposed.firm)
    accept(proposed, proposed.department)
    scene = proposed.salon.scenes[0]
    view = service.register(
        db, proposed.firm, code, RegistrationWrite(scene_ids=[scene.id], available=[2, 0, 0])
    )
    assert view.registration is not None
    assert view.registration.scene_ids == [scene.id] and view.registration.available == [0, 2]
    with pytest.raises(AppError) as elsewhere:
        service.register(db, proposed.firm, code, RegistrationWrite(scene_ids=[10**6]))
    assert elsewhere.value.status == 409
    with pytest.raises(AppError) as past_the_grid:
        service.register(db, proposed.firm, code, RegistrationWrite(available=[7]))
    assert past_the_grid.value.status == 409
    firm_org = proposed.accounts.firm.org_id
    dept = service.register(
        db, proposed.department, code, RegistrationWrite(seats=2, org_ids=[firm_org])
    )
    assert dept.registration is not None and dept.registration.seats == 2
    salon = service.get_salon(db, proposed.operator, code)
    assert {(r.org_id, r.kind) for r in salon.registrations} == {
        (firm_org, "firm"),
        (proposed.accounts.department.org_id, "department"),
    }


def test_a_firm_without_an_invitation_sees_no_salon(proposed: Setup) -> None:
    sent(proposed)
    org = auth_service.create_org(
        proposed.db, SYSTEM, OrgCreate(kind=OrgKind.FIRM, name="路人科技")
    )
    stranger = make_account(proposed.db, "stranger", Role.FIRM, org.id)
    with pytest.raises(NotFound):
        service.my_salon(proposed.db, actor(proposed.db, stranger), proposed.salon.code)
    assert service.my_invitations(proposed.db, actor(proposed.db, stranger)) == []
    assert [s.code for s in service.my_invitations(proposed.db, proposed.firm)] == [
        proposed.salon.code
    ]


# --- outcomes of a held salon ---------------------------------------------------------------


def held_salon(db: Session, accounts: Accounts) -> tuple[str, int, str]:
    """The demo's kind of history: a held salon with one meeting of the firm."""
    code = published_scenes(db, accounts, "地铁站客流视频分析")[0]
    scene = scene_service.get_any(db, actor(db, accounts.operator), code)
    meeting = MeetingImport(
        scene_id=scene.id,
        firm_org_id=accounts.firm.org_id,
        starts_at=datetime(2026, 9, 1, 6, 0, tzinfo=UTC),
        minutes=20,
    )
    body = SalonImport(
        code="SAL01",
        theme="城市巡检",
        held_on=date(2026, 9, 1),
        scene_ids=[scene.id],
        meetings=[meeting],
    )
    service.import_salon(db, SYSTEM, body)
    salon = service.get_salon(db, actor(db, accounts.operator), "SAL01")
    assert salon.status == "held"
    assert salon.meetings[0].department_org_id == accounts.department.org_id
    return "SAL01", salon.meetings[0].id, code


def test_a_follow_up_opens_a_partnership_once(
    db: Session,
    accounts: Accounts,
    registry: dict[str, int],  # noqa: F811
) -> None:
    code, meeting, scene_code = held_salon(db, accounts)
    operator = actor(db, accounts.operator)
    with pytest.raises(AppError) as no_outcome:
        meeting_service.follow_up(db, operator, code, meeting, FollowUpWrite(action="partnership"))
    assert no_outcome.value.status == 409
    meeting_service.record_outcome(
        db, operator, code, meeting, OutcomeWrite(outcome="follow_up", note="约定现场踏勘")
    )
    salon = meeting_service.follow_up(
        db, operator, code, meeting, FollowUpWrite(action="partnership")
    )
    assert salon.meetings[0].follow_up == "partnership" and salon.meetings[0].note == "约定现场踏勘"
    partnership = db.scalars(select(Partnership)).one()
    assert partnership.firm_org_id == accounts.firm.org_id
    assert partnership.scene_id == salon.meetings[0].scene_id
    assert salon.meetings[0].scene_code == scene_code
    with pytest.raises(AppError) as twice:
        meeting_service.follow_up(db, operator, code, meeting, FollowUpWrite(action="proposal"))
    assert twice.value.status == 409


def test_a_follow_up_invites_the_firm_to_propose(
    db: Session,
    accounts: Accounts,
    registry: dict[str, int],  # noqa: F811
) -> None:
    code, meeting, _ = held_salon(db, accounts)
    operator = actor(db, accounts.operator)
    meeting_service.record_outcome(db, operator, code, meeting, OutcomeWrite(outcome="follow_up"))
    salon = meeting_service.follow_up(
        db, operator, code, meeting, FollowUpWrite(action="proposal", message="请提交方案")
    )
    assert (salon.meetings[0].follow_up, salon.meetings[0].outcome) == (
        "proposal_invitation",
        "proposal",
    )
    invitation = db.scalars(select(Invitation)).one()
    assert invitation.firm_id == registry["yuntu"] and invitation.message == "请提交方案"


def test_outcomes_wait_for_the_salon_to_be_held(proposed: Setup) -> None:
    with pytest.raises(AppError) as early:
        meeting_service.record_outcome(
            proposed.db, proposed.operator, proposed.salon.code, 1, OutcomeWrite(outcome="no_fit")
        )
    assert early.value.status == 409


def test_a_firm_cannot_record_outcomes(db: Session, accounts: Accounts) -> None:
    code, meeting, _ = held_salon(db, accounts)
    with pytest.raises(PermissionDenied):
        meeting_service.record_outcome(
            db, actor(db, accounts.firm), code, meeting, OutcomeWrite(outcome="follow_up")
        )
