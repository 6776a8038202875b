"""The ``serve`` command: the API and the dashboard over one database, on one port.

``register(app)`` adds it to the ``tidings`` app. The command is a thin wrapper over
:func:`tidings.api.create_app`; what it adds is the choice of how to open the database. The
analysis is brought up to date first (as every reading command does), then:

- without ``TIDINGS_API_TOKEN`` the server is read-only, and the database is reopened
  read-only, so other readers (another ``tidings`` command, a notebook) can use the file
  while it serves;
- with the token, ingest is allowed, so the database stays open for writing and the spaCy
  pipeline is loaded once, up front, rather than on the first request.

A missing database is a one-line error, not a traceback: serving an empty file would only
show an empty dashboard and hide the mistake.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from tidings.analysis import ensure_analysis
from tidings.errors import InputNotFoundError
from tidings.store import Store

if TYPE_CHECKING:
    from tidings.extract import Extractor

console = Console(stderr=True)

DEFAULT_DB = Path("tidings.duckdb")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``tidings`` app."""
    app.command("serve")(serve)


def serve(
    db: Annotated[Path, typer.Option("--db", help="DuckDB database file.")] = DEFAULT_DB,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 0.0.0.0 exposes it to others.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the dashboard and the JSON API (read-only unless TIDINGS_API_TOKEN is set)."""
    import uvicorn  # the web stack is imported only by this command, not by every `tidings`

    from tidings.api import TOKEN_ENV, ApiOptions, create_app

    if not db.is_file():
        raise InputNotFoundError(
            f"database '{db}' does not exist; run `tidings analyze PATH --db {db}` first"
        )
    writable = bool(os.environ.get(TOKEN_ENV))
    try:
        options = ApiOptions.from_env(extractor=_extractor() if writable else None)
    except ValueError as exc:
        console.print(f"[bold red]error[/]: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    store = Store.open(db)
    try:
        ensure_analysis(store)
        if not writable:
            store.close()
            store = Store.open(db, read_only=True)
        mode = "read-write (ingest needs the token)" if writable else "read-only"
        console.print(
            f"Serving [bold]{db}[/] {mode} at http://{_url_host(host)}:{port}/ "
            f"(API schema at /api/openapi.json); Ctrl-C stops it.",
            highlight=False,
        )
        uvicorn.run(create_app(store, options=options), host=host, port=port, log_level="info")
    finally:
        store.close()


def _extractor() -> Extractor:
    from tidings.extract import build_extractor

    return build_extractor()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
