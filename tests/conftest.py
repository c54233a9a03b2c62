"""Fixtures: a migrated database on SQLite and on PostgreSQL, an app, clients, accounts.

Database tests take the ``db_url`` fixture and run once per backend. PostgreSQL comes from
``SCENEHUB_TEST_DATABASE_URL`` (``.ci/run`` sets it); without it those runs are skipped
locally and fail in CI (``CI=true``), so CI cannot pass on SQLite alone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from scenehub.app import create_app
from scenehub.auth import credentials
from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate, UserCreate
from scenehub.db import get_engine, import_all_models, session_factory, upgrade_database
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings
from tests import offline

if TYPE_CHECKING:
    from scenehub.industry.classify import ClassifierModel
    from scenehub.integration.engine import SparkEngine
    from scenehub.matching.index import Encoder
    from scenehub.matching.judged import JudgedSet

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
PASSWORD = "correct horse battery"
BACKENDS = ["sqlite", "postgresql"]


offline.install()


@pytest.fixture(autouse=True)
def _offline() -> Iterator[None]:
    """Fails a test that tried to reach any host but this machine (tests/offline.py)."""
    offline.take_attempts()
    yield
    if attempts := offline.take_attempts():
        pytest.fail(f"the test tried to reach other machines: {', '.join(attempts)}")


@pytest.fixture(scope="session", autouse=True)
def _data_dir_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands that keep models and vectors in the data dir keep them in a temporary one
    (never ``./scenehub-data`` of the checkout); a test may set its own."""
    from scenehub.settings import get_settings

    previous = os.environ.get("SCENEHUB_DATA_DIR")
    os.environ["SCENEHUB_DATA_DIR"] = str(tmp_path_factory.mktemp("data-dir"))
    get_settings.cache_clear()
    yield
    if previous is None:
        os.environ.pop("SCENEHUB_DATA_DIR", None)
    else:
        os.environ["SCENEHUB_DATA_DIR"] = previous
    get_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> None:
    """Real argon2id at a low cost: the suite hashes hundreds of passwords."""
    credentials.configure_hasher(time_cost=1, memory_cost_kib=1024)


# The browser tests share one `scenehub demo` server (minutes to start): under xdist
# (scripts/test runs two workers) they are one unit of work, sent to one worker; every other
# test is its own unit, as with ``--dist load``. (xdist's ``loadgroup`` marks do not group on
# pytest 9.2, which no longer reads the node id they rewrite.)
SHARED_SERVER_FOLDERS = ("tests/browser/",)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    from xdist.scheduler import LoadScopeScheduling

    class OneUnitPerTestButTheBrowsers(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            folder = next((f for f in SHARED_SERVER_FOLDERS if nodeid.startswith(f)), None)
            return folder or nodeid

    return OneUnitPerTestButTheBrowsers(config, log)


def _postgres_base_url() -> str | None:
    return os.environ.get("SCENEHUB_TEST_DATABASE_URL")


def _worker_db_url(base: str, worker: str) -> str:
    """A database of this pytest-xdist worker's own on the test server."""
    url = make_url(base)
    name = f"{url.database}_{worker}" if worker != "master" else str(url.database)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test gets a copy (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> str:
    base = _postgres_base_url()
    if not base:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: set SCENEHUB_TEST_DATABASE_URL")
        pytest.skip("SCENEHUB_TEST_DATABASE_URL is not set")
    url = _worker_db_url(base, worker_id)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade_database(url)
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "scenehub.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    yield url
    if url.startswith("postgresql"):
        _truncate_all(url)
    for serialise in (True, False):
        get_engine(url, serialise_writes=serialise).dispose()
    get_engine.cache_clear()


def _truncate_all(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in import_all_models().sorted_tables)
    with get_engine(url).begin() as conn:
        # TRUNCATE does not fire the audit trail's row triggers (test clean-up only).
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        # Tamper tests drop the append-only trigger; put it back for the next test.
        conn.execute(
            text(
                "CREATE OR REPLACE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE "
                "ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
            )
        )


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url, data_dir=tmp_path / "data", secret_key=TEST_SECRET, default_locale="en"
    )  # type: ignore[arg-type]


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session for arranging and inspecting data; commits when the test ends.

    It does not hold SQLite's write lock between statements (the app's requests would wait
    for it): commit what you arrange before calling the app."""
    with session_factory(db_url, read_only=True)() as db_session:
        yield db_session
        db_session.commit()


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    org_id: int
    user_id: int
    password: str = PASSWORD


@dataclass(frozen=True)
class Accounts:
    admin: Account
    operator: Account
    department: Account
    firm: Account
    other_firm: Account
    investor: Account
    financier: Account
    other_financier: Account


def make_account(session: Session, username: str, role: Role, org_id: int) -> Account:
    user = auth_service.create_user(
        session,
        SYSTEM,
        UserCreate(
            username=username,
            password=PASSWORD,
            role=role,
            org_id=org_id,
            display_name=username.title(),
        ),
    )
    return Account(username, role, org_id, user.id)


@pytest.fixture
def accounts(db_url: str) -> Accounts:
    """A centre, a department, two firms, an investor and two financiers, with one user each
    (committed)."""
    with session_factory(db_url)() as db:

        def org(kind: OrgKind, name: str) -> int:
            return auth_service.create_org(db, SYSTEM, OrgCreate(kind=kind, name=name)).id

        centre = org(OrgKind.CENTRE, "场景创新中心")
        made = Accounts(
            admin=make_account(db, "admin", Role.ADMIN, centre),
            operator=make_account(db, "operator", Role.OPERATOR, centre),
            department=make_account(
                db, "police", Role.DEPARTMENT, org(OrgKind.DEPARTMENT, "杭州市公安局")
            ),
            firm=make_account(db, "yuntu", Role.FIRM, org(OrgKind.FIRM, "云图智能")),
            other_firm=make_account(db, "rival", Role.FIRM, org(OrgKind.FIRM, "对手科技")),
            investor=make_account(db, "investor", Role.INVESTOR, org(OrgKind.INVESTOR, "钱塘创投")),
            financier=make_account(
                db, "bank", Role.FINANCIER, org(OrgKind.FINANCIER, "杭州银行科技支行")
            ),
            other_financier=make_account(
                db, "guarantor", Role.FINANCIER, org(OrgKind.FINANCIER, "杭州市融资担保有限公司")
            ),
        )
        db.commit()
    return made


def bearer(client: TestClient, account: Account) -> dict[str, str]:
    """Headers with a fresh API token of ``account``."""
    response = client.post(
        "/api/v1/auth/token", json={"username": account.username, "password": account.password}
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def csrf_of(client: TestClient) -> str:
    """The CSRF token the browser holds (fetching a page to get one if needed)."""
    if "scenehub_csrf" not in client.cookies:
        client.get("/login")
    return str(client.cookies["scenehub_csrf"])


def sign_in(client: TestClient, account: Account) -> None:
    """Sign in through the login form, as a browser does."""
    response = client.post(
        "/login",
        data={
            "username": account.username,
            "password": account.password,
            "csrf_token": csrf_of(client),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


# --- printed documents: the CJK fonts a server has ---------------------------------------

NOTO_CJK = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk (CFF outlines)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # TrueType, no Chinese


def font_folder(folder: Path, *fonts: Path) -> Path:
    """``folder`` holding (links to) ``fonts``."""
    folder.mkdir(parents=True, exist_ok=True)
    for font in fonts:
        if font.exists():
            (folder / font.name).symlink_to(font)
    return folder


@contextmanager
def cjk_font_setting(value: Path) -> Iterator[None]:
    """``SCENEHUB_CJK_FONT`` set to ``value`` (a font file or a folder of fonts)."""
    from scenehub.settings import get_settings

    previous = os.environ.get("SCENEHUB_CJK_FONT")
    os.environ["SCENEHUB_CJK_FONT"] = str(value)
    get_settings.cache_clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SCENEHUB_CJK_FONT", None)
        else:
            os.environ["SCENEHUB_CJK_FONT"] = previous
        get_settings.cache_clear()


@pytest.fixture
def only_noto_cjk(tmp_path: Path) -> Iterator[Path]:
    """A machine whose only CJK font is Debian's fonts-noto-cjk (PostScript outlines, which
    reportlab refuses): the font lookup sees a folder of Noto CJK and DejaVu, nothing else."""
    noto = sorted(NOTO_CJK.glob("Noto*CJK*-Regular.tt[cf]")) + sorted(NOTO_CJK.glob("*CJK*.otf"))
    if not noto:
        pytest.skip("fonts-noto-cjk is not installed (scripts/test installs it)")
    with cjk_font_setting(font_folder(tmp_path / "fonts", *noto, DEJAVU)):
        yield tmp_path / "fonts"


def pdf_fonts(data: bytes) -> dict[str, bool]:
    """Each font a PDF's pages use, by its base name: whether the PDF embeds it."""
    import io

    from pypdf import PdfReader

    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = part.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    key in descriptor.get_object()
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                name = str(part["/BaseFont"]).lstrip("/")
                fonts[name] = fonts.get(name, False) or embedded
    return fonts


# --- meaning: the built-in encoder and the classifier learnt from the seed set -------------

HANDWRITTEN = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "handwritten"


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The built-in multilingual sentence encoder (loaded once per test process)."""
    from scenehub.matching.semantic import shared_encoder

    return shared_encoder()


@pytest.fixture(scope="session")
def trained_model(encoder: Encoder) -> ClassifierModel:
    """The default model: the taxonomy's descriptions and the seed set (trained once)."""
    from scenehub.industry.model_store import default_examples, train_classifier
    from scenehub.industry.taxonomy import load_chain

    chain = load_chain()
    return train_classifier(chain, default_examples(chain), encoder)


@pytest.fixture(scope="session")
def handwritten() -> JudgedSet:
    """The hand-written judged set that ships with scenehub (not the synthetic city's)."""
    from scenehub.matching.judged import load_judged_set

    return load_judged_set(HANDWRITTEN)


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    """The SQL statements any engine of this process runs inside the block."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    engine = Engine
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


# --- the Spark engine: tests that compare it with DuckDB ---------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkEngine]:
    """One Spark session per test module (a shell command the test runs reuses it). Skipped
    where Java or pyspark is missing, except in CI, which must test the Spark engine."""
    from scenehub.errors import ConfigurationError
    from scenehub.integration.engine import require_spark, spark_engine

    try:
        require_spark()
    except ConfigurationError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the Spark engine: {error}")
        pytest.skip(str(error))
    with spark_engine() as engine:
        yield engine
