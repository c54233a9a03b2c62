"""Boundary models of jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

# The pipeline steps an operator starts from the web or the API (ingest starts by an upload).
Step = Literal["resolve", "sync", "train", "map"]


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str
    org_id: int | None
    title: str
    done: int
    total: int | None
    message: str
    result: dict[str, Any]
    created_at: datetime
    finished_at: datetime | None
    updated_at: datetime  # its last report: jobs/liveness.py

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed")

    @property
    def percent(self) -> int:
        if self.status == "succeeded":
            return 100
        return int(100 * self.done / self.total) if self.total else 0
