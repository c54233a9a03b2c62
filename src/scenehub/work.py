"""What a domain's records say the centre did, handed to the dashboard (``scenehub.dashboard``).

Each domain that does the centre's work (salons, proposals, partnerships, the E-Station,
scenes) has a ``work_record(session)`` in its service returning one of these, built from its
own tables; the dashboard merges them and counts (``dashboard/kpis.py``). Nothing in it is
typed in by anyone: it is the rows themselves, reduced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Pair = tuple[int, int]  # (scene id, firm organisation id)


@dataclass(frozen=True)
class WorkRecord:
    # Funnel step (dashboard.kpis.FUNNEL_KEYS) → the scene–firm pairs that reached it.
    pairs: Mapping[str, frozenset[Pair]] = field(default_factory=dict)
    # (kind, local date) of each thing done: a salon held, a proposal sent, a contract signed …
    events: tuple[tuple[str, date], ...] = ()
    # Firm organisations engaged in this domain's work.
    firms: frozenset[int] = frozenset()
    # Headline figures this domain alone knows (salons held, contract value …).
    figures: Mapping[str, float] = field(default_factory=dict)


def merged(records: Iterable[WorkRecord]) -> WorkRecord:
    """One record of every domain's: pairs and firms united, events joined, figures summed."""
    pairs: dict[str, set[Pair]] = {}
    events: list[tuple[str, date]] = []
    firms: set[int] = set()
    figures: dict[str, float] = {}
    for record in records:
        for step, step_pairs in record.pairs.items():
            pairs.setdefault(step, set()).update(step_pairs)
        events.extend(record.events)
        firms.update(record.firms)
        for key, value in record.figures.items():
            figures[key] = figures.get(key, 0) + value
    return WorkRecord(
        {step: frozenset(p) for step, p in pairs.items()},
        tuple(sorted(events)),
        frozenset(firms),
        figures,
    )


# The centre's calendar: a timestamp's day is its day in the city (all shipped cities are in
# China Standard Time; a centre elsewhere sets it here once it needs to).
CENTRE_ZONE = ZoneInfo("Asia/Shanghai")


def day_of(moment: datetime) -> date:
    """The local day of a stored (UTC) timestamp."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(CENTRE_ZONE).date()
