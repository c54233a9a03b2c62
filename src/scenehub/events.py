"""What one domain tells the others happened, without importing them: a scene won, a pilot
completed. The domain that acts publishes the event inside its own transaction; each
listener named here runs in a savepoint of it, and a listener that fails is logged and
rolled back alone — it never undoes, or fails, what the event reports.

Listeners are named by module path and loaded when first needed, so the publishing domain
imports none of them (the E-Station reads proposals and partnerships, not the other way).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from scenehub.governance.policy import Actor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SceneWon:
    """A department selected a firm's proposal for its scene."""

    firm_id: int  # the registry firm
    proposal_id: int
    scene_code: str


@dataclass(frozen=True)
class PilotCompleted:
    """A partnership's pilot was evaluated, or went on to demonstration or further."""

    firm_org_id: int
    partnership_code: str
    scene_code: str


Event = SceneWon | PilotCompleted
Listener = Callable[[Session, Actor, Any], None]

# Who hears each event: "module:function", called with (session, actor, event).
LISTENERS: dict[type, tuple[str, ...]] = {
    SceneWon: ("scenehub.estation.credit_service:on_scene_won",),
    PilotCompleted: ("scenehub.estation.credit_service:on_pilot_completed",),
}


def _listener(path: str) -> Listener:
    module, _, name = path.partition(":")
    found: Listener = getattr(importlib.import_module(module), name)
    return found


def publish(session: Session, actor: Actor, event: Event) -> None:
    """Tell every listener of the event; a listener's failure is logged, never raised."""
    for path in LISTENERS.get(type(event), ()):
        try:
            with session.begin_nested():
                _listener(path)(session, actor, event)
        except Exception:  # a listener must never fail the use case that published
            log.exception("listener %s of %s failed", path, type(event).__name__)
