"""The assignment step on a few hand-made records: best coded match, the relay hop, splits."""

from __future__ import annotations

import duckdb

from scenehub.integration.engine import DuckDBEngine
from scenehub.integration.resolve import assign


def _assigned(
    edges: list[tuple[str, str, float]],
    splits: tuple[tuple[str, str], ...] = (),
    confirmed: tuple[tuple[str, str], ...] = (),
) -> dict[str, str]:
    connection = duckdb.connect()
    # r1, r2: the registry's records of firms A and B (coded); u1–u3: records without a code.
    connection.execute("CREATE TABLE std_records (unique_id VARCHAR)")
    connection.execute(
        "INSERT INTO std_records VALUES ('r1'), ('r2'), ('u1'), ('u2'), ('u3'), ('u4'), ('u5')"
    )
    connection.execute("CREATE TABLE code_entities (unique_id VARCHAR, firm_id VARCHAR)")
    connection.execute("INSERT INTO code_entities VALUES ('r1', 'A'), ('r2', 'B')")
    connection.execute(
        "CREATE TABLE predictions (unique_id_l VARCHAR, unique_id_r VARCHAR, "
        "match_probability DOUBLE)"
    )
    connection.executemany("INSERT INTO predictions VALUES (?, ?, ?)", edges)
    connection.execute(
        "CREATE TEMP TABLE decided_links (unique_id_l VARCHAR, unique_id_r VARCHAR, "
        "decision VARCHAR)"
    )
    for pair in splits:
        connection.execute("INSERT INTO decided_links VALUES (?, ?, 'split')", sorted(pair))
    for pair in confirmed:  # as apply_decisions leaves them: a confirmed pair is in edges too
        connection.execute("INSERT INTO decided_links VALUES (?, ?, 'match')", sorted(pair))
        connection.execute("INSERT INTO predictions VALUES (?, ?, 1.0)", sorted(pair))
    assign(DuckDBEngine(connection), 0.5)
    rows = connection.execute("SELECT unique_id, firm_id FROM record_firms").fetchall()
    return {str(a): str(b) for a, b in rows}


def test_a_record_joins_the_coded_firm_it_matches_best() -> None:
    firms = _assigned([("r1", "u1", 0.7), ("r2", "u1", 0.95)])
    assert firms["u1"] == "B"


def test_two_coded_firms_never_merge_through_a_record() -> None:
    firms = _assigned([("r1", "u1", 0.99), ("r2", "u1", 0.98)])
    assert (firms["r1"], firms["r2"], firms["u1"]) == ("A", "B", "A")


def test_a_record_matching_only_a_linked_record_follows_it() -> None:
    firms = _assigned([("r1", "u1", 0.99), ("u1", "u2", 0.9)])
    assert firms["u2"] == "A"


def test_a_split_holds_against_the_relay() -> None:
    # An operator split u2 from u1 (their pair is gone from the predictions); u1 is in firm A,
    # so u2 may not reach A through u3, another record of A.
    edges = [("r1", "u1", 0.99), ("r1", "u3", 0.99), ("u2", "u3", 0.9)]
    assert _assigned(edges)["u2"] == "A"
    firms = _assigned(edges, splits=(("u1", "u2"),))
    assert firms["u1"] == firms["u3"] == "A"
    assert firms["u2"] != "A"


def test_below_the_threshold_nothing_links() -> None:
    firms = _assigned([("r1", "u1", 0.4)])
    assert firms["u1"] not in ("A", "B")


def test_a_confirmed_record_follows_one_that_joined_by_the_relay() -> None:
    # u1 matches A's record, u2 matches u1 (the hop), an operator confirmed u3 with u2 and
    # u4 with u3: both follow u2 into A, however far the chain of confirmations goes.
    edges = [("r1", "u1", 0.99), ("u1", "u2", 0.9)]
    assert _assigned(edges)["u3"] not in ("A", "B")
    firms = _assigned(edges, confirmed=(("u2", "u3"), ("u3", "u4")))
    assert (firms["u2"], firms["u3"], firms["u4"]) == ("A", "A", "A")
    assert firms["u5"] not in ("A", "B")


def test_a_confirmation_does_not_beat_a_split() -> None:
    edges = [("r1", "u1", 0.99), ("u1", "u2", 0.9)]
    firms = _assigned(edges, splits=(("u1", "u3"),), confirmed=(("u2", "u3"),))
    assert firms["u2"] == "A"
    assert firms["u3"] != "A"
