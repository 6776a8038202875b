"""The write endpoint: off without a token, guarded by it, analysing and storing what is posted."""

from __future__ import annotations

from api_corpus import TOKEN, Client

from tidings.api import ApiOptions, create_app
from tidings.api.ingest import token_matches
from tidings.store import Store

ARTICLE = {
    "title": "Ankara talks",
    "source": "The Meridian Post",
    "published": "2024-02-01",
    "text": (
        "ANKARA — Turkish Foreign Minister Hakan Fidan met his Swedish counterpart in Ankara on "
        "Thursday to discuss Sweden's bid to join NATO, officials said. Turkey accused Sweden "
        "of harbouring militants, Fidan said."
    ),
}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_read_only_server_refuses_writes(client: Client) -> None:
    response = client.post("/api/articles", json={"articles": [ARTICLE]}, headers=AUTH)
    assert response.status_code == 403
    assert "TIDINGS_API_TOKEN" in response.json()["detail"]


def test_missing_or_wrong_token_is_401(writable: tuple[Client, Store]) -> None:
    client, store = writable
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": TOKEN},
    ):
        response = client.post("/api/articles", json={"articles": [ARTICLE]}, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
    assert store.summary().articles == 0


def test_ingest_analyses_stores_and_is_idempotent(writable: tuple[Client, Store]) -> None:
    client, store = writable
    response = client.post("/api/articles", json={"articles": [ARTICLE]}, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] == 1
    assert body["analysis"]["stories"] == 1
    article_id = body["article_ids"][0]
    assert store.get_article(article_id) is not None
    assert store.events(article_id=article_id)
    assert client.get(f"/api/articles/{article_id}").json()["events"] > 0
    again = client.post("/api/articles", json={"articles": [ARTICLE]}, headers=AUTH).json()
    assert again["stored"] == 0 and again["already_stored"] == 1


def test_ingest_validates_its_body(writable: tuple[Client, Store]) -> None:
    client, _ = writable
    cases = [
        ({"articles": []}, "articles"),
        ({"articles": [{"title": "no text"}]}, "text"),
        ({"articles": [{**ARTICLE, "published": "yesterday"}]}, "published"),
        ({"articles": [{**ARTICLE, "colour": "red"}]}, "colour"),
        ({"items": [ARTICLE]}, "articles"),
    ]
    for body, field in cases:
        response = client.post("/api/articles", json=body, headers=AUTH)
        assert response.status_code == 422, body
        assert field in str(response.json()["detail"])
    bad_json = client.post(
        "/api/articles", content=b"{not json", headers={**AUTH, "content-type": "application/json"}
    )
    assert bad_json.status_code == 422


def test_ingest_article_count_limit(writable: tuple[Client, Store]) -> None:
    client, store = writable
    response = client.post("/api/articles", json={"articles": [ARTICLE] * 4}, headers=AUTH)
    assert response.status_code == 413
    assert store.summary().articles == 0


def test_ingest_without_an_extractor_is_503() -> None:
    with Store.open() as store:
        client = Client(create_app(store, options=ApiOptions(token=TOKEN)))
        response = client.post("/api/articles", json={"articles": [ARTICLE]}, headers=AUTH)
        assert response.status_code == 503


def test_token_comparison() -> None:
    assert token_matches(TOKEN, TOKEN)
    assert not token_matches(TOKEN, TOKEN + "x")
    assert not token_matches("", TOKEN)
