"""Use cases of the classification review: the queue of the firms the classifier is least
sure of, the operator's labels that confirm or correct their chain segments, and the labels
the classifier learns from at the next ``scenehub map`` (with the segments firms declare).

A label counts at once in the map's next build: a labelled firm is counted under its label,
whatever the model says (``LabelOverride``), and the model is trained again with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.errors import NotFound
from scenehub.firms import service as firm_service
from scenehub.governance import audit, purposes
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.industry.classify import FirmText
from scenehub.industry.labels import (
    DECLARED_SOURCE,
    OPERATOR_SOURCE,
    LabelledFirm,
    LabelOverride,
)
from scenehub.industry.map import MIN_CONFIDENCE
from scenehub.industry.models import SegmentLabel
from scenehub.industry.schemas import LabelCreate, LabelRead, ReviewItem, SegmentRead
from scenehub.integration.service import WarehouseUnavailable, reading
from scenehub.integration.warehouse import has_tables

REVIEW_PAGE = 25
_TEXT_FIELDS = ("name", "scope", "capability", "department", "patents")
_ITEM_SQL = """
    SELECT f.firm_id, f.name, f.district_code, f.department_text, f.patent_titles,
           list(struct_pack(code := s.code, score := s.score, kind := s.kind) ORDER BY s.rank)
    FROM firm_facts f JOIN firm_segments s USING (firm_id)"""


def _checked(connection: object) -> None:
    if not has_tables(connection, "firm_facts", "firm_segments"):  # type: ignore[arg-type]
        raise WarehouseUnavailable(N_("firms have not been classified yet; run `scenehub map`"))


def review_queue(
    session: Session, actor: Actor, warehouse: Path, *, page: int = 1
) -> tuple[list[ReviewItem], int]:
    """The firms the map could not count reliably (the model's confidence below
    ``MIN_CONFIDENCE``), least sure first, leaving out the firms already labelled; and how
    many such firms there are."""
    authorize(actor, "industry.label")
    labelled = sorted(latest_labels(session))
    skip = (
        f"AND s.score < {float(MIN_CONFIDENCE)} AND f.firm_id NOT IN (SELECT unnest(?::VARCHAR[]))"
    )
    with reading(warehouse) as connection:
        _checked(connection)
        total = connection.execute(
            f"""SELECT count(*) FROM firm_facts f JOIN firm_segments s USING (firm_id)
            WHERE s.rank = 1 AND s.source = 'model' {skip}""",  # noqa: S608 - constant SQL
            [labelled],
        ).fetchone()
        rows = connection.execute(
            f"""{_ITEM_SQL} WHERE f.firm_id IN (
                SELECT f.firm_id FROM firm_facts f JOIN firm_segments s USING (firm_id)
                WHERE s.rank = 1 AND s.source = 'model' {skip}
                ORDER BY s.score, f.firm_id LIMIT ? OFFSET ?)
            GROUP BY ALL ORDER BY min(s.score) FILTER (WHERE s.rank = 1), f.firm_id""",  # noqa: S608
            [labelled, REVIEW_PAGE, (max(page, 1) - 1) * REVIEW_PAGE],
        ).fetchall()
    capabilities = firm_service.capability_texts(session)
    return [_item(row, capabilities, False) for row in rows], int(total[0] if total else 0)


def review_item(session: Session, actor: Actor, warehouse: Path, firm_id: str) -> ReviewItem:
    """One firm's texts and segments, for an operator to confirm or correct (audited as a
    read of the firm's data, which the firm can see)."""
    owner = auth_service.org_id_by_uscc(session, firm_id)
    authorize(actor, "industry.label", Resource("firm", firm_id, owner))
    item = _load_item(session, warehouse, firm_id)
    audit.record(
        session,
        actor,
        "industry.read_firm",
        resource_type="firm",
        resource_id=firm_id,
        subject_org_id=owner,
        purpose=purposes.SEGMENT_REVIEW,
    )
    return item


def _load_item(session: Session, warehouse: Path, firm_id: str) -> ReviewItem:
    with reading(warehouse) as connection:
        _checked(connection)
        row = connection.execute(
            f"{_ITEM_SQL} WHERE f.firm_id = ? GROUP BY ALL",
            [firm_id],
        ).fetchone()
    if row is None:
        raise NotFound(N_("firm %(id)s not found"), params={"id": firm_id})
    capabilities = firm_service.capability_texts(session)
    return _item(row, capabilities, firm_id in latest_labels(session))


def _item(row: tuple[object, ...], capabilities: dict[str, str], labelled: bool) -> ReviewItem:
    firm_id, name, district, department, patents, segments = row
    ranked = [SegmentRead(**s) for s in cast(list[dict[str, Any]], segments)]
    texts = {
        "name": str(name or ""),
        "capability": capabilities.get(str(firm_id), ""),
        "department": str(department or ""),
        "patents": str(patents or ""),
    }
    return ReviewItem(
        firm_id=str(firm_id),
        name=str(name or ""),
        district_code=str(district) if district else None,
        confidence=ranked[0].score if ranked else 0.0,
        segments=ranked,
        texts={k: v for k, v in texts.items() if v},
        labelled=labelled,
    )


def record_label(
    session: Session, actor: Actor, warehouse: Path, firm_id: str, body: LabelCreate
) -> LabelRead:
    """Confirm or correct a firm's segments; the text it was read from is kept with it."""
    owner = auth_service.org_id_by_uscc(session, firm_id)
    authorize(actor, "industry.label", Resource("firm", firm_id, owner))
    item = _load_item(session, warehouse, firm_id)
    predicted = next((s for s in item.segments if s.kind == "primary"), None)
    row = SegmentLabel(
        firm_id=firm_id,
        firm_name=item.name,
        primary=body.primary,
        secondary=[c for c in body.secondary if c != body.primary],
        predicted=predicted.code if predicted else "",
        confidence=predicted.score if predicted else None,
        text=item.texts,
        note=body.note,
        labelled_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "industry.label",
        resource_type="firm",
        resource_id=firm_id,
        subject_org_id=owner,
        purpose=purposes.SEGMENT_REVIEW,
        details={"primary": row.primary, "secondary": row.secondary, "was": row.predicted},
    )
    return LabelRead.model_validate(row)


def latest_labels(session: Session) -> dict[str, SegmentLabel]:
    """The label that counts for each labelled firm: its latest."""
    rows = session.scalars(select(SegmentLabel).order_by(SegmentLabel.id))
    return {row.firm_id: row for row in rows}


def learned_examples(session: Session) -> list[LabelledFirm]:
    """What the classifier learns from the centre: every labelled firm's latest label, and
    the segments firms declare on their published capabilities (a firm an operator labelled
    learns from the operator's label only)."""
    operator = latest_labels(session)
    examples = [
        LabelledFirm(
            FirmText(firm_id, **{k: v for k, v in row.text.items() if k in _TEXT_FIELDS}),
            (row.primary, *row.secondary),
            OPERATOR_SOURCE,
        )
        for firm_id, row in operator.items()
    ]
    for declared in firm_service.declared_segments(session):
        if declared.golden_id not in operator:
            text = FirmText(declared.golden_id, declared.name, capability=declared.text)
            examples.append(LabelledFirm(text, tuple(declared.segments), DECLARED_SOURCE))
    return examples


def label_overrides(session: Session) -> dict[str, LabelOverride]:
    """Firm id → the segments the map counts it under instead of the model's."""
    return {
        example.text.firm_id: LabelOverride(example.segments, example.source)
        for example in learned_examples(session)
    }


def labels_of(session: Session, actor: Actor, firm_id: str) -> list[LabelRead]:
    """A firm's labels, latest first."""
    authorize(actor, "industry.label")
    rows = session.scalars(
        select(SegmentLabel).where(SegmentLabel.firm_id == firm_id).order_by(SegmentLabel.id.desc())
    )
    return [LabelRead.model_validate(row) for row in rows]
