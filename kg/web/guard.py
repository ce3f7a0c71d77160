"""The workbench's safety rules: the Host check against DNS rebinding, the security headers and the
Content-Security-Policy (scripts from ``/static`` only; the live ``kg.pages`` pages by hash), and
the checks of a state-changing POST (CSRF token, same origin)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import urlsplit

MAX_FORM = 256 << 10      # bytes of one review form
MAX_FORM_FIELDS = 2000
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", re.S | re.I)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin")]


def page_csp(html: str) -> str:
    """A policy for a self-contained page of ``kg.pages`` served live: its inline scripts by hash."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                      for s in _INLINE_SCRIPT.findall(html))
    return (f"default-src 'none'; script-src {hashes or chr(39) + 'none' + chr(39)}; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'; object-src 'none'")


class Guard:
    """ASGI middleware: refuses foreign Host headers (DNS rebinding) and adds the security headers
    (a response that sets its own Content-Security-Policy keeps it)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        port = (scope.get("server") or (None, None))[1]
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
        if host not in {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}:
            body = b"refused: this server answers only as 127.0.0.1:PORT or localhost:PORT\n"
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            return await send({"type": "http.response.body", "body": body})

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers + extra}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def same_origin(headers, port) -> bool:
    """Whether a POST's Origin (or, without one, Referer) is this server."""
    origin = headers.get("origin") or headers.get("referer")
    if not origin:
        return False
    parts = urlsplit(origin)
    return parts.scheme == "http" and parts.netloc.lower() in {f"127.0.0.1:{port}", f"localhost:{port}",
                                                                f"[::1]:{port}"}


def token_ok(given: str | None, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())
