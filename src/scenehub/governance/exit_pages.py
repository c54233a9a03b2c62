"""HTML routes of a firm's exit: download its archive, ask to close its account or cancel
(the account page shows both: auth/pages.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from scenehub.governance import closure_service, export_service
from scenehub.governance.policy import Actor
from scenehub.web.deps import SessionDep, SettingsDep, require

router = APIRouter(include_in_schema=False)
FirmActor = Annotated[Actor, require("account.close")]


@router.get("/my/export")
def download_my_data(
    actor: Annotated[Actor, require("data.export_own")], session: SessionDep, settings: SettingsDep
) -> Response:
    archive = export_service.export_my_archive(
        session, actor, warehouse=settings.warehouse_path, instance=settings.instance_name
    )
    return Response(
        archive.data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{archive.filename}"'},
    )


@router.post("/account/closure")
def ask_to_close(actor: FirmActor, session: SessionDep, settings: SettingsDep) -> Response:
    closure_service.request_closure(session, actor, notice_days=settings.closure_notice_days)
    return RedirectResponse("/account#closure", status_code=303)


@router.post("/account/closure/cancel")
def cancel_closing(actor: FirmActor, session: SessionDep) -> Response:
    closure_service.cancel_closure(session, actor)
    return RedirectResponse("/account#closure", status_code=303)
