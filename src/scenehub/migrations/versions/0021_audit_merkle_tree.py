"""The audit trail becomes an RFC 6962 Merkle tree with signed checkpoints: every entry's
hash becomes its leaf hash, SHA-256(0x00 ‖ canonical JSON), recomputed here for the rows that
exist (with the prev_hash links that follow from them), and the checkpoints get a table for
listing (the trust anchor is the checkpoint file outside the database; docs/audit.md)

No checkpoint exists before this revision, so recomputing is not a rewrite anyone could have
witnessed; the old anchors (``scenehub audit anchor``) name hashes that no longer exist.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 18:40:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

import scenehub.db
from scenehub.governance.chain import GENESIS_HASH, ChainLink, legacy_link_hash, link_hash

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIELDS = (
    "seq",
    "ts",
    "actor_user_id",
    "actor_username",
    "actor_role",
    "actor_org_id",
    "action",
    "resource_type",
    "resource_id",
    "subject_org_id",
    "purpose",
    "outcome",
    "details",
)
_entries = sa.table(
    "audit_entries",
    sa.column("seq", sa.BigInteger()),
    sa.column("ts", scenehub.db.UtcDateTime(timezone=True)),
    *(sa.column(name, sa.String()) for name in _FIELDS[2:-1]),
    sa.column("details", sa.JSON()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def upgrade() -> None:
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root_hash", sa.String(length=64), nullable=False),
        sa.Column("time", sa.String(length=32), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoints")),
    )
    with op.batch_alter_table("audit_checkpoints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_checkpoints_size"), ["size"], unique=False)
    _rehash(link_hash)


def downgrade() -> None:
    _rehash(legacy_link_hash)
    with op.batch_alter_table("audit_checkpoints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_checkpoints_size"))
    op.drop_table("audit_checkpoints")


def _rehash(hash_of: Callable[[ChainLink], str]) -> None:
    """Recompute every entry's hash and link in seq order with ``hash_of``."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(*(_entries.c[name] for name in _FIELDS)).order_by(_entries.c.seq)
    ).all()
    if not rows:
        return
    updates, prev = [], GENESIS_HASH
    for row in rows:
        values = dict(zip(_FIELDS, row, strict=True))
        for name in ("actor_user_id", "actor_org_id", "subject_org_id"):
            values[name] = None if values[name] is None else int(values[name])
        details = values.pop("details") or {}
        link = ChainLink(**values, details=details, prev_hash=prev)
        prev = hash_of(link)
        updates.append({"key": link.seq, "new_prev": link.prev_hash, "new_hash": prev})
    _drop_append_only(bind.dialect.name)
    bind.execute(
        _entries.update()
        .where(_entries.c.seq == sa.bindparam("key"))
        .values(prev_hash=sa.bindparam("new_prev"), hash=sa.bindparam("new_hash")),
        updates,
    )
    _make_append_only(bind.dialect.name)


def _drop_append_only(dialect: str) -> None:
    if dialect == "postgresql":
        op.execute("DROP TRIGGER audit_entries_append_only ON audit_entries")
    else:
        op.execute("DROP TRIGGER audit_entries_no_update")
        op.execute("DROP TRIGGER audit_entries_no_delete")


def _make_append_only(dialect: str) -> None:
    if dialect == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entries_no_{event.lower()} BEFORE {event} ON audit_entries "
                "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
            )
