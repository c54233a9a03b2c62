"""Housekeeping: tasks that run on a schedule (retention, account closures, audit
checkpoints, the e-mail outbox), each at most once per period across every process, with
when it last ran and what it did kept in ``scheduled_tasks``.

``scenehub serve`` and ``scenehub demo`` look for due tasks every
``SCENEHUB_HOUSEKEEPING_SECONDS`` in a background thread; ``scenehub housekeeping run`` runs
them from cron or by hand. A task that fails is recorded as failed and tried again at its
next period; it never stops the others.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scenehub import db
from scenehub.city import load_city
from scenehub.db import utcnow
from scenehub.governance import closure_service, retention_service
from scenehub.governance import service as governance_service
from scenehub.governance.policy import SYSTEM
from scenehub.jobs.models import ScheduledTask
from scenehub.notifications import delivery
from scenehub.settings import Settings, get_settings

log = logging.getLogger(__name__)

# A task whose run started longer ago than this without finishing is taken to have died.
STALE_RUN = timedelta(hours=1)


@dataclass(frozen=True)
class Task:
    name: str
    every: timedelta
    run: Callable[[Session, Settings, datetime], dict[str, Any]]


@dataclass(frozen=True)
class TaskRun:
    name: str
    outcome: str  # succeeded | failed | not_due
    result: dict[str, Any]


def _retention(session: Session, settings: Settings, now: datetime) -> dict[str, Any]:
    report = retention_service.apply_retention(
        session, SYSTEM, load_city().retention, settings.uploads_dir, now
    )
    return {kind.kind: kind.removed for kind in report.kinds}


def _closures(session: Session, settings: Settings, now: datetime) -> dict[str, Any]:
    summary = closure_service.apply_due_closures(session, now)
    return {"closed": len(summary.closed_org_ids)}


def _checkpoint(session: Session, settings: Settings, now: datetime) -> dict[str, Any]:
    taken = governance_service.take_checkpoint_if_due(session, now, settings=settings)
    return {"size": taken.size} if taken else {}


def _mail(session: Session, settings: Settings, now: datetime) -> dict[str, Any]:
    # Sending is no work for one transaction: the delivery claims, sends and records in
    # transactions of its own (notifications/delivery.py); this one stays empty.
    return delivery.deliver_due(settings, now).as_dict()


TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task("retention", timedelta(days=1), _retention),
        # Accounts whose 30 days' notice ended (governance/closure_service.py).
        Task("closures", timedelta(hours=1), _closures),
        # The audit tree's signed checkpoint, when it grew by N entries or M minutes passed
        # (SCENEHUB_AUDIT_CHECKPOINT_EVERY_…): looked at each time housekeeping wakes.
        Task("checkpoint", timedelta(seconds=1), _checkpoint),
        # Notifications' e-mails through SCENEHUB_SMTP_HOST, retried with backoff.
        Task("mail", timedelta(minutes=1), _mail),
    )
}


def run_due(
    names: Sequence[str] | None = None,
    *,
    force: bool = False,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> list[TaskRun]:
    """Run every task (or those named) whose period has passed, or all of them with
    ``force``; what each did."""
    settings, now = settings or get_settings(), now or utcnow()
    url = settings.resolved_database_url
    runs = []
    for name in names or list(TASKS):
        task = TASKS[name]
        if not _claim(url, task, now, force):
            runs.append(TaskRun(name, "not_due", {}))
            continue
        try:
            with db.transaction(url) as session:
                result, outcome = task.run(session, settings, now), "succeeded"
        except Exception as error:  # recorded; the next period tries again
            log.exception("housekeeping task %s failed", name)
            result, outcome = {"error": f"{type(error).__name__}: {str(error)[:300]}"}, "failed"
        with db.transaction(url) as session:
            row = session.get(ScheduledTask, name)
            if row is not None:
                row.finished_at, row.outcome, row.result = utcnow(), outcome, result
        runs.append(TaskRun(name, outcome, result))
    return runs


def _claim(url: str, task: Task, now: datetime, force: bool) -> bool:
    """Mark ``task`` started unless another process ran it this period or is running it."""
    try:
        with db.transaction(url) as session:
            row = session.get(ScheduledTask, task.name, with_for_update=True)
            if row is None:
                session.add(ScheduledTask(name=task.name, started_at=now, outcome="running"))
                return True
            running = (
                row.outcome == "running" and row.started_at and now - row.started_at < STALE_RUN
            )
            recent = row.started_at is not None and now - row.started_at < task.every
            if running or (recent and not force):
                return False
            row.started_at, row.finished_at, row.outcome = now, None, "running"
            return True
    except IntegrityError:  # another process inserted the row first: it runs the task
        return False


def start_background(settings: Settings) -> threading.Thread | None:
    """Look for due tasks every ``housekeeping_seconds`` in a daemon thread (none if 0)."""
    interval = settings.housekeeping_seconds
    if interval <= 0:
        return None

    def loop() -> None:
        stop = threading.Event()
        while not stop.wait(interval):
            try:
                run_due(settings=settings)
            except Exception:  # the database may be away for a moment; try next time
                log.exception("housekeeping could not run")

    thread = threading.Thread(target=loop, name="scenehub-housekeeping", daemon=True)
    thread.start()
    return thread
