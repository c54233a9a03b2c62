"""What a version keeps, and the field-by-field difference of two (pure)."""

from __future__ import annotations

from scenehub.estation.versions import TERM_LABELS, diff, snapshot

TERMS = {
    "name": "科易贷",
    "kind": "loan",
    "description": "",
    "min_10k": 50,
    "max_10k": 1000,
    "rate_note": "3.2%",
    "term_months": 12,
    "documents": ["营业执照"],
    "data_fields": ["tax_credit_grade"],
    "rules": {"all": [{"field": "stage", "op": "==", "value": "0-1"}]},
}


def test_a_snapshot_keeps_the_terms_and_nothing_else() -> None:
    kept = snapshot({**TERMS, "status": "published", "id": 3})
    assert list(kept) == list(TERM_LABELS) and kept["max_10k"] == 1000


def test_the_diff_lists_each_changed_term_with_both_values_in_order() -> None:
    after = {**TERMS, "max_10k": 800, "rules": {"all": []}, "documents": []}
    changes = diff(snapshot(TERMS), snapshot(after))
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("max_10k", 1000, 800),
        ("documents", ["营业执照"], []),
        ("rules", TERMS["rules"], {"all": []}),
    ]


def test_two_equal_snapshots_differ_in_nothing() -> None:
    assert diff(snapshot(TERMS), snapshot(dict(TERMS))) == []
