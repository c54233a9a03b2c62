"""JSON routes of a firm's exit: its data archive, its re-import elsewhere, closing its
account (docs/exit.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response

from scenehub.governance import closure_service, export_service
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import ClosureRead, ImportRead
from scenehub.web.deps import IdPath, SessionDep, SettingsDep, require

router = APIRouter(tags=["governance"])
FirmActor = Annotated[Actor, require("account.close")]
_SIGN_IN: dict[int | str, dict[str, Any]] = {401: {"description": "sign in first"}}
ZIP: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/zip": {}}, "description": "the archive (docs/exit.md)"},
    **_SIGN_IN,
    403: {"description": "a firm exports its own data; the centre any organisation's"},
    404: {"description": "no organisation has this id"},
}
IMPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    **_SIGN_IN,
    403: {"description": "administrators import archives"},
    409: {
        "description": "an organisation with this USCC or name, or a firm record kept by "
        "another organisation, is already here"
    },
    413: {"description": "the archive is larger than the server accepts"},
    422: {"description": "not a zip, or a file differs from its manifest (named in details)"},
}
CLOSURE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_SIGN_IN,
    403: {"description": "a firm's users close its account"},
    404: {"description": "no closure was asked for"},
    409: {"description": "a closure was asked for already"},
}


def _download(archive: export_service.Archive) -> Response:
    return Response(
        archive.data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{archive.filename}"'},
    )


@router.get("/me/export", response_class=Response, responses=ZIP)
def export_my_data(
    actor: Annotated[Actor, require("data.export_own")], session: SessionDep, settings: SettingsDep
) -> Response:
    """Everything held about your organisation, as JSON and CSV in a zip."""
    return _download(
        export_service.export_my_archive(
            session, actor, warehouse=settings.warehouse_path, instance=settings.instance_name
        )
    )


@router.get("/orgs/{org_id}/export", response_class=Response, responses=ZIP)
def export_org_data(
    org_id: IdPath,
    actor: Annotated[Actor, require("data.export")],
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """An organisation's archive, for the centre to hand over on the organisation's request."""
    return _download(
        export_service.export_archive(
            session,
            actor,
            org_id,
            warehouse=settings.warehouse_path,
            instance=settings.instance_name,
        )
    )


@router.post("/admin/firm-archives", status_code=201, responses=IMPORT_ERRORS)
def import_firm_archive(
    file: Annotated[UploadFile, File(description="a firm's archive from /me/export")],
    actor: Annotated[Actor, require("data.import")],
    session: SessionDep,
) -> ImportRead:
    """Re-create a firm's organisation from its archive (checked against its manifest
    first: a file that differs is named and nothing is written)."""
    outcome = export_service.import_archive(session, actor, file.file.read())
    return ImportRead(**outcome.__dict__)


@router.get("/me/closure", responses=CLOSURE_ERRORS)
def my_closure(actor: FirmActor, session: SessionDep) -> ClosureRead | None:
    """Your organisation's pending request to close its account, if any."""
    return closure_service.my_closure(session, actor)


@router.post("/me/closure", status_code=201, responses=CLOSURE_ERRORS)
def request_closure(actor: FirmActor, session: SessionDep, settings: SettingsDep) -> ClosureRead:
    """Ask to close your organisation's account; it closes after the notice period."""
    return closure_service.request_closure(session, actor, notice_days=settings.closure_notice_days)


@router.delete("/me/closure", responses=CLOSURE_ERRORS)
def cancel_closure(actor: FirmActor, session: SessionDep) -> ClosureRead:
    """Withdraw the request during its notice."""
    return closure_service.cancel_closure(session, actor)
