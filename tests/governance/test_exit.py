"""A firm's exit on both databases: export, re-import into a fresh instance, account
closure and re-import after it (issue 15's done-when: the archives round-trip)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from scenehub import db
from scenehub.auth.models import ApiToken, Organisation, User
from scenehub.firms.models import Capability, Firm
from scenehub.governance import audit, closure_service, export_service
from scenehub.governance import export as layout
from scenehub.governance.models import AccountClosure, AuditEntry
from scenehub.governance.policy import SYSTEM
from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.firms.test_api import USCC, capability, claimed_firm
from tests.integration.test_api import CODES, NAMES, golden, ingested, resolved
from tests.proposals.test_api import propose, published_scene

Parts = dict[str, list[dict[str, Any]]]
__all__ = ["golden", "ingested", "resolved"]  # the warehouse fixtures of tests/integration


def unzip(data: bytes) -> tuple[dict[str, Any], Parts]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(files[layout.MANIFEST])
    return manifest, {p: json.loads(files[f"{p}.json"]) for p in layout.PART_NAMES}


def firm_with_history(client: TestClient, accounts: Accounts, session: Session) -> dict[str, str]:
    """The firm of ``accounts.firm``: claimed, two capabilities, a proposal on a scene."""
    _, firm = claimed_firm(client, accounts, session)
    for title in ("路面病害视频识别", "井盖缺失检测"):
        added = client.post(
            "/api/v1/registry/me/capabilities", json=capability(title=title), headers=firm
        )
        assert added.status_code == 201, added.text
    propose(client, firm, published_scene(client, accounts))
    return firm


@pytest.fixture
def target_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, fresh instance's database on the same backend."""
    if db_url.startswith("sqlite"):
        path = tmp_path / "target.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = make_url(db_url)
    name = f"{url.database}_target"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    target = url.set(database=name).render_as_string(hide_password=False)
    db.upgrade_database(target)
    yield target
    db.get_engine(target).dispose()
    db.get_engine.cache_clear()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_firm_downloads_everything_held_about_it_and_no_secret(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm = firm_with_history(client, accounts, session)
    response = client.get("/api/v1/me/export", headers=firm)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    manifest, parts = unzip(response.content)
    assert manifest["format"] == layout.FORMAT and manifest["uscc"] == USCC
    assert [u["username"] for u in parts["users"]] == ["yuntu"]
    assert "password" not in response.content.decode("latin-1")  # no hash, no token
    assert sorted(c["title"] for c in parts["capabilities"]) == ["井盖缺失检测", "路面病害视频识别"]
    assert parts["proposals"][0]["summary"].startswith("以视频结构化方案")
    assert parts["firm"][0]["uscc"] == USCC and parts["claims"][0]["status"] == "approved"
    assert {"firms.decide_claim", "firms.capability_add"} <= {
        r["action"] for r in parts["data_reads"]
    }
    exported = session.scalars(select(AuditEntry).where(AuditEntry.action == "data.export")).one()
    assert exported.subject_org_id == accounts.firm.org_id


def test_only_the_firm_itself_or_the_centre_exports_its_data(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm_with_history(client, accounts, session)
    url = f"/api/v1/orgs/{accounts.firm.org_id}/export"
    assert client.get(url, headers=bearer(client, accounts.other_firm)).status_code == 403
    assert client.get(url, headers=bearer(client, accounts.department)).status_code == 403
    by_centre = client.get(url, headers=bearer(client, accounts.operator))
    assert by_centre.status_code == 200
    assert unzip(by_centre.content)[0]["org_id"] == accounts.firm.org_id
    refused = client.get("/api/v1/me/export", headers=bearer(client, accounts.operator))
    assert refused.status_code == 403


def test_export_then_import_into_a_fresh_instance_then_export_again_is_the_same(
    client: TestClient, accounts: Accounts, session: Session, settings: Any, target_url: str
) -> None:
    firm = firm_with_history(client, accounts, session)
    first = client.get("/api/v1/me/export", headers=firm).content
    with db.transaction(target_url) as target:
        outcome = export_service.import_archive(target, SYSTEM, first)
    assert outcome.restored == {"users": 1, "firm": 1, "capabilities": 2, "proposals": 0}
    assert outcome.history["proposals"] == 1  # its scene is not in the fresh instance
    with db.transaction(target_url) as target:
        again = export_service.export_archive(
            target, SYSTEM, outcome.org_id, warehouse=settings.warehouse_path, instance="b"
        )
        user = target.scalars(select(User).where(User.username == "yuntu")).one()
        assert user.password_hash == "!"  # no password until the admin sets one
    assert_same_content(first, again.data)


def assert_same_content(first: bytes, second: bytes) -> None:
    """The same parts, except that the second's audit part also lists the import."""
    (m1, p1), (m2, p2) = unzip(first), unzip(second)
    assert layout.comparable(m1)["uscc"] == layout.comparable(m2)["uscc"]
    for name in layout.PART_NAMES:
        if name != "data_reads":
            assert p2[name] == p1[name], name
    reads = p2["data_reads"]
    assert reads[: len(p1["data_reads"])] == p1["data_reads"]
    assert [r["action"] for r in reads[len(p1["data_reads"]) :]] == ["data.import"]


def test_a_tampered_archive_is_refused_naming_the_file_and_nothing_is_written(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm = firm_with_history(client, accounts, session)
    original = client.get("/api/v1/me/export", headers=firm).content
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    files["capabilities.json"] = files["capabilities.json"].replace(
        "井盖".encode(), "窨井".encode()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    admin = bearer(client, accounts.admin)
    orgs_before = session.scalar(select(func.count()).select_from(Organisation))
    refused = client.post(
        "/api/v1/admin/firm-archives",
        files={"file": ("a.zip", buffer.getvalue(), "application/zip")},
        headers=admin,
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["details"]["file"] == "capabilities.json"
    assert "capabilities.json" in refused.json()["error"]["message"]
    not_zip = client.post(
        "/api/v1/admin/firm-archives", files={"file": ("a.zip", b"PK..", "x")}, headers=admin
    )
    assert not_zip.status_code == 422
    session.commit()  # a fresh snapshot of what the requests and jobs wrote
    assert session.scalar(select(func.count()).select_from(Organisation)) == orgs_before
    # The untouched archive is refused too here: its firm already has its account.
    taken = client.post(
        "/api/v1/admin/firm-archives", files={"file": ("a.zip", original, "x")}, headers=admin
    )
    assert taken.status_code == 409
    firm_only = client.post(
        "/api/v1/admin/firm-archives", files={"file": ("a.zip", original, "x")}, headers=firm
    )
    assert firm_only.status_code == 403


def test_a_firm_asks_to_close_sees_the_date_and_cancels_on_its_account_page(
    client: TestClient, accounts: Accounts, session: Session, db_url: str
) -> None:
    firm = bearer(client, accounts.firm)
    sign_in(client, accounts.firm)
    page = client.get("/account")
    assert "/my/export" in page.text and 'data-testid="close-account"' in page.text
    download = client.get("/my/export")
    assert download.headers["content-type"] == "application/zip"
    assert unzip(download.content)[1]["users"][0]["username"] == "yuntu"
    client.cookies.set("scenehub_lang", "zh_CN")
    zh = client.get("/account")
    assert "导出我的数据" in zh.text and "注销我的账户" in zh.text
    client.cookies.set("scenehub_lang", "en")
    asked = client.post("/account/closure", data={"csrf_token": csrf_of(client)})
    assert asked.status_code == 200  # redirected to the account page
    row = session.scalars(select(AccountClosure)).one()
    assert row.effective_at - row.requested_at == timedelta(days=30)
    assert row.effective_at.strftime("%Y-%m-%d") in asked.text
    twice = client.post("/api/v1/me/closure", headers=firm)
    assert twice.status_code == 409
    client.post("/account/closure/cancel", data={"csrf_token": csrf_of(client)})
    assert client.get("/api/v1/me/closure", headers=firm).json() is None
    with db.transaction(db_url) as s:
        later = db.utcnow() + timedelta(days=40)
        assert closure_service.apply_due_closures(s, later).closed_org_ids == []
    client.cookies.clear()  # pages are signed in by the session cookie only
    sign_in(client, accounts.operator)
    assert "close-account" not in client.get("/account").text


def test_export_close_then_reimport_into_the_same_instance_round_trips(
    client: TestClient, accounts: Accounts, session: Session, settings: Any, db_url: str
) -> None:
    firm = firm_with_history(client, accounts, session)
    first = client.get("/api/v1/me/export", headers=firm).content
    assert client.post("/api/v1/me/closure", headers=firm).status_code == 201
    with db.transaction(db_url) as s:
        too_early = closure_service.apply_due_closures(s, db.utcnow() + timedelta(days=29))
    assert too_early.closed_org_ids == []
    entries_before = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    with db.transaction(db_url) as s:
        done = closure_service.apply_due_closures(s, db.utcnow() + timedelta(days=31))
    org_id = accounts.firm.org_id
    assert done.closed_org_ids == [org_id]
    assert done.details[org_id]["capabilities_deleted"] == 2
    session.commit()  # a fresh snapshot of what the requests and jobs wrote
    user = session.get(User, accounts.firm.user_id)
    assert user is not None and not user.is_active and user.username.startswith("closed-")
    assert session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []
    assert session.scalars(select(Capability)).all() == []
    kept = session.scalars(select(Firm).where(Firm.uscc == USCC)).one()
    assert kept.org_id is None  # the centre's record stays, maintained by no one
    # The audit trail is untouched: every entry is still there and the chain verifies.
    assert (session.scalar(select(func.count()).select_from(AuditEntry)) or 0) > entries_before
    assert audit.verify(session).ok
    assert client.get("/api/v1/me/export", headers=firm).status_code == 401

    with db.transaction(db_url) as s:
        outcome = export_service.import_archive(s, SYSTEM, first)
    assert outcome.restored["proposals"] == 1 and outcome.usernames_taken == []
    with db.transaction(db_url) as s:
        again = export_service.export_archive(
            s, SYSTEM, outcome.org_id, warehouse=settings.warehouse_path, instance="a"
        )
    assert_same_content(first, again.data)


def test_the_cli_applies_due_closures_and_imports_an_archive(
    client: TestClient,
    accounts: Accounts,
    session: Session,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from scenehub.auth.service import actor_of
    from scenehub.cli import app
    from scenehub.settings import get_settings
    from tests.conftest import TEST_SECRET

    firm = firm_with_history(client, accounts, session)
    archive = tmp_path / "firm.zip"
    archive.write_bytes(client.get("/api/v1/me/export", headers=firm).content)
    for name, value in {
        "DATABASE_URL": db_url,
        "SECRET_KEY": TEST_SECRET,
        "DATA_DIR": str(tmp_path / "data"),
        "DEFAULT_LOCALE": "en",
    }.items():
        monkeypatch.setenv(f"SCENEHUB_{name}", value)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        nothing = runner.invoke(app, ["governance", "closures", "apply"])
        assert nothing.exit_code == 0 and "no closure is due" in nothing.output
        taken = runner.invoke(app, ["firms", "import-archive", str(archive)])
        assert taken.exit_code == 2 and "already exists" in " ".join(taken.output.split())
        with db.transaction(db_url) as s:
            user = s.get(User, accounts.firm.user_id)
            assert user is not None
            closure_service.request_closure(s, actor_of(user), notice_days=0)
        closed = runner.invoke(app, ["governance", "closures", "apply"])
        assert (
            closed.exit_code == 0 and f"closed organisation {accounts.firm.org_id}" in closed.output
        )
        imported = runner.invoke(app, ["firms", "import-archive", str(archive)])
        assert imported.exit_code == 0, imported.output
        assert "set-password" in imported.output
    finally:
        get_settings.cache_clear()


def test_the_archive_holds_the_firms_golden_record_with_its_sources(
    client: TestClient, accounts: Accounts, session: Session, golden: Path
) -> None:
    from tests.firms.test_api import known_firm

    known_firm(session, uscc=CODES[0])
    firm = bearer(client, accounts.firm)
    claim = client.post("/api/v1/registry/claims", json={"uscc": CODES[0]}, headers=firm)
    client.post(
        f"/api/v1/registry/claims/{claim.json()['id']}/decision",
        json={"approve": True},
        headers=bearer(client, accounts.operator),
    )
    _, parts = unzip(client.get("/api/v1/me/export", headers=firm).content)
    fields = {r["field"]: r for r in parts["warehouse"] if r["what"] == "field"}
    assert fields["name"]["value"] == NAMES[0] and fields["name"]["source"]
    records = [r for r in parts["warehouse"] if r["what"] == "record"]
    assert {r["department"] for r in records} >= {"杭州市市场监督管理局"}
