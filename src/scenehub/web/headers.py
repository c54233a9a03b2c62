"""An ASGI middleware that sets the security headers on every response (docs/architecture.md,
"Headers"): a Content-Security-Policy that runs only the app's own script files, no framing,
no content sniffing, no referrer to other sites, and HSTS when cookies are secure."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts, styles, images, fonts and requests come from the app alone: every script is a
# file under /static (a page's data is a JSON block, which CSP does not run). Style
# attributes are allowed, <style> elements are not: ECharts writes its tooltips as HTML with
# style attributes, and the product page indents a rule's outline by its depth.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HSTS = "max-age=31536000"


def security_headers(*, hsts: bool) -> dict[str, str]:
    """The headers every response carries; HSTS only where cookies are secure (HTTPS)."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        # Whole addresses within the app (its pages link to each other), nothing to other
        # sites: a scene's or firm's address, a search or a ?next= stays on the intranet.
        "Referrer-Policy": "same-origin",
    }
    if hsts:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeaders:
    """Adds :func:`security_headers` to each response that does not set them itself."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = security_headers(hsts=hsts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
