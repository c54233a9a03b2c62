"""A salon's documents: the printable schedule (A4 PDF, CJK font embedded) and each
participant's calendar (RFC 5545 ``.ics``).

Slots and tables are numbered from 0 in the schedule (as the solver's contract has them);
people read tables numbered from 1, so both documents print ``table + 1``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from scenehub.i18n import N_
from scenehub.printing import pdf_bytes, pdf_font

PRODID = "-//scenehub//salon schedule//EN"
GRID_COLUMNS = 8  # columns of meetings that fit across a landscape A4 page
MARGINS = 144.0  # reportlab's page template: an inch each side
TIME_COLUMN = 60.0


@dataclass(frozen=True)
class SalonInfo:
    """What the documents say about the salon itself."""

    code: str
    theme: str
    venue: str
    starts_at: datetime  # aware; slot 0 starts here
    slot_minutes: int
    break_minutes: int = 0
    timezone: str = "Asia/Shanghai"  # the zone the documents show times in

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None:
            raise ValueError("a salon's start needs its time zone")
        if self.slot_minutes <= 0 or self.break_minutes < 0:
            raise ValueError("slots need a positive length and breaks a non-negative one")

    def slot_start(self, slot: int) -> datetime:
        """When ``slot`` begins, in the salon's zone."""
        step = timedelta(minutes=self.slot_minutes + self.break_minutes)
        return (self.starts_at + slot * step).astimezone(ZoneInfo(self.timezone))

    def slot_end(self, slot: int) -> datetime:
        return self.slot_start(slot) + timedelta(minutes=self.slot_minutes)


@dataclass(frozen=True)
class ScheduledMeeting:
    slot: int
    table: int
    firm: str
    department: str
    scenes: tuple[str, ...] = ()


def participant_calendar(
    salon: SalonInfo,
    meetings: Sequence[ScheduledMeeting],
    *,
    participant: str,
    translate: Callable[[str], str] = str,
) -> bytes:
    """The ``.ics`` of ``participant`` (a firm's or a department's name): one event per
    meeting it has, each naming the other party, the venue and the table."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{salon.theme} · {participant}")
    stamp = datetime.now(UTC)
    for meeting in sorted(meetings, key=lambda m: (m.slot, m.table)):
        if participant in (meeting.firm, meeting.department):
            calendar.add_component(_event(salon, meeting, participant, translate, stamp))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _event(
    salon: SalonInfo,
    meeting: ScheduledMeeting,
    participant: str,
    translate: Callable[[str], str],
    stamp: datetime,
) -> Any:
    from icalendar import Event

    other = meeting.department if participant == meeting.firm else meeting.firm
    event = Event()
    event.add("uid", f"{salon.code}-slot{meeting.slot}-table{meeting.table}@scenehub")
    event.add("dtstamp", stamp)
    event.add("dtstart", salon.slot_start(meeting.slot))
    event.add("dtend", salon.slot_end(meeting.slot))
    event.add("summary", translate(N_("1:1 meeting with %(party)s")) % {"party": other})
    event.add("location", _table_at(salon.venue, meeting.table, translate))
    description = [salon.theme]
    if meeting.scenes:
        description.append(
            translate(N_("Scenes: %(scenes)s")) % {"scenes": "、".join(meeting.scenes)}
        )
    event.add("description", "\n".join(description))
    return event


def _table_at(venue: str, table: int, translate: Callable[[str], str]) -> str:
    return translate(N_("%(venue)s, table %(table)s")) % {"venue": venue, "table": table + 1}


def schedule_pdf(
    salon: SalonInfo, meetings: Sequence[ScheduledMeeting], translate: Callable[[str], str]
) -> bytes:
    """The printable schedule: a grid of slots (times, down the page) × tables (across,
    eight to a landscape page width, further tables in a grid of their own below), the firm
    and the department in each cell."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Spacer

    slots = range(max((m.slot for m in meetings), default=-1) + 1)
    tables = list(range(max((m.table for m in meetings), default=-1) + 1))
    at = {(m.slot, m.table): m for m in meetings}
    size = landscape(A4) if len(tables) > 4 else A4
    across = max(1, min(len(tables), GRID_COLUMNS))
    look = _look(column=min(110.0, (size[0] - MARGINS - TIME_COLUMN) / across))
    story: list[Any] = _heading(salon, meetings, look, translate)
    for first in range(0, len(tables), GRID_COLUMNS):
        columns = tables[first : first + GRID_COLUMNS]
        story += [_grid(salon, slots, columns, at, look, translate), Spacer(1, 10)]
    return pdf_bytes(story, pagesize=size, title=f"{salon.theme} · {translate(N_('Schedule'))}")


@dataclass(frozen=True)
class _Look:
    font: str
    title: Any  # reportlab ParagraphStyle (reportlab loads on use)
    body: Any
    cell: Any
    column: float  # the width of a table's column, in points


def _look(column: float) -> _Look:
    from reportlab.lib.styles import ParagraphStyle

    font = pdf_font()
    return _Look(
        font,
        title=ParagraphStyle("title", fontName=font, fontSize=16, leading=22),
        body=ParagraphStyle("body", fontName=font, fontSize=9, leading=13),
        cell=ParagraphStyle("cell", fontName=font, fontSize=7, leading=9),
        column=column,
    )


def _heading(
    salon: SalonInfo,
    meetings: Sequence[ScheduledMeeting],
    look: _Look,
    translate: Callable[[str], str],
) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    day = salon.slot_start(0).strftime("%Y-%m-%d %H:%M")
    facts = translate(N_("%(code)s · %(venue)s · from %(start)s · %(n)s meetings")) % {
        "code": salon.code,
        "venue": salon.venue,
        "start": day,
        "n": len(meetings),
    }
    return [
        Paragraph(escape(salon.theme), look.title),
        Paragraph(escape(facts), look.body),
        Spacer(1, 8),
    ]


def _grid(
    salon: SalonInfo,
    slots: range,
    tables: list[int],
    at: dict[tuple[int, int], ScheduledMeeting],
    look: _Look,
    translate: Callable[[str], str],
) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    header = [translate(N_("Time"))] + [
        translate(N_("Table %(n)s")) % {"n": table + 1} for table in tables
    ]
    rows: list[list[Any]] = [header]
    for slot in slots:
        times = f"{salon.slot_start(slot):%H:%M}–{salon.slot_end(slot):%H:%M}"
        rows.append([times] + [_cell(at.get((slot, t)), look) for t in tables])
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), look.font),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e0ecf8")),
        ]
    )
    widths = [TIME_COLUMN] + [look.column] * len(tables)
    return Table(rows, style=style, repeatRows=1, colWidths=widths, hAlign="LEFT")


def _cell(meeting: ScheduledMeeting | None, look: _Look) -> Any:
    from reportlab.platypus import Paragraph

    if meeting is None:
        return ""
    return Paragraph(f"{escape(meeting.firm)}<br/>{escape(meeting.department)}", look.cell)
