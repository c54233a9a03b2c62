"""Start a queued job in a worker process of the server (multiprocessing, spawned: no shell,
no command line), so a long run neither blocks a web worker nor dies with its request. The
worker runs the job's flow (``jobs/worker.py``) and records progress and outcome on the job.
"""

from __future__ import annotations

import multiprocessing

from scenehub.settings import Settings


def launch(job_id: int, settings: Settings) -> None:
    """Run job ``job_id`` in a new worker process with the server's settings."""
    multiprocessing.active_children()  # reaps workers that finished since the last launch
    environment = {
        "SCENEHUB_DATABASE_URL": settings.resolved_database_url,
        "SCENEHUB_DATA_DIR": str(settings.data_dir),
        "SCENEHUB_WAREHOUSE": str(settings.warehouse_path),
    }
    if settings.city_file is not None:
        environment["SCENEHUB_CITY_FILE"] = str(settings.city_file)
    if settings.encoder_path is not None:
        environment["SCENEHUB_ENCODER_PATH"] = str(settings.encoder_path)
    # spawn, not fork: the server runs threads (and maybe DuckDB), and a forked copy of a held
    # lock never unlocks.
    context = multiprocessing.get_context("spawn")
    context.Process(target=_work, args=(job_id, environment), daemon=False).start()


def _work(job_id: int, environment: dict[str, str]) -> None:
    import os

    os.environ.update(environment)
    from scenehub.jobs.worker import run_job

    run_job(job_id)
