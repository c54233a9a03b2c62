"""Form routes: a form's action, then a 303 back to its page; the error page is declared
after the route's own parameters, so its permission is checked first."""

from __future__ import annotations

import inspect

from fastapi import APIRouter
from fastapi.responses import Response

from scenehub.web.forms import FormPosts

router = APIRouter()
forms = FormPosts(router, "salons/detail.html", lambda actor, session, code: {})
done: list[tuple[str, int]] = []


@forms.post("/things/{code}/parts/{part}", back="/things/{code}#part-{part}")
def keep_part(code: str, part: int) -> None:
    done.append((code, part))


@forms.post("/things/new")
def create_thing() -> str:
    return "/things/T-1"


def route_of(path: str) -> object:
    return next(r.endpoint for r in router.routes if getattr(r, "path", "") == path)


def test_an_action_then_goes_back_to_its_page_with_the_routes_parameters() -> None:
    route = route_of("/things/{code}/parts/{part}")
    response = route(code="S-1", part=2, _page=None)  # type: ignore[operator]
    assert done == [("S-1", 2)]
    assert (response.status_code, response.headers["location"]) == (303, "/things/S-1#part-2")
    created = route_of("/things/new")(_page=None)  # type: ignore[operator]
    assert created.headers["location"] == "/things/T-1"  # the address the action gave


def test_the_error_page_is_the_routes_last_parameter() -> None:
    signature = inspect.signature(route_of("/things/{code}/parts/{part}"))  # type: ignore[arg-type]
    assert list(signature.parameters) == ["code", "part", "_page"]
    assert signature.parameters["part"].annotation is int  # resolved for FastAPI
    assert signature.return_annotation is Response
