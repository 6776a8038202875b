"""The read endpoints over the analysed example corpus, in-process through the ASGI transport."""

from __future__ import annotations

from api_corpus import Client, keys

from tidings.store import Store


def test_summary_counts_what_the_store_holds(client: Client, example_store: Store) -> None:
    response = client.get("/api/summary")
    assert response.status_code == 200
    summary = response.json()["summary"]
    assert summary["articles"] == example_store.summary().articles
    assert summary["articles"] >= 35


def test_articles_page_and_total(client: Client) -> None:
    first = client.get("/api/articles", params={"limit": 5}).json()
    second = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] >= 35
    assert len(first["items"]) == 5
    assert not set(keys(first["items"], "id")) & set(keys(second["items"], "id"))
    dates = [a["published"] for a in first["items"] if a["published"]]
    assert dates == sorted(dates, reverse=True)


def test_article_detail_and_missing_article(client: Client) -> None:
    some = client.get("/api/articles", params={"q": "Kharkiv", "limit": 1}).json()["items"][0]
    detail = client.get(f"/api/articles/{some['id']}").json()
    assert "Kharkiv" in detail["article"]["text"]
    assert detail["events"] > 0
    missing = client.get("/api/articles/no-such-article")
    assert missing.status_code == 404
    assert "no-such-article" in missing.json()["detail"]


def test_actor_search_and_detail(client: Client) -> None:
    found = client.get("/api/actors", params={"q": "putin"}).json()
    assert "RUS" in keys(found["items"], "key")
    detail = client.get("/api/actors/RUS").json()
    assert detail["actor"]["key"] == "RUS"
    assert "CHN" in keys(detail["relations"], "other")
    assert detail["recent_events"]
    assert detail["quotes_by"], "Russian officials are quoted in the corpus"
    for quote in detail["quotes_by"]:
        assert quote["speaker"]["code"] == "RUS"
    assert client.get("/api/actors/XXX-NOBODY").status_code == 404


def test_events_filter_by_dyad_and_every_result_is_between_the_pair(client: Client) -> None:
    page = client.get("/api/events", params={"actor": "RUS", "other": "CHN"}).json()
    assert page["total"] > 0
    for item in page["items"]:
        codes = {r["code"] for r in item["event"]["source"] + item["event"]["target"]}
        assert {"RUS", "CHN"} <= codes
        assert item["event"]["sentence"]["text"]


def test_events_filters_narrow(client: Client) -> None:
    everything = client.get("/api/events", params={"limit": 200}).json()["total"]
    assaults = client.get("/api/events", params={"type": "ASSAULT", "limit": 200}).json()
    assert 0 < assaults["total"] < everything
    assert {i["event"]["type"] for i in assaults["items"]} == {"ASSAULT"}
    material = client.get("/api/events", params={"quad_class": 4, "limit": 200}).json()
    assert assaults["total"] <= material["total"] < everything
    alleged = client.get("/api/events", params={"status": "alleged", "limit": 200}).json()
    assert {i["event"]["status"] for i in alleged["items"]} == {"alleged"}
    spring = client.get(
        "/api/events", params={"since": "2024-04-01", "until": "2024-04-30", "limit": 200}
    ).json()
    assert 0 < spring["total"] < everything
    outlet = assaults["items"][0]["outlet"]
    by_outlet = client.get("/api/events", params={"outlet": outlet, "limit": 200}).json()
    assert {i["outlet"] for i in by_outlet["items"]} == {outlet}


def test_events_are_paged_without_overlap(client: Client) -> None:
    a = client.get("/api/events", params={"limit": 10}).json()
    b = client.get("/api/events", params={"limit": 10, "offset": 10}).json()
    ids_a = [i["event"]["id"] for i in a["items"]]
    ids_b = [i["event"]["id"] for i in b["items"]]
    assert len(ids_a) == len(ids_b) == 10
    assert not set(ids_a) & set(ids_b)


def test_event_and_canonical_event_trace_to_sentences(client: Client) -> None:
    item = client.get("/api/events", params={"actor": "RUS", "other": "CHN", "limit": 1}).json()
    event = item["items"][0]
    one = client.get(f"/api/events/{event['event']['id']}").json()
    assert one == event
    canonical = client.get(f"/api/canonical-events/{event['canonical_id']}").json()
    assert event["event"]["id"] in [r["event"]["id"] for r in canonical["reports"]]
    assert client.get("/api/canonical-events/nope").status_code == 404


def test_stories_detail_and_briefing(client: Client) -> None:
    stories = client.get("/api/stories").json()
    assert stories["total"] > 0
    biggest = stories["items"][0]
    assert biggest["articles"] >= 2
    story_id = biggest["story"]["id"]
    detail = client.get(f"/api/stories/{story_id}").json()
    assert len(detail["comparison"]["outlets"]) >= 1
    briefing = client.get(f"/api/stories/{story_id}/briefing").json()
    assert briefing["summary"]
    for sentence in briefing["summary"]:
        assert sentence["citations"]
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/stories/nope/briefing").status_code == 404


def test_dyads_series_graph_and_briefing(client: Client) -> None:
    dyads = client.get("/api/dyads", params={"top": 5}).json()["items"]
    assert dyads and dyads[0]["events"] >= dyads[-1]["events"]
    a, b = dyads[0]["a"], dyads[0]["b"]
    series = client.get("/api/dyads/series", params={"a": a, "b": b, "by": "week"}).json()
    assert series["total"] + series["undated"] == dyads[0]["events"]
    assert all(p["canonical_ids"] for p in series["periods"])
    graph = client.get("/api/graph", params={"top": 10}).json()
    assert len(graph["nodes"]) == 10
    names = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in names and e["target"] in names for e in graph["edges"])
    briefing = client.get("/api/dyads/briefing", params={"a": a, "b": b}).json()
    assert briefing["scope"] == f"dyad {a} {b}"


def test_quotes_and_search(client: Client) -> None:
    quotes = client.get("/api/quotes", params={"speaker": "putin", "limit": 3}).json()
    assert quotes["total"] >= len(quotes["items"]) > 0
    found = client.get("/api/search", params={"q": "sanctions"}).json()
    assert found["articles"] and found["events"]
    for item in found["events"]:
        assert "sanctions" in item["event"]["sentence"]["text"].lower()


def test_openapi_schema_documents_every_endpoint(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/articles",
        "/api/actors",
        "/api/actors/{key}",
        "/api/events",
        "/api/stories",
        "/api/stories/{story_id}/briefing",
        "/api/dyads/series",
        "/api/dyads/briefing",
        "/api/graph",
        "/api/quotes",
        "/api/search",
    ):
        assert path in paths, path
    limit = next(
        p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == 200
    assert "post" in schema["paths"]["/api/articles"]
    assert not any(p.startswith("/dyad") or p == "/" for p in paths), "pages stay out of it"
