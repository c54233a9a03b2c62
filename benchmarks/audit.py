"""The provable audit trail at size: appends, full verification, proofs and a checkpoint.

    PYTHONPATH=src python -m benchmarks.audit [--entries 100000] [--database-url URL]

Appends ``--record`` entries through the one audit writer (``audit.record``, one transaction
per 500), then the rest in bulk with the same hashing (``chain.link_hash``), as a trail that
grew for years. Then times: the full verification with a checkpoint (recomputing every leaf
from its content), the tree of the stored hashes (cold, then warm after one more entry), one
inclusion proof, 50 proofs through ``prove_entry`` (the tracker page's), a consistency proof
and a signed checkpoint. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import Session

from scenehub.db import session_factory, upgrade_database
from scenehub.governance import audit, service
from scenehub.governance.chain import GENESIS_HASH, ChainLink, link_hash
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings

T = TypeVar("T")


@contextmanager
def timed(label: str, count: int | None = None) -> Iterator[None]:
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    rate = f"  ({count / seconds:,.0f}/s)" if count else ""
    print(f"{label:<52} {seconds * 1000:>10.1f} ms{rate}")


def once(label: str, run: Callable[[], T]) -> T:
    with timed(label):
        return run()


def record_through_the_writer(url: str, n: int) -> None:
    factory = session_factory(url)
    with timed(f"audit.record × {n:,} (500 per transaction)", n):
        for start in range(0, n, 500):
            with factory() as session:
                for i in range(start, min(n, start + 500)):
                    audit.record(
                        session, SYSTEM, "bench.write", resource_id=i, subject_org_id=i % 50
                    )
                session.commit()


def append_in_bulk(url: str, first_seq: int, n: int, prev: str) -> None:
    factory = session_factory(url)
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    with timed(f"bulk append × {n:,} (same hashing)", n), factory() as session:
        batch: list[dict[str, object]] = []
        for seq in range(first_seq, first_seq + n):
            link = ChainLink(
                seq=seq,
                ts=moment + timedelta(seconds=seq),
                actor_user_id=seq % 7,
                actor_username=f"user{seq % 7}",
                actor_role="operator",
                actor_org_id=1,
                action="firms.read",
                resource_type="firm",
                resource_id=str(seq % 5000),
                subject_org_id=seq % 50,
                purpose="matching",
                outcome="success",
                details={"fields": ["name", "uscc"]},
                prev_hash=prev,
            )
            link = replace(link, hash=link_hash(link))
            prev = link.hash
            batch.append(link.__dict__)
            if len(batch) == 10_000:
                session.execute(insert(AuditEntry), batch)
                batch = []
        if batch:
            session.execute(insert(AuditEntry), batch)
        session.commit()


def measure(url: str, settings: Settings, entries: int) -> None:
    factory = session_factory(url)
    with factory() as session:
        once(
            "checkpoint (cold tree of stored hashes + sign)", lambda: _checkpoint(session, settings)
        )
        report = once(
            f"verify: chain + {entries:,} leaves + checkpoint",
            lambda: service.verify_trail(session, SYSTEM, settings),
        )
        assert report.ok, report.checkpoint_problems[:3]
        audit.record(session, SYSTEM, "bench.one_more")
        session.commit()
        once("tree after one more entry (warm)", lambda: audit.stored_tree(session))
        once(
            "one inclusion proof (latest checkpoint)",
            lambda: service.inclusion_proof(session, SYSTEM, entries // 3),
        )
        seqs = range(1, entries, max(1, entries // 50))[:50]
        once(
            "50 proofs via prove_entry (the tracker's page)",
            lambda: [service.prove_entry(session, SYSTEM, s) for s in seqs],
        )
        once(
            "consistency proof (half → latest)",
            lambda: service.consistency_proof(session, SYSTEM, entries // 2),
        )
        once("checkpoint (warm)", lambda: _checkpoint(session, settings))


def _checkpoint(session: Session, settings: Settings) -> None:
    service.take_checkpoint(session, SYSTEM, settings)
    session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--record", type=int, default=5_000, help="through audit.record")
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'audit.sqlite3'}"
        upgrade_database(url)
        settings = Settings(data_dir=Path(tmp) / "data")
        recorded = min(args.record, args.entries)
        record_through_the_writer(url, recorded)
        with session_factory(url)() as session:
            head = audit.stored_tree(session)
            prev = head.leaf(head.size - 1).hex() if head.size else GENESIS_HASH
        append_in_bulk(url, recorded + 1, args.entries - recorded, prev)
        measure(url, settings, args.entries)


if __name__ == "__main__":
    main()
