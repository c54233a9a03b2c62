"""The API keeps its OpenAPI document's promises: schemathesis against a running server.

For each role the house has, the app runs on a fresh SQLite data dir under uvicorn (a free
port on 127.0.0.1) with users of every role in two organisations each and their objects
(draft, submitted and published scenes, a claimed firm with capabilities, proposals, a
financing product). ``st run`` then tests every operation with ``--checks all`` as the role's
first user, with the second one as its peer (``object_level_authorization``: one must not get
the other's private objects). Bounded by examples per operation, and in time per run.

Run it alone: ``.venv/bin/pytest tests/test_openapi_contract.py -s`` (one role:
``-k firm``); docs/architecture.md, "The API contract".
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from scenehub.app import create_app
from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate
from scenehub.db import session_factory, upgrade_database
from scenehub.estation import service as estation_service
from scenehub.estation.schemas import ProductImport
from scenehub.firms import service as firm_service
from scenehub.firms.schemas import FirmImport
from scenehub.governance.policy import SYSTEM
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import make_uscc
from scenehub.settings import Settings
from tests.conftest import PASSWORD, TEST_SECRET, make_account
from tests.live_server import serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ST = Path(sys.executable).with_name("st")
# Per run: examples per operation and phase (one pass of each phase, so a loaded machine
# takes longer rather than testing less; --max-time would repeat phases until it is spent),
# and the longest a run may take.
MAX_EXAMPLES = int(os.environ.get("SCENEHUB_CONTRACT_EXAMPLES", "10"))
MAX_SECONDS = int(os.environ.get("SCENEHUB_CONTRACT_SECONDS", "600"))
SEGMENT = load_chain().segments[0].key
# The API has about 80 operations; a run that reached fewer did not test the document.
MIN_OPERATIONS = 60
ROLES = ("admin", "operator", "department", "firm", "investor", "financier")
# Centre staff see every organisation's data by design, so only the others are peers.
PEER_ROLES = ("department", "firm", "investor", "financier")
USCC = {"a": make_uscc("330108", "MA2H7K0L"), "b": make_uscc("330106", "MA27Y5XL")}


@dataclass(frozen=True)
class Login:
    name: str
    username: str


def seed_the_house(db_url: str, client: TestClient) -> list[Login]:
    """Two users per role (two organisations each outside the centre) and their objects."""
    logins: list[Login] = []
    with session_factory(db_url)() as db:

        def org(kind: OrgKind, name: str, uscc: str | None = None) -> int:
            body = OrgCreate(kind=kind, name=name, uscc=uscc)
            return auth_service.create_org(db, SYSTEM, body).id

        centre = org(OrgKind.CENTRE, "场景创新中心")
        orgs = {
            ("admin", "a"): centre,
            ("admin", "b"): centre,
            ("operator", "a"): centre,
            ("operator", "b"): centre,
            ("department", "a"): org(OrgKind.DEPARTMENT, "杭州市公安局"),
            ("department", "b"): org(OrgKind.DEPARTMENT, "杭州市交通运输局"),
            ("firm", "a"): org(OrgKind.FIRM, "云图智能", USCC["a"]),
            ("firm", "b"): org(OrgKind.FIRM, "对手科技", USCC["b"]),
            ("investor", "a"): org(OrgKind.INVESTOR, "钱塘创投"),
            ("investor", "b"): org(OrgKind.INVESTOR, "西湖资本"),
            ("financier", "a"): org(OrgKind.FINANCIER, "杭州银行科技支行"),
            ("financier", "b"): org(OrgKind.FINANCIER, "杭州市融资担保有限公司"),
        }
        for (role, side), org_id in orgs.items():
            make_account(db, f"{role}_{side}", Role(role), org_id)
            logins.append(Login(f"{role}_{side}", f"{role}_{side}"))
        for side, uscc in USCC.items():
            firm_service.import_firm(
                db, SYSTEM, FirmImport(uscc=uscc, name=f"企业{side}", segments=[SEGMENT])
            )
        estation_service.import_product(
            db,
            SYSTEM,
            ProductImport(
                code="P-1",
                provider_org_id=orgs[("financier", "b")],
                name="科创贷",
                kind="loan",
                min_10k=10,
                max_10k=500,
            ),
        )
        db.commit()
    _objects_of_both_sides(client)
    return logins


def _token(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _objects_of_both_sides(client: TestClient) -> None:
    """Each side's scenes (draft, submitted, published), claim, capabilities, proposals."""
    operator = _token(client, "operator_a")
    published: dict[str, str] = {}
    for side in ("a", "b"):
        dept = _token(client, f"department_{side}")
        codes = []
        for title in ("路口信号灯配时优化", "地铁站客流视频分析", "夜间巡逻无人机调度"):
            body = {
                "title": title,
                "domain": "transport",
                "wanted": "实时统计并预警，支持本地部署。",
                "wanted_segments": [SEGMENT],
            }
            created = client.post("/api/v1/scenes", json=body, headers=dept)
            assert created.status_code == 201, created.text
            codes.append(created.json()["code"])
        for code in codes[1:]:
            moved = client.post(
                f"/api/v1/scenes/{code}/transitions", json={"to": "submitted"}, headers=dept
            )
            assert moved.status_code == 200, moved.text
        batch = client.post(
            "/api/v1/scene-batches", json={"scene_codes": codes[2:]}, headers=operator
        )
        assert batch.status_code == 201, batch.text
        published[side] = codes[2]
    for side, other in (("a", "b"), ("b", "a")):
        firm = _token(client, f"firm_{side}")
        claim = client.post("/api/v1/registry/claims", json={"uscc": USCC[side]}, headers=firm)
        assert claim.status_code == 201, claim.text
        decided = client.post(
            f"/api/v1/registry/claims/{claim.json()['id']}/decision",
            json={"approve": True},
            headers=operator,
        )
        assert decided.status_code == 200, decided.text
        for title in ("路面病害视频识别", "客流密度估计"):
            added = client.post(
                "/api/v1/registry/me/capabilities",
                json={
                    "title": title,
                    "description": "基于视频的自动识别，支持本地化部署和离线运行。",
                    "segments": [SEGMENT],
                },
                headers=firm,
            )
            assert added.status_code == 201, added.text
        proposal = client.post(
            f"/api/v1/scenes/{published[other]}/proposals",
            json={"summary": "以视频结构化方案实现客流统计，两周部署。", "budget_10k": 80},
            headers=firm,
        )
        assert proposal.status_code == 201, proposal.text
    # Load the sentence encoder and the indexes now: the first ranking of each kind builds
    # them, longer than a request waits.
    warm = client.get("/api/v1/registry/me/recommendations", headers=_token(client, "firm_a"))
    assert warm.status_code == 200, warm.text
    for side in ("a", "b"):
        ranked = client.get(
            f"/api/v1/scenes/{published[side]}/matches",
            headers=_token(client, f"department_{side}"),
        )
        assert ranked.status_code == 200, ranked.text


@contextmanager
def serving_contract(settings: Settings) -> Iterator[str]:
    """The app on a free port, its OpenAPI document built before schemathesis asks."""
    with serving(create_app(settings)) as base_url:
        assert httpx.get(f"{base_url}/api/v1/openapi.json", timeout=120).status_code == 200
        yield base_url


def wfc_document(logins: list[Login]) -> dict[str, Any]:
    """Every user signs in with its password (POST /api/v1/auth/token); a revoked token is
    replaced by signing in again."""
    return {
        "auth": [
            {
                "name": login.name,
                "loginEndpointAuth": {
                    "endpoint": "/api/v1/auth/token",
                    "verb": "POST",
                    "contentType": "application/json",
                    "payloadUserPwd": {
                        "username": login.username,
                        "password": PASSWORD,
                        "usernameField": "username",
                        "passwordField": "password",
                    },
                    "token": {
                        "extractFrom": "body",
                        "extractSelector": "/token",
                        "sendIn": "header",
                        "sendName": "Authorization",
                        "sendTemplate": "Bearer {token}",
                    },
                },
            }
            for login in logins
        ]
    }


# Operations whose bodies are files: their names and contents (a YAML spec, a table of
# records) are rules the document states in words (the parts' descriptions), which no JSON
# Schema can express, so a drawn file is refused with 422 as the description says.
FILE_BODIES = {
    "POST /api/v1/integration/uploads": "a source spec and a records file",
    "POST /api/v1/admin/firm-archives": "a firm's archive with its manifest (docs/exit.md)",
}
# Rules between a body and the stored objects, stated in the fields' descriptions
# (docs/estation.md, "Applications with consent"): an application's amount within its
# product's range, its consent ticked and to the product's fields as they are; a decision's
# amount within the range and at most what was asked, a rejection's reason; an answer that
# says something. A drawn body is refused with 422 as the description says.
WORDED_RULES = {
    "POST /api/v1/estation/applications": "an application to a product's terms",
    "POST /api/v1/estation/applications/{code}/decision": "a decision within the terms",
    "POST /api/v1/estation/applications/{code}/answer": "an answer that says something",
}


def schemathesis_config(auth_file: Path, role: str) -> str:
    peers = f'peers = ["{role}_a", "{role}_b"]\n' if role in PEER_ROLES else ""
    gaps = "".join(
        f'\n# {reason}\n[[operations]]\ninclude-name = "{name}"\n'
        "checks.positive_data_acceptance.expected-statuses = "
        '["2xx", "401", "403", "404", "409", "422"]\n'
        for name, reason in {**FILE_BODIES, **WORDED_RULES}.items()
    )
    # Each accepted request starts a worker process that runs the step: a few are enough.
    pipeline = (
        '\n[[operations]]\ninclude-name = "POST /api/v1/pipeline/{step}"\n'
        "generation.max-examples = 2\n"
    )
    return (
        "[auth]\nauto-signup = false\n\n"
        f'[auth.wfc]\npath = "{auth_file}"\nuser = "{role}_a"\n{peers}{gaps}{pipeline}'
    )


def run_schemathesis(base_url: str, workdir: Path, role: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(ST),
        "--config-file",
        str(workdir / "schemathesis.toml"),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--wait-for-schema",
        "120",
        "--workers",
        "1",
        "--request-timeout",
        "60",
        "--seed",
        "12",
        # The document says in words that no text holds U+0000 (test_openapi.py checks it).
        "--generation-allow-x00",
        "false",
        "--no-color",
    ]
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCHEMATHESIS_HOOKS": "tests.contract_hooks",
    }
    return subprocess.run(
        command, cwd=workdir, env=environment, capture_output=True, text=True, timeout=MAX_SECONDS
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_api_keeps_its_openapi_document(role: str, tmp_path: Path) -> None:
    database = tmp_path / "scenehub.sqlite3"
    db_url = f"sqlite:///{database}"
    upgrade_database(db_url)
    settings = Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,
        default_locale="en",
    )  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        logins = seed_the_house(db_url, client)
    auth_file = tmp_path / "wfc-auth.json"
    auth_file.write_text(json.dumps(wfc_document(logins)), encoding="utf-8")
    (tmp_path / "schemathesis.toml").write_text(
        schemathesis_config(auth_file, role), encoding="utf-8"
    )
    with serving_contract(settings) as base_url:
        result = run_schemathesis(base_url, tmp_path, role)
    report = result.stdout[-20000:]
    print(report)
    assert result.returncode == 0, f"schemathesis as {role}_a:\n{report}\n{result.stderr[-3000:]}"
    tested = re.search(r"Tested: (\d+)", result.stdout)
    # Every operation is reached (a role refused by most still gets its 401/403 checked).
    assert tested is not None and int(tested.group(1)) >= MIN_OPERATIONS, report
