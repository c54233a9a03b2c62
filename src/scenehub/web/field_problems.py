"""What is wrong with each field of a refused form, in the reader's language (pure).

A 422 names the fields at the top of the page; a form also shows, beside each failing
field, what it needs ("at most 300 characters"), from the validation problem's type and its
limit. Types without a message of their own say "this value is not valid".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scenehub.i18n import N_

_BY_TYPE = {
    "missing": N_("required"),
    "string_too_short": N_("at least %(limit)s characters"),
    "string_too_long": N_("at most %(limit)s characters"),
    "too_short": N_("choose at least %(limit)s"),
    "too_long": N_("at most %(limit)s"),
    "greater_than_equal": N_("at least %(limit)s"),
    "greater_than": N_("more than %(limit)s"),
    "less_than_equal": N_("at most %(limit)s"),
    "less_than": N_("less than %(limit)s"),
    "int_parsing": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "float_parsing": N_("a number"),
    "decimal_parsing": N_("a number"),
    "bool_parsing": N_("yes or no"),
    "date_from_datetime_parsing": N_("a date (YYYY-MM-DD)"),
    "date_parsing": N_("a date (YYYY-MM-DD)"),
    "literal_error": N_("not one of the choices"),
    "enum": N_("not one of the choices"),
    "string_pattern_mismatch": N_("not in the expected form"),
}
_INVALID = N_("this value is not valid")
# pydantic's context keys that carry the bound a message quotes.
_LIMITS = ("min_length", "max_length", "ge", "gt", "le", "lt")


def problem_limit(context: Mapping[str, Any] | None) -> int | float | str | None:
    """The bound a validation problem's context names, if it is a plain value."""
    for key in _LIMITS:
        value = (context or {}).get(key)
        if isinstance(value, int | float | str):
            return value
    return None


def field_messages(
    problems: Sequence[Mapping[str, Any]], gettext: Callable[..., str]
) -> dict[str, str]:
    """``{field: message}`` for the problems of a form's body (``loc`` ``["body", name, …]``);
    the first problem of a field wins; a problem with the body as a whole names no field."""
    found: dict[str, str] = {}
    for problem in problems:
        loc = [str(part) for part in problem.get("loc", ())]
        if len(loc) < 2 or loc[0] != "body" or loc[1] in found:
            continue
        message = _BY_TYPE.get(str(problem.get("type", "")), _INVALID)
        limit = problem.get("limit")
        if "%(limit)s" in message and limit is None:
            message = _INVALID
        found[loc[1]] = gettext(message, limit=limit) if limit is not None else gettext(message)
    return found
