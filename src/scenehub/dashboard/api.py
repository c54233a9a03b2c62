"""JSON routes of the centre's dashboard: the same figures its page charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from scenehub.dashboard import service
from scenehub.dashboard.schemas import Dashboard
from scenehub.governance.policy import Actor
from scenehub.web.deps import SessionDep, require

router = APIRouter(tags=["dashboard"])


@router.get("/dashboard")
def dashboard(actor: Annotated[Actor, require("dashboard.read")], session: SessionDep) -> Dashboard:
    """The centre's figures computed from its records: headline counts, the funnel from salon
    to catalogue with its conversion rates, monthly trends and each department's
    responsiveness. Labels are the English message ids; the page shows them translated."""
    return service.dashboard(session, actor)
