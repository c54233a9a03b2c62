"""The versions of a product: what each save of a published product's terms leaves (the
service's helper; the pure snapshot and diff are versions.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.estation import versions
from scenehub.estation.models import FinancingProduct, ProductVersion
from scenehub.governance.policy import Actor


def snapshot_of(product: FinancingProduct) -> dict[str, Any]:
    """The product's terms as a version keeps them."""
    return versions.snapshot({name: getattr(product, name) for name in versions.TERM_LABELS})


def latest(session: Session, product: FinancingProduct) -> ProductVersion | None:
    """The product's newest version, if it has one."""
    return session.scalar(
        select(ProductVersion)
        .where(ProductVersion.product_id == product.id)
        .order_by(ProductVersion.number.desc())
        .limit(1)
    )


def differs(session: Session, product: FinancingProduct) -> bool:
    """Whether the product's terms are not those of its newest version (or it has none)."""
    last = latest(session, product)
    return last is None or last.snapshot != snapshot_of(product)


def record(session: Session, actor: Actor, product: FinancingProduct, note: str) -> None:
    """The product's terms as its next version, saved by ``actor`` now, with ``note``."""
    last = latest(session, product)
    session.add(
        ProductVersion(
            product_id=product.id,
            number=last.number + 1 if last else 1,
            snapshot=snapshot_of(product),
            user_id=actor.user_id,
            author=actor.username,
            note=note,
            at=utcnow(),
        )
    )
    session.flush()
