"""Every dashboard page loads in real Chromium over the example corpus, with nothing broken.

Each test also checks what a reader cannot see: no script error, no dialog, and no report of
a Content-Security-Policy violation (the policy forbids inline scripts, so one would mean a
template had grown an inline handler). A full-page screenshot of each page is kept.
"""

from __future__ import annotations

from typing import Any

import pytest
from browsing import Watched

from tidings.api import CONTENT_SECURITY_POLICY


def assert_clean(web: Watched) -> None:
    assert web.errors == [], web.errors
    assert web.dialogs == [], web.dialogs
    assert web.csp_violations() == []


def test_overview_shows_stories_dyads_and_the_graph(web: Watched) -> None:
    response = web.open("/")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page = web.page
    assert page.locator("#stories li a").count() >= 5
    assert page.locator("#dyads tbody tr a").count() >= 5
    assert page.locator("#graph svg circle.node").count() >= 10
    assert page.locator("#graph svg line.edge").count() >= 5
    first_dyad = page.locator("#dyads tbody tr a").first.inner_text()
    assert "–" in first_dyad
    web.screenshot("overview")
    assert_clean(web)


def test_overview_links_lead_to_the_dyad_and_actor_pages(web: Watched) -> None:
    web.open("/")
    page = web.page
    page.locator("#dyads tbody tr a").first.click()
    page.wait_for_url("**/dyad?*")
    assert page.locator("canvas#dyad-chart").count() == 1
    web.open("/")
    page.locator("#graph svg a").first.click()
    page.wait_for_url("**/actor?key=*")
    assert page.locator("#relations").count() == 1
    assert_clean(web)


def test_actor_page_shows_relations_events_and_quotes(web: Watched) -> None:
    web.open("/actor?key=RUS")
    page = web.page
    assert "Russia" in page.locator("h1").inner_text()
    relations = page.locator("#relations tbody tr").all_inner_texts()
    assert any("CHN" in r for r in relations), relations
    assert page.locator("#recent li").count() >= 3
    assert page.locator("#quotes-by li q").count() >= 1
    assert page.locator("#quotes-about h2").count() == 1
    web.screenshot("actor-RUS")
    assert_clean(web)


def test_story_page_sets_sources_side_by_side(web: Watched) -> None:
    page = web.page
    biggest = _biggest_story(web)
    web.open(f"/stories/{biggest}")
    outlets = page.locator("#sources article.outlet")
    assert outlets.count() >= 2
    for heading in ("Claims carried", "Claims omitted", "Quotes", "Tone toward actors"):
        assert outlets.first.locator("h4", has_text=heading).count() == 1, heading
    briefing = page.locator("section.briefing")
    assert briefing.locator("ol.summary li").count() >= 1
    assert briefing.locator("ol.summary li a.cite").count() >= 1
    assert briefing.locator("ol.timeline li").count() >= 1
    web.screenshot("story")
    assert_clean(web)


def _biggest_story(web: Watched) -> str:
    response = web.page.request.get(web.base_url + "/api/stories?limit=1")
    story: dict[str, Any] = response.json()["items"][0]
    assert story["articles"] >= 2
    return str(story["story"]["id"])


def test_search_finds_articles_actors_and_events(web: Watched) -> None:
    web.open("/")
    page = web.page
    page.fill("#top-q", "sanctions")
    page.press("#top-q", "Enter")
    page.wait_for_url("**/search?q=sanctions")
    assert page.locator("#found-articles li a").count() >= 1
    assert page.locator("#found-events li blockquote mark").count() >= 1
    web.open("/search?q=china")
    assert page.locator("#found-actors li a.actor").count() >= 1
    web.screenshot("search")
    assert_clean(web)


def test_article_page_marks_the_trigger_of_each_event(web: Watched) -> None:
    web.open("/search?q=refinery")
    web.page.locator("#found-articles li a").first.click()
    web.page.wait_for_url("**/articles/*")
    page = web.page
    assert page.locator("#text p").count() >= 1
    assert page.locator("#facts ol.events li mark").count() >= 1
    web.screenshot("article")
    assert_clean(web)


@pytest.mark.parametrize("path", ["/actor?key=NOBODY-AT-ALL", "/stories/no-such-story"])
def test_unknown_things_are_a_404_page(web: Watched, path: str) -> None:
    response = web.page.goto(web.base_url + path)
    assert response is not None and response.status == 404
    assert web.page.locator("p.error").count() == 1
    assert_clean(web)
