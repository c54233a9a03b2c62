"""JSON routes of cases: objections to reads and appeals, filed and decided."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter

from scenehub.governance import case_service
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import CaseDecision, CaseFiling, CaseRead
from scenehub.web.deps import IdPath, SessionDep, require

router = APIRouter(tags=["governance"])
Filer = Annotated[Actor, require("cases.file")]
Centre = Annotated[Actor, require("cases.read_all")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "the entry or decision is about another organisation"},
    404: {"description": "no such entry, decision or case"},
    409: {"description": "the target cannot be appealed, or a case about it is open"},
}


@router.post("/me/cases", status_code=201, responses=ERRORS)
def file_case(body: CaseFiling, actor: Filer, session: SessionDep) -> CaseRead:
    """Object to a read of my organisation's data, or appeal a decision against it."""
    return case_service.file(session, actor, body)


@router.get("/me/cases")
def my_cases(
    actor: Annotated[Actor, require("cases.read_own")], session: SessionDep
) -> list[CaseRead]:
    return case_service.mine(session, actor)


@router.get("/cases")
def case_queue(
    actor: Centre,
    session: SessionDep,
    status: Literal["open", "answered", "upheld", "dismissed"] | None = None,
) -> list[CaseRead]:
    """Every case: open first, overdue first among them, then by deadline."""
    return case_service.queue(session, actor, status=status)


@router.get("/cases/{case_id}", responses=ERRORS)
def get_case(
    case_id: IdPath, actor: Annotated[Actor, require("auth.account")], session: SessionDep
) -> CaseRead:
    return case_service.get(session, actor, case_id)


@router.post("/cases/{case_id}/decision", responses=ERRORS)
def decide_case(
    case_id: IdPath,
    body: CaseDecision,
    actor: Annotated[Actor, require("cases.decide")],
    session: SessionDep,
) -> CaseRead:
    """The centre's written decision: answered, upheld or dismissed, with the reason."""
    return case_service.decide(session, actor, case_id, body)
