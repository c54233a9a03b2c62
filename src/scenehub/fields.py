"""Field types shared by the domains' schemas: each rule is written once, enforced by pydantic
with the same regular expression the OpenAPI document shows (docs/architecture.md, "The API
contract").

- ``Name``: a name or a required text has at least one visible character. Blank, whitespace
  and characters that render as nothing (controls, zero-width spaces and joiners, bidi marks,
  the byte order mark, Hangul fillers, variation selectors …) do not count. Characters outside
  the Basic Multilingual Plane are not checked (the document's regex dialect, ECMA-262
  without the ``u`` flag, cannot name them the way pydantic's can). An optional name is
  ``Literal[""] | Annotated[Name, …]``.
- ``Id``: a database id, 1 … 2**31 - 1. ``SegmentCode``: a chain segment, as an enum.
- ``Uscc``: 统一社会信用代码: 18 characters of the GB 32100 alphabet (no I, O, S, V, Z), in
  either case, half- or full-width, with spaces around; stored folded (upper case, half
  width). The pattern states the shape; the check character is checked by
  ``integration/uscc.py`` and said in the description (JSON Schema cannot compute it).
- ``Email``: an address a relay takes in a To header (no spaces, quotes or line breaks).
- ``RequestBody``: the base of request bodies. A body sent to the JSON API is read as strict
  JSON, as the document types it ("1" is not a number, 1 is not true); an HTML form's fields
  are strings and are converted as before. ``read_json_strictly`` says which (web/deps.py).
  No text of a body holds U+0000 (``web/nul.py`` refuses it in the address).
- ``Day``, ``Instant``, ``LocalMoment``, ``Yuan``: JSON has no date, time or decimal type,
  so a body gives them as text (``"2026-06-01"``, ``"2026-12-18T14:00:00+08:00"``,
  ``"350000.25"``; an amount may also be a number). Each type reads its text as pydantic
  reads strict JSON, before the field is checked, so strict bodies take them while the
  document keeps ``format: date`` / ``date-time``; text that does not read is a 422 naming
  the field. A ``RequestBody`` uses these, never a bare ``date``, ``datetime`` or
  ``Decimal`` (tests/test_fields.py checks).

The expressions use only ``\\uXXXX`` escapes and character classes, which read the same in
ECMA-262 (the document), Rust's regex (pydantic) and Python's ``re`` (test generators).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    ModelWrapValidatorHandler,
    NaiveDatetime,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scenehub.industry.taxonomy import load_chain
from scenehub.integration.uscc import is_valid

# Characters that show nothing: C0/C1 controls and whitespace, soft hyphen, combining grapheme
# joiner, Arabic letter mark, Hangul fillers, Khmer inherent vowels, Mongolian selectors,
# the general-punctuation spaces, zero-width and bidi characters, word joiner and invisible
# operators, braille blank, ideographic space, variation selectors, BOM, specials.
INVISIBLE = (
    r"\u0000-\u0020\u007F-\u00A0\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F"
    r"\u2000-\u200F\u2028-\u202F\u205F-\u206F\u2800\u3000\u3164\uFE00-\uFE0F\uFEFF\uFFA0"
    r"\uFFF0-\uFFFB"
)
VISIBLE_PATTERN = f"[^{INVISIBLE}]"
_VISIBLE = re.compile(VISIBLE_PATTERN)


# A measured value (a KPI's baseline, target or actual): a finite number. Python's JSON parser
# takes ``NaN`` and reads ``1e400`` as infinity, which no JSON document or JSON column holds.
Measure = Annotated[float, Field(allow_inf_nan=False)]

# Database ids: the largest an id column holds (the tables' keys are INTEGER, 32 bits on
# PostgreSQL: a larger id failed there as "integer out of range", a 500), which a JSON number
# also carries exactly.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def listed(values: Iterable[str]) -> Any:
    """Field metadata that shows ``values`` as the document's ``enum``; the field's validator
    refuses the others with a message naming them (the same list)."""
    return Field(json_schema_extra={"enum": list(values)})


# A segment of the AI industry chain (industry/chain.yaml); ``known_codes`` refuses others.
SegmentCode = Annotated[str, listed(segment.key for segment in load_chain().segments)]


def is_visible(text: str) -> bool:
    """Whether ``text`` has a character that shows (the rule of ``Name``, for services)."""
    return _VISIBLE.search(text) is not None


Name = Annotated[
    str,
    Field(
        pattern=VISIBLE_PATTERN,
        description="has a visible character (not only spaces or invisible characters)",
    ),
]
# An e-mail address, as a relay takes it in a To header: a local part, "@", a domain of
# labels (no spaces, quotes or line breaks, so no header can be smuggled in).
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$"
Email = Annotated[
    str,
    Field(
        pattern=EMAIL_PATTERN,
        max_length=254,
        description="an e-mail address (name@example.org); notifications are sent to it",
    ),
]
_USCC_CHARACTER = (
    r"0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy"
    r"\uFF10-\uFF19\uFF21-\uFF28\uFF2A-\uFF2E\uFF30-\uFF32\uFF34\uFF35\uFF37-\uFF39"
    r"\uFF41-\uFF48\uFF4A-\uFF4E\uFF50-\uFF52\uFF54\uFF55\uFF57-\uFF59"
)
USCC_PATTERN = rf"^[ \u3000]*[{_USCC_CHARACTER}]{{18}}[ \u3000]*$"


def fold_uscc(value: str) -> str:
    """A code as written (either case, full width, spaces around) → its stored form, or
    ValueError when its check character is wrong."""
    code = unicodedata.normalize("NFKC", value).strip(" ").upper()
    if not is_valid(code):
        raise ValueError("not a valid unified social credit code (its check character is wrong)")
    return code


Uscc = Annotated[
    str,
    Field(
        pattern=USCC_PATTERN,
        description="统一社会信用代码 (GB 32100): 18 characters without I, O, S, V, Z; the "
        "last is the check character of the first 17. Lower case, full-width characters "
        "and spaces around are accepted and folded.",
        json_schema_extra={"format": "uscc"},
    ),
    AfterValidator(fold_uscc),
]


def read_as_json(kind: Any, *, numbers: bool = False) -> BeforeValidator:
    """A before-validator that reads a field's text (and, with ``numbers``, a number) as
    strict JSON reads ``kind``: the strict pass of ``RequestBody`` hands the field Python
    values, where text is not a date. Other values go on to the field's own check."""
    adapter: TypeAdapter[Any] = TypeAdapter(kind)
    accepted = (str, int, float) if numbers else (str,)

    def read(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, accepted):
            return value
        try:
            return adapter.validate_json(json.dumps(value), strict=True)
        except ValidationError as error:
            first = error.errors()[0]
            raise PydanticCustomError(first["type"], "{reason}", {"reason": first["msg"]}) from None

    return BeforeValidator(read)


# A calendar day, ISO 8601 ``YYYY-MM-DD``.
Day = Annotated[date, read_as_json(date)]
# A moment with its offset, ISO 8601 (``2026-12-18T14:00:00+08:00``); one without is refused.
Instant = Annotated[AwareDatetime, read_as_json(AwareDatetime)]
# A wall-clock date and time without a zone, as ``<input type="datetime-local">`` sends it
# (``2026-12-18T14:00``); the zone is another field's.
LocalMoment = Annotated[NaiveDatetime, read_as_json(NaiveDatetime)]
# An amount of yuan to the fen, exactly as written (text or a number): 13 digits at most
# before the point, so its fen fit a 64-bit integer.
Yuan = Annotated[
    Decimal, read_as_json(Decimal, numbers=True), Field(max_digits=15, decimal_places=2)
]


# PostgreSQL cannot store or compare text holding U+0000, and no name, code or text needs it.
NUL_REFUSED = "text cannot hold the NUL character (U+0000)"
_STRICT_JSON: ContextVar[bool] = ContextVar("scenehub_strict_json", default=False)
_IN_STRICT_PASS: ContextVar[bool] = ContextVar("scenehub_in_strict_pass", default=False)


def read_json_strictly(strict: bool) -> None:
    """Whether the bodies of this request are JSON to read strictly (the API) or form fields."""
    _STRICT_JSON.set(strict)


class RequestBody(BaseModel):
    """A request body: strict JSON under the API, converted form fields on the pages."""

    @model_validator(mode="wrap")
    @classmethod
    def _strict_json(cls, value: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        if _IN_STRICT_PASS.get() or not isinstance(value, dict):
            return handler(value)
        if _holds_nul([item for key, item in value.items() if key in cls.model_fields]):
            raise ValueError(NUL_REFUSED)
        if not _STRICT_JSON.get():
            return handler(value)
        try:
            raw = json.dumps(_as_json_schema_reads(value))
        except (TypeError, ValueError):  # built in Python (dates …), not parsed JSON
            return handler(value)
        token = _IN_STRICT_PASS.set(True)
        try:  # a check only: ``__init__`` must fill its own instance
            cls.__pydantic_validator__.validate_json(raw, strict=True)
        finally:
            _IN_STRICT_PASS.reset(token)
        return handler(value)


def _as_json_schema_reads(value: Any) -> Any:
    """``value`` with each integral float (``5.0``) as an int: JSON Schema's ``integer``
    admits it, strict JSON would not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _as_json_schema_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json_schema_reads(item) for item in value]
    return value


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False
