"""Boundary models of notifications."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class NotificationRead(BaseModel):
    id: int
    kind: str
    title: str = Field(description="in the reader's language")
    body: str = Field(description="in the reader's language")
    link: str = Field(description="the page it is about (a path of this site), or empty")
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    total: int = Field(description="all of the caller's notifications")
    unread: int = Field(description="the caller's unread notifications")
    limit: int
    offset: int


class MarkedRead(BaseModel):
    marked: int = Field(description="how many were unread and are now read")
    unread: int
