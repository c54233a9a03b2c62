"""The command line on a real database: first admin, audit verification, the demo accounts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.db import session_factory
from scenehub.demo.seed import DEMO_USERS, JOURNEY_USERS
from scenehub.settings import get_settings
from tests.conftest import TEST_SECRET

runner = CliRunner()


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    monkeypatch.setenv("SCENEHUB_DATABASE_URL", db_url)
    monkeypatch.setenv("SCENEHUB_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("SCENEHUB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCENEHUB_DEFAULT_LOCALE", "en")
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())  # undo Rich's line wrapping


def test_the_first_admin_is_created_from_the_shell(cli_env: str) -> None:
    code, out = run(
        "users",
        "create",
        "boss",
        "admin",
        "--org",
        "场景创新中心",
        "--org-kind",
        "centre",
        "--password",
        "a long password",
    )
    assert code == 0, out
    code, out = run("users", "list")
    assert code == 0 and "boss" in out and "admin" in out


def test_bad_input_is_reported_without_a_traceback(cli_env: str) -> None:
    code, out = run(
        "users", "create", "boss", "admin", "--org", "nowhere", "--password", "a long password"
    )
    assert code == 2 and "no organisation named" in out
    code, out = run(
        "users",
        "create",
        "boss",
        "admin",
        "--org",
        "中心",
        "--org-kind",
        "centre",
        "--password",
        "short",
    )
    assert code == 2 and "invalid password" in out
    code, out = run(
        "users",
        "create",
        "boss2",
        "firm",
        "--org",
        "中心2",
        "--org-kind",
        "centre",
        "--password",
        "a long password",
    )
    assert code == 2 and "cannot belong to an organisation of kind centre" in out


def test_audit_verify_passes_then_detects_tampering(cli_env: str, tmp_path: Path) -> None:
    run(
        "users",
        "create",
        "boss",
        "admin",
        "--org",
        "中心",
        "--org-kind",
        "centre",
        "--password",
        "a long password",
    )
    code, out = run("audit", "verify")
    assert code == 0 and "intact" in out
    witness = tmp_path / "witness.jsonl"
    assert run("audit", "checkpoint", "--out", str(witness))[0] == 0
    line = json.loads(witness.read_text().splitlines()[0])
    assert line["size"] == 2 and len(line["root_hash"]) == 64
    code, out = run("audit", "prove", "--index", "1")
    proof = json.loads(out)
    assert set(proof) == {"leaf_index", "tree_size", "leaf_hash", "path", "root_hash"}
    assert (proof["tree_size"], proof["root_hash"]) == (2, line["root_hash"])
    code, pem = run("audit", "public-key")
    assert code == 0 and "BEGIN PUBLIC KEY" in pem

    with session_factory(cli_env, read_only=True)() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("DROP TRIGGER audit_entries_append_only ON audit_entries"))
        else:
            session.execute(text("DROP TRIGGER audit_entries_no_delete"))
        session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
        session.commit()
    code, out = run("audit", "verify", "--checkpoints", str(witness))
    assert code == 1 and "TAMPERED" in out and "truncated" in out
    code, out = run("audit", "verify")  # the data dir's own checkpoint file says the same
    assert code == 1 and "truncated" in out


def test_demo_seeds_one_login_per_role_and_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "demo"
    monkeypatch.delenv("SCENEHUB_DATABASE_URL", raising=False)
    # `demo` sets these for its server; monkeypatch restores them after the test.
    monkeypatch.setenv("SCENEHUB_EMBEDDED", "0")
    monkeypatch.setenv("SCENEHUB_DATA_DIR", str(data))
    code, out = run("demo", "--no-serve", "--data-dir", str(data), "--scale", "150")
    assert code == 0, out
    logins = json.loads((data / "demo-credentials.json").read_text())
    assert {x["role"] for x in logins} == {
        "admin",
        "department",
        "financier",
        "firm",
        "investor",
        "operator",
    }
    # every demo user, then the journey's firms the city had (docs/estation.md, "The demo")
    names = [x["username"] for x in logins]
    assert names[: len(DEMO_USERS)] == [u[0] for u in DEMO_USERS]
    assert set(names[len(DEMO_USERS) :]) <= {u for u, _ in JOURNEY_USERS}
    assert all(x["password"] in out for x in logins)
    import duckdb

    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as warehouse:
        golden = warehouse.execute("SELECT count(*) FROM golden_firms").fetchone()
        sources = warehouse.execute("SELECT count(*) FROM sources").fetchone()
    assert sources == (37,)
    assert golden is not None and golden[0] >= 150  # the demo city has 150 firms here
    code, again = run("demo", "--no-serve", "--data-dir", str(data))
    assert code == 0
    assert "(unchanged)" in again and "(new)" not in again
    assert json.loads((data / "demo-credentials.json").read_text()) == logins
    get_settings.cache_clear()


def test_serve_refuses_to_start_without_a_real_secret_key(
    cli_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENEHUB_SECRET_KEY", "changeme")
    get_settings.cache_clear()
    code, out = run("serve", "--port", "1")
    assert code == 2
    assert "SCENEHUB_SECRET_KEY" in out


def test_city_generate_writes_a_city_and_refuses_to_overwrite_other_files(tmp_path: Path) -> None:
    out = tmp_path / "city"
    code, text = run("city", "generate", "--out", str(out), "--scale", "150", "--seed", "3")
    assert code == 0, text
    assert "150 firms" in text
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scale"] == 150 and manifest["seed"] == 3
    code, _ = run("city", "generate", "--out", str(out), "--scale", "150")
    assert code == 0  # a city may be replaced by a new one
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    code, text = run("city", "generate", "--out", str(precious), "--scale", "150")
    assert code == 2 and "not a generated city" in text
    assert (precious / "thesis.docx").read_text() == "years of work"


def test_a_demo_built_by_an_older_generator_is_built_afresh_keeping_the_logins(
    tmp_path: Path,
) -> None:
    from scenehub.demo.city import GENERATOR_VERSION
    from scenehub.demo.cli import _discard_stale_demo

    city = tmp_path / "city"
    city.mkdir()
    (city / "manifest.json").write_text(json.dumps({"generator_version": 1}), encoding="utf-8")
    (tmp_path / "warehouse.duckdb").write_bytes(b"old")
    (tmp_path / "scenehub.sqlite3").write_bytes(b"old")
    (tmp_path / "demo-credentials.json").write_text("[]", encoding="utf-8")
    _discard_stale_demo(tmp_path, tmp_path / "warehouse.duckdb")
    assert not city.exists() and not (tmp_path / "warehouse.duckdb").exists()
    assert not (tmp_path / "scenehub.sqlite3").exists()
    assert (tmp_path / "demo-credentials.json").exists()

    city.mkdir()
    current = {"generator_version": GENERATOR_VERSION}
    (city / "manifest.json").write_text(json.dumps(current), encoding="utf-8")
    _discard_stale_demo(tmp_path, tmp_path / "warehouse.duckdb")
    assert (city / "manifest.json").exists()


def test_housekeeping_runs_the_due_tasks_once_per_period(cli_env: str) -> None:
    code, output = run("housekeeping", "run")
    assert code == 0, output
    assert "retention" in output and "succeeded" in output and "web_sessions 0" in output
    code, output = run("housekeeping", "run", "--task", "retention")
    assert code == 0 and "not_due" in output
    code, output = run("housekeeping", "run", "--task", "vacuum")
    assert code == 2 and "unknown task" in output


def test_the_centre_gets_its_standing_grant_from_the_shell(cli_env: str) -> None:
    code, out = run(
        "users",
        "create",
        "boss",
        "operator",
        "--org",
        "场景创新中心",
        "--org-kind",
        "centre",
        "--password",
        "a long password",
    )
    assert code == 0, out
    with session_factory(cli_env)() as db:
        centre = db.execute(text("SELECT id FROM organisations")).scalar_one()
    code, out = run("grants", "standing", "--org-id", str(centre), "--days", "30")
    assert code == 0 and "entity-resolution review" in out, out
    with session_factory(cli_env)() as db:
        grants = db.execute(text("SELECT grantee_org_id, purpose, status FROM data_grants")).all()
        logged = db.execute(
            text("SELECT count(*) FROM audit_entries WHERE action = 'grants.standing'")
        ).scalar_one()
    assert [tuple(g) for g in grants] == [(centre, "entity-resolution-review", "approved")]
    assert logged == 1
