"""How long each kind of record is kept (pure): the rules, their defaults and their limits.

The city file's ``retention:`` section names days per kind (docs/operations.md); a kind it
does not name keeps its default. The audit trail is kept at least three years (PIPL and the
Data Security Law ask logs of personal-information processing to be kept that long; 1,096
days covers a leap year), so a shorter setting is a configuration error, not a silent floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scenehub.errors import ConfigurationError
from scenehub.i18n import N_

AUDIT_MINIMUM_DAYS = 1096


@dataclass(frozen=True)
class RetentionRule:
    """Keep records of ``kind`` for ``keep_days`` after the moment that starts the clock."""

    kind: str
    keep_days: int
    # What the records are and what starts their clock, in words (a message id).
    label: str

    def cutoff(self, now: datetime) -> datetime:
        """Records whose clock started before this moment are past their keeping."""
        return now - timedelta(days=self.keep_days)


DEFAULT_RULES: dict[str, RetentionRule] = {
    rule.kind: rule
    for rule in (
        RetentionRule(
            "web_sessions",
            30,
            N_("signed-in sessions, counted from the moment they expired or were ended"),
        ),
        RetentionRule(
            "api_tokens",
            365,
            N_("API tokens, counted from the moment they expired or were revoked"),
        ),
        RetentionRule(
            "finished_jobs",
            180,
            N_("background jobs that finished, counted from the moment they finished"),
        ),
        RetentionRule(
            "failed_uploads",
            30,
            N_("the files of department uploads whose ingest failed, counted from the failure"),
        ),
        RetentionRule(
            "audit_entries",
            AUDIT_MINIMUM_DAYS,
            N_("the audit trail, counted from each entry (kept at least three years)"),
        ),
    )
}


def rules_from_config(raw: object) -> dict[str, RetentionRule]:
    """The rules of a city file's ``retention`` section (missing: the defaults); a mistake
    is a configuration error naming the entry."""
    if raw is None:
        return dict(DEFAULT_RULES)
    if not isinstance(raw, dict):
        raise ConfigurationError(f"retention: expected a mapping of {sorted(DEFAULT_RULES)}")
    rules = dict(DEFAULT_RULES)
    for kind, days in raw.items():
        if kind not in DEFAULT_RULES:
            raise ConfigurationError(f"retention: unknown kind {kind!r}; known: {sorted(rules)}")
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise ConfigurationError(f"retention: {kind}: a whole number of days, at least 1")
        if kind == "audit_entries" and days < AUDIT_MINIMUM_DAYS:
            raise ConfigurationError(
                f"retention: audit_entries: at least {AUDIT_MINIMUM_DAYS} days (three years)"
            )
        rules[kind] = RetentionRule(kind, days, DEFAULT_RULES[kind].label)
    return rules
