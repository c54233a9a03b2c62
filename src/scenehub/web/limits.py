"""An ASGI middleware that refuses request bodies larger than the configured limit."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scenehub.errors import PayloadTooLarge
from scenehub.i18n import N_


class BodySizeLimit:
    """413 for a declared Content-Length over the limit; a streamed body that grows past
    it fails while being read (the handler maps that to 413 too)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise PayloadTooLarge(
                    N_("the request body is larger than %(limit)s bytes"),
                    params={"limit": self.max_bytes},
                )
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, send: Send) -> None:
        # Refused before routing, so the user's language is unknown: say it in both.
        message = (
            f"the request body is larger than {self.max_bytes} bytes"
            f" / 请求体超过 {self.max_bytes} 字节"
        )
        body = json.dumps(
            {
                "error": {
                    "code": "payload_too_large",
                    "message": message,
                    "details": {"limit": self.max_bytes},
                }
            },
            ensure_ascii=False,
        ).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
