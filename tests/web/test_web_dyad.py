"""The dyad page: the chart is drawn from the API, and a clicked point shows its sentences."""

from __future__ import annotations

from typing import Any

from browsing import (
    Watched,
    click_point,
    mark_evidence_stale,
    wait_for_chart,
    wait_for_evidence,
)


def series(web: Watched, a: str, b: str, by: str) -> dict[str, Any]:
    url = f"{web.base_url}/api/dyads/series?a={a}&b={b}&by={by}"
    found: dict[str, Any] = web.page.request.get(url).json()
    return found


def sentences_of(web: Watched, ids: list[str], quads: set[int]) -> set[str]:
    url = f"{web.base_url}/api/canonical-events?ids={','.join(ids)}"
    items = web.page.request.get(url).json()["items"]
    return {
        r["event"]["sentence"]["text"] for c in items if c["quad"] in quads for r in c["reports"]
    }


def test_chart_draws_cooperation_and_conflict_with_data(web: Watched) -> None:
    web.open("/dyad?a=CHN&b=RUS&by=month")
    points = wait_for_chart(web)
    expected = series(web, "CHN", "RUS", "month")
    assert sum(p["value"] for p in points) == expected["total"] > 0
    labels = web.page.evaluate("window.tidingsChart.data.labels")
    assert labels == [p["period"] for p in expected["periods"]]
    datasets = web.page.evaluate("window.tidingsChart.data.datasets.map(d => d.label)")
    assert datasets == ["cooperation", "conflict"]
    web.screenshot("dyad-CHN-RUS-month")
    assert web.errors == [] and web.csp_violations() == []


def test_clicking_a_point_shows_its_events_and_evidence_sentences(web: Watched) -> None:
    web.open("/dyad?a=CHN&b=RUS&by=month")
    points = wait_for_chart(web)
    point = max(points, key=lambda p: p["value"])
    evidence = click_point(web, point)
    period = series(web, "CHN", "RUS", "month")["periods"][point["index"]]
    quads = {1, 2} if point["label"] == "cooperation" else {3, 4}
    expected = sentences_of(web, period["canonical_ids"], quads)
    assert expected
    shown = set(evidence.locator("blockquote.evidence-sentence").all_inner_texts())
    assert shown and shown <= {s.strip() for s in expected} | expected
    assert evidence.locator("article.canonical").count() == point["value"]
    assert evidence.locator("blockquote.evidence-sentence mark").count() >= 1
    assert period["period"] in evidence.locator("h2").inner_text()
    web.screenshot("dyad-CHN-RUS-evidence")
    assert web.errors == [] and web.csp_violations() == []


def test_weekly_quad_class_view_and_the_keyboard_route(web: Watched) -> None:
    web.open("/dyad?a=CHN&b=RUS&by=week&view=quad")
    points = wait_for_chart(web)
    datasets = web.page.evaluate("window.tidingsChart.data.datasets.map(d => d.label)")
    assert datasets == [
        "verbal cooperation",
        "material cooperation",
        "verbal conflict",
        "material conflict",
    ]
    weekly = series(web, "CHN", "RUS", "week")
    assert sum(p["value"] for p in points) == weekly["total"]
    web.page.locator("details summary").click()
    mark_evidence_stale(web)
    web.page.locator("button.show-period").first.focus()
    web.page.keyboard.press("Enter")
    wait_for_evidence(web)
    first = weekly["periods"][0]
    shown = web.page.locator("#evidence article.canonical").count()
    assert shown == len(first["canonical_ids"])
    assert web.errors == [] and web.csp_violations() == []


def test_changing_the_period_reloads_the_page(web: Watched) -> None:
    web.open("/dyad?a=CHN&b=RUS&by=month")
    wait_for_chart(web)
    web.page.select_option("select[name=by]", "week")
    web.page.wait_for_url("**by=week**")
    wait_for_chart(web)
    assert web.page.evaluate("window.tidingsChart.data.labels.length") == len(
        series(web, "CHN", "RUS", "week")["periods"]
    )
