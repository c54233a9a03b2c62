"""JSON routes of the data integration: the departments' sources with their ingest runs and
rejected rows, uploads, the golden firm records with the source of every field, and the
clerical review (queue, one pair, a decision). Each route takes the policy of the page it
mirrors (table in docs/integration.md, "API"); the pages call the same service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, File, Form, Path, Query, UploadFile

from scenehub.governance.policy import Actor
from scenehub.integration import review, service
from scenehub.integration.schemas import (
    FirmRead,
    FirmSummary,
    IngestRunRead,
    LinkDecisionCreate,
    LinkDecisionRead,
    LinkReviewPage,
    PairRead,
    RejectRead,
    SourceRead,
)
from scenehub.integration.upload import ALLOWED_SUFFIXES
from scenehub.jobs.runner import launch
from scenehub.jobs.schemas import JobRead
from scenehub.web.deps import OffsetQuery, SessionDep, SettingsDep, SignedInActor, require

router = APIRouter(tags=["integration"])
SourceReader = Annotated[Actor, require("integration.read_sources")]
FirmReader = Annotated[Actor, require("integration.read_firms")]
Uploader = Annotated[Actor, require("integration.upload")]
LinkReviewer = Annotated[Actor, require("integration.review_links")]
RecordKey = Annotated[str, Query(min_length=3, max_length=300)]
SourceName = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{1,62}$")]  # as a spec names it
FirmKey = Annotated[str, Path(pattern=r"^[0-9A-Za-z]{1,40}$")]  # a USCC or U + 16 hex

_SIGN_IN: dict[int | str, dict[str, Any]] = {401: {"description": "not signed in"}}
_BUSY: dict[int | str, dict[str, Any]] = {
    409: {"description": "nothing ingested or resolved yet, or the warehouse is busy"}
}
_INVALID: dict[int | str, dict[str, Any]] = {422: {"description": "a parameter is invalid"}}
STAFF_ERRORS: dict[int | str, dict[str, Any]] = {
    **_SIGN_IN,
    403: {"description": "for the centre's staff"},
    **_BUSY,
    **_INVALID,
}
SOURCE_ERRORS: dict[int | str, dict[str, Any]] = {
    **STAFF_ERRORS,
    404: {"description": "the warehouse holds no source of this name"},
}
FIRM_ERRORS: dict[int | str, dict[str, Any]] = {
    **_SIGN_IN,
    403: {"description": "golden records are for the centre's staff, and a firm for its own"},
    404: {"description": "no golden record has this id"},
    **_BUSY,
    **_INVALID,
}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    **_SIGN_IN,
    403: {"description": "departments upload their own datasets; firms and investors none"},
    413: {"description": "the files are larger than the server accepts"},
    422: {"description": "the spec or the data file is missing or invalid"},
}


@router.get("/integration/sources", responses=STAFF_ERRORS)
def list_sources(actor: SourceReader, settings: SettingsDep) -> list[SourceRead]:
    """The departments' datasets: each one's current run, its rows and its rejects."""
    return service.list_sources(actor, settings.warehouse_path)


@router.get("/integration/sources/{source}/runs", responses=SOURCE_ERRORS)
def list_runs(
    source: SourceName,
    actor: SourceReader,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: OffsetQuery = 0,
) -> list[IngestRunRead]:
    """Every ingest of the source, newest first."""
    return service.list_runs(actor, settings.warehouse_path, source, limit, offset)


@router.get("/integration/sources/{source}/rejects", responses=SOURCE_ERRORS)
def list_rejects(
    source: SourceName,
    actor: SourceReader,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: OffsetQuery = 0,
) -> list[RejectRead]:
    """The rows of the source's current run that could not be used, with the reason."""
    return service.list_rejects(actor, settings.warehouse_path, source, limit, offset)


@router.post("/integration/uploads", status_code=202, responses=UPLOAD_ERRORS)
def upload_dataset(
    spec: Annotated[UploadFile, File(description="the source's spec, YAML (docs/source-specs.md)")],
    data: Annotated[
        UploadFile,
        File(
            description="the records, in a file named *"
            + ", *".join(ALLOWED_SUFFIXES)
            + " (CSV in UTF-8, UTF-8 with BOM or GBK), read as the spec says"
        ),
    ],
    actor: Uploader,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
    allow_shrink: Annotated[bool, Form()] = False,
) -> JobRead:
    """Check and store a dataset with its spec (YAML) and start its ingest; poll
    ``/jobs/{id}`` (``allow_shrink``: the source really shrank, docs/source-specs.md)."""
    job = service.upload_dataset(
        session,
        actor,
        settings.uploads_dir,
        spec.file.read(),
        data.filename or "",
        data.file.read(),
        allow_shrink,
    )
    background.add_task(launch, job.id, settings)  # after the commit
    return job


@router.get("/integration/firms", responses=STAFF_ERRORS)
def search_firms(
    actor: FirmReader,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: OffsetQuery = 0,
) -> list[FirmSummary]:
    """Golden firm records whose name or id contains ``q``, the most records first."""
    return service.search_firms(actor, settings.warehouse_path, q or None, limit, offset)


@router.get("/integration/firms/{firm_id}", responses=FIRM_ERRORS)
def read_firm(
    firm_id: FirmKey, actor: SignedInActor, session: SessionDep, settings: SettingsDep
) -> FirmRead:
    """A golden record with the source and record of every field, and its linked records
    (the read is audited for the firm's organisation)."""
    return service.get_firm(session, actor, settings.warehouse_path, firm_id)


# --- the clerical review -------------------------------------------------------------------


@router.get("/integration/link-review", responses=STAFF_ERRORS)
def link_review_queue(
    actor: LinkReviewer,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> LinkReviewPage:
    return review.link_queue(actor, settings.warehouse_path, page=page)


@router.get(
    "/integration/link-review/pair",
    responses={
        **STAFF_ERRORS,
        400: {"description": "the two records are the same"},
        404: {"description": "a record of the pair does not exist"},
    },
)
def link_review_pair(
    actor: LinkReviewer,
    session: SessionDep,
    settings: SettingsDep,
    left: RecordKey,
    right: RecordKey,
) -> PairRead:
    return review.pair_for_review(session, actor, settings.warehouse_path, left, right)


@router.post(
    "/integration/link-decisions",
    status_code=201,
    responses={
        **STAFF_ERRORS,
        400: {"description": "the two records are the same"},
        404: {"description": "a record of the pair does not exist"},
        409: {
            "description": "the decision cannot take effect (why: the message), or the "
            "warehouse is busy or not resolved yet"
        },
    },
)
def decide_link(
    body: LinkDecisionCreate, actor: LinkReviewer, session: SessionDep, settings: SettingsDep
) -> LinkDecisionRead:
    return review.record_decision(session, actor, settings.warehouse_path, body)
