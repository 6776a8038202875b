"""A synchronous client over httpx's ASGI transport, and small helpers for the API tests.

The analysed example corpus itself is built once per session by ``tests/example_corpus.py``
(the ``example_db`` fixture in ``tests/conftest.py``), shared with the browser tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio
import httpx

TOKEN = "test-token-0123456789abcdef"


class Client:
    """A synchronous face over httpx's ASGI transport: the app runs in-process."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                return await c.request(method, url, **kwargs)

        return anyio.run(go)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def keys(items: Sequence[dict[str, Any]], name: str) -> list[Any]:
    return [item[name] for item in items]
