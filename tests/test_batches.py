"""Numbered batches: one labelling and numbering for every list the centre publishes."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from scenehub.batches import batch_label, batch_parts, ensure_batch, next_batch
from scenehub.firms.models import CapabilityBatch
from scenehub.scenes.models import SceneBatch


def test_batch_labels_read_like_the_centres_lists() -> None:
    assert batch_label(2026, 3) == "2026 第3批"


def test_batch_labels_read_back_into_year_and_number() -> None:
    assert batch_parts("2026 第3批", 2000) == (2026, 3)
    assert batch_parts("智慧城市专项清单", 2025) == (2025, 0)


def test_each_list_numbers_its_own_batches_per_year(session: Session) -> None:
    ensure_batch(session, SceneBatch, "2026 第4批", date(2026, 3, 1))
    ensure_batch(session, SceneBatch, "2025 第9批", date(2025, 12, 1))
    assert next_batch(session, SceneBatch, date(2026, 6, 1), "summer").label == "2026 第5批"
    assert next_batch(session, SceneBatch, date(2027, 1, 5)).label == "2027 第1批"
    # the capability list counts apart from the scene catalogue
    assert next_batch(session, CapabilityBatch, date(2026, 6, 1)).label == "2026 第1批"


def test_an_imported_batch_keeps_its_own_name_and_is_made_once(session: Session) -> None:
    first = ensure_batch(session, SceneBatch, "智慧城市专项清单", date(2025, 5, 1), "imported")
    again = ensure_batch(session, SceneBatch, "智慧城市专项清单", date(2026, 1, 1))
    assert again.id == first.id
    assert (first.year, first.number, first.note) == (2025, 0, "imported")
    assert next_batch(session, SceneBatch, date(2025, 6, 1)).label == "2025 第1批"
