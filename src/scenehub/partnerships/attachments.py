"""Use cases of a partnership's attachments: its department, its firm or the centre uploads
a file (photos, PDF, DOCX, XLSX, known from the bytes), whoever reads the partnership lists
and downloads them, the uploader's organisation or the centre deletes one; each upload and
deletion is audited. The dossier lists them and shows the photos."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.errors import NotFound, ValidationFailed
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.partnerships import attachment_files, stages
from scenehub.partnerships import dossier as doc
from scenehub.partnerships.attachment_kinds import KINDS
from scenehub.partnerships.attachment_store import AttachmentStore
from scenehub.partnerships.dossier_render import Photo
from scenehub.partnerships.models import Partnership, PartnershipAttachment
from scenehub.partnerships.schemas import AttachmentRead
from scenehub.partnerships.service import PartnershipConflict, partnership
from scenehub.scenes import service as scene_service
from scenehub.settings import Settings
from scenehub.work import day_of

MAX_CAPTION = 300
# Photos the dossier shows (each made small from its file); it lists every attachment.
MAX_DOSSIER_PHOTOS = 12


@dataclass(frozen=True)
class Upload:
    file_name: str
    data: bytes
    caption: str = ""

    @classmethod
    def read(cls, file_name: str, stream: BinaryIO, caption: str, settings: Settings) -> Upload:
        """An upload from its stream, read no further than one byte past the limit."""
        return cls(file_name, stream.read(settings.attachment_max_bytes + 1), caption)


@dataclass(frozen=True)
class StoredFile:
    path: Path
    file_name: str
    media_type: str


def partnership_resource(session: Session, row: Partnership) -> Resource:
    """The partnership as its policies see it: the scene's department owns it, the firm is
    a party to it."""
    scene = scene_service.by_id(session, row.scene_id)
    return Resource("partnership", row.code, scene.department_org_id, frozenset({row.firm_org_id}))


def _authorised(session: Session, actor: Actor, code: str, action: str) -> Partnership:
    row = partnership(session, code)
    authorize(actor, action, partnership_resource(session, row))
    return row


def add(
    session: Session,
    actor: Actor,
    code: str,
    store: AttachmentStore,
    upload: Upload,
    settings: Settings,
) -> AttachmentRead:
    """Attach a file to a partnership (its parties or the centre). A file that is empty,
    larger than ``settings.attachment_max_bytes``, not a listed kind or not what its name
    says is refused, and nothing is stored; so is any file once the partnership is
    terminated (409)."""
    row = _authorised(session, actor, code, "partnerships.attach")
    if (refused := stages.check_editable(row.stage)) is not None:
        raise PartnershipConflict(
            refused, params={"stage": stages.stage_term(row.stage), "code": code}
        )
    caption = _caption(upload.caption)
    limit = settings.attachment_max_bytes
    name, kind = attachment_files.identify(upload.file_name, upload.data, limit)
    attachment = PartnershipAttachment(
        partnership_id=row.id,
        file_name=name,
        caption=caption,
        kind=kind.key,
        media_type=kind.media_type,
        size_bytes=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        storage_key=store.write(session, row.id, kind.suffixes[0], upload.data),
        uploaded_by_user_id=actor.user_id,
        uploaded_by_org_id=actor.org_id,
    )
    session.add(attachment)
    session.flush()
    _audit(session, actor, "partnerships.attach", row, attachment)
    return _reads(session, [attachment])[0]


def _caption(text: str) -> str:
    caption = text.strip()
    if len(caption) > MAX_CAPTION:
        raise ValidationFailed(
            N_("a caption has at most %(limit)s characters"), params={"limit": MAX_CAPTION}
        )
    return caption


def _audit(
    session: Session, actor: Actor, action: str, row: Partnership, item: PartnershipAttachment
) -> None:
    audit.record(
        session,
        actor,
        action,
        resource_type="partnership",
        resource_id=row.code,
        subject_org_id=row.firm_org_id,
        details={
            "attachment": item.id,
            "file_name": item.file_name[:80],
            "kind": item.kind,
            "size_bytes": item.size_bytes,
            "sha256": item.sha256,
        },
    )


def list_of(session: Session, actor: Actor, code: str) -> list[AttachmentRead]:
    """A partnership's attachments in the order they were uploaded (whoever reads it)."""
    row = _authorised(session, actor, code, "partnerships.read")
    return _reads(session, _rows(session, row.id))


def _rows(session: Session, partnership_id: int) -> list[PartnershipAttachment]:
    query = (
        select(PartnershipAttachment)
        .where(PartnershipAttachment.partnership_id == partnership_id)
        .order_by(PartnershipAttachment.uploaded_at, PartnershipAttachment.id)
    )
    return list(session.scalars(query))


def _reads(session: Session, rows: Sequence[PartnershipAttachment]) -> list[AttachmentRead]:
    orgs = {r.uploaded_by_org_id for r in rows if r.uploaded_by_org_id is not None}
    names = auth_service.org_names(session, orgs)
    return [
        AttachmentRead(
            id=r.id,
            file_name=r.file_name,
            caption=r.caption,
            kind=r.kind,
            media_type=r.media_type,
            size_bytes=r.size_bytes,
            sha256=r.sha256,
            uploaded_by_user_id=r.uploaded_by_user_id,
            uploaded_by_org_id=r.uploaded_by_org_id,
            uploaded_by_org_name=names.get(r.uploaded_by_org_id or 0, ""),
            uploaded_at=r.uploaded_at,
        )
        for r in rows
    ]


def _attachment(session: Session, row: Partnership, attachment_id: int) -> PartnershipAttachment:
    found = session.get(PartnershipAttachment, attachment_id)
    if found is None or found.partnership_id != row.id:
        raise NotFound(N_("attachment %(id)s not found"), params={"id": attachment_id})
    return found


def file_of(
    session: Session, actor: Actor, code: str, attachment_id: int, store: AttachmentStore
) -> StoredFile:
    """An attachment's file, for whoever reads the partnership."""
    row = _authorised(session, actor, code, "partnerships.read")
    found = _attachment(session, row, attachment_id)
    path = store.path(found.storage_key)
    if not path.is_file():
        raise NotFound(
            N_("the file of attachment %(id)s is missing from the store"),
            params={"id": attachment_id},
        )
    return StoredFile(path, found.file_name, found.media_type)


def delete(
    session: Session, actor: Actor, code: str, attachment_id: int, store: AttachmentStore
) -> None:
    """Delete an attachment (its uploader's organisation or the centre, at any stage: a file
    attached by mistake must be able to go); its file goes once the deletion commits."""
    row = _authorised(session, actor, code, "partnerships.read")
    found = _attachment(session, row, attachment_id)
    uploader = Resource("attachment", str(found.id), found.uploaded_by_org_id)
    authorize(actor, "partnerships.detach", uploader)
    _audit(session, actor, "partnerships.detach", row, found)
    session.delete(found)
    store.remove(session, found.storage_key)
    session.flush()


def for_dossier(
    session: Session, partnership_id: int, store: AttachmentStore
) -> tuple[doc.Attachment, ...]:
    """The dossier's attachments list, the first MAX_DOSSIER_PHOTOS photos made small."""
    rows = _rows(session, partnership_id)
    photos = [r.id for r in rows if KINDS[r.kind].photo][:MAX_DOSSIER_PHOTOS]
    return tuple(_dossier_item(r, store if r.id in photos else None) for r in rows)


def _dossier_item(row: PartnershipAttachment, store: AttachmentStore | None) -> doc.Attachment:
    data = store.read(row.storage_key) if store is not None else None
    small = attachment_files.thumbnail(data) if data else None
    return doc.Attachment(
        file_name=row.file_name,
        kind=row.kind,
        caption=row.caption,
        size_bytes=row.size_bytes,
        uploaded_on=day_of(row.uploaded_at),
        photo=Photo(small.data, small.width, small.height) if small else None,
    )
