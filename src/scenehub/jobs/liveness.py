"""Whether a job still holds its pipeline step, so that starting the step again must wait (pure).

A job holds its step while it is queued or running and its worker keeps reporting: every
progress report and the end write the job's ``updated_at``. A worker that died (the server
restarted, the process was killed, the machine ran out of memory) never ends its job, so a
queued or running job silent for ``STALE_AFTER`` counts as abandoned and no longer blocks.
A live run silent that long (no run reports that rarely: resolve reports each phase, the map
each page of firms) may then meet a second run of its step: a second warehouse run waits
for the warehouse's lock and then fails, so two never write at once; a second training
writes a whole model file (through a temporary file), as the first does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

ACTIVE = ("queued", "running")
STALE_AFTER = timedelta(minutes=30)


def holds_its_step(status: str, updated_at: datetime, now: datetime) -> bool:
    """Whether a job of ``status``, last heard of at ``updated_at``, still holds its step."""
    return status in ACTIVE and now - updated_at < STALE_AFTER
