"""Use cases of the clerical review: the queue of the scored pairs the model is least sure
of, one pair side by side with the evidence, and an operator's decision — the same firm
(confirm) or not (split) — that overrides the model from the next ``scenehub resolve`` on.

Decisions live in the warehouse (``link_decisions``), which resolution reads and never
writes. The web app otherwise only reads the warehouse: a decision opens it for writing for
a moment, and says "busy" while an ingest or resolve run holds it.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from scenehub.auth import service as auth_service
from scenehub.errors import BadRequest, Conflict, NotFound
from scenehub.governance import audit, purposes
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.integration import link_decisions
from scenehub.integration.evidence import (
    DECISIONS,
    RecordView,
    band_around,
    compare_records,
    decision_refusal,
    ordered_pair,
)
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.schemas import (
    FieldAgreementRead,
    LinkDecisionCreate,
    LinkDecisionRead,
    LinkReviewPage,
    PairRead,
    PairSummary,
    RecordBrief,
    ReviewRecord,
)
from scenehub.integration.service import WarehouseUnavailable, reading
from scenehub.integration.warehouse import has_tables, open_warehouse

REVIEW_PAGE = 25
# Around the default threshold of `scenehub resolve` (the web app does not know the
# threshold of the last run; a run with another one still finds its pairs in the band).
REVIEW_BAND = band_around(ResolveSettings().threshold)
WRITE_WAIT_SECONDS = 5.0
_NEEDED = ("std_records", "code_entities", "predictions", "record_firms", "link_decisions")
_PURPOSE = purposes.CLERICAL_REVIEW
_BUSY = N_("the data warehouse is busy with an ingest or resolve run; try again shortly")


class DecisionRefused(Conflict):
    code = "decision_refused"


def link_queue(actor: Actor, warehouse: Path, *, page: int = 1) -> LinkReviewPage:
    """Undecided scored pairs in the review band, least certain first, a page at a time."""
    authorize(actor, "integration.review_links")
    band = REVIEW_BAND
    with reading(warehouse) as connection:
        _require_resolved(connection)
        total = link_decisions.count_queue(connection, band)
        offset = (max(page, 1) - 1) * REVIEW_PAGE
        pairs = link_decisions.queue_page(connection, band, REVIEW_PAGE, offset)
        found = link_decisions.records(connection, [u for a, b, _ in pairs for u in (a, b)])
    items = [
        _summary(found[a], found[b], score) for a, b, score in pairs if a in found and b in found
    ]
    return LinkReviewPage(
        total=total, threshold=band.threshold, lower=band.lower, upper=band.upper, items=items
    )


def pair_for_review(
    session: Session, actor: Actor, warehouse: Path, first: str, second: str
) -> PairRead:
    """Two records side by side with the evidence and the decisions on them (audited as a
    read of each firm's data, which the firm can see)."""
    authorize(actor, "integration.review_links")
    left, right = _ordered(first, second)
    with reading(warehouse) as connection:
        _require_resolved(connection)
        a, b = _both(connection, left, right)
        pair = PairRead(
            unique_id_l=left,
            unique_id_r=right,
            match_probability=link_decisions.probability(connection, left, right),
            same_firm=_same_firm(a, b),
            left=ReviewRecord.model_validate(a),
            right=ReviewRecord.model_validate(b),
            evidence=[FieldAgreementRead.model_validate(f) for f in compare_records(a, b)],
            decisions=[
                LinkDecisionRead.model_validate(row)
                for row in link_decisions.decisions_on(connection, left, right)
            ],
            refused={d: r for d in DECISIONS if (r := decision_refusal(a, b, d)) is not None},
        )
    _audit_firms(session, actor, "integration.read_link_pair", a, b, {"pair": [left, right]})
    return pair


def record_decision(
    session: Session, actor: Actor, warehouse: Path, body: LinkDecisionCreate
) -> LinkDecisionRead:
    """Keep an operator's decision on a pair; it counts from the next resolution.

    The audit entry is written in the session's transaction and the warehouse's transaction
    commits right after the session's: a decision is never kept unaudited."""
    authorize(actor, "integration.review_links")
    left, right = _ordered(body.unique_id_l, body.unique_id_r)
    connection = _open_for_writing(warehouse)
    try:
        connection.execute("BEGIN TRANSACTION")
        _require_resolved(connection)
        a, b = _both(connection, left, right)
        if (reason := decision_refusal(a, b, body.decision)) is not None:
            raise DecisionRefused(reason)
        row = link_decisions.insert_decision(
            connection,
            (left, right),
            body.decision,
            link_decisions.probability(connection, left, right),
            actor.username,
            actor.user_id,
            body.note.strip(),
        )
        details = {"decision_id": row.decision_id, "pair": [left, right], "decision": row.decision}
        _audit_firms(session, actor, "integration.decide_link", a, b, details | {"note": row.note})
    except BaseException:
        connection.close()  # the warehouse's transaction is rolled back
        raise
    _commit_after_session(session, connection)
    return LinkDecisionRead.model_validate(row)


def _summary(left: RecordView, right: RecordView, score: float) -> PairSummary:
    return PairSummary(
        unique_id_l=left.unique_id,
        unique_id_r=right.unique_id,
        match_probability=score,
        same_firm=_same_firm(left, right),
        left=RecordBrief.model_validate(left),
        right=RecordBrief.model_validate(right),
        agreements={f.field: f.agreement for f in compare_records(left, right)},
    )


def _same_firm(left: RecordView, right: RecordView) -> bool:
    return left.firm_id is not None and left.firm_id == right.firm_id


def _ordered(first: str, second: str) -> tuple[str, str]:
    try:
        return ordered_pair(first, second)
    except ValueError:
        raise BadRequest(N_("a decision needs two different records")) from None


def _require_resolved(connection: duckdb.DuckDBPyConnection) -> None:
    if not has_tables(connection, *_NEEDED):
        raise WarehouseUnavailable(N_("firms have not been resolved yet; run `scenehub resolve`"))


def _both(
    connection: duckdb.DuckDBPyConnection, left: str, right: str
) -> tuple[RecordView, RecordView]:
    found = link_decisions.records(connection, (left, right))
    for unique_id in (left, right):
        if unique_id not in found:
            raise NotFound(N_("record %(id)s not found"), params={"id": unique_id})
    return found[left], found[right]


def _audit_firms(
    session: Session,
    actor: Actor,
    action: str,
    left: RecordView,
    right: RecordView,
    details: dict[str, object],
) -> None:
    """One entry per firm the two records are in, for that firm's organisation to see."""
    for firm_id in sorted({r.firm_id or "" for r in (left, right)}):
        audit.record(
            session,
            actor,
            action,
            resource_type="firm",
            resource_id=firm_id,
            subject_org_id=auth_service.org_id_by_uscc(session, firm_id) if firm_id else None,
            purpose=_PURPOSE,
            details=details,
        )


def _open_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise WarehouseUnavailable(N_("no data has been ingested yet; run `scenehub ingest`"))
    deadline = time.monotonic() + WRITE_WAIT_SECONDS
    while True:
        try:
            return open_warehouse(path)
        # Another process's run holds the file, or this process reads it read-only.
        except (duckdb.IOException, duckdb.ConnectionException):
            if time.monotonic() >= deadline:
                raise WarehouseUnavailable(_BUSY) from None
            time.sleep(0.2)


def _commit_after_session(session: Session, connection: duckdb.DuckDBPyConnection) -> None:
    """Commit the warehouse's transaction just after the session's (so the audit entry is
    stored first); roll it back when the session's transaction ends any other way."""
    finished = False

    def finish(commit: bool) -> None:
        nonlocal finished
        if finished:
            return
        finished = True
        try:
            connection.execute("COMMIT" if commit else "ROLLBACK")
        finally:
            connection.close()

    def after_commit(_session: Session) -> None:
        finish(True)

    def after_transaction_end(_session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None:
            finish(False)

    event.listen(session, "after_commit", after_commit)
    event.listen(session, "after_transaction_end", after_transaction_end)
