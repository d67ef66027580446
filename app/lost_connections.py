"""Reads that lose their database connection midway are run once more.

When PostgreSQL ends a connection (a restart, a fail-over, an administrator's ``pg_terminate_backend``) while a
request is using it, SQLAlchemy marks the connection invalid and the request fails; the pool's check
(``pool_checks``) only guards the moment a connection is taken. A GET or HEAD changes nothing, so it is safe to run
again: the error handler marks the request, and the WSGI wrapper runs it once more on a fresh connection. A second
loss, or a lost connection under any other method, is the usual error page (a write is never repeated behind the
user's back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, request
from sqlalchemy.exc import DBAPIError

from .extensions import db

RETRY = "hoithi.retry_lost_connection"
SAFE_METHODS = frozenset({"GET", "HEAD"})

StartResponse = Callable[..., Any]


def init_app(app: Flask, render_error: Callable[[int], Any]) -> None:
    """Wrap ``app`` so that a read whose connection was lost runs again; ``render_error(500)`` answers otherwise."""

    def lost(error: DBAPIError) -> Any:
        db.session.remove()
        if error.connection_invalidated and request.method in SAFE_METHODS and RETRY not in request.environ:
            request.environ[RETRY] = True
            app.logger.warning("%s %s lost its database connection: running it again", request.method, request.path)
            return Response(status=503)  # never sent: the wrapper runs the request again
        app.logger.error("%s %s failed in the database", request.method, request.path, exc_info=error)
        return render_error(500)

    app.register_error_handler(DBAPIError, lost)
    app.wsgi_app = _RetryReads(app.wsgi_app)  # type: ignore[method-assign]  # Flask's documented middleware hook


class _RetryReads:
    """Runs a GET or HEAD a second time when its first run was marked as having lost its connection."""

    def __init__(self, wsgi_app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in SAFE_METHODS:
            return self.wsgi_app(environ, start_response)
        held: list[tuple[Any, ...]] = []

        def hold(*args: Any) -> Callable[[bytes], None]:
            held.append(args)
            return lambda _data: None

        body = self.wsgi_app(environ, hold)
        if environ.get(RETRY) is True:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            environ[RETRY] = "retried"
            return self.wsgi_app(environ, start_response)
        start_response(*held[0])
        return body
