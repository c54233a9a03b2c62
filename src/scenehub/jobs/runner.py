"""Start a queued job in a process of its own (`python -m scenehub ingest --job ID`), so a
long run neither blocks a web worker nor dies with it."""

from __future__ import annotations

import os
import subprocess
import sys

from scenehub.settings import Settings


def launch_ingest(job_id: int, settings: Settings) -> None:
    env = {
        **os.environ,
        "SCENEHUB_DATABASE_URL": settings.resolved_database_url,
        "SCENEHUB_DATA_DIR": str(settings.data_dir),
        "SCENEHUB_WAREHOUSE": str(settings.warehouse_path),
    }
    subprocess.Popen(  # noqa: S603 - our own module, arguments we built
        [sys.executable, "-m", "scenehub", "ingest", "--job", str(job_id)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
