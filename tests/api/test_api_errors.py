"""Bad input is a clear 4xx; limits on page size and body size hold; headers on every answer."""

from __future__ import annotations

import pytest
from api_corpus import Client

from tidings.api import CONTENT_SECURITY_POLICY, ApiOptions, create_app
from tidings.store import Store


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=201", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?quad_class=5", "quad_class"),
        ("/api/events?type=BOMB", "type"),
        ("/api/events?status=maybe", "status"),
        ("/api/events?since=2024-13-01", "since"),
        ("/api/dyads/series?a=RUS", "b"),
        ("/api/dyads/series?a=RUS&b=CHN&by=year", "by"),
        ("/api/search?q=", "q"),
        (f"/api/articles?q={'x' * 201}", "q"),
        ("/api/graph?top=0", "top"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client: Client, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert field in str(response.json()["detail"])


def test_other_without_actor_is_explained(client: Client) -> None:
    response = client.get("/api/events", params={"other": "CHN"})
    assert response.status_code == 422
    assert "give actor too" in response.json()["detail"]


def test_too_many_canonical_ids(client: Client) -> None:
    response = client.get("/api/canonical-events", params={"ids": ",".join(["x"] * 201)})
    assert response.status_code == 422
    assert client.get("/api/canonical-events", params={"ids": " , "}).status_code == 422


def test_unknown_path_is_404(client: Client) -> None:
    assert client.get("/api/nothing-here").status_code == 404


def test_every_response_carries_the_csp(client: Client) -> None:
    for url in ("/api/summary", "/api/events?limit=0", "/api/nothing-here", "/", "/static/app.js"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_page_size_limit_is_an_option(example_store: Store) -> None:
    small = Client(
        create_app(example_store, options=ApiOptions(max_page_size=5, default_page_size=5))
    )
    assert small.get("/api/events", params={"limit": 5}).status_code == 200
    assert small.get("/api/events", params={"limit": 6}).status_code == 422
    assert len(small.get("/api/events").json()["items"]) == 5


def test_body_over_the_limit_is_413(example_store: Store) -> None:
    tiny = Client(create_app(example_store, options=ApiOptions(max_body_bytes=100)))
    response = tiny.post(
        "/api/articles",
        content=b"{" + b" " * 200 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "100 bytes" in response.json()["detail"]


def test_streamed_body_over_the_limit_is_413(example_store: Store) -> None:
    tiny = Client(create_app(example_store, options=ApiOptions(max_body_bytes=100)))

    async def chunks():  # no Content-Length: the limit is counted as the bytes arrive
        for _ in range(10):
            yield b" " * 50

    response = tiny.post(
        "/api/articles", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_short_token_is_refused_at_startup() -> None:
    with pytest.raises(ValueError, match="W001"):
        ApiOptions(token="short")
