"""The FastAPI application: routers found by name, templates, static files, security, errors.

Every module `jianghua.web.routes_<feature>` exposing `router = APIRouter()` is included, in name
order, so features add pages without editing this file. Their templates extend `base.html`.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from jianghua import labels, web
from jianghua.errors import JianghuaError, LibraryError, NotFound
from jianghua.library.store import Library
from jianghua.web.drafts import DraftStore
from jianghua.web.redact import public
from jianghua.web.security import BODY_SECONDS, MAX_REQUEST_BYTES, SecurityMiddleware
from jianghua.web.templating import STATIC, render


def router_modules() -> list[str]:
    """Dotted names of the web/routes_*.py modules, sorted."""
    return sorted(
        f"{web.__name__}.{m.name}"
        for m in pkgutil.iter_modules(web.__path__)
        if m.name.startswith("routes_")
    )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
        "accept", ""
    )


def _error(request: Request, status: int, message: str):
    """The one error shape: JSON {"error", "status"} for the API and scripts, the error page for
    a browser; the message in Chinese either way (jianghua.labels.error_text)."""
    message = labels.error_text(message)
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return render(
        request,
        "error.html",
        status_code=status,
        status=status,
        title=labels.status_title(status),
        message=message,
    )


def create_app(
    library_folder: str | Path,
    token: str | None = None,
    max_request_bytes: int = MAX_REQUEST_BYTES,
    allowed_hosts: frozenset[str] | None = None,
    body_seconds: float = BODY_SECONDS,
) -> FastAPI:
    """The web app over the library in `library_folder` (which must exist).

    With `token`, every request must carry it; with `allowed_hosts`, requests naming another
    Host are refused; a request body must arrive within `body_seconds` (see SecurityMiddleware).
    """
    folder = Path(library_folder).resolve()
    Library(folder, create=False).close()  # fail now, with the reason, not on the first request
    app = _SecuredFastAPI(
        title="jianghua",
        summary="Search and read a library of Chinese official speeches.",
        version="0.1.0",
        # FastAPI's documentation pages load scripts from a CDN and run inline script, which the
        # CSP forbids; the OpenAPI description itself is served at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.library_folder = folder
    app.state.token = token
    app.state.max_request_bytes = max_request_bytes
    app.state.allowed_hosts = allowed_hosts
    app.state.body_seconds = body_seconds
    app.state.drafts = DraftStore()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name in router_modules():
        module = importlib.import_module(name)
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404 and exc.detail == "Not Found":
            return _error(request, 404, f"没有这个页面：{request.url.path}")  # the client's own URL
        if exc.status_code == 405:
            return _error(request, 405, f"{request.url.path} 不接受 {request.method} 请求")
        return _error(request, exc.status_code, public(str(exc.detail)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = "；".join(labels.validation_text(e) for e in exc.errors())
        return _error(request, 422, f"请求有误：{problems}")

    @app.exception_handler(NotFound)
    async def missing(request: Request, exc: NotFound):
        return _error(request, 404, public(str(exc)))

    @app.exception_handler(LibraryError)
    async def library_error(request: Request, exc: LibraryError):
        return _error(request, 503, f"讲话库暂不可用：{public(str(exc))}")

    @app.exception_handler(JianghuaError)
    async def bad_input(request: Request, exc: JianghuaError):
        return _error(request, 400, public(str(exc)))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        # The traceback goes to the server log only; the client learns nothing of the internals.
        return _error(request, 500, "服务器内部错误（详情见服务器日志）")

    return app


class _SecuredFastAPI(FastAPI):
    """FastAPI with SecurityMiddleware outside everything, even the 500 handler, so that no
    response leaves without the security headers and no request skips the token or size check."""

    def build_middleware_stack(self):
        return SecurityMiddleware(
            _HeadAsGet(super().build_middleware_stack()),
            token=self.state.token,
            max_bytes=self.state.max_request_bytes,
            allowed_hosts=self.state.allowed_hosts,
            body_seconds=self.state.body_seconds,
        )


class _HeadAsGet:
    """Answer HEAD like GET without the body (FastAPI routes declare GET only), so that
    `curl -I` and uptime checks see the real status and headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
