"""Housekeeping: the retention task removes what is past its keeping (ended sessions and
tokens, old finished jobs, failed uploads' files), keeps the rest and the audit trail,
records what it removed, and runs at most once per period."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth.models import ApiToken, WebSession
from scenehub.db import utcnow
from scenehub.governance.models import AuditEntry
from scenehub.jobs import schedule
from scenehub.jobs.models import Job, ScheduledTask
from scenehub.settings import Settings
from tests.conftest import Accounts


def _staged(settings: Settings, name: str) -> Path:
    folder = settings.uploads_dir / name
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text("name: x\n", encoding="utf-8")
    (folder / "data.csv").write_text("a\n", encoding="utf-8")
    return folder / "spec.yaml"


def _arrange(session: Session, settings: Settings, accounts: Accounts) -> dict[str, Path]:
    now, user = utcnow(), accounts.firm.user_id
    long_ago, lately = now - timedelta(days=400), now - timedelta(days=2)
    session.add_all(
        [
            WebSession(token_hash="a" * 64, user_id=user, expires_at=long_ago),
            WebSession(token_hash="b" * 64, user_id=user, expires_at=now + timedelta(hours=1)),
            WebSession(
                token_hash="c" * 64,
                user_id=user,
                expires_at=now + timedelta(hours=1),
                revoked_at=long_ago,
            ),
            ApiToken(
                user_id=user, name="old", token_hash="d" * 64, prefix="d", expires_at=long_ago
            ),
            ApiToken(user_id=user, name="live", token_hash="e" * 64, prefix="e", expires_at=lately),
        ]
    )
    files = {
        "failed_long_ago": _staged(settings, "f1"),
        "failed_lately": _staged(settings, "f2"),
        "succeeded_lately": _staged(settings, "f3"),
    }
    for status, finished, spec in (
        ("failed", now - timedelta(days=40), files["failed_long_ago"]),
        ("failed", lately, files["failed_lately"]),
        ("succeeded", lately, files["succeeded_lately"]),
        ("succeeded", long_ago, None),
    ):
        arguments = {"spec": str(spec)} if spec else {}
        session.add(Job(kind="ingest", status=status, finished_at=finished, arguments=arguments))
    session.commit()
    return files


def test_retention_removes_only_what_is_past_its_keeping_and_records_it(
    session: Session, settings: Settings, accounts: Accounts
) -> None:
    files = _arrange(session, settings, accounts)
    audit_before = session.scalar(select(func.count()).select_from(AuditEntry))

    (run,) = schedule.run_due(["retention"], settings=settings)

    assert run.outcome == "succeeded", run.result
    assert run.result == {
        "web_sessions": 2,
        "api_tokens": 1,
        "finished_jobs": 1,
        "failed_uploads": 1,
        "audit_entries": 0,
    }
    session.commit()  # a new snapshot: the task committed in its own transactions
    assert session.scalars(select(WebSession.token_hash)).all() == ["b" * 64]
    assert session.scalars(select(ApiToken.name)).all() == ["live"]
    assert session.scalar(select(func.count()).select_from(Job)) == 3
    assert not files["failed_long_ago"].parent.exists()
    assert files["failed_lately"].exists() and files["succeeded_lately"].exists()
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry is not None and entry.action == "governance.retention"
    assert entry.details["web_sessions"] == {"removed": 2, "keep_days": 30}
    assert entry.details["audit_entries"]["removed"] == 0
    # Nothing of the audit trail was removed; the run added its own entry.
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before + 1


def test_a_task_runs_once_per_period_unless_forced(
    session: Session, settings: Settings, accounts: Accounts
) -> None:
    first = schedule.run_due(["retention"], settings=settings)
    again = schedule.run_due(["retention"], settings=settings)
    forced = schedule.run_due(["retention"], settings=settings, force=True)
    tomorrow = schedule.run_due(
        ["retention"], settings=settings, now=utcnow() + timedelta(days=1, minutes=1)
    )
    assert [r.outcome for r in (*first, *again, *forced, *tomorrow)] == [
        "succeeded",
        "not_due",
        "succeeded",
        "succeeded",
    ]
    session.commit()
    row = session.get(ScheduledTask, "retention")
    assert row is not None and row.outcome == "succeeded" and row.finished_at is not None


def test_a_failing_task_is_recorded_failed_and_does_not_stop_the_others(
    session: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> dict[str, object]:
        raise RuntimeError("the disk is full")

    tasks = dict(schedule.TASKS)
    tasks["broken"] = schedule.Task("broken", timedelta(hours=1), broken)
    monkeypatch.setattr(schedule, "TASKS", tasks)
    runs = schedule.run_due(["broken", "retention"], settings=settings)
    assert [(r.name, r.outcome) for r in runs] == [("broken", "failed"), ("retention", "succeeded")]
    assert "the disk is full" in runs[0].result["error"]
    session.commit()
    row = session.get(ScheduledTask, "broken")
    assert row is not None and row.outcome == "failed"
