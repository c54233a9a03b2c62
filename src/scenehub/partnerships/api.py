"""JSON routes of partnerships: the centre's list and stage counts, one partnership in full,
its stage moves and its records (pilot, milestones, KPIs, evaluation, contract, what is
published), its attachments, the catalogue and the dossier. A write answers with the
partnership (``answers``) or its attachments as they now are."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session

from scenehub.governance.policy import Actor
from scenehub.partnerships import attachments, catalogue, dossier_records, pilots, progress, service
from scenehub.partnerships.attachment_kinds import KINDS
from scenehub.partnerships.attachment_store import AttachmentStore
from scenehub.partnerships.dossier import Dossier, dossier_docx, dossier_pdf
from scenehub.partnerships.schemas import (
    AttachmentRead,
    CatalogueEvidenceSet,
    CatalogueItem,
    ContractSet,
    EvaluationSet,
    FollowUpOpen,
    KpiActual,
    KpiCreate,
    MilestoneComplete,
    MilestoneCreate,
    PartnershipListItem,
    PartnershipRead,
    PartnershipStage,
    PilotSet,
    PublicationSet,
    PublicCatalogueItem,
    ReadinessRead,
    StageCount,
    StageMove,
)
from scenehub.settings import Settings
from scenehub.translator import Translator
from scenehub.web.deps import IdPath, OffsetQuery, PublicActor, SessionDep, SettingsDep, require
from scenehub.web.routes import then_read
from scenehub.web.templating import translator

router = APIRouter(tags=["partnerships"])
Reader = Annotated[Actor, require("partnerships.read_all")]
PartyReader = Annotated[Actor, require("partnerships.read")]
Mover = Annotated[Actor, require("partnerships.move")]
Keeper = Annotated[Actor, require("partnerships.edit")]
REFUSED: dict[int | str, dict[str, Any]] = {
    409: {"description": "the partnership's stage does not allow this (the message says why)"},
}
Language = Annotated[Translator, Depends(translator)]
answers = then_read(progress.get_partnership)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Attacher = Annotated[Actor, require("partnerships.attach")]
Remover = Annotated[Actor, require("partnerships.detach")]
ATTACHABLE = "a photo (.jpg, .jpeg, .png), PDF, Word (.docx) or Excel (.xlsx) file"
ATTACH_REFUSED: dict[int | str, dict[str, Any]] = {
    409: {"description": "the partnership is terminated: nothing more is attached to it"},
    413: {"description": "the file is larger than an attachment may be (the message says)"},
    422: {"description": "no file, an empty one, an unlisted kind, or not what its name says"},
}
OPEN_REFUSED: dict[int | str, dict[str, Any]] = {
    404: {"description": "no scene with that id"},
    409: {"description": "the scene is not published, or the organisation is not a firm"},
}


@router.get("/partnerships")
def list_partnerships(
    actor: Reader,
    session: SessionDep,
    stage: PartnershipStage | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: OffsetQuery = 0,
) -> list[PartnershipListItem]:
    return service.list_partnerships(session, actor, stage=stage, limit=limit, offset=offset)


@router.get("/my/partnerships")
def list_own_partnerships(
    actor: Annotated[Actor, require("partnerships.read_own")], session: SessionDep
) -> list[PartnershipListItem]:
    """A firm's partnerships, or those of a department's scenes."""
    return service.list_own(session, actor)


@router.get("/partnerships/stage-counts")
def stage_counts(actor: Reader, session: SessionDep) -> list[StageCount]:
    """Partnerships per stage, in stage order (the dashboard's chart)."""
    return service.counts_by_stage(session, actor)


@router.post("/partnerships", status_code=201, responses=OPEN_REFUSED)
@answers
def open_from_follow_up(
    body: FollowUpOpen,
    actor: Annotated[Actor, require("partnerships.open")],
    session: SessionDep,
) -> str:
    """A salon follow-up becomes a partnership, agreed; its scene becomes partnered."""
    return service.open_from_follow_up(
        session, actor, scene_id=body.scene_id, firm_org_id=body.firm_org_id, note=body.note
    )


@router.get("/partnerships/{code}")
def read_partnership(code: str, actor: PartyReader, session: SessionDep) -> PartnershipRead:
    return progress.get_partnership(session, actor, code)


@router.post("/partnerships/{code}/moves", responses=REFUSED)
@answers
def move_partnership(code: str, body: StageMove, actor: Mover, session: SessionDep) -> None:
    """Move to another stage; a move the stages do not allow is a 409 saying why."""
    service.move_stage(session, actor, code, body)


@router.put("/partnerships/{code}/pilot", responses=REFUSED)
@answers
def set_pilot(code: str, body: PilotSet, actor: Keeper, session: SessionDep) -> None:
    pilots.set_pilot(session, actor, code, body)


@router.post("/partnerships/{code}/milestones", status_code=201, responses=REFUSED)
@answers
def add_milestone(code: str, body: MilestoneCreate, actor: Keeper, session: SessionDep) -> None:
    pilots.add_milestone(session, actor, code, body)


@router.post("/partnerships/{code}/milestones/{milestone_id}/complete", responses=REFUSED)
@answers
def complete_milestone(
    code: str, milestone_id: IdPath, body: MilestoneComplete, actor: Keeper, session: SessionDep
) -> None:
    pilots.complete_milestone(session, actor, code, milestone_id, body)


@router.post("/partnerships/{code}/kpis", status_code=201, responses=REFUSED)
@answers
def add_kpi(code: str, body: KpiCreate, actor: Keeper, session: SessionDep) -> None:
    pilots.add_kpi(session, actor, code, body)


@router.put("/partnerships/{code}/kpis/{kpi_id}/actual", responses=REFUSED)
@answers
def record_kpi_actual(
    code: str, kpi_id: IdPath, body: KpiActual, actor: Keeper, session: SessionDep
) -> None:
    pilots.record_kpi_actual(session, actor, code, kpi_id, body)


@router.put("/partnerships/{code}/evaluation", responses=REFUSED)
@answers
def record_evaluation(code: str, body: EvaluationSet, actor: Keeper, session: SessionDep) -> None:
    """The department's evaluation: every rubric criterion scored 1–5; the grade follows."""
    pilots.record_evaluation(session, actor, code, body)


@router.put("/partnerships/{code}/contract", responses=REFUSED)
@answers
def record_contract(code: str, body: ContractSet, actor: Keeper, session: SessionDep) -> None:
    """The procurement after the pilot (refused with 409 before the pilot)."""
    pilots.record_contract(session, actor, code, body)


@router.put("/partnerships/{code}/publication")
@answers
def set_publication(code: str, body: PublicationSet, actor: Keeper, session: SessionDep) -> None:
    """The parts the public progress page shows."""
    pilots.set_publication(session, actor, code, body)


@router.get("/catalogue")
def list_catalogue(actor: Reader, session: SessionDep) -> list[CatalogueItem]:
    """The centre's catalogue: nominated and listed partnerships with their readiness."""
    return catalogue.catalogue(session, actor)


@router.get("/public/catalogue")
def list_public_catalogue(actor: PublicActor, session: SessionDep) -> list[PublicCatalogueItem]:
    """Listed partnerships whose department published some of their progress."""
    return catalogue.public_catalogue(session)


@router.get("/partnerships/{code}/readiness")
def read_readiness(
    code: str, actor: PartyReader, session: SessionDep, language: Language
) -> ReadinessRead:
    """The readiness for the catalogue and the evidence missing, in the reader's language."""
    return catalogue.readiness(session, actor, code, language.gettext)


@router.put("/partnerships/{code}/catalogue-evidence", responses=REFUSED)
def set_catalogue_evidence(
    code: str,
    body: CatalogueEvidenceSet,
    actor: Keeper,
    session: SessionDep,
    language: Language,
) -> ReadinessRead:
    """The compliance checks passed and the sites beyond the pilot; answers the readiness."""
    catalogue.set_evidence(session, actor, code, body)
    return catalogue.readiness(session, actor, code, language.gettext)


@router.get(
    "/partnerships/{code}/dossier.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the dossier"}},
)
def dossier_as_pdf(
    code: str, actor: PartyReader, session: SessionDep, language: Language, settings: SettingsDep
) -> Response:
    """The nomination dossier as PDF, in the reader's language."""
    data = dossier_pdf(_dossier(session, actor, code, language, settings), language.gettext)
    return _download(data, "application/pdf", f"{code}-dossier.pdf")


@router.get(
    "/partnerships/{code}/dossier.docx",
    response_class=Response,
    responses={200: {"content": {DOCX: {}}, "description": "the dossier"}},
)
def dossier_as_docx(
    code: str, actor: PartyReader, session: SessionDep, language: Language, settings: SettingsDep
) -> Response:
    """The nomination dossier as Word, in the reader's language."""
    data = dossier_docx(_dossier(session, actor, code, language, settings), language.gettext)
    return _download(data, DOCX, f"{code}-dossier.docx")


def _dossier(
    session: Session, actor: Actor, code: str, language: Translator, settings: Settings
) -> Dossier:
    return dossier_records.dossier(session, actor, code, language.locale, _store(settings))


@router.get("/partnerships/{code}/attachments")
def list_attachments(code: str, actor: PartyReader, session: SessionDep) -> list[AttachmentRead]:
    """The files attached to the partnership, in the order they were uploaded."""
    return attachments.list_of(session, actor, code)


@router.post("/partnerships/{code}/attachments", status_code=201, responses=ATTACH_REFUSED)
def upload_attachment(
    code: str,
    file: Annotated[UploadFile, File(description=ATTACHABLE)],
    actor: Attacher,
    session: SessionDep,
    settings: SettingsDep,
    caption: Annotated[str, Form(max_length=attachments.MAX_CAPTION)] = "",
) -> AttachmentRead:
    """Attach a file (the partnership's department or firm, or the centre); its kind is
    read from its name and content, never from the part's content-type header."""
    upload = attachments.Upload.read(file.filename or "", file.file, caption, settings)
    return attachments.add(session, actor, code, _store(settings), upload, settings)


@router.get(
    "/partnerships/{code}/attachments/{attachment_id}",
    response_class=FileResponse,
    responses={
        200: {"content": {k.media_type: {} for k in KINDS.values()}, "description": "the file"}
    },
)
def download_attachment(
    code: str, attachment_id: IdPath, actor: PartyReader, session: SessionDep, settings: SettingsDep
) -> FileResponse:
    """An attachment's file, as it was uploaded (for whoever reads the partnership)."""
    stored = attachments.file_of(session, actor, code, attachment_id, _store(settings))
    return FileResponse(
        stored.path,
        media_type=stored.media_type,
        filename=stored.file_name,
        headers={"X-Content-Type-Options": "nosniff"},
    )


@router.delete("/partnerships/{code}/attachments/{attachment_id}")
def delete_attachment(
    code: str, attachment_id: IdPath, actor: Remover, session: SessionDep, settings: SettingsDep
) -> list[AttachmentRead]:
    """Delete an attachment (its uploader's organisation or the centre); answers the
    attachments that remain."""
    attachments.delete(session, actor, code, attachment_id, _store(settings))
    return attachments.list_of(session, actor, code)


def _store(settings: Settings) -> AttachmentStore:
    return AttachmentStore.of(settings.data_dir)


def _download(data: bytes, media_type: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=media_type, headers=headers)
