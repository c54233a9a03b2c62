"""The firm's access tracker, its pure part: which entries are reads, their words, filters,
rows for export and the weekly counts (no database, no web).

Modelled on the Estonian X-Road Data Tracker: a firm sees each read of its data, who read
it, which fields, for which purpose, and can object to one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from scenehub.governance import purposes
from scenehub.i18n import N_

# A read is an action whose verb (after the domain's dot) begins with one of these:
# integration.read_firm, integration.read_link_pair, industry.read_firm, estation.read_facts,
# estation.read_application_data, and every later ``*.read_…``/``*.download…`` entry. The one
# place that says so: ``is_read`` here and ``READ_LIKE`` for the query say the same.
READ_VERBS = ("read", "download", "export")
READ_LIKE = tuple(f"%.{verb}%" for verb in READ_VERBS)

# Actions in words; an action not named here is shown as it is written.
ACTION_WORDS: dict[str, str] = {
    "integration.read_firm": N_("read the firm's golden record"),
    "integration.read_link_pair": N_("compared two records for linkage"),
    "integration.decide_link": N_("decided whether two records are one firm"),
    "industry.read_firm": N_("read the firm's texts to review its segments"),
    "industry.label": N_("labelled the firm's industry segments"),
    "estation.read_facts": N_("read the firm's facts"),
    "estation.read_application_data": N_("read the data consented in an application"),
    "estation.application_submit": N_("submitted a financing application"),
    "firms.claim": N_("claimed the firm's record"),
    "firms.decide_claim": N_("decided a claim"),
    "firms.profile": N_("edited the firm's profile"),
    "firms.vet": N_("vetted the firm"),
    "proposals.submit": N_("submitted a proposal"),
    "proposals.reject": N_("rejected a proposal"),
    "users.create": N_("created a user"),
    "users.update": N_("changed a user"),
    "users.set_email": N_("changed a user's e-mail address"),
    "auth.login": N_("signed in"),
    "auth.logout": N_("signed out"),
    "cases.file": N_("filed a case"),
    "cases.decide": N_("decided a case"),
    "governance.export_data_access": N_("exported the data-access record"),
}
# Purposes in words; an unknown purpose is shown as it is written.
# Purposes entries were written under before the one registry (governance/purposes.py).
_FORMER_PURPOSES = {"application": purposes.FINANCING_APPLICATION}
WEEKS_CHARTED = 12


def is_read(action: str) -> bool:
    """Whether ``action`` reads data (rather than changes an account or a record)."""
    _, _, verb = action.partition(".")
    return verb.startswith(READ_VERBS)


def action_words(action: str) -> str:
    return ACTION_WORDS.get(action, action)


def purpose_words(purpose: str) -> str:
    return purposes.label(_FORMER_PURPOSES.get(purpose, purpose))


def fields_read(details: Mapping[str, Any]) -> list[str]:
    """The field names an entry says were read (``details["fields"]``), else none."""
    fields = details.get("fields")
    if isinstance(fields, list | tuple):
        return [str(f) for f in fields]
    return []


@dataclass(frozen=True)
class TrackerFilter:
    """What the firm narrows its record to; empty values do not filter."""

    date_from: date | None = None
    date_to: date | None = None
    reader_org_id: int | None = None
    purpose: str = ""
    field: str = ""
    outcome: str = ""
    include_changes: bool = False

    def utc_bounds(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """The date range (days in the city) as [start, end) in UTC (a range that ends
        before it starts holds no day, and keeps no entry)."""
        start = end = None
        if self.date_from is not None:
            start = datetime.combine(self.date_from, time(), zone).astimezone(UTC)
        if self.date_to is not None:
            next_day = self.date_to + timedelta(days=1)
            end = datetime.combine(next_day, time(), zone).astimezone(UTC)
        return start, end

    def keeps(self, details: Mapping[str, Any]) -> bool:
        """The part of the filter the query cannot say: the field among those read."""
        return not self.field or self.field in fields_read(details)


@dataclass(frozen=True)
class EntryFacts:
    """What a tracker row is made of: one audit entry and the names around it."""

    seq: int
    ts: datetime
    actor_username: str
    actor_role: str
    actor_org_id: int | None
    action: str
    purpose: str
    outcome: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TrackerRow:
    seq: int
    when: str  # in the city's time zone
    who: str
    organisation: str
    role: str
    action: str
    action_words: str  # a message id (or the action itself)
    fields: list[str]
    purpose: str
    purpose_words: str  # a message id (or the purpose itself)
    outcome: str
    is_read: bool


def tracker_row(entry: EntryFacts, org_names: Mapping[int, str], zone: ZoneInfo) -> TrackerRow:
    aware = entry.ts if entry.ts.tzinfo else entry.ts.replace(tzinfo=UTC)
    org = org_names.get(entry.actor_org_id, "") if entry.actor_org_id is not None else ""
    return TrackerRow(
        seq=entry.seq,
        when=aware.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
        who=entry.actor_username,
        organisation=org,
        role=entry.actor_role,
        action=entry.action,
        action_words=action_words(entry.action),
        fields=fields_read(entry.details),
        purpose=entry.purpose,
        purpose_words=purpose_words(entry.purpose),
        outcome=entry.outcome,
        is_read=is_read(entry.action),
    )


CSV_HEADER = (
    N_("Entry"),
    N_("When"),
    N_("Who"),
    N_("Organisation"),
    N_("Role"),
    N_("Action"),
    N_("Fields read"),
    N_("Purpose"),
    N_("Outcome"),
)


def csv_table(
    rows: Sequence[TrackerRow], gettext: Callable[[str], str]
) -> tuple[list[str], list[list[Any]]]:
    """The header and cells of an export, in the reader's language."""
    header = [gettext(h) for h in CSV_HEADER]
    cells: list[list[Any]] = [
        [
            r.seq,
            r.when,
            r.who,
            r.organisation,
            gettext(r.role),
            gettext(r.action_words),
            "; ".join(r.fields),
            gettext(r.purpose_words) if r.purpose else "",
            gettext(r.outcome),
        ]
        for r in rows
    ]
    return header, cells


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weekly_counts(reads: Iterable[tuple[datetime, str]], zone: ZoneInfo) -> list[dict[str, Any]]:
    """Reads per week (Monday, in the city) and reading organisation, for a stacked chart:
    ``[{"day": "2026-11-30", "outcome": org name, "count": n}]`` in week order."""
    counts: dict[tuple[str, str], int] = {}
    for ts, org in reads:
        aware = ts if ts.tzinfo else ts.replace(tzinfo=UTC)
        week = week_of(aware.astimezone(zone).date()).isoformat()
        counts[(week, org)] = counts.get((week, org), 0) + 1
    return [{"day": week, "outcome": org, "count": n} for (week, org), n in sorted(counts.items())]
