"""Signed checkpoints catch what the chain cannot: someone who writes the database and
recomputes every hash. Each tampering kind is named with its checkpoint (SQLite and
PostgreSQL); raw SQL here is the attacker."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.governance import audit, service
from scenehub.governance.chain import ChainLink, link_hash
from scenehub.governance.checkpoints import checkpoint_message
from scenehub.governance.models import AuditCheckpoint, AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings
from tests.governance.test_audit import drop_append_only_guard


def write(session: Session, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        audit.record(session, SYSTEM, "demo.write", resource_type="thing", resource_id=i)
    session.commit()


def checkpoint(session: Session, settings: Settings) -> None:
    service.take_checkpoint(session, SYSTEM, settings)
    session.commit()


def problems(session: Session, settings: Settings) -> list[tuple[int, str]]:
    report = service.verify_trail(session, SYSTEM, settings)
    assert report.ok == (not report.problems and not report.checkpoint_problems)
    return [(p.size, p.kind) for p in report.checkpoint_problems]


def five_checkpointed_then_three(session: Session, settings: Settings) -> None:
    write(session, 5)
    checkpoint(session, settings)
    write(session, 3, start=5)
    checkpoint(session, settings)


def rewrite_from(session: Session, links: list[ChainLink]) -> None:
    """Replace the whole trail by ``links``, every hash and link recomputed: a valid chain."""
    drop_append_only_guard(session)
    session.execute(text("DELETE FROM audit_entries"))
    prev = "0" * 64
    for seq, link in enumerate(links, start=1):
        link = replace(link, seq=seq, prev_hash=prev)
        link = replace(link, hash=link_hash(link))
        session.add(AuditEntry(**link.__dict__))
        prev = link.hash
    session.commit()
    assert audit.verify(session).ok


def test_a_checkpoint_is_signed_over_the_documented_message(
    session: Session, settings: Settings
) -> None:
    write(session, 4)
    checkpoint(session, settings)
    line = json.loads(settings.audit_checkpoint_path.read_text().splitlines()[0])
    assert set(line) == {"size", "root_hash", "time", "key_id", "signature"}
    assert line["size"] == 4
    assert line["root_hash"] == audit.verify(session).tree.root().hex()
    key = service.public_key(SYSTEM, settings)
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    public = load_pem_public_key(key.public_key_pem.encode())
    message = f"scenehub audit checkpoint v1\nsize 4\nroot_hash {line['root_hash']}\n"
    message += f"time {line['time']}\n"
    assert message.encode() == checkpoint_message(4, line["root_hash"], line["time"])
    public.verify(bytes.fromhex(line["signature"]), message.encode())  # type: ignore[call-arg,union-attr]
    assert settings.audit_key_path.stat().st_mode & 0o777 == 0o600
    assert [c.size for c in service.list_checkpoints(session, SYSTEM)] == [4]
    assert problems(session, settings) == []


def test_an_edit_below_a_checkpoint_is_named(session: Session, settings: Settings) -> None:
    five_checkpointed_then_three(session, settings)
    drop_append_only_guard(session)
    session.execute(text("UPDATE audit_entries SET outcome = 'denied' WHERE seq = 2"))
    session.commit()
    assert problems(session, settings) == [(5, "altered"), (8, "altered")]
    report = service.verify_trail(session, SYSTEM, settings)
    assert [(p.seq, p.kind) for p in report.problems] == [(2, "altered")]


def test_a_deleted_entry_below_a_checkpoint_is_named(session: Session, settings: Settings) -> None:
    five_checkpointed_then_three(session, settings)
    drop_append_only_guard(session)
    session.execute(text("DELETE FROM audit_entries WHERE seq = 4"))
    session.commit()
    assert problems(session, settings) == [(5, "altered"), (8, "truncated")]


def test_a_cut_off_tail_is_truncation(session: Session, settings: Settings) -> None:
    five_checkpointed_then_three(session, settings)
    drop_append_only_guard(session)
    session.execute(text("DELETE FROM audit_entries WHERE seq > 6"))
    session.commit()
    assert audit.verify(session).ok  # the chain alone sees nothing
    assert problems(session, settings) == [(8, "truncated")]


def test_a_rewrite_with_recomputed_hashes_is_named_between_checkpoints(
    session: Session, settings: Settings
) -> None:
    five_checkpointed_then_three(session, settings)
    links = list(audit.iter_links(session))
    links[6] = replace(links[6], actor_username="nobody")  # entry 7: after the first checkpoint
    rewrite_from(session, links)
    report = service.verify_trail(session, SYSTEM, settings)
    assert [(p.size, p.kind, p.message) for p in report.checkpoint_problems] == [
        (8, "rewritten", "entries 6–8 were rewritten with recomputed hashes")
    ]


def test_an_inserted_entry_with_recomputed_hashes_is_a_rewrite(
    session: Session, settings: Settings
) -> None:
    five_checkpointed_then_three(session, settings)
    links = list(audit.iter_links(session))
    forged = replace(links[1], action="auth.login", resource_id="forged")
    rewrite_from(session, [*links[:2], forged, *links[2:]])
    assert problems(session, settings) == [(5, "rewritten"), (8, "rewritten")]


def test_a_forged_or_foreign_checkpoint_is_refused(session: Session, settings: Settings) -> None:
    write(session, 3)
    checkpoint(session, settings)
    path = settings.audit_checkpoint_path
    line = json.loads(path.read_text())
    forged = {**line, "size": 2, "root_hash": audit.verify(session).tree.root(2).hex()}
    stranger = Ed25519PrivateKey.generate()
    foreign = {**line, "key_id": "0" * 16, "signature": stranger.sign(b"x").hex()}
    path.write_text("\n".join(json.dumps(d) for d in (line, forged, foreign)) + "\nnot json\n")
    assert problems(session, settings) == [
        (0, "unreadable"),
        (2, "bad_signature"),
        (3, "unknown_key"),
    ]


def test_verify_takes_another_file_and_an_exported_key(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    write(session, 3)
    witness = tmp_path / "witness.jsonl"
    service.take_checkpoint(session, SYSTEM, settings, out=witness)
    session.commit()
    settings.audit_checkpoint_path.unlink()
    report = service.verify_trail(session, SYSTEM, settings, checkpoint_file=witness)
    assert report.ok and report.checkpoints_checked == 1
    other = Ed25519PrivateKey.generate().public_key()
    report = service.verify_trail(
        session, SYSTEM, settings, checkpoint_file=witness, public_key=other
    )
    assert [p.kind for p in report.checkpoint_problems] == ["unknown_key"]


def test_checkpoints_are_taken_when_due(session: Session, settings: Settings) -> None:
    settings = settings.model_copy(
        update={"audit_checkpoint_every_entries": 3, "audit_checkpoint_every_minutes": 60}
    )
    now = utcnow()
    assert service.take_checkpoint_if_due(session, now, settings=settings) is None  # empty
    write(session, 2)
    assert service.take_checkpoint_if_due(session, now, settings=settings) is None
    write(session, 1, start=2)
    taken = service.take_checkpoint_if_due(session, now, settings=settings)
    assert taken is not None and taken.size == 3
    session.commit()
    later = now + timedelta(minutes=61)
    assert service.take_checkpoint_if_due(session, later, settings=settings) is None  # no growth
    write(session, 1, start=3)
    assert service.take_checkpoint_if_due(session, now, settings=settings) is None  # too soon
    taken = service.take_checkpoint_if_due(session, later, settings=settings)
    assert taken is not None and taken.size == 4
    session.commit()
    assert session.scalar(select(AuditCheckpoint.size).order_by(AuditCheckpoint.id.desc())) == 4
    assert problems(session, settings) == []


def test_a_checkpoint_file_line_is_what_the_table_lists(
    session: Session, settings: Settings
) -> None:
    write(session, 2)
    checkpoint(session, settings)
    listed = service.list_checkpoints(session, SYSTEM)[0].model_dump()
    assert json.loads(settings.audit_checkpoint_path.read_text()) == listed
    assert hashlib.sha256(b"").hexdigest() != listed["root_hash"]
