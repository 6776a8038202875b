"""Browser fixtures: the app served by uvicorn on loopback, driven by real headless Chromium.

Chromium is the system's (Debian's ``chromium`` package), found on the PATH and handed to
Playwright as ``executable_path``; no browser is downloaded. Without it every browser test is
skipped with a reason that says so, and the end of the run repeats it in a banner: a silent
skip would read as "the dashboard works".

The server runs in a thread over a socket already bound to a free port, so there is no race
for the port and no subprocess to clean up. One browser serves the whole session; each test
gets its own context, which records dialogs, page errors and CSP violations for the checks.
Screenshots go to ``test-artifacts/web/`` (git-ignored), kept as the run's artifacts.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from browsing import WATCH_CSP, Watched

from tidings.api import create_app
from tidings.store import Store

NO_CHROMIUM = (
    "BROWSER TESTS DID NOT RUN: Chromium is not installed (no `chromium` or "
    "`chromium-browser` on PATH); install the Debian `chromium` package to run them"
)
_skipped_for_chromium: list[str] = []


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        _skipped_for_chromium.append(NO_CHROMIUM)
        pytest.skip(NO_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def base_url(example_db: Path) -> Iterator[str]:
    """The dashboard over the example store, read-only, on a free loopback port."""
    store = Store.open(example_db, read_only=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start serving the dashboard")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def web(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    watched = Watched(page=page, base_url=base_url)

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    try:
        yield watched
    finally:
        context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _skipped_for_chromium:
        terminalreporter.write_sep("!", NO_CHROMIUM, red=True, bold=True)
