"""What keeps the web app safe to expose: headers, request size and time limits, cross-site
checks, access token, bind check.

Everything the library shows was scraped from the web, so the pages must never run anything that
came with it: the Content-Security-Policy allows scripts and styles from this server's /static only
(no inline script, no eval), and no other site may frame the pages. A server reachable from other
machines must be protected by a token; a loopback-only server is the owner's own, but other sites'
pages in the owner's browser must not post to it (see jianghua.web.csrf).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from urllib.parse import parse_qs, urlencode

import anyio

from jianghua import labels
from jianghua.errors import JianghuaError
from jianghua.web.csrf import SAFE_METHODS, cross_site, csrf_ok, csrf_token

TOKEN_ENV = "JIANGHUA_TOKEN"
TOKEN_COOKIE = "jianghua_token"
MAX_REQUEST_BYTES = 20 * 1024 * 1024  # one uploaded document; the largest seed is far below
BODY_SECONDS = 60.0  # to send a whole request body: 20 MB needs 350 kB/s; a slow loris is cut off

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Not "no-referrer": with it a browser sends `Origin: null` on the pages' own form posts.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class InsecureBind(JianghuaError):
    """Asked to listen on an address other machines can reach, without a token."""


def is_loopback(host: str) -> bool:
    """True when `host` can only be reached from this machine (127.0.0.0/8, ::1, localhost)."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # any other name may resolve to a public address


def host_name(header: str) -> str:
    """The host of a Host header, without the port: "[::1]:8000" -> "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def loopback_hosts(host: str) -> frozenset[str]:
    """The Host headers a loopback-only server answers: its own address and the usual names."""
    return frozenset({"127.0.0.1", "localhost", "::1", host_name(host)})


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve a non-loopback address without a token."""
    if not is_loopback(host) and not token:
        raise InsecureBind(
            f"refusing to listen on {host}: other machines could reach the library without a "
            f"token; pass --token or set {TOKEN_ENV}, or listen on 127.0.0.1"
        )


def _json_error(status: int, message: str) -> tuple[dict, bytes]:
    body = json.dumps({"error": message, "status": status}, ensure_ascii=False).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    return start, body


def _html_error(status: int, message: str) -> tuple[dict, bytes]:
    from jianghua.web.templating import env  # the app's templates import this module's peers

    page = env.get_template("error.html").render(
        status=status, title=labels.status_title(status), message=message
    )
    body = page.encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    return start, body


async def _send_error(
    send, status: int, message: str, close: bool = False, html: bool = False
) -> None:
    """A JSON error, or the error page for a browser (`html`), in Chinese; `close` when the
    request body was not read to its end."""
    message = labels.error_text(message)
    start, body = (_html_error if html else _json_error)(status, message)
    start["headers"] = start["headers"] + SECURITY_HEADERS
    if close:
        start["headers"].append((b"connection", b"close"))
    await send(start)
    await send({"type": "http.response.body", "body": body})


TOKEN_FORM = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>需要访问令牌 · 讲话</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/style.css"></head>
<body><main><section class="error"><h1>401</h1>
<p class="message">{message}</p>
<form method="get" action="/"><input type="password" name="token" aria-label="访问令牌"
 autocomplete="current-password" autofocus> <button type="submit">进入</button></form>
</section></main></body></html>
"""


async def _send_token_form(send, wrong: bool) -> None:
    """A browser without the token gets a form to give it (the static page has no script)."""
    message = "令牌不正确，请重新输入。" if wrong else "此讲话库需要访问令牌。"
    body = TOKEN_FORM.format(message=message).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _Refused(Exception):
    """The request body cannot be taken: answer `status` with `message` and close."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _replay(body: bytes, receive):
    """A receive() that gives the app the body already read, then waits on the client (for the
    disconnect a streaming response listens for)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class SecurityMiddleware:
    """Pure ASGI middleware: security headers on every response, a request size and time limit,
    cross-site POSTs refused and, when a token is set, a token on every request and a CSRF token
    on every POST a browser sends with the token cookie.

    The size limit checks Content-Length up front and also counts the bytes of a chunked body
    as they arrive, so a client cannot stream past it. The body is read here, whole, within
    `body_seconds` (a client sending a byte a second gets a 408), before the app sees the
    request. The token is accepted as `Authorization: Bearer <token>`, as the `token` query
    parameter, or as the cookie set when a page is opened with `?token=<token>` (which then
    redirects to the URL without it). Only the cookie is sent by the browser unasked, so only a
    request authenticated by it needs the CSRF token (jianghua.web.csrf).
    """

    def __init__(
        self,
        app,
        token: str | None = None,
        max_bytes: int = MAX_REQUEST_BYTES,
        allowed_hosts: frozenset[str] | None = None,
        body_seconds: float = BODY_SECONDS,
    ):
        self.app = app
        self.token = token
        self.csrf = csrf_token(token) if token else None
        self.max_bytes = max_bytes
        self.allowed_hosts = allowed_hosts
        self.body_seconds = body_seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        html = "text/html" in headers.get("accept", "")  # a browser: the error page, not JSON

        async def refuse(status: int, message: str, close: bool = False) -> None:
            await _send_error(send, status, message, close=close, html=html)

        if self.allowed_hosts is not None and host_name(headers.get("host", "")) not in (
            self.allowed_hosts
        ):
            # DNS rebinding: a web page whose name now points at 127.0.0.1 must not read the
            # library through the visitor's browser.
            return await refuse(421, "请求的主机名不符")
        unsafe = scope["method"] not in SAFE_METHODS
        if unsafe and cross_site(headers):
            return await refuse(403, "拒绝跨站请求：只能从本站的页面提交")
        by_cookie = False
        # /static holds only this program's CSS and JS, never library data: the token form uses it.
        if self.token and not scope["path"].startswith("/static/"):
            given, by_cookie = self._given_token(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                if "text/html" in headers.get("accept", ""):
                    return await _send_token_form(send, wrong=given is not None)
                return await refuse(401, "需要有效的访问令牌")
            if scope["method"] in ("GET", "HEAD") and "token" in self._query(scope):
                return await self._remember_token(scope, send)

        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return await refuse(400, "请求长度无效")
            if int(length) > self.max_bytes:
                return await refuse(
                    413,
                    f"提交的内容过大（{length} 字节，上限 {self.max_bytes} 字节）",
                    close=True,
                )

        if length is not None or "transfer-encoding" in headers:
            try:
                body = await self._read_body(receive)
            except _Refused as refused:
                return await refuse(refused.status, refused.message, close=True)
            if body is None:
                return  # the client went away
            receive = _replay(body, receive)
        else:
            body = b""
        if unsafe and by_cookie and not csrf_ok(self.csrf, headers, body):
            return await refuse(403, "缺少或错误的防跨站令牌：请从本站的页面重新提交")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in SECURITY_HEADERS if h[0] not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _read_body(self, receive) -> bytes | None:
        """The whole request body (None if the client disconnected), at most max_bytes and
        within body_seconds, else _Refused (413, 408)."""
        chunks: list[bytes] = []
        size = 0
        deadline = anyio.current_time() + self.body_seconds
        while True:
            message = None
            with anyio.move_on_at(deadline):
                message = await receive()
            if message is None:
                raise _Refused(
                    408,
                    f"请求体 {self.body_seconds:g} 秒内未传完，连接已关闭",
                )
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _Refused(413, f"提交的内容过大（上限 {self.max_bytes} 字节）")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _given_token(self, scope, headers: dict[str, str]) -> tuple[str | None, bool]:
        """The token the request carries, and whether it came in the cookie."""
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip(), False
        query = self._query(scope)
        if "token" in query:
            return query["token"][0], False
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE:
                return value, True
        return None, False

    @staticmethod
    def _query(scope) -> dict[str, list[str]]:
        return parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)

    async def _remember_token(self, scope, send) -> None:
        """A page opened with ?token= once: set the token as an HttpOnly cookie and redirect to
        the same URL without it, so that it stays out of the address bar, history and bookmarks."""
        rest = {k: v for k, v in self._query(scope).items() if k != "token"}
        location = scope.get("root_path", "") + scope["path"]
        if rest:
            location += "?" + urlencode(rest, doseq=True)
        cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1", "replace")),
                    (b"set-cookie", cookie.encode()),
                    (b"content-length", b"0"),
                    *SECURITY_HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})
