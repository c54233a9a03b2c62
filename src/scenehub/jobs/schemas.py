"""Boundary models of jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


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

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed")

    @property
    def percent(self) -> int:
        if self.status == "succeeded":
            return 100
        return int(100 * self.done / self.total) if self.total else 0
