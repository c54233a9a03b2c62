"""Clerical review on a resolved small city: the queue, decisions that override the model
and outlive re-runs, and a decision kept only with its audit entry."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth.roles import Role
from scenehub.db import session_factory
from scenehub.errors import NotFound, PermissionDenied
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import Actor
from scenehub.integration import review
from scenehub.integration import service as integration_service
from scenehub.integration.schemas import LinkDecisionCreate, PairSummary
from scenehub.integration.service import WarehouseUnavailable
from tests.integration.conftest import linked_beyond_their_code, resolve_again

pytestmark = pytest.mark.slow
OPERATOR = Actor(user_id=2, username="operator", role=Role.OPERATOR)
FIRM = Actor(user_id=5, username="yuntu", role=Role.FIRM, org_id=9)


@pytest.fixture
def warehouse(resolved_city: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(resolved_city, copy)
    return copy


@pytest.fixture
def app_db(sqlite_template: Path, tmp_path: Path) -> str:
    """The app's database for the tests that re-run resolution (once, on SQLite: the
    decision's audit entry is tested on both backends below)."""
    path = tmp_path / "app.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def session(app_db: str) -> Iterator[Session]:
    with session_factory(app_db)() as db_session:
        yield db_session


def queued(warehouse: Path) -> Iterator[PairSummary]:
    """Every pair of the queue, page by page."""
    page = 1
    while items := review.link_queue(OPERATOR, warehouse, page=page).items:
        yield from items
        page += 1


def one_code(pair: PairSummary) -> bool:
    """One record of the pair is linked to its firm by its code, the other has none."""
    return (pair.left.code_firm is None) != (pair.right.code_firm is None)


def first_pair(warehouse: Path, *, same_firm: bool) -> PairSummary:
    found = next((p for p in queued(warehouse) if p.same_firm is same_firm and one_code(p)), None)
    assert found is not None, f"the test city has no such pair in the queue ({same_firm=})"
    return found


def splittable_pair(warehouse: Path) -> PairSummary:
    """A pair in one firm whose uncoded record links only to records of the other's code
    (see ``linked_beyond_their_code``)."""
    loose = linked_beyond_their_code(warehouse, review.REVIEW_BAND.threshold)
    for pair in queued(warehouse):
        uncoded = pair.left if pair.left.code_firm is None else pair.right
        if pair.same_firm and one_code(pair) and uncoded.unique_id not in loose:
            return pair
    raise AssertionError("the test city has no pair to split in the queue")


def decide(session: Session, warehouse: Path, pair: PairSummary, decision: str) -> None:
    body = LinkDecisionCreate(
        unique_id_l=pair.unique_id_l,
        unique_id_r=pair.unique_id_r,
        decision=decision,  # type: ignore[arg-type]
        note="test",
    )
    review.record_decision(session, OPERATOR, warehouse, body)


def firms_of(warehouse: Path, pair: PairSummary) -> tuple[str, str]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = dict(
            connection.execute(
                "SELECT unique_id, firm_id FROM record_firms WHERE list_contains(?, unique_id)",
                [[pair.unique_id_l, pair.unique_id_r]],
            ).fetchall()
        )
    finally:
        connection.close()
    return rows[pair.unique_id_l], rows[pair.unique_id_r]


def decision_count(warehouse: Path) -> int:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return int(connection.execute("SELECT count(*) FROM link_decisions").fetchall()[0][0])
    finally:
        connection.close()


def all_scored(warehouse: Path) -> list[tuple[str, str, float]]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = connection.execute(
            "SELECT unique_id_l, unique_id_r, match_probability FROM predictions"
        ).fetchall()
    finally:
        connection.close()
    return [(str(a), str(b), float(p)) for a, b, p in rows]


def test_the_queue_is_the_bands_undecided_pairs_least_certain_first(
    warehouse: Path, session: Session
) -> None:
    band = review.REVIEW_BAND
    expected = sorted(
        (pair for pair in all_scored(warehouse) if band.contains(pair[2])),
        key=lambda pair: band.uncertainty_key(pair[2], pair[0], pair[1]),
    )
    queue = review.link_queue(OPERATOR, warehouse)
    assert queue.total == len(expected) > review.REVIEW_PAGE
    assert [(p.unique_id_l, p.unique_id_r) for p in queue.items] == [
        (a, b) for a, b, _ in expected[: review.REVIEW_PAGE]
    ]
    decide(session, warehouse, queue.items[0], "match")
    session.commit()
    after = review.link_queue(OPERATOR, warehouse)
    assert after.total == queue.total - 1
    assert after.items[0].unique_id_l == queue.items[1].unique_id_l


def test_a_confirmed_pair_ends_in_one_firm_and_a_split_pair_in_two_after_resolution(
    warehouse: Path, session: Session
) -> None:
    confirmed = first_pair(warehouse, same_firm=False)
    split = splittable_pair(warehouse)
    decide(session, warehouse, confirmed, "match")
    decide(session, warehouse, split, "split")
    session.commit()
    for _ in range(2):  # decisions outlive every re-run
        resolve_again(warehouse)
        left, right = firms_of(warehouse, confirmed)
        assert left == right
        left, right = firms_of(warehouse, split)
        assert left != right
        assert decision_count(warehouse) == 2
    decided = {(p.unique_id_l, p.unique_id_r) for p in queued(warehouse)}
    assert (confirmed.unique_id_l, confirmed.unique_id_r) not in decided
    assert (split.unique_id_l, split.unique_id_r) not in decided


def test_the_firm_page_shows_which_links_a_person_confirmed(
    warehouse: Path, session: Session
) -> None:
    pair = first_pair(warehouse, same_firm=False)
    decide(session, warehouse, pair, "match")
    session.commit()
    resolve_again(warehouse)
    firm_id, _ = firms_of(warehouse, pair)
    firm = integration_service.get_firm(session, OPERATOR, warehouse, firm_id)
    confirmed = {f"{r.source}:{r.record_id}": r for r in firm.linked if r.confirmed_by}
    assert set(confirmed) == {pair.unique_id_l, pair.unique_id_r}
    record = confirmed[pair.unique_id_l]
    assert record.confirmed_by == "operator" and record.confirmed_at is not None


def test_a_pair_shows_both_records_the_evidence_and_its_decisions(
    warehouse: Path, session: Session
) -> None:
    pair = first_pair(warehouse, same_firm=False)
    decide(session, warehouse, pair, "split")
    session.commit()
    # Asked either way round, it is the same pair.
    shown = review.pair_for_review(session, OPERATOR, warehouse, pair.unique_id_r, pair.unique_id_l)
    assert (shown.left.unique_id, shown.right.unique_id) == (pair.unique_id_l, pair.unique_id_r)
    assert shown.match_probability == pair.match_probability
    assert {f.field for f in shown.evidence} >= {"name_core", "address", "phone", "uscc"}
    assert [d.decision for d in shown.decisions] == ["split"]
    assert shown.decisions[0].decided_by == "operator" and shown.decisions[0].note == "test"
    session.commit()
    reads = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "integration.read_link_pair")
    ).all()
    assert {r.resource_id for r in reads} == {pair.left.firm_id, pair.right.firm_id}


def test_splitting_two_records_of_one_code_is_refused_and_nothing_is_kept(
    warehouse: Path, session: Session
) -> None:
    connection = duckdb.connect(str(warehouse), read_only=True)
    first, second = connection.execute("""SELECT min(unique_id), max(unique_id)
        FROM code_entities GROUP BY firm_id HAVING count(*) > 1
        ORDER BY firm_id LIMIT 1""").fetchall()[0]
    connection.close()
    body = LinkDecisionCreate(unique_id_l=first, unique_id_r=second, decision="split")
    with pytest.raises(review.DecisionRefused, match="same valid USCC"):
        review.record_decision(session, OPERATOR, warehouse, body)
    session.rollback()
    assert decision_count(warehouse) == 0


def test_a_decision_on_an_unknown_record_is_not_found(warehouse: Path, session: Session) -> None:
    pair = first_pair(warehouse, same_firm=False)
    body = LinkDecisionCreate(
        unique_id_l=pair.unique_id_l, unique_id_r="nosuch:1", decision="match"
    )
    with pytest.raises(NotFound):
        review.record_decision(session, OPERATOR, warehouse, body)


def test_only_the_centre_reviews_links(warehouse: Path, session: Session) -> None:
    with pytest.raises(PermissionDenied):
        review.link_queue(FIRM, warehouse)
    body = LinkDecisionCreate(unique_id_l="a:1", unique_id_r="b:2", decision="split")
    with pytest.raises(PermissionDenied):
        review.record_decision(session, FIRM, warehouse, body)


def test_a_decision_is_kept_with_its_audit_entry_or_not_at_all(
    warehouse: Path, db_url: str
) -> None:
    pair = next(queued(warehouse))
    with session_factory(db_url)() as db:
        decide(db, warehouse, pair, "split")
        # Until the session commits, the warehouse's write is pending: readers are told so.
        with pytest.raises(WarehouseUnavailable):
            review.link_queue(OPERATOR, warehouse)
        db.rollback()
    assert decision_count(warehouse) == 0
    with session_factory(db_url)() as db:
        decide(db, warehouse, pair, "split")
        db.commit()
        entries = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "integration.decide_link")
        ).all()
    assert decision_count(warehouse) == 1
    assert entries and all(e.details["decision"] == "split" for e in entries)
    assert {e.resource_id for e in entries} == {pair.left.firm_id, pair.right.firm_id}
