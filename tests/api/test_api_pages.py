"""The dashboard pages in-process: they render over an empty store and over the corpus, escape
what they show, and answer errors as pages. (Chromium drives them in ``tests/web``; these run
without a browser, so they still guard the pages where none is installed.)"""

from __future__ import annotations

import pytest
from api_corpus import Client

from tidings.api import create_app
from tidings.store import Store

HTML = {"accept": "text/html"}
PAGES = ("/", "/dyad?a=RUS&b=CHN", "/dyad?a=RUS&b=CHN&by=week&view=quad", "/search?q=x", "/search")


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_over_an_empty_store(path: str) -> None:
    with Store.open() as store:
        response = Client(create_app(store)).get(path, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_pages_showing_hostile_text_render_it_escaped(client: Client) -> None:
    hostile = client.get("/api/articles", params={"q": "Belgorod", "limit": 20}).json()["items"]
    hostile += client.get("/api/articles", params={"q": "Geneva", "limit": 20}).json()["items"]
    ids = {a["id"] for a in hostile}
    stories = client.get("/api/stories", params={"limit": 200}).json()["items"]
    paths = [
        "/",
        "/actor?key=RUS",
        "/actor?key=UKR",
        "/dyad?a=RUS&b=UKR",
        "/search?q=Belgorod",
        *(f"/articles/{i}" for i in sorted(ids)),
        *(f"/stories/{s['story']['id']}" for s in stories if ids & set(s["story"]["article_ids"])),
    ]
    assert len(paths) >= 8
    for path in paths:
        response = client.get(path, headers=HTML)
        assert response.status_code == 200, path
        body = response.text
        assert "<script>window" not in body and "<img src=x" not in body, path
        assert body.count("<script") == body.count('<script src="/static/'), path


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/dyad?a=RUS", 422, "b: Field required"),
        ("/dyad?a=RUS&b=CHN&by=year", 422, "by:"),
        ("/actor?key=NOBODY", 404, "NOBODY"),
        ("/articles/nope", 404, "nope"),
    ],
)
def test_page_errors_are_pages(client: Client, path: str, status: int, words: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert words in response.text
    as_json = client.get(path)  # a program that does not ask for HTML gets JSON
    assert as_json.status_code == status
    assert as_json.headers["content-type"] == "application/json"
