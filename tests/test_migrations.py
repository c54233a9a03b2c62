"""Migrations build the schema the models describe, on SQLite and PostgreSQL, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from scenehub.db import downgrade_database, import_all_models, upgrade_database
from tests.conftest import _worker_db_url

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path, worker_id: str) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.sqlite3'}"
    import os

    base = os.environ.get("SCENEHUB_TEST_DATABASE_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: set SCENEHUB_TEST_DATABASE_URL")
        pytest.skip("SCENEHUB_TEST_DATABASE_URL is not set")
    url = _worker_db_url(base.rsplit("/", 1)[0] + "/scenehub_migrations", worker_id)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_upgrade_matches_the_models_and_downgrade_removes_everything(empty_db_url: str) -> None:
    upgrade_database(empty_db_url)
    engine = create_engine(empty_db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), import_all_models())
    assert diff == [], f"models and migrations disagree: {diff}"

    downgrade_database(empty_db_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    upgrade_database(empty_db_url)  # and back up again
    assert {"users", "organisations", "audit_entries"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_partnership_statuses_become_stages_and_back(empty_db_url: str) -> None:
    """0007: old statuses map onto stages, KPI names become KPI rows, a 0–100 score an
    evaluation with one criterion; the downgrade brings the statuses back."""
    upgrade_database(empty_db_url, "0006")
    engine = create_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, name_en, kind, created_at) "
                "VALUES (1, '公安局', '', 'department', CURRENT_TIMESTAMP), "
                "(2, '云图智能', '', 'firm', CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO scenes (id, code, title, language, domain, department_org_id, "
                "background, pain_points, wanted, offered, constraints, wanted_segments, "
                "stage_preference, on_premise, security_vetting, status, created_at) VALUES "
                "(1, 'S1', '巡检', 'zh', 'policing', 1, '', '', '', '', '', '[]', 'any', "
                "false, false, 'partnered', CURRENT_TIMESTAMP)"
            )
        )
        for n, (status, score) in enumerate(
            [("negotiating", None), ("evaluated", 88.0), ("scaled", 71.0), ("ended", 40.0)]
        ):
            conn.execute(
                text(
                    "INSERT INTO partnerships (code, scene_id, firm_org_id, status, started_on, "
                    "kpis, evaluation_score) VALUES (:code, 1, 2, :status, '2026-01-01', "
                    ":kpis, :score)"
                ),
                {
                    "code": f"P{n}",
                    "status": status,
                    "kpis": '["识别率", "响应时间"]',
                    "score": score,
                },
            )
    upgrade_database(empty_db_url, "0007")
    with engine.connect() as conn:
        stages = conn.execute(
            text("SELECT code, stage, terminated_reason FROM partnerships ORDER BY code")
        ).all()
        assert [tuple(r) for r in stages] == [
            ("P0", "agreed", ""),
            ("P1", "pilot", ""),
            ("P2", "scale", ""),
            ("P3", "terminated", "imported"),
        ]
        assert conn.execute(text("SELECT count(*) FROM partnership_kpis")).scalar() == 8
        grades = conn.execute(text("SELECT grade FROM partnership_evaluations ORDER BY id"))
        assert [g for (g,) in grades] == ["B", "B", "D"]  # 88 → 4, 71 → 4, 40 → 2
    downgrade_database(empty_db_url, "0006")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status FROM partnerships ORDER BY code")).all()
        assert [s for (s,) in rows] == ["negotiating", "pilot", "scaled", "ended"]
    engine.dispose()


def test_a_followed_up_meeting_gets_its_partnerships_code(empty_db_url: str) -> None:
    """0012: a meeting followed up into a partnership before keeps its pair's partnership."""
    upgrade_database(empty_db_url, "0011")
    engine = create_engine(empty_db_url)
    with engine.begin() as conn:
        for statement in (
            "INSERT INTO organisations (id, name, name_en, kind, created_at) VALUES "
            "(1, '公安局', '', 'department', CURRENT_TIMESTAMP), "
            "(2, '云图智能', '', 'firm', CURRENT_TIMESTAMP)",
            "INSERT INTO scenes (id, code, title, language, domain, department_org_id, "
            "background, pain_points, wanted, offered, constraints, wanted_segments, "
            "stage_preference, on_premise, security_vetting, status, created_at) VALUES "
            "(1, 'S1', '巡检', 'zh', 'policing', 1, '', '', '', '', '', '[]', 'any', "
            "false, false, 'partnered', CURRENT_TIMESTAMP)",
            "INSERT INTO partnerships (code, scene_id, firm_org_id, stage, terminated_reason, "
            "started_on, origin, note, published_parts, sites_beyond_pilot, compliance_passed) "
            "VALUES ('P-S1-S2', 1, 2, 'agreed', '', '2026-09-02', 'salon', '', '[]', 0, '[]')",
            "INSERT INTO salons (id, code, theme, held_on, venue) "
            "VALUES (1, 'SAL1', '巡检', '2026-09-01', '')",
            "INSERT INTO salon_meetings (salon_id, scene_id, firm_org_id, starts_at, minutes, "
            "outcome, follow_up) VALUES (1, 1, 2, CURRENT_TIMESTAMP, 20, 'follow_up', "
            "'partnership'), (1, 1, 2, CURRENT_TIMESTAMP, 20, 'no_fit', NULL)",
        ):
            conn.execute(text(statement))
    upgrade_database(empty_db_url, "0012")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT partnership_code FROM salon_meetings ORDER BY id"))
        assert [c for (c,) in rows] == ["P-S1-S2", None]
    engine.dispose()


def test_product_columns_become_rules_and_investors_of_financiers_financiers(
    empty_db_url: str,
) -> None:
    """0013: stage, segments and headcount become the product's rule, the product is
    published with a first version, an investor user of a financier becomes a financier;
    the downgrade gives the columns and the role back."""
    upgrade_database(empty_db_url, "0012")
    engine = create_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, name_en, kind, created_at) VALUES "
                "(1, '杭州银行', '', 'financier', CURRENT_TIMESTAMP), "
                "(2, '钱塘创投', '', 'investor', CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO users (id, username, display_name, password_hash, role, org_id, "
                "is_active, created_at) VALUES "
                "(1, 'bank', '', 'x', 'investor', 1, true, CURRENT_TIMESTAMP), "
                "(2, 'vc', '', 'x', 'investor', 2, true, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO financing_products (id, code, provider_org_id, name, kind, "
                "min_10k, max_10k, rate_note, stage, segments, min_headcount, description) "
                "VALUES (1, 'P1', 1, '低空贷', 'loan', 100, 2000, '3.4%', '0-1', "
                "'[\"E.drone\"]', 10, ''), "
                "(2, 'P2', 1, '科易贷', 'loan', 50, 1000, '', 'any', '[]', 0, '')"
            )
        )
    upgrade_database(empty_db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT code, rules, status FROM financing_products ORDER BY id"))
        products = [(code, _json(rules), status) for code, rules, status in rows]
        roles = dict(conn.execute(text("SELECT username, role FROM users")).all())
        versions = conn.execute(
            text("SELECT product_id, number, snapshot FROM financing_product_versions")
        ).all()
    assert products == [
        (
            "P1",
            {
                "all": [
                    {"field": "stage", "op": "==", "value": "0-1"},
                    {"field": "segments", "op": "in", "value": ["E.drone"]},
                    {"field": "headcount", "op": ">=", "value": 10},
                ]
            },
            "published",
        ),
        ("P2", {"all": []}, "published"),
    ]
    assert roles == {"bank": "financier", "vc": "investor"}
    assert sorted((p, n) for p, n, _ in versions) == [(1, 1), (2, 1)]
    assert _json(versions[0][2])["rules"] in (products[0][1], products[1][1])

    downgrade_database(empty_db_url, "0012")
    with engine.connect() as conn:
        old = conn.execute(
            text("SELECT stage, segments, min_headcount FROM financing_products ORDER BY id")
        ).all()
        roles = dict(conn.execute(text("SELECT username, role FROM users")).all())
    assert [(s, _json(g), h) for s, g, h in old] == [("0-1", ["E.drone"], 10), ("any", [], 0)]
    assert roles == {"bank": "investor", "vc": "investor"}
    engine.dispose()


def _json(value: object) -> object:
    """A JSON column as read without the ORM: text on SQLite, parsed on PostgreSQL."""
    import json

    return json.loads(value) if isinstance(value, str) else value


def test_imported_applications_keep_their_consent_and_outcome(empty_db_url: str) -> None:
    """0016: the demo's imported applications get their consent dated their submission
    day, an approved one the amount it asked for; a request for information is pending
    again after the downgrade."""
    upgrade_database(empty_db_url, "0013")
    engine = create_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, name_en, kind, created_at) VALUES "
                "(1, '杭州银行', '', 'financier', CURRENT_TIMESTAMP), "
                "(2, '云图智能', '', 'firm', CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO financing_products (id, code, provider_org_id, name, kind, "
                "min_10k, max_10k, rate_note, description, documents, data_fields, rules, "
                "status, suspended_by_centre, created_at, updated_at) VALUES "
                "(1, 'P1', 1, '低空贷', 'loan', 100, 2000, '', '', '[]', '[]', "
                "'{\"all\": []}', 'published', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO financing_applications (id, code, product_id, firm_org_id, "
                "submitted_on, status, amount_10k, consent_fields) VALUES "
                "(1, 'APP0001', 1, 2, '2026-03-05', 'approved', 300, '[\"patents\"]'), "
                "(2, 'APP0002', 1, 2, '2026-04-01', 'pending', 150, '[]')"
            )
        )
    upgrade_database(empty_db_url)
    with engine.begin() as conn:
        rows = conn.execute(
            text(
                "SELECT code, consented_at, granted_10k, note, decision_reason "
                "FROM financing_applications ORDER BY id"
            )
        ).all()
        conn.execute(
            text("UPDATE financing_applications SET status = 'information_requested' WHERE id = 2")
        )
    assert [(r[0], str(r[1])[:10], r[2], r[3], r[4]) for r in rows] == [
        ("APP0001", "2026-03-05", 300, "", ""),
        ("APP0002", "2026-04-01", None, "", ""),
    ]
    downgrade_database(empty_db_url, "0013")
    with engine.connect() as conn:
        statuses = conn.execute(
            text("SELECT status FROM financing_applications ORDER BY id")
        ).scalars()
        assert list(statuses) == ["approved", "pending"]
    engine.dispose()


def test_audit_hashes_become_merkle_leaves_and_back(empty_db_url: str) -> None:
    """0021: the entries' hashes (and the prev_hash links) are recomputed as RFC 6962 leaf
    hashes, so the trail verifies as a chain and as a tree; the downgrade restores the old."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from scenehub.governance.chain import GENESIS_HASH, ChainLink, legacy_link_hash, link_hash

    upgrade_database(empty_db_url, "0020")
    engine = create_engine(empty_db_url)
    old, prev = [], GENESIS_HASH
    for seq in (1, 2, 3):
        link = ChainLink(
            seq=seq,
            ts=datetime(2026, 7, 1, 9, seq, tzinfo=UTC),
            actor_user_id=None,
            actor_username="system",
            actor_role="admin",
            actor_org_id=None,
            action="users.create",
            resource_type="user",
            resource_id=str(seq),
            subject_org_id=seq,
            purpose="",
            outcome="success",
            details={"名": "云图", "n": seq},
            prev_hash=prev,
        )
        link = replace(link, hash=legacy_link_hash(link))
        old.append(link)
        prev = link.hash
    with engine.begin() as conn:
        for link in old:
            conn.execute(
                text(
                    "INSERT INTO audit_entries (seq, ts, actor_user_id, actor_username, "
                    "actor_role, actor_org_id, action, resource_type, resource_id, "
                    "subject_org_id, purpose, outcome, details, prev_hash, hash) VALUES "
                    "(:seq, :ts, NULL, 'system', 'admin', NULL, 'users.create', 'user', "
                    ":rid, :seq, '', 'success', :details, :prev, :hash)"
                ),
                {
                    "seq": link.seq,
                    "ts": link.ts,
                    "rid": link.resource_id,
                    "details": __import__("json").dumps(link.details, ensure_ascii=False),
                    "prev": link.prev_hash,
                    "hash": link.hash,
                },
            )
    upgrade_database(empty_db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT prev_hash, hash FROM audit_entries ORDER BY seq")).all()
    expected, prev = [], GENESIS_HASH
    for link in old:
        new = link_hash(replace(link, prev_hash=prev))
        expected.append((prev, new))
        prev = new
    assert [tuple(r) for r in rows] == expected
    from sqlalchemy.orm import Session

    from scenehub.governance import audit

    with Session(engine) as session:
        report = audit.verify(session)
        assert report.ok and report.tree.root().hex() != GENESIS_HASH
    downgrade_database(empty_db_url, "0020")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT prev_hash, hash FROM audit_entries ORDER BY seq")).all()
    assert [tuple(r) for r in rows] == [(link.prev_hash, link.hash) for link in old]
    engine.dispose()
