"""How `jianghua serve` runs uvicorn: connection limits and timeouts on headers and idle
connections (the body's time limit is SecurityMiddleware's).

Why this exists: uvicorn waits forever for a request's headers, so a client sending a header byte
a second holds a connection open for good, and with a connection limit a handful of them lock
everyone else out. HeaderTimeoutH11 closes such a connection HEADER_SECONDS after it opened (or
after its previous response), answering 408 if part of a request had arrived.
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0  # to send the request line and headers
KEEP_ALIVE_SECONDS = 5  # an idle connection between two requests (uvicorn's default)
MAX_HEADER_BYTES = 64 * 1024  # a compose outline's GET query with 20 key points is ~40 kB
MAX_CONNECTIONS = 64  # open connections and running requests; more are answered 503

_TIMEOUT_BODY = "请求头 {seconds:g} 秒内未传完，连接已关闭（request headers timed out）"


class HeaderTimeoutH11(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose next request's headers have not all
    arrived `header_seconds` after it opened or after its previous response."""

    header_seconds = HEADER_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._await_headers()

    def data_received(self, data: bytes) -> None:
        if self._header_timer is not None:
            self._partial = True
        super().data_received(data)
        self._headers_in()

    def on_response_complete(self) -> None:
        # armed first: the response may let a pipelined request that is already here start
        self._await_headers()
        super().on_response_complete()
        if self.transport.is_closing():
            self._stop_timer()
        else:
            self._headers_in()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self._stop_timer()
        self._waiting_since = self.cycle  # the request before the one awaited
        self._partial = False
        self._header_timer = self.loop.call_later(self.header_seconds, self._timed_out)

    def _headers_in(self) -> None:
        """Stop the timer once a new request's headers are all in (uvicorn made its cycle)."""
        if self._header_timer is not None and self.cycle is not self._waiting_since:
            self._stop_timer()

    def _stop_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self._partial:  # a connection that never sent a byte (a browser's spare) just closes
            body = _TIMEOUT_BODY.format(seconds=self.header_seconds).encode()
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
            )
        self.transport.close()


def server_config(
    app, host: str, port: int, *, header_seconds: float = HEADER_SECONDS, **options
) -> uvicorn.Config:
    """The uvicorn configuration `jianghua serve` runs `app` with."""
    protocol = type("HeaderTimeoutH11", (HeaderTimeoutH11,), {"header_seconds": header_seconds})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=MAX_CONNECTIONS,
        **{"log_level": "warning", "server_header": False, **options},
    )


def serve(config: uvicorn.Config) -> bool:
    """Run the server until it is stopped; False if it could not start (uvicorn logs why)."""
    server = uvicorn.Server(config)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    return server.started
