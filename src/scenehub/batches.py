"""Numbered batches: the centre publishes its lists in numbered batches per year — the scene
catalogue (场景机会清单) and the capability list (能力清单) — labelled "2026 第3批".

One home for the label, its parsing and the numbering, so every list numbers the same way:
a domain's batch model mixes in ``NumberedBatch`` and its service calls ``next_batch``
(publishing) or ``ensure_batch`` (an imported row that names its batch).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from sqlalchemy import Date, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column


class NumberedBatch:
    """The columns of a numbered batch (a mixin for a domain's mapped class)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    published_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


B = TypeVar("B", bound=NumberedBatch)


def batch_label(year: int, number: int) -> str:
    """The label of a batch: "2026 第3批" (the form the centre's lists use)."""
    return f"{year} 第{number}批"


def batch_parts(label: str, default_year: int) -> tuple[int, int]:
    """The year and number of a batch label ("2026 第3批" → (2026, 3)); a label in another
    form (an imported list's own name) keeps ``default_year`` and number 0."""
    year, _, rest = label.partition(" 第")
    number = rest.removesuffix("批")
    return (
        int(year) if year.isdigit() else default_year,
        int(number) if number.isdigit() else 0,
    )


def next_batch(session: Session, model: type[B], today: date, note: str = "") -> B:
    """A new batch of ``model``: this year's highest number plus one."""
    highest = session.scalar(select(func.max(model.number)).where(model.year == today.year))
    return ensure_batch(session, model, batch_label(today.year, (highest or 0) + 1), today, note)


def ensure_batch(
    session: Session, model: type[B], label: str, published_on: date, note: str = ""
) -> B:
    """The batch of ``model`` with this label, created (and flushed) if it is new."""
    batch = session.scalar(select(model).where(model.label == label))
    if batch is None:
        year, number = batch_parts(label, published_on.year)
        batch = model()
        batch.label, batch.year, batch.number = label, year, number
        batch.published_on, batch.note = published_on, note
        session.add(batch)
        session.flush()
    return batch
