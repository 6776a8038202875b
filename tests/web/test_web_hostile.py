"""Article text is hostile input: payloads in text, titles and outlets never run.

The example store holds an article whose event sentences carry ``<img onerror=...>`` and
``<script>`` payloads, its title a ``<script>`` and its outlet markup; and the hostile HTML
page of ``examples/hostile``. Each payload would set ``window.__tidingsPwned`` and add a
``<pwned-node>`` element. Every page that shows them, server-rendered or written by the
chart's script, must show them as text and run nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from browsing import Watched, click_point, wait_for_chart

from example_corpus import HOSTILE_TITLE, PWNED, PWNED_TAG


def assert_nothing_ran(web: Watched) -> None:
    page = web.page
    assert page.evaluate(f"typeof window.{PWNED}") == "undefined"
    assert page.locator(PWNED_TAG).count() == 0
    assert page.locator("img").count() == 0
    sources = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
    assert all(s and s.startswith("/static/") for s in sources), sources
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
        ".filter(a => a.name.startsWith('on')).map(a => a.name)"
    )
    assert handlers == []
    assert web.dialogs == []
    assert web.errors == []
    assert web.csp_violations() == []


def hostile_article_id(web: Watched) -> str:
    url = f"{web.base_url}/api/articles?q=Belgorod&limit=5"
    items: list[dict[str, Any]] = web.page.request.get(url).json()["items"]
    return next(a["id"] for a in items if a["title"] == HOSTILE_TITLE)


def test_hostile_article_page_shows_payloads_as_text(web: Watched) -> None:
    web.open(f"/articles/{hostile_article_id(web)}")
    assert web.page.locator("h1").inner_text() == HOSTILE_TITLE
    text = web.page.locator("#text").inner_text()
    assert "<script>" in text and "onerror=" in text
    web.screenshot("hostile-article")
    assert_nothing_ran(web)


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=Belgorod",
        "/search?q=script",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/actor?key=RUS",
        "/actor?key=UKR",
        "/",
    ],
)
def test_pages_listing_hostile_text_run_nothing(web: Watched, path: str) -> None:
    web.open(path)
    assert_nothing_ran(web)


def test_hostile_story_and_html_article_run_nothing(web: Watched) -> None:
    article_id = hostile_article_id(web)
    stories = web.page.request.get(f"{web.base_url}/api/stories?limit=200").json()["items"]
    story = next(s["story"]["id"] for s in stories if article_id in s["story"]["article_ids"])
    web.open(f"/stories/{story}")
    assert_nothing_ran(web)
    found = web.page.request.get(f"{web.base_url}/api/articles?q=Geneva&limit=50").json()
    geneva = next(a["id"] for a in found["items"] if a["source"] == "The Meridian Post")
    web.open(f"/articles/{geneva}")
    assert_nothing_ran(web)


def test_evidence_written_by_the_chart_script_runs_nothing(web: Watched) -> None:
    web.open("/dyad?a=RUS&b=UKR&by=month")
    points = wait_for_chart(web)
    hostile = [p for p in points if p["label"] == "conflict"]
    assert hostile
    shown: list[str] = []
    for point in hostile:
        evidence = click_point(web, point)
        shown.extend(evidence.locator("blockquote.evidence-sentence").all_inner_texts())
    assert any("onerror=" in s for s in shown), "the hostile sentence was not among the points"
    assert_nothing_ran(web)
