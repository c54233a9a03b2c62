"""Scene credit: a firm that wins a scene or completes a pilot is told which products it now
qualifies for that it did not before, and why.

The events come from proposals and partnerships through ``scenehub.events`` (they import
nothing of the E-Station). Hearing one only writes down what changed in the platform's own
facts (``scene_wins`` 0 → 1, ``pilot_status`` running → completed): it needs neither the
warehouse nor the products, so it cannot fail the selection or the completion. What the
event unlocked is worked out the first time the firm's eligibility is read afterwards, with
its facts then: every published product it is eligible for with the facts after the event
and was not (false or unknown) with the facts before, and the conditions that changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.estation.check import CompiledProduct
from scenehub.estation.facts import FIELDS, Facts, shown
from scenehub.estation.messages import Message
from scenehub.estation.models import SceneCredit
from scenehub.events import PilotCompleted, SceneWon
from scenehub.firms import service as firm_service
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.partnerships import service as partnership_service
from scenehub.proposals import service as proposal_service

SCENE_WON, PILOT_COMPLETED = "scene_won", "pilot_completed"
HEADINGS = {
    SCENE_WON: N_("New for you since you won scene %(scene)s"),
    PILOT_COMPLETED: N_("New for you since your pilot in scene %(scene)s was completed"),
}
CHANGED = N_("%(rule)s now holds: %(field)s was %(before)s, is %(after)s")


def on_scene_won(session: Session, actor: Actor, event: SceneWon) -> None:
    """A proposal selected: the firm's scene wins went up by one."""
    wins = proposal_service.selected_counts_by_firm(session, [event.firm_id])
    after = wins.get(event.firm_id, 0)
    changed = {"scene_wins": [max(after - 1, 0), after]}
    _record(session, event.firm_id, SCENE_WON, str(event.proposal_id), event.scene_code, changed)


def on_pilot_completed(session: Session, actor: Actor, event: PilotCompleted) -> None:
    """A pilot completed: the firm's pilot status is now "completed" if this is its first
    completed pilot (a later one changes no fact, and unlocks nothing)."""
    firm = firm_service.firm_of_org(session, event.firm_org_id)
    if firm is None:
        return
    completed = partnership_service.pilot_counts_by_org(session, [event.firm_org_id])
    if completed.get(event.firm_org_id, 0) != 1:
        return
    changed = {"pilot_status": ["running", "completed"]}
    _record(session, firm.id, PILOT_COMPLETED, event.partnership_code, event.scene_code, changed)


def _record(
    session: Session,
    firm_id: int,
    trigger: str,
    reference: str,
    scene_code: str,
    changed: dict[str, Any],
) -> None:
    """The event, once per firm, trigger and reference (a pilot evaluated, then moved on,
    is one completion)."""
    exists = session.scalar(
        select(SceneCredit.id).where(
            SceneCredit.firm_id == firm_id,
            SceneCredit.trigger == trigger,
            SceneCredit.reference == reference,
        )
    )
    if exists is not None or not changed:
        return
    session.add(
        SceneCredit(
            firm_id=firm_id,
            trigger=trigger,
            reference=reference[:40],
            scene_code=scene_code[:40],
            changed=changed,
            unlocked=[],
        )
    )
    session.flush()


# --- what an event unlocked ---------------------------------------------------------------


def unlocked_by(
    products: Sequence[CompiledProduct], facts: Facts, changed: dict[str, Any]
) -> list[dict[str, Any]]:
    """The products eligible with ``facts`` as the event left them and not before, and the
    conditions on the changed facts whose result the event changed."""
    before = {**facts, **{f: v[0] for f, v in changed.items()}}
    after = {**facts, **{f: v[1] for f, v in changed.items()}}
    found = []
    for compiled in products:
        if compiled.rule.check(after) is not True or compiled.rule.check(before) is True:
            continue
        conditions = [
            {"rule": c.text, "field": c.condition.field}
            for c in compiled.rule.conditions
            if c.condition.field in changed and c.check(after) != c.check(before)
        ]
        product = compiled.product
        found.append(
            {
                "code": product.code,
                "name": product.name,
                "kind": product.kind,
                "conditions": conditions,
            }
        )
    return found


def resolve(
    session: Session, firm_id: int, products: Sequence[CompiledProduct], facts: Facts
) -> None:
    """Work out what the firm's events not yet worked out unlocked, with its facts now."""
    pending = session.scalars(
        select(SceneCredit).where(SceneCredit.firm_id == firm_id, SceneCredit.resolved_at.is_(None))
    )
    for row in pending:
        row.unlocked = unlocked_by(products, facts, row.changed)
        row.resolved_at = utcnow()
    session.flush()


@dataclass(frozen=True)
class UnlockedProduct:
    code: str
    name: str
    kind: str
    reasons: tuple[Message, ...]


@dataclass(frozen=True)
class Credit:
    """An event the firm is told about, and what it unlocked."""

    trigger: str
    reference: str
    scene_code: str
    at: datetime
    seen: bool
    heading: Message
    products: tuple[UnlockedProduct, ...]


def credits_of(session: Session, firm_id: int) -> list[Credit]:
    """The firm's worked-out events, newest first."""
    rows = session.scalars(
        select(SceneCredit)
        .where(SceneCredit.firm_id == firm_id, SceneCredit.resolved_at.is_not(None))
        .order_by(SceneCredit.at.desc(), SceneCredit.id.desc())
    )
    return [_credit(row) for row in rows]


def _credit(row: SceneCredit) -> Credit:
    products = tuple(
        UnlockedProduct(
            p["code"],
            p["name"],
            p["kind"],
            tuple(_reason(c, row.changed) for c in p["conditions"]),
        )
        for p in row.unlocked
    )
    heading = Message(HEADINGS[row.trigger], {"scene": row.scene_code})
    return Credit(
        row.trigger,
        row.reference,
        row.scene_code,
        row.at,
        row.seen_at is not None,
        heading,
        products,
    )


def _reason(condition: dict[str, Any], changed: dict[str, Any]) -> Message:
    field = condition["field"]
    before, after = changed[field]
    params = {
        "rule": condition["rule"],
        "field": FIELDS[field].label,
        "before": shown(before),
        "after": shown(after),
    }
    return Message(CHANGED, params, frozenset({"field"}))


def mark_seen(session: Session, firm_id: int) -> None:
    """The firm has been shown its events (its own page, not the centre's view of it)."""
    rows = session.scalars(
        select(SceneCredit).where(
            SceneCredit.firm_id == firm_id,
            SceneCredit.resolved_at.is_not(None),
            SceneCredit.seen_at.is_(None),
        )
    )
    now = utcnow()
    for row in rows:
        row.seen_at = now
    session.flush()
