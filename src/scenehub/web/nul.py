"""An ASGI middleware that refuses U+0000 in a request's path or query string (422).

PostgreSQL cannot compare text holding it, so ``/api/v1/scenes/a%00b`` would fail in the
database; no code, id or search term holds one. Bodies are checked by ``fields.RequestBody``.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from scenehub.fields import NUL_REFUSED


class NulInAddress:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = bytes(scope.get("query_string", b""))
        if scope["type"] != "http" or not (
            "\x00" in scope["path"] or b"%00" in query or b"\x00" in query
        ):
            await self.app(scope, receive, send)
            return
        # Refused before routing, so the user's language is unknown: say it in both.
        body = json.dumps(
            {
                "error": {
                    "code": "validation_error",
                    "message": f"{NUL_REFUSED} / 文本不能包含 NUL 字符 (U+0000)",
                    "details": {},
                }
            },
            ensure_ascii=False,
        ).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 422,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
