"""A product's status moves: who may publish, suspend and publish again (pure)."""

from __future__ import annotations

from scenehub.estation.lifecycle import check_transition, next_statuses

OWNER = frozenset({"owner"})
CENTRE = frozenset({"centre"})
CENTRE_OWNER = frozenset({"owner", "centre"})


def test_the_provider_publishes_suspends_and_publishes_again() -> None:
    assert next_statuses("draft", OWNER, False) == ["published"]
    assert next_statuses("published", OWNER, False) == ["suspended"]
    assert next_statuses("suspended", OWNER, False) == ["published"]


def test_the_centre_may_suspend_a_product_it_does_not_keep_but_not_publish_it() -> None:
    assert check_transition("published", "suspended", CENTRE, False) is None
    assert check_transition("draft", "published", CENTRE, False) is not None
    assert next_statuses("draft", CENTRE, False) == []


def test_a_suspension_is_lifted_only_by_whoever_made_it() -> None:
    refused = check_transition("suspended", "published", OWNER, True)
    assert refused is not None and "only the centre" in refused
    assert check_transition("suspended", "published", CENTRE, True) is None
    assert check_transition("suspended", "published", CENTRE_OWNER, True) is None
    refused = check_transition("suspended", "published", CENTRE, False)
    assert refused is not None and "only the provider" in refused


def test_a_move_that_does_not_exist_is_refused_with_its_statuses() -> None:
    assert check_transition("draft", "suspended", CENTRE_OWNER, False) == (
        "a product cannot go from %(from)s to %(to)s"
    )
