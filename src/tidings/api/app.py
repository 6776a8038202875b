"""``create_app(store, options=...)``: the one place the web face is put together.

The app takes a ready ``Store`` (datasette's model) and never opens a database itself, so a
test hands it an in-memory store and drives it through httpx's ASGI transport. Each request
reads through its own cursor of the store's connection (a DuckDB connection is not shared
between threads); writes, which only the token-guarded ingest endpoint makes, are serialised.

Every response carries a Content-Security-Policy that allows scripts only from this origin
(``script-src 'self'``): article text is hostile input, and even if something slipped past the
template escaping, an inline ``<script>`` or ``onerror=`` would not run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings import __version__
from tidings.store import Store

if TYPE_CHECKING:
    from tidings.extract import Extractor

TOKEN_ENV = "TIDINGS_API_TOKEN"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


@dataclass(frozen=True, kw_only=True)
class ApiOptions:
    """Everything the app can be told; one frozen object rather than many keywords.

    ``token`` enables writes (the ingest endpoint); without one the app is read-only.
    ``extractor`` is what ingest analyses articles with; without one ingest answers 503.
    ``max_page_size`` bounds every ``limit`` and ``default_page_size`` is the ``limit`` when
    none is given; ``max_body_bytes`` bounds every request body
    (checked on the declared length and on the bytes actually received);
    ``max_ingest_articles`` bounds one ingest call. ``web`` serves the dashboard pages too.
    """

    token: str | None = None
    extractor: Extractor | None = None
    max_page_size: int = 200
    default_page_size: int = 50
    max_body_bytes: int = 2_000_000
    max_ingest_articles: int = 100
    web: bool = True

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 16:
            raise ValueError(f"W001 {TOKEN_ENV} must be at least 16 characters long")
        if not 1 <= self.default_page_size <= self.max_page_size:
            raise ValueError("W002 default_page_size must be between 1 and max_page_size")

    @property
    def writable(self) -> bool:
        return self.token is not None

    @classmethod
    def from_env(cls, *, extractor: Extractor | None = None, **fields: Any) -> ApiOptions:
        """Options with the write token read from ``TIDINGS_API_TOKEN`` (unset: read-only)."""
        token = os.environ.get(TOKEN_ENV) or None
        return cls(token=token, extractor=extractor, **fields)


class _TooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the limit of {limit} bytes")


class BodyLimit:
    """Refuses bodies over ``limit`` bytes: by Content-Length up front, else as they stream."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            status = 413 if declared.isdigit() else 400
            detail = (
                f"the request body is over the limit of {self.limit} bytes"
                if status == 413
                else "Content-Length is not a number"
            )
            response = JSONResponse({"detail": detail}, status_code=status)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


class SecurityHeaders:
    """Adds the CSP and its companions to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] not in _OWN_HEADERS]
                message["headers"] = [*headers, *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


_OWN_HEADERS = frozenset(name for name, _ in SECURITY_HEADERS)


def request_store(request: Request) -> Iterator[Store]:
    """A store on its own cursor for this request (a FastAPI dependency)."""
    base: Store = request.app.state.store
    cursor = base.connection.cursor()
    try:
        yield Store(cursor)
    finally:
        cursor.close()


def create_app(store: Store, *, options: ApiOptions | None = None) -> FastAPI:
    """The API (under ``/api``) and, unless ``options.web`` is off, the dashboard pages."""
    from tidings.api.ingest import build_ingest_router
    from tidings.api.routes import build_router

    opts = options or ApiOptions()
    app = FastAPI(
        title="Tidings",
        version=__version__,
        description=(
            "Who is doing what to whom: PLOVER events, actors, quotes and stories read from "
            "international news. Read-only unless the server was started with "
            f"{TOKEN_ENV}; writes then need `Authorization: Bearer <token>`."
        ),
        docs_url=None,  # the hosted Swagger UI needs a CDN and inline script: see the schema
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    app.state.options = opts
    app.state.write_lock = threading.Lock()
    app.include_router(build_router(opts), prefix="/api")
    app.include_router(build_ingest_router(opts), prefix="/api")

    @app.exception_handler(LookupError)
    async def not_found(_request: Request, exc: LookupError) -> JSONResponse:
        return JSONResponse({"detail": str(exc).strip("'\"")}, status_code=404)

    if opts.web:
        from tidings.web import mount_web

        mount_web(app, opts)
    app.add_middleware(BodyLimit, limit=opts.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
