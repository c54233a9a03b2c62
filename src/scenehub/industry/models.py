"""Tables of the industry domain: the centre's labels of firms' chain segments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


class SegmentLabel(Base):
    """An operator's confirmation or correction of a firm's chain segments.

    ``firm_id`` is the warehouse's firm (its USCC, or the resolver's id for a firm without
    one); ``text`` keeps what the firm's record said when it was labelled (the classifier's
    texts as JSON), so the label trains the classifier even after the warehouse is rebuilt.
    The latest label of a firm is the one that counts; earlier ones stay as history.
    """

    __tablename__ = "segment_labels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[str] = mapped_column(String(40), index=True)
    firm_name: Mapped[str] = mapped_column(String(200), default="")
    primary: Mapped[str] = mapped_column(String(40))
    secondary: Mapped[list[str]] = mapped_column(JSON, default=list)
    predicted: Mapped[str] = mapped_column(String(40), default="")  # what the model said
    confidence: Mapped[float | None] = mapped_column(Float, default=None)  # its confidence then
    text: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    labelled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
