"""What a job's worker process runs: the job's pipeline flow, with its progress and outcome
on the job. A job never stays "running": any failure marks it failed with the reason.

Kinds: ``ingest`` (an upload), ``resolve``, ``sync`` (the capability registry from the golden
records), ``train`` (the industry classifier) and ``map`` (the industry map), each the same
flow the CLI runs, as the user who queued the job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from scenehub import db
from scenehub.auth import service as auth_service
from scenehub.governance.policy import SYSTEM, Actor
from scenehub.integration import flows as integration_flows
from scenehub.jobs import service as jobs
from scenehub.settings import Settings, get_settings

Progress = Callable[[int, int | None, str], None]


def run_job(job_id: int) -> None:
    settings = get_settings()
    db.upgrade_database()  # a worker may be the first to touch a fresh data dir
    with db.transaction() as session:
        kind = jobs.kind_of(session, job_id)
    if kind == "ingest":
        integration_flows.run_ingest_job(job_id, settings.warehouse_path)
    else:
        _run_step(job_id, kind, settings)


def _run_step(job_id: int, kind: str, settings: Settings) -> None:
    with db.transaction() as session:
        actor = _actor_of(session, job_id)

        def progress(done: int, total: int | None, message: str = "") -> None:
            jobs.progress(session, job_id, done, total, message)

        progress(0, None, "starting")
        try:
            result = _STEP_FLOWS[kind](settings, actor, progress)
        except Exception as error:  # the job must end failed, with the reason
            jobs.fail(session, job_id, error)
            return
        jobs.finish(session, job_id, True, "done", result)


def _actor_of(session: Session, job_id: int) -> Actor:
    creator = jobs.creator_of(session, job_id)
    user = auth_service.get_user(session, creator) if creator else None
    return auth_service.actor_of(user) if user else SYSTEM


def _resolve(settings: Settings, actor: Actor, progress: Progress) -> dict[str, Any]:
    # The phases' names are fixed, so the page translates them (service.PROGRESS_MESSAGES).
    outcome = integration_flows.resolve_current(
        settings.warehouse_path, actor, on_progress=progress
    )
    return {"firms": outcome.firms, "records": outcome.records, "note": outcome.note}


def _sync(settings: Settings, actor: Actor, progress: Progress) -> dict[str, Any]:
    progress(0, None, "reading the golden records")
    outcome = integration_flows.sync_registry(settings.warehouse_path, actor)
    return {"golden": outcome.golden, "new": outcome.new}


def _map(settings: Settings, actor: Actor, progress: Progress) -> dict[str, Any]:
    from scenehub.industry.flows import build_industry_map

    step = [""]

    def on_step(name: str) -> None:
        # "training the industry classifier: encoding 2,683 …": the page shows the step's
        # fixed name, which it can translate (jobs.service.PROGRESS_MESSAGES).
        step[0] = name.split(":", 1)[0]
        progress(0, None, step[0])

    outcome = build_industry_map(
        settings,
        actor,
        on_step=on_step,
        on_firms=lambda done, total: progress(done, total, step[0]),
    )
    return {"firms": outcome.firms, "cells": outcome.cells, "unclassified": outcome.unclassified}


def _train(settings: Settings, actor: Actor, progress: Progress) -> dict[str, Any]:
    from scenehub.industry.flows import TRAINING_STEPS, train_industry_classifier

    heard = [0]

    def on_step(name: str) -> None:
        # One step more of a known number; the page shows the step's fixed name.
        heard[0] = min(heard[0] + 1, TRAINING_STEPS - 1)
        progress(heard[0], TRAINING_STEPS, name.split(":", 1)[0])

    outcome = train_industry_classifier(settings, actor, on_step=on_step)
    progress(TRAINING_STEPS, TRAINING_STEPS, "done")
    return {
        "examples": outcome.examples,
        "learned": outcome.learned,
        "trained_on": outcome.trained_on,
    }


_STEP_FLOWS: dict[str, Callable[[Settings, Actor, Progress], dict[str, Any]]] = {
    "resolve": _resolve,
    "sync": _sync,
    "train": _train,
    "map": _map,
}
