"""A partnership's attachments on both databases: its parties and the centre upload files
through the API and the partnership page, everyone who reads the partnership lists and
downloads them, bad files are refused with nothing stored, the uploader's organisation or
the centre deletes one, each upload and deletion is audited, and the dossier lists them."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient
from httpx import Response
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.app import create_app
from scenehub.db import at, session_factory
from scenehub.governance.models import AuditEntry
from scenehub.partnerships import attachments
from scenehub.partnerships.attachment_store import AttachmentStore
from scenehub.settings import Settings
from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.partnerships.test_attachment_files import PDF, docx_bytes, image_bytes
from tests.partnerships.test_catalogue import in_pilot
from tests.partnerships.test_service import actor_of, move

PHOTO = image_bytes("JPEG", (320, 240))


def piloted(db_url: str, accounts: Accounts) -> str:
    with session_factory(db_url)() as db:
        code = in_pilot(db, accounts, "地铁站客流分析")
        db.commit()
    return code


def attach(
    client: TestClient,
    headers: dict[str, str],
    code: str,
    name: str,
    data: bytes,
    caption: str = "",
    content_type: str = "application/octet-stream",
) -> Response:
    return client.post(
        f"/api/v1/partnerships/{code}/attachments",
        files={"file": (name, data, content_type)},
        data={"caption": caption},
        headers=headers,
    )


def stored(settings: Settings) -> list[Path]:
    root = AttachmentStore.of(settings.data_dir).root
    return sorted(p for p in root.rglob("*") if p.is_file())


def audited(db_url: str, code: str) -> list[str]:
    with session_factory(db_url)() as db:
        query = select(AuditEntry.action).where(AuditEntry.resource_id == code)
        return [
            a for a in db.scalars(query.order_by(AuditEntry.seq)) if "attach" in a or "detach" in a
        ]


def test_the_firm_attaches_a_photo_and_every_party_reads_and_downloads_it(
    client: TestClient, db_url: str, accounts: Accounts, settings: Settings
) -> None:
    code = piloted(db_url, accounts)
    firm = bearer(client, accounts.firm)
    # The client's header says HTML: the kind comes from the name and the bytes.
    sent = attach(client, firm, code, "站台 现场.jpg", PHOTO, " 部署现场 ", "text/html")
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert (body["file_name"], body["caption"], body["kind"]) == (
        "站台 现场.jpg",
        "部署现场",
        "jpeg",
    )
    assert body["media_type"] == "image/jpeg" and body["size_bytes"] == len(PHOTO)
    assert body["uploaded_by_org_name"] == "云图智能" and len(body["sha256"]) == 64
    [path] = stored(settings)
    assert path.read_bytes() == PHOTO and path.parent.name.isdigit()
    for account in (accounts.department, accounts.operator, accounts.firm):
        headers = bearer(client, account)
        listed = client.get(f"/api/v1/partnerships/{code}/attachments", headers=headers).json()
        assert [a["id"] for a in listed] == [body["id"]]
        got = client.get(f"/api/v1/partnerships/{code}/attachments/{body['id']}", headers=headers)
        assert got.status_code == 200 and got.content == PHOTO
        assert got.headers["content-type"] == "image/jpeg"
        assert got.headers["content-disposition"].startswith("attachment;")
        assert got.headers["x-content-type-options"] == "nosniff"
    assert audited(db_url, code) == ["partnerships.attach"]


def test_bad_files_are_refused_with_a_message_and_nothing_is_stored(
    db_url: str, accounts: Accounts, settings: Settings
) -> None:
    code = piloted(db_url, accounts)
    small = settings.model_copy(update={"attachment_max_bytes": 4096})
    with TestClient(create_app(small)) as client:
        dept = bearer(client, accounts.department)
        for name, data, status, words in [
            ("empty.pdf", b"", 422, "is empty"),
            ("big.pdf", PDF + b" " * 5000, 413, "larger than the 0.00390625 MB"),
            ("tool.exe", b"MZ\x90\x00", 422, "an attachment is one of"),
            ("report.pdf", PHOTO, 422, "whatever its name says"),
        ]:
            refused = attach(client, dept, code, name, data)
            assert refused.status_code == status, (name, refused.text)
            assert words in refused.json()["error"]["message"], name
        long = attach(client, dept, code, "a.pdf", PDF, caption="长" * 301)
        assert long.status_code == 422
        assert client.get(f"/api/v1/partnerships/{code}/attachments", headers=dept).json() == []
    assert stored(settings) == [] and audited(db_url, code) == []


def test_outsiders_attach_nothing_and_read_nothing(
    client: TestClient, db_url: str, accounts: Accounts, settings: Settings
) -> None:
    code = piloted(db_url, accounts)
    firm = bearer(client, accounts.firm)
    item = attach(client, firm, code, "a.pdf", PDF).json()
    rival = bearer(client, accounts.other_firm)
    refused = attach(client, rival, code, "b.pdf", PDF)
    assert refused.status_code == 403
    assert "belongs to another organisation" in refused.json()["error"]["message"]
    assert client.get(f"/api/v1/partnerships/{code}/attachments", headers=rival).status_code == 403
    download = f"/api/v1/partnerships/{code}/attachments/{item['id']}"
    assert client.get(download, headers=rival).status_code == 403
    assert client.delete(download, headers=rival).status_code == 403
    investor = attach(client, bearer(client, accounts.investor), code, "c.pdf", PDF)
    assert investor.status_code == 403
    assert client.get(f"{download}0", headers=firm).status_code == 404
    assert len(stored(settings)) == 1


def test_an_attachment_is_deleted_by_its_uploaders_organisation_or_the_centre(
    client: TestClient, db_url: str, accounts: Accounts, settings: Settings
) -> None:
    code = piloted(db_url, accounts)
    firm, dept = bearer(client, accounts.firm), bearer(client, accounts.department)
    first = attach(client, firm, code, "a.pdf", PDF).json()
    second = attach(client, firm, code, "b.docx", docx_bytes()).json()
    url = f"/api/v1/partnerships/{code}/attachments"
    refused = client.delete(f"{url}/{first['id']}", headers=dept)
    assert refused.status_code == 403
    assert "only it or the centre deletes it" in refused.json()["error"]["message"]
    assert len(stored(settings)) == 2
    centre = bearer(client, accounts.operator)
    left = client.delete(f"{url}/{first['id']}", headers=centre)
    assert left.status_code == 200 and [a["id"] for a in left.json()] == [second["id"]]
    assert client.delete(f"{url}/{second['id']}", headers=firm).json() == []
    assert stored(settings) == []
    assert client.get(f"{url}/{first['id']}", headers=firm).status_code == 404
    assert audited(db_url, code) == ["partnerships.attach"] * 2 + ["partnerships.detach"] * 2


def test_a_terminated_partnership_takes_no_more_files_but_its_files_can_still_go(
    client: TestClient, db_url: str, accounts: Accounts, settings: Settings
) -> None:
    code = piloted(db_url, accounts)
    firm = bearer(client, accounts.firm)
    item = attach(client, firm, code, "a.pdf", PDF).json()
    with session_factory(db_url)() as db:
        move(db, accounts.department, code, "terminated", reason="预算取消")
        db.commit()
    refused = attach(client, firm, code, "b.pdf", PDF)
    assert refused.status_code == 409
    assert "terminated" in refused.json()["error"]["message"]
    url = f"/api/v1/partnerships/{code}/attachments/{item['id']}"
    assert client.delete(url, headers=firm).status_code == 200
    assert stored(settings) == []


def page_upload(client: TestClient, code: str, name: str, data: bytes, caption: str) -> Response:
    return client.post(
        f"/partnerships/{code}/attachments",
        data={"csrf_token": csrf_of(client), "caption": caption},
        files={"file": (name, data, "image/jpeg")},
        follow_redirects=False,
    )


def test_the_partnership_page_uploads_lists_and_deletes_through_its_forms(
    client: TestClient, db_url: str, accounts: Accounts, settings: Settings
) -> None:
    code = piloted(db_url, accounts)
    sign_in(client, accounts.department)
    page = client.get(f"/partnerships/{code}?lang=zh_CN")
    assert 'data-testid="attachment-form"' in page.text and "尚未上传附件。" in page.text
    assert 'enctype="multipart/form-data"' in page.text and "16 MB" in page.text
    saved = page_upload(client, code, "站台.jpg", PHOTO, "部署现场")
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith("#attachments")
    page = client.get(f"/partnerships/{code}?lang=zh_CN")
    assert "站台.jpg" in page.text and "照片（JPEG）" in page.text and "部署现场" in page.text
    assert f"/api/v1/partnerships/{code}/attachments/" in page.text
    assert 'data-testid="delete-attachment"' in page.text
    wrong = page_upload(client, code, "photo.jpg", PDF, "")
    assert wrong.status_code == 422 and "whatever its name says" in wrong.text
    assert 'data-testid="attachment-form"' in wrong.text
    [item] = attachments_of(client, db_url, accounts, code)
    deleted = client.post(
        f"/partnerships/{code}/attachments/{item}/delete",
        data={"csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert deleted.status_code == 303 and stored(settings) == []
    assert "尚未上传附件。" in client.get(f"/partnerships/{code}?lang=zh_CN").text


def attachments_of(client: TestClient, db_url: str, accounts: Accounts, code: str) -> list[int]:
    with session_factory(db_url)() as db:
        return [a.id for a in attachments.list_of(db, actor_of(accounts.operator), code)]


def test_the_firm_attaches_on_the_page_but_deletes_only_its_own(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    code = piloted(db_url, accounts)
    attach(client, bearer(client, accounts.department), code, "dept.pdf", PDF)
    sign_in(client, accounts.firm)
    page = client.get(f"/partnerships/{code}?lang=en")
    assert 'data-testid="attachment-form"' in page.text and "dept.pdf" in page.text
    assert 'data-testid="delete-attachment"' not in page.text
    assert 'data-testid="pilot-form"' not in page.text  # the firm keeps no other record
    assert page_upload(client, code, "firm.png", image_bytes("PNG"), "").status_code == 303
    page = client.get(f"/partnerships/{code}?lang=en")
    assert page.text.count('data-testid="delete-attachment"') == 1


def test_the_dossier_lists_the_attachments_and_shows_the_photos(
    client: TestClient, db_url: str, accounts: Accounts
) -> None:
    code = piloted(db_url, accounts)
    dept = bearer(client, accounts.department)
    attach(client, dept, code, "site.jpg", PHOTO, "江陵路站部署现场")
    attach(client, dept, code, "evaluation.pdf", PDF, "城管局评价报告")
    pdf = client.get(f"/api/v1/partnerships/{code}/dossier.pdf?lang=en", headers=dept)
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("site.jpg", "evaluation.pdf", "Photo (JPEG)", "PDF document", "城管局评价报告"):
        assert words in text, words
    assert (
        f"{len(PDF)} B" in text and text.count("江陵路站部署现场") == 2
    )  # listed, and the photo's
    assert sum(len(page.images) for page in reader.pages) == 1
    docx = client.get(f"/api/v1/partnerships/{code}/dossier.docx?lang=zh_CN", headers=dept)
    document = Document(io.BytesIO(docx.content))
    kinds = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "照片（JPEG）" in kinds and "PDF 文档" in kinds
    assert len(document.inline_shapes) == 1


@pytest.fixture
def db(db_url: str) -> Session:
    with session_factory(db_url)() as session:
        yield session  # type: ignore[misc]


def test_a_file_follows_the_transaction_that_records_it(
    db: Session, accounts: Accounts, tmp_path: Path, settings: Settings
) -> None:
    code = in_pilot(db, accounts, "地铁站客流分析")
    db.commit()
    store, firm = AttachmentStore.of(tmp_path), actor_of(accounts.firm)
    upload = attachments.Upload("a.pdf", PDF, "")
    attachments.add(db, firm, code, store, upload, settings)
    db.rollback()  # the upload's row is gone: so is its file
    assert list(tmp_path.rglob("*.pdf")) == []
    moment = datetime(2025, 3, 4, 2, 30, tzinfo=UTC)
    with at(moment):
        kept = attachments.add(db, firm, code, store, upload, settings)
    db.commit()
    assert kept.uploaded_at == moment  # the house's clock, as a replay sets it
    attachments.delete(db, firm, code, kept.id, store)
    db.rollback()  # the deletion did not happen: the file stays
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
    attachments.delete(db, firm, code, kept.id, store)
    db.commit()
    assert list(tmp_path.rglob("*.pdf")) == []
