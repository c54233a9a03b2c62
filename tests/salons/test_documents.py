"""A salon's documents: each participant's calendar parses back with its meetings at the right
times in Asia/Shanghai, and the printable schedule carries every meeting in an embedded font."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from scenehub.printing import cjk_font_file
from scenehub.salons.documents import (
    SalonInfo,
    ScheduledMeeting,
    participant_calendar,
    schedule_pdf,
)
from scenehub.translator import Translator
from tests.conftest import pdf_fonts

SHANGHAI = ZoneInfo("Asia/Shanghai")
SALON = SalonInfo(
    code="S2026-07",
    theme="具身智能 × 城市巡检",
    venue="杭州市场景创新中心 3 楼",
    starts_at=datetime(2026, 7, 15, 1, 30, tzinfo=UTC),  # 09:30 in Hangzhou
    slot_minutes=20,
    break_minutes=10,
)
MEETINGS = [
    ScheduledMeeting(0, 0, "杭州云巡科技有限公司", "杭州市城市管理局", ("城市道路巡检",)),
    ScheduledMeeting(0, 1, "杭州灵犀机器人有限公司", "杭州市公安局"),
    ScheduledMeeting(1, 0, "杭州灵犀机器人有限公司", "杭州市城市管理局"),
    ScheduledMeeting(2, 5, "杭州云巡科技有限公司", "杭州市公安局"),
]


def events(ics: bytes) -> list:
    return [c for c in Calendar.from_ical(ics).walk("VEVENT")]


def test_slots_follow_each_other_with_the_break_between() -> None:
    assert SALON.slot_start(0) == datetime(2026, 7, 15, 9, 30, tzinfo=SHANGHAI)
    assert SALON.slot_start(2) == datetime(2026, 7, 15, 10, 30, tzinfo=SHANGHAI)
    assert SALON.slot_end(2) - SALON.slot_start(2) == timedelta(minutes=20)


def test_a_salon_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        SalonInfo("S1", "主题", "会场", datetime(2026, 7, 15, 9, 30), slot_minutes=20)


def test_a_firms_calendar_has_one_event_per_meeting_naming_the_department() -> None:
    ics = participant_calendar(SALON, MEETINGS, participant="杭州云巡科技有限公司")
    calendar = Calendar.from_ical(ics)
    assert str(calendar["method"]) == "PUBLISH"
    assert "scenehub" in str(calendar["prodid"])
    found = events(ics)
    assert len(found) == 2
    first, last = found
    assert first["dtstart"].dt == datetime(2026, 7, 15, 9, 30, tzinfo=SHANGHAI)
    assert str(first["dtstart"].dt.tzinfo) == "Asia/Shanghai"
    assert first["dtend"].dt == datetime(2026, 7, 15, 9, 50, tzinfo=SHANGHAI)
    assert "杭州市城市管理局" in str(first["summary"])
    assert "城市道路巡检" in str(first["description"])
    assert "杭州市公安局" in str(last["summary"])
    assert str(last["location"]) == "杭州市场景创新中心 3 楼, table 6"
    assert len(list(calendar.walk("VTIMEZONE"))) == 1


def test_a_departments_calendar_names_the_firms_and_uids_are_stable() -> None:
    ics = participant_calendar(SALON, MEETINGS, participant="杭州市城市管理局")
    found = events(ics)
    assert [str(e["summary"]) for e in found] == [
        "1:1 meeting with 杭州云巡科技有限公司",
        "1:1 meeting with 杭州灵犀机器人有限公司",
    ]
    again = events(participant_calendar(SALON, MEETINGS, participant="杭州市城市管理局"))
    assert [str(e["uid"]) for e in found] == [str(e["uid"]) for e in again]
    assert len({str(e["uid"]) for e in found}) == 2
    # the firm's copy of the same meeting has the same UID, so both calendars agree
    firm = events(participant_calendar(SALON, MEETINGS, participant="杭州云巡科技有限公司"))
    assert str(firm[0]["uid"]) == str(found[0]["uid"])


def test_the_calendar_speaks_the_readers_language() -> None:
    ics = participant_calendar(
        SALON, MEETINGS, participant="杭州市公安局", translate=Translator("zh_CN")
    )
    summaries = [str(e["summary"]) for e in events(ics)]
    assert len(summaries) == 2
    assert all("meeting" not in s for s in summaries)
    assert "杭州灵犀机器人有限公司" in summaries[0]


def test_a_participant_without_meetings_gets_an_empty_calendar() -> None:
    assert events(participant_calendar(SALON, MEETINGS, participant="无名企业")) == []


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_the_schedule_pdf_carries_every_meeting_in_an_embedded_font(locale: str) -> None:
    pdf = schedule_pdf(SALON, MEETINGS, Translator(locale))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    for meeting in MEETINGS:
        assert meeting.firm in text
        assert meeting.department in text
    assert "09:30" in text and "10:30" in text
    assert ("Table 6" if locale == "en" else "6 号桌") in text
    if cjk_font_file() is not None:
        assert any(pdf_fonts(pdf).values())  # the CJK font, embedded
    # many tables: landscape
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height


def test_the_schedule_pdf_renders_on_a_machine_with_only_noto_cjk(only_noto_cjk: Path) -> None:
    pdf = schedule_pdf(SALON, MEETINGS, Translator("zh_CN"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert all(m.firm in text and m.department in text for m in MEETINGS)
    assert "6 号桌" in text
    assert pdf_fonts(pdf)["STSong-Light"] is False


def test_a_wide_salon_splits_its_tables_over_grids() -> None:
    many = [ScheduledMeeting(0, t, f"企业{t:02d}", "杭州市公安局") for t in range(20)]
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(schedule_pdf(SALON, many, str))).pages
    )
    assert all(f"企业{t:02d}" in text for t in range(20))
    assert "Table 20" in text
