"""The shared field types: days, moments and amounts given as JSON text are read in strict
bodies, the document types them honestly, and every request body uses them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from scenehub.app import create_app
from scenehub.fields import Day, Instant, RequestBody, Yuan, read_json_strictly
from scenehub.settings import Settings
from tests.conftest import TEST_SECRET, Accounts, bearer
from tests.partnerships.test_progress import opened
from tests.test_architecture import api_routes


class Dated(RequestBody):
    day: Day
    moment: Instant
    amount: Yuan = Field(ge=0)
    until: Day | None = None


GOOD = {"day": "2026-06-01", "moment": "2026-12-18T14:00:00+08:00", "amount": "350000.25"}


@pytest.fixture
def strict() -> Iterator[None]:
    read_json_strictly(True)
    yield
    read_json_strictly(False)


def problems(body: dict[str, Any]) -> dict[str, str]:
    """Field → error type of a refused body."""
    with pytest.raises(ValidationError) as refused:
        Dated.model_validate(body)
    return {".".join(map(str, e["loc"])): e["type"] for e in refused.value.errors()}


@pytest.mark.usefixtures("strict")
def test_a_strict_body_takes_days_moments_and_amounts_as_json_text() -> None:
    read = Dated.model_validate({**GOOD, "until": "2026-08-31"})
    assert (read.day, read.until) == (date(2026, 6, 1), date(2026, 8, 31))
    assert read.moment == datetime(2026, 12, 18, 6, 0, tzinfo=UTC)
    assert read.moment.utcoffset() == timedelta(hours=8)
    assert read.amount == Decimal("350000.25")
    assert Dated.model_validate({**GOOD, "amount": 1.5}).amount == Decimal("1.5")  # a number


@pytest.mark.usefixtures("strict")
def test_a_strict_body_refuses_what_its_document_does_not_say() -> None:
    assert problems({**GOOD, "day": "2026-02-30"}) == {"day": "date_parsing"}
    assert problems({**GOOD, "day": "2026-06-01T00:00:00"}) == {"day": "date_parsing"}
    assert problems({**GOOD, "day": 20260601}) == {"day": "date_type"}
    assert problems({**GOOD, "moment": "2026-12-18T14:00:00"}) == {"moment": "timezone_aware"}
    assert problems({**GOOD, "amount": True}) == {"amount": "is_instance_of"}
    assert problems({**GOOD, "amount": "1.005"}) == {"amount": "decimal_max_places"}
    assert problems({**GOOD, "amount": "-1"}) == {"amount": "greater_than_equal"}
    assert problems({**GOOD, "amount": "NaN"}) == {"amount": "finite_number"}


def test_a_form_body_reads_the_same_text() -> None:
    read = Dated.model_validate({**GOOD, "amount": "0.50"})
    assert (read.day, read.amount) == (date(2026, 6, 1), Decimal("0.50"))
    assert problems({**GOOD, "day": ""}) == {"day": "date_parsing"}


def test_values_built_in_python_pass_as_they_are() -> None:
    moment = datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=8)))
    read = Dated(day=date(2026, 1, 1), moment=moment, amount=Decimal(3))
    assert (read.day, read.moment, read.amount) == (date(2026, 1, 1), moment, Decimal(3))


@pytest.fixture(scope="module")
def document_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    data = tmp_path_factory.mktemp("fields")
    return create_app(
        Settings(
            database_url=f"sqlite:///{data / 'db.sqlite3'}", data_dir=data, secret_key=TEST_SECRET
        )  # type: ignore[arg-type]
    )


def test_the_document_types_days_and_moments_with_their_format(document_app: FastAPI) -> None:
    schemas = document_app.openapi()["components"]["schemas"]
    pilot = schemas["PilotSet"]["properties"]
    assert pilot["starts_on"] == {**pilot["starts_on"], "type": "string", "format": "date"}
    salon = schemas["SalonWrite"]["properties"]["starts_at"]
    assert salon == {**salon, "type": "string", "format": "date-time"}


# --- every body a route reads uses the shared types ------------------------------------------

PLAIN = (date, datetime, Decimal)


def _reads_as_json(metadata: list[Any]) -> bool:
    return any(
        isinstance(m, BeforeValidator) and "read_as_json" in m.func.__qualname__ for m in metadata
    )


def _bare(annotation: Any, metadata: list[Any]) -> list[str]:
    """The plain date, datetime or Decimal types inside ``annotation`` that no shared type
    reads (``metadata``: the field's own, for its outermost type)."""
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        return _bare(inner, [*metadata, *extra])
    if isinstance(annotation, type) and issubclass(annotation, PLAIN):
        return [] if _reads_as_json(metadata) else [annotation.__name__]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _bare_fields(annotation)
    if get_origin(annotation) in (Union, UnionType):
        return [n for arg in get_args(annotation) for n in _bare(arg, metadata)]
    return [n for arg in get_args(annotation) for n in _bare(arg, [])]


def _bare_fields(model: type[BaseModel]) -> list[str]:
    return [
        f"{model.__name__}.{name}: {kind}"
        for name, info in model.model_fields.items()
        for kind in _bare(info.annotation, list(info.metadata))
    ]


def test_every_request_body_reads_its_days_and_amounts_through_the_shared_types(
    document_app: FastAPI,
) -> None:
    bodies = {
        param.field_info.annotation
        for route in api_routes(document_app.routes)
        for param in route.dependant.body_params
    }
    assert Dated not in bodies and len(bodies) > 20
    wrong = sorted({n for body in bodies for n in _bare(body, [])})
    assert wrong == [], "use fields.Day / Instant / Yuan in request bodies"


def test_the_checker_finds_a_bare_day() -> None:
    class Undated(RequestBody):
        day: date
        days: list[date] = Field(default_factory=list)

    assert _bare(Undated, []) == ["Undated.day: date", "Undated.days: date"]
    assert _bare(Dated, []) == []


# --- through the API ---------------------------------------------------------------------------


def test_a_wrong_day_is_a_422_naming_the_field(client: TestClient, accounts: Accounts) -> None:
    code = opened(client, accounts)
    dept = bearer(client, accounts.department)
    client.post(f"/api/v1/partnerships/{code}/moves", json={"to": "pilot"}, headers=dept)
    pilot = {"scope": "客流统计", "site": "杭州东站", "starts_on": "2026-06-01"}
    url = f"/api/v1/partnerships/{code}/pilot"
    taken = client.put(url, json={**pilot, "ends_on": "2026-08-31"}, headers=dept)
    assert taken.status_code == 200 and taken.json()["pilot"]["ends_on"] == "2026-08-31"
    wrong = client.put(f"{url}?lang=en", json={**pilot, "ends_on": "2026-02-30"}, headers=dept)
    assert wrong.status_code == 422
    error = wrong.json()["error"]
    assert error["code"] == "validation_error" and "ends_on" in error["message"]
    assert [p["loc"] for p in error["details"]["problems"]] == [["body", "ends_on"]]
    chinese = client.put(f"{url}?lang=zh_CN", json={**pilot, "ends_on": "明天"}, headers=dept)
    assert chinese.json()["error"]["message"] == "部分字段缺失或无效：ends_on"
