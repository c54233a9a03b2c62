"""The access tracker's rules without a database: reads, filters, rows, export, chart."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scenehub.governance import tracker
from scenehub.governance.tracker import EntryFacts, TrackerFilter
from scenehub.translator import Translator
from scenehub.work import CENTRE_ZONE


def entry(seq: int = 7, **kw: object) -> EntryFacts:
    fields: dict[str, object] = {
        "seq": seq,
        "ts": datetime(2026, 11, 30, 17, 30, tzinfo=UTC),  # 01:30 on 1 December in Hangzhou
        "actor_username": "operator",
        "actor_role": "operator",
        "actor_org_id": 1,
        "action": "integration.read_firm",
        "purpose": "firm-profile",
        "outcome": "success",
        "details": {"fields": ["legal_rep", "phone"]},
    }
    return EntryFacts(**(fields | kw))  # type: ignore[arg-type]


def test_reads_are_the_actions_whose_verb_reads_downloads_or_exports() -> None:
    reads = [
        "integration.read_firm",
        "integration.read_link_pair",
        "industry.read_firm",
        "estation.read_facts",
        "estation.read_application_data",
        "partnerships.download_attachment",
    ]
    assert all(tracker.is_read(a) for a in reads)
    changes = ["users.update", "auth.login", "firms.decide_claim", "governance.tracker_export"]
    assert not any(tracker.is_read(a) for a in changes)


def test_a_row_is_in_the_citys_time_with_words_fields_and_the_readers_organisation() -> None:
    row = tracker.tracker_row(entry(), {1: "场景创新中心"}, CENTRE_ZONE)
    assert row.when == "2026-12-01 01:30:00"
    assert row.organisation == "场景创新中心"
    assert row.fields == ["legal_rep", "phone"]
    assert row.action_words == "read the firm's golden record" and row.is_read
    assert row.purpose_words == "reading a firm's record"


def test_an_unknown_action_or_purpose_is_shown_as_written() -> None:
    row = tracker.tracker_row(
        entry(action="future.read_x", purpose="audit-sampling", details={}), {}, CENTRE_ZONE
    )
    assert (row.action_words, row.purpose_words, row.fields) == (
        "future.read_x",
        "audit-sampling",
        [],
    )
    assert row.organisation == ""


def test_the_date_range_is_days_in_the_city_as_utc_bounds() -> None:
    filt = TrackerFilter(date_from=date(2026, 12, 1), date_to=date(2026, 12, 1))
    start, end = filt.utc_bounds(CENTRE_ZONE)
    assert start == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    assert TrackerFilter().utc_bounds(CENTRE_ZONE) == (None, None)


def test_a_field_filter_keeps_only_entries_that_read_the_field() -> None:
    assert TrackerFilter(field="phone").keeps({"fields": ["phone"]})
    assert not TrackerFilter(field="phone").keeps({"fields": ["name"], "phone": 1})
    assert TrackerFilter().keeps({})


def test_a_range_that_ends_before_it_starts_holds_no_moment() -> None:
    filt = TrackerFilter(date_from=date(2026, 12, 2), date_to=date(2026, 12, 1))
    start, end = filt.utc_bounds(CENTRE_ZONE)
    assert start is not None and end is not None and start >= end


def test_the_export_speaks_the_readers_language() -> None:
    row = tracker.tracker_row(entry(), {1: "场景创新中心"}, CENTRE_ZONE)
    header, cells = tracker.csv_table([row], Translator("zh_CN").gettext)
    assert header[0] == "条目" and header[6] == "读取的字段"
    words = ["中心运营人员", "读取了企业的主数据记录", "legal_rep; phone", "查阅企业档案", "成功"]
    assert cells == [[7, "2026-12-01 01:30:00", "operator", "场景创新中心", *words]]


def test_reads_are_counted_per_week_of_the_city_and_organisation() -> None:
    monday_in_city = datetime(2026, 11, 29, 16, 30, tzinfo=UTC)  # Mon 30 Nov 00:30 in Hangzhou
    sunday_in_city = datetime(2026, 11, 29, 15, 30, tzinfo=UTC)  # Sun 29 Nov 23:30
    counts = tracker.weekly_counts(
        [
            (monday_in_city, "A"),
            (monday_in_city, "A"),
            (sunday_in_city, "A"),
            (monday_in_city, "B"),
        ],
        CENTRE_ZONE,
    )
    assert counts == [
        {"day": "2026-11-23", "outcome": "A", "count": 1},
        {"day": "2026-11-30", "outcome": "A", "count": 2},
        {"day": "2026-11-30", "outcome": "B", "count": 1},
    ]
